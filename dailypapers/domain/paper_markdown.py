"""A paper page as Markdown (`/papers/<id>.md`), what Hugging Face's `hf papers read` and `HfApi.read_paper` fetch:
the paper's facts, its links and the days it was on the list, for a terminal or a language tool to read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import abs_url, pdf_url
from dailypapers.domain.papers import Paper


def paper_markdown(paper: Paper, *, listed_days: Sequence[date], base_url: str) -> str:
    """Titles, names and the abstract stay as arXiv gives them (whitespace folded in the one-line fields): the text
    is read raw, and escaping would litter the LaTeX many abstracts hold with backslashes."""
    lines = [f"# {_one_line(paper.title)}", ""]
    if paper.authors:
        lines.append(f"**Authors:** {', '.join(_one_line(name) for name in paper.authors)}")
    if paper.published_at is not None:
        lines.append(f"**Published:** {paper.published_at.date().isoformat()}")
    version = f"v{paper.version}" if paper.version else ""
    arxiv_link = f"[{paper.arxiv_id}{version}]({abs_url(paper.arxiv_id)})"
    lines.append(f"**arXiv:** {arxiv_link} · [PDF]({pdf_url(paper.arxiv_id)})")
    if paper.categories:
        lines.append(f"**Categories:** {', '.join(paper.categories)}")
    if paper.github_repo:
        stars = f" ({paper.github_stars:,} stars)" if paper.github_stars is not None else ""
        lines.append(f"**Code:** <{paper.github_repo}>{stars}")
    if paper.project_page:
        lines.append(f"**Project page:** <{paper.project_page}>")
    lines.append(f"**Upvotes:** {paper.upvote_count} · **Comments:** {paper.comment_count}")
    lines.append(f"**Page:** <{urls.absolute(base_url, urls.paper_path(paper.arxiv_id))}>")
    lines += ["", "## Abstract", "", paper.abstract.strip(), ""]
    if listed_days:
        lines += ["## On the daily list", ""]
        lines += [f"- [{day.isoformat()}]({urls.absolute(base_url, urls.day_path(day))})" for day in listed_days]
        lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())
