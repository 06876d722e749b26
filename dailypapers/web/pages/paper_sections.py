"""View models for the parts of a paper page about people: the days it was on the list (who submitted it, what
they said), its authors' claims (the "This is me" form, the member's own claim) and the links form of curators and
verified authors."""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.domain import urls
from dailypapers.domain.claims import AuthorClaim, ClaimStatus
from dailypapers.domain.code_stars import StarsGained
from dailypapers.domain.papers import DailyEntry, Paper
from dailypapers.domain.users import User
from dailypapers.services.claims import Authorship
from dailypapers.web.pages.forms import FormView

STATUS_LABELS = {
    ClaimStatus.PENDING: "waiting for an admin to review it",
    ClaimStatus.APPROVED: "approved: you are shown as the verified author",
    ClaimStatus.REJECTED: "rejected by an admin",
}


@dataclass(frozen=True, slots=True)
class EntryLine:
    day_label: str
    day_url: str
    submitter: str | None
    submitter_url: str | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class AuthorOption:
    position: int
    name: str
    selected: bool = False


@dataclass(frozen=True, slots=True)
class OwnClaim:
    author_name: str
    status: str
    note: str | None
    withdraw_url: str | None  # None once rejected: it stays on record


@dataclass(frozen=True, slots=True)
class ClaimSection:
    signed_in: bool
    claim_url: str
    arxiv_id: str
    options: list[AuthorOption]  # the authors no other member is verified as
    own: OwnClaim | None
    form: FormView


@dataclass(frozen=True, slots=True)
class LinksSection:
    action_url: str
    github_repo: str
    project_page: str
    form: FormView


def build_links_section(paper: Paper, *, editable: bool, form: FormView | None = None) -> LinksSection | None:
    """The form, filled with the stored links (or what was typed, when refused); None for who may not edit."""
    if not editable:
        return None
    form = form or FormView()
    return LinksSection(
        action_url=urls.paper_links_path(paper.arxiv_id),
        github_repo=form.values.get("github_repo", paper.github_repo or ""),
        project_page=form.values.get("project_page", paper.project_page or ""),
        form=form,
    )


def build_stars_line(gained: StarsGained | None) -> str | None:
    """ "+56 in 7 days, +210 in 30 days", as far as the star history reaches; None before it reaches a week."""
    if gained is None:
        return None
    parts = [
        f"{value:+,} in {days} days" for value, days in ((gained.week, 7), (gained.month, 30)) if value is not None
    ]
    return ", ".join(parts) or None


def build_entry_lines(entries: list[DailyEntry]) -> list[EntryLine]:
    return [
        EntryLine(
            day_label=f"{entry.day:%A}, {entry.day.day} {entry.day:%B %Y}",
            day_url=urls.day_path(entry.day),
            submitter=entry.submitter_shown,
            submitter_url=urls.user_path(entry.submitted_by.username) if entry.submitted_by else None,
            comment=entry.comment,
        )
        for entry in entries
    ]


def build_claim_section(
    paper: Paper, authorship: Authorship, *, viewer: User | None, form: FormView | None = None
) -> ClaimSection:
    form = form or FormView()
    taken = {position for position, member in authorship.verified.items() if viewer is None or member.id != viewer.id}
    chosen = form.values.get("position")
    return ClaimSection(
        signed_in=viewer is not None,
        claim_url=urls.claims_path(),
        arxiv_id=paper.arxiv_id,
        options=[
            AuthorOption(index, name, selected=str(index) == chosen)
            for index, name in enumerate(paper.authors)
            if index not in taken
        ],
        own=_own(authorship.own_claim),
        form=form,
    )


def _own(claim: AuthorClaim | None) -> OwnClaim | None:
    if claim is None:
        return None
    return OwnClaim(
        author_name=claim.author_name,
        status=STATUS_LABELS[claim.status],
        note=claim.note,
        withdraw_url=urls.claim_withdraw_path(claim.id) if claim.status is not ClaimStatus.REJECTED else None,
    )
