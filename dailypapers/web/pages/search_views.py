"""View models for search results and similar papers: highlighted runs already cut to length for the cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import abs_url
from dailypapers.domain.highlights import Segment
from dailypapers.domain.papers import Paper
from dailypapers.domain.search import SearchHit
from dailypapers.web.pages.views import CARD_AUTHORS

SUMMARY_CHARS = 420
_MARK = Markup("<mark>{}</mark>")


@dataclass(frozen=True, slots=True)
class ResultCard:
    arxiv_id: str
    url: str
    abs_url: str  # the paper on arxiv.org
    title: Markup  # highlighted words in <mark>, the rest escaped
    summary: Markup
    authors: tuple[str, ...]
    more_authors: int
    published_at: datetime | None
    upvotes: int
    comments: int
    dismissed: bool = False  # "not interested", by the member looking at it


@dataclass(frozen=True, slots=True)
class SimilarLink:
    url: str
    title: str
    authors: str
    published_at: datetime | None
    upvotes: int


def build_result_card(hit: SearchHit) -> ResultCard:
    paper = hit.paper
    return ResultCard(
        arxiv_id=paper.arxiv_id,
        url=urls.paper_path(paper.arxiv_id),
        abs_url=abs_url(paper.arxiv_id),
        title=marked_up(hit.highlighted_title),
        summary=marked_up(hit.highlighted_summary, limit=SUMMARY_CHARS),
        authors=paper.authors[:CARD_AUTHORS],
        more_authors=max(len(paper.authors) - CARD_AUTHORS, 0),
        published_at=paper.published_at,
        upvotes=paper.upvote_count,
        comments=paper.comment_count,
    )


def build_similar_link(paper: Paper) -> SimilarLink:
    shown = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    return SimilarLink(urls.paper_path(paper.arxiv_id), paper.title, shown, paper.published_at, paper.upvote_count)


def marked_up(segments: list[Segment], *, limit: int | None = None) -> Markup:
    """Segments as HTML, highlights in `<mark>` and every text escaped, cut after about `limit` characters at a word
    boundary. Made here rather than by a loop in the card's template: twenty cards hold a few hundred runs, and
    Jinja's loop and per-run escaping took a tenth of a search page's time under load."""
    parts: list[Markup] = []
    used = 0
    for segment in segments:
        text = segment.text
        cut = limit is not None and used + len(text) > limit
        if limit is not None and cut:
            text = text[: max(limit - used, 0)].rsplit(" ", 1)[0] + "…"
        parts.append(_MARK.format(text) if segment.type == "highlight" else escape(text))
        if cut:
            break
        used += len(text)
    return Markup("").join(parts)
