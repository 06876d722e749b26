"""Row ids as routes take them: whole numbers a 64-bit column can hold, so a larger one is refused with a 422
problem instead of overflowing the database driver."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

MAX_ROW_ID = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
FormRowId = Annotated[int | None, Form(ge=1, le=MAX_ROW_ID)]
