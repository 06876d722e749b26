"""The arXiv id in a page or API path: parsed to its bare form, or a 404 problem."""

from __future__ import annotations

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.web.problems import Problem


def require_bare_id(arxiv_id: str) -> str:
    try:
        return parse_arxiv_id(arxiv_id).id
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
