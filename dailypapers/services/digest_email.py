"""A digest as an email: view models for the `digest` templates, and the headers that make it a good citizen
(List-Unsubscribe with an https URL and a mailto, RFC 8058 one-click, List-Id, a stable Message-ID)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import abs_url
from dailypapers.domain.digest_picks import Section
from dailypapers.domain.digests import QueuedDigest
from dailypapers.domain.papers import Paper
from dailypapers.domain.subscriptions import Cadence
from dailypapers.domain.text import excerpt
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.mime import envelope_sender
from dailypapers.email.render import render_email
from dailypapers.services.email_links import EmailLinks

EMAIL_AUTHORS = 5
EMAIL_EXCERPT_CHARS = 280


@dataclass(frozen=True, slots=True)
class DigestPaperView:
    title: str
    url: str
    arxiv_url: str
    authors: str
    excerpt: str
    text_excerpt: str  # wrapped for the text part, continuation lines indented
    upvotes: int
    reason: str | None


@dataclass(frozen=True, slots=True)
class DigestView:
    heading: str
    period_label: str
    trending: list[DigestPaperView]
    for_you: list[DigestPaperView]
    settings_url: str
    unsubscribe_url: str
    email: str


@dataclass(frozen=True, slots=True)
class DigestRenderer:
    links: EmailLinks
    site_name: str
    from_address: str
    unsubscribe_address: str  # the List-Unsubscribe mailto; empty: the From address

    def render(self, digest: QueuedDigest, *, papers: Mapping[int, Paper]) -> OutgoingEmail:
        settings_url = self.links.settings_url(subscription_id=digest.subscription_id, email=digest.email)
        unsubscribe_url = self.links.unsubscribe_url(subscription_id=digest.subscription_id, email=digest.email)
        shown = [(pick, papers[pick.paper_id]) for pick in digest.picks if pick.paper_id in papers]
        view = DigestView(
            heading="This week's trending papers" if digest.cadence is Cadence.WEEKLY else "Trending papers",
            period_label=digest.period.label,
            trending=[
                build_paper_view(paper, None, self.links.base_url)
                for pick, paper in shown
                if pick.section is Section.TRENDING
            ],
            for_you=[
                build_paper_view(paper, pick.reason, self.links.base_url)
                for pick, paper in shown
                if pick.section is Section.FOR_YOU
            ],
            settings_url=settings_url,
            unsubscribe_url=unsubscribe_url,
            email=digest.email,
        )
        context = {"site_name": self.site_name, "base_url": self.links.base_url, "digest": view}
        message = render_email("digest", to=digest.email, context=context)
        mailto = self.unsubscribe_address or envelope_sender(self.from_address)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>, <mailto:{mailto}?subject={quote('unsubscribe')}>",
            # RFC 8058: a mail client may POST this body to the https URL to unsubscribe in one click.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{_phrase(self.site_name)} digest <digest.{urlsplit(self.links.base_url).hostname}>",
        }
        return OutgoingEmail(
            to=message.to,
            subject=message.subject,
            text=message.text,
            html=message.html,
            headers=headers,
            message_id=digest.message_id,
        )


# Most digests of a run share most of their papers: each paper's view is made once per run, not once per email.
@lru_cache(maxsize=4096)
def build_paper_view(paper: Paper, reason: str | None, base_url: str) -> DigestPaperView:
    authors = ", ".join(paper.authors[:EMAIL_AUTHORS])
    if len(paper.authors) > EMAIL_AUTHORS:
        authors += f" and {len(paper.authors) - EMAIL_AUTHORS} more"
    opening = excerpt(" ".join(paper.abstract.split()), EMAIL_EXCERPT_CHARS)
    return DigestPaperView(
        title=" ".join(paper.title.split()),
        url=urls.absolute(base_url, urls.paper_path(paper.arxiv_id)),
        arxiv_url=abs_url(paper.arxiv_id),
        authors=authors,
        excerpt=opening,
        text_excerpt=textwrap.fill(opening, 72, subsequent_indent="   ", break_on_hyphens=False),
        upvotes=paper.upvote_count,
        reason=reason,
    )


def _phrase(text: str) -> str:
    return '"' + text.replace("\\", "").replace('"', "") + '"'
