"""The Hugging Face-compatible answers as models, so OpenAPI documents every field. `domain/hf_json.py` still
builds the JSON (the command line's `--json` prints the same); these models check it on the way out, and a key they
do not declare fails loudly instead of reaching clients undocumented.

Routes set `response_model_exclude_unset=True`: a key hf_json leaves out (`submittedOnDailyAt` off a daily list,
`trendingScore` unless trending, an unverified author's `status`) stays out rather than turning into a null."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

TIMESTAMP = "UTC, as Hugging Face writes it: `2024-05-24T17:34:15.000Z`"


class _HfModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class HfUserOut(_HfModel):
    """A member of this site, or the submitter an imported Daily Papers archive names."""

    name: str = Field(description="The username")
    fullname: str = Field(description="The name shown: a member's display name, else the username")
    type: Literal["user"]
    user: str = Field(description="The username again, where huggingface_hub's `User` reads it")


class HfAuthorOut(_HfModel):
    name: str = Field(description="As the paper's byline gives it")
    status: Literal["claimed_verified"] | None = Field(
        None, description="Present when a member's claim to be this author was approved"
    )
    user: HfUserOut | None = Field(None, description="The verified member, with `status`")


class HfPaperOut(_HfModel):
    id: str = Field(description="The bare arXiv id, e.g. `2406.12345`")
    title: str
    summary: str = Field(description="The abstract")
    authors: list[HfAuthorOut] = Field(description="In byline order")
    published_at: str | None = Field(description=f"When arXiv published it; {TIMESTAMP}")
    upvotes: int
    num_comments: int
    github_repo: str | None
    github_stars: int | None
    project_page: str | None
    version: int | None = Field(description="The latest arXiv version indexed (beyond Hugging Face's fields)")
    categories: list[str] = Field(description="arXiv categories (beyond Hugging Face's fields)")
    primary_category: str | None = Field(description="Beyond Hugging Face's fields")
    first_daily_date: str | None = Field(
        description="The first day it was on the daily list, YYYY-MM-DD (beyond Hugging Face's fields)"
    )
    submitted_on_daily_at: str | None = Field(
        None, description=f"In a daily-list item: when it was added to the list; {TIMESTAMP}"
    )
    local_upvotes: int = Field(description="Upvotes cast on this site (beyond Hugging Face's fields)")
    upstream_upvotes: int | None = Field(
        description="Upvotes on the followed upstream when last pulled; null when it never listed the paper. "
        "`upvotes` is `localUpvotes` plus the larger of this and an imported archive's count (beyond Hugging Face's "
        "fields)"
    )


class HfDailyItemOut(_HfModel):
    """An item of the daily list: the paper, and its place on the list."""

    paper: HfPaperOut
    published_at: str | None = Field(
        description=f"When it was added to the list (a search result: when arXiv published it); {TIMESTAMP}"
    )
    title: str
    summary: str
    num_comments: int
    submitted_by: HfUserOut | None
    is_author_participating: bool
    github_repo: str | None = Field(description="As in `paper`, repeated where huggingface_hub reads it")
    github_stars: int | None
    project_page: str | None
    trending_score: float | None = Field(None, description="With `sort=trending`: the score it ranks by")
    upstream_position: int | None = Field(
        None,
        description="Its place (1 is first) on the followed upstream's list of that day; null for a local entry "
        "(beyond Hugging Face's fields)",
    )


class HfSegmentOut(_HfModel):
    type: Literal["text", "highlight"] = Field(description="`highlight`: a word matching the query")
    text: str


class HfSearchItemOut(HfDailyItemOut):
    highlighted_title: list[HfSegmentOut] = Field(description="The title cut into runs; concatenated, the title")
    highlighted_summary: list[HfSegmentOut]
    score: float = Field(description="The fused relevance score (beyond Hugging Face's fields)")
