"""Ids in page and API paths: an arXiv id parsed to its bare form (or a 404 problem), and row ids bounded to what a
64-bit column holds, so a larger one is refused with a 422 problem instead of overflowing the database driver."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.web.problems import Problem

MAX_ROW_ID = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
FormRowId = Annotated[int | None, Form(ge=1, le=MAX_ROW_ID)]


def require_bare_id(arxiv_id: str) -> str:
    try:
        return parse_arxiv_id(arxiv_id).id
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
