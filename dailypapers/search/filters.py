"""Search filters as SQL conditions on `papers`, shared by the keyword and vector legs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, select

from dailypapers.db.schema import daily_entries, paper_categories, papers
from dailypapers.domain.search import SearchFilters


def filter_conditions(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """Conditions a paper row must meet; empty when nothing is filtered."""
    conditions: list[ColumnElement[bool]] = []
    if filters.published_from is not None:
        start = datetime.combine(filters.published_from, time.min, tzinfo=UTC)
        conditions.append(papers.c.published_at >= start)
    if filters.published_to is not None and filters.published_to < date.max:
        # Inclusive of the whole last day (the last day Python has is no limit at all).
        end = datetime.combine(filters.published_to + timedelta(days=1), time.min, tzinfo=UTC)
        conditions.append(papers.c.published_at < end)
    if filters.category:
        conditions.append(
            exists(
                select(paper_categories.c.paper_id).where(
                    and_(paper_categories.c.paper_id == papers.c.id, paper_categories.c.category == filters.category)
                )
            )
        )
    if filters.has_code is True:
        conditions.append(and_(papers.c.github_repo.is_not(None), papers.c.github_repo != ""))
    elif filters.has_code is False:
        conditions.append((papers.c.github_repo.is_(None)) | (papers.c.github_repo == ""))
    if filters.daily_only:
        conditions.append(exists(select(daily_entries.c.id).where(daily_entries.c.paper_id == papers.c.id)))
    if filters.listed_from is not None or filters.listed_until is not None:
        listed = [daily_entries.c.paper_id == papers.c.id]
        if filters.listed_from is not None:
            listed.append(daily_entries.c.day >= filters.listed_from)
        if filters.listed_until is not None:
            listed.append(daily_entries.c.day < filters.listed_until)
        conditions.append(exists(select(daily_entries.c.id).where(*listed)))
    return conditions
