"""View models of collections: a member's list, one collection's papers with notes and controls, the Save control,
and an import's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dailypapers.domain import urls
from dailypapers.domain.collections import Collection
from dailypapers.services.collection_imports import ImportReport, MatchedBy
from dailypapers.services.collections import CollectionContents, ExportFormat, SaveChoice
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.views import PaperCard, build_paper_card

EXPORT_LABELS = {ExportFormat.BIBTEX: "BibTeX", ExportFormat.RIS: "RIS", ExportFormat.CSL_JSON: "CSL-JSON"}
MATCH_LABELS = {
    MatchedBy.ARXIV_ID: "arXiv id",
    MatchedBy.DOI: "DOI",
    MatchedBy.TITLE: "title",
    MatchedBy.LOOKUP: "arXiv id, looked up on arXiv",
}


@dataclass(frozen=True, slots=True)
class CollectionLink:
    title: str
    url: str
    description: str
    private: bool
    item_count: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ExportLink:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class ItemView:
    card: PaperCard
    note: str
    item_url: str  # where its note, move and remove forms post
    first: bool
    last: bool


@dataclass(frozen=True, slots=True)
class ReportLine:
    line: int
    key: str
    text: str  # the title and how it matched, or why it did not


@dataclass(frozen=True, slots=True)
class ReportView:
    added: int
    matched: list[ReportLine]
    unmatched: list[ReportLine]
    malformed: list[ReportLine]


@dataclass(frozen=True, slots=True)
class CollectionPage:
    id: int
    title: str
    description: str
    private: bool
    owner: str
    owner_url: str
    member_collections_url: str
    url: str
    items: list[ItemView]
    exports: list[ExportLink]
    own: bool
    edit: FormView
    import_form: FormView
    report: ReportView | None = None


@dataclass(frozen=True, slots=True)
class SaveOption:
    id: int
    title: str
    private: bool
    checked: bool


@dataclass(frozen=True, slots=True)
class SavePage:
    arxiv_id: str
    paper_title: str
    paper_url: str
    post_url: str
    next: str
    options: list[SaveOption]
    form: FormView


def build_collection_link(collection: Collection) -> CollectionLink:
    return CollectionLink(
        title=collection.title,
        url=urls.collection_path(collection.owner_username, collection.slug),
        description=collection.description,
        private=collection.private,
        item_count=collection.item_count,
        updated_at=collection.updated_at,
    )


def build_collection_page(
    contents: CollectionContents,
    *,
    own: bool,
    voted: set[int],
    saved: set[int],
    edit: FormView | None = None,
    import_form: FormView | None = None,
    report: ImportReport | None = None,
) -> CollectionPage:
    collection = contents.collection
    owner, slug = collection.owner_username, collection.slug
    count = len(contents.items)
    items = [
        ItemView(
            card=build_paper_card(item.paper, voted=item.paper.id in voted, saved=item.paper.id in saved),
            note=item.note,
            item_url=urls.collection_item_path(collection.id, item.paper.arxiv_id),
            first=index == 0,
            last=index == count - 1,
        )
        for index, item in enumerate(contents.items)
    ]
    values = {"title": collection.title, "description": collection.description}
    return CollectionPage(
        id=collection.id,
        title=collection.title,
        description=collection.description,
        private=collection.private,
        owner=owner,
        owner_url=urls.user_path(owner),
        member_collections_url=urls.member_collections_path(owner),
        url=urls.collection_path(owner, slug),
        items=items,
        exports=[
            ExportLink(label, urls.collection_export_path(owner, slug, format.value))
            for format, label in EXPORT_LABELS.items()
        ],
        own=own,
        edit=edit or FormView(values=values),
        import_form=import_form or FormView(),
        report=build_report(report) if report is not None else None,
    )


def build_report(report: ImportReport) -> ReportView:
    return ReportView(
        added=report.added_count,
        matched=[
            ReportLine(
                entry.line,
                entry.key,
                f"{entry.title}: by {MATCH_LABELS[entry.matched_by]}"
                + ("" if entry.added else " (already in the collection)"),
            )
            for entry in report.matched
        ],
        unmatched=[
            ReportLine(entry.line, entry.key, f"{entry.title or 'untitled'}: {entry.reason}")
            for entry in report.unmatched
        ],
        malformed=[ReportLine(problem.line, problem.key or "?", problem.message) for problem in report.malformed],
    )


def build_save_page(
    *, arxiv_id: str, title: str, choices: list[SaveChoice], next_path: str, form: FormView | None = None
) -> SavePage:
    return SavePage(
        arxiv_id=arxiv_id,
        paper_title=title,
        paper_url=urls.paper_path(arxiv_id),
        post_url=urls.paper_save_path(arxiv_id),
        next=next_path,
        options=[
            SaveOption(choice.collection.id, choice.collection.title, choice.collection.private, choice.holds)
            for choice in choices
        ],
        form=form or FormView(),
    )
