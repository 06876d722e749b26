"""A paper's pages and actions: votes, comments, links, indexing; its pages elsewhere (Hugging Face, an upstream)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from dailypapers.domain.urls.base import absolute
from dailypapers.domain.urls.site import day_path

# Papers, their votes and comments. Old-style ids keep their slash (`/papers/cs/0112017`): the routes take a path.


def paper_path(arxiv_id: str) -> str:
    return f"/papers/{arxiv_id}"


def paper_vote_path(arxiv_id: str) -> str:
    """Where a card's or a paper page's upvote form posts."""
    return f"{paper_path(arxiv_id)}/vote"


def paper_comments_path(arxiv_id: str) -> str:
    """Where a new comment or reply posts."""
    return f"{paper_path(arxiv_id)}/comments"


def paper_links_path(arxiv_id: str) -> str:
    """Where the paper page's code link and project page form posts (curators, verified authors)."""
    return f"{paper_path(arxiv_id)}/links"


def paper_index_path(arxiv_id: str) -> str:
    """Where the "Index it" button of a paper not indexed yet posts."""
    return f"{paper_path(arxiv_id)}/index"


def comment_path(arxiv_id: str, comment_id: int) -> str:
    """A comment in its place on the paper's page."""
    return f"{paper_path(arxiv_id)}#comment-{comment_id}"


def comment_edit_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/edit"


def comment_delete_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/delete"


def comment_hide_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/hide"


def social_card_path(arxiv_id: str) -> str:
    """The paper's social card image, which link previews show (a PNG, 1200×630)."""
    return f"/cards/{quote(arxiv_id, safe='/')}.png"


def hugging_face_paper_url(arxiv_id: str) -> str:
    """The paper on Hugging Face's Daily Papers, where the comments the archive counts were written."""
    return f"https://huggingface.co/papers/{quote(arxiv_id, safe='/')}"


def upstream_paper_url(upstream_url: str, arxiv_id: str) -> str:
    """The paper on the followed upstream: Hugging Face and dailypapers both serve it at /papers/<arXiv id>."""
    return absolute(upstream_url, paper_path(arxiv_id))


def upstream_day_url(upstream_url: str, day: date) -> str:
    """The upstream's list of `day`: /papers/date/YYYY-MM-DD on Hugging Face and dailypapers alike."""
    return absolute(upstream_url, day_path(day))


def upstream_api_path() -> str:
    """Hugging Face's daily-list endpoint, which a pull reads from the upstream (and this site serves)."""
    return "/api/daily_papers"


def api_vote_path(arxiv_id: str) -> str:
    """The API's upvote (PUT casts, DELETE takes back): what a card's button calls without leaving the page."""
    return f"/api/v1{paper_path(arxiv_id)}/vote"


def api_comment_path(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}"
