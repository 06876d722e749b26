"""What a digest can contain: the period's trending papers, and the papers matching each subscriber topic.

The two seams other features plug into. Until the trending service lands, trending is the period's daily-list
papers by upvotes; until the search index lands, keyword topics match words of titles and abstracts.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from dailypapers.db.engine import Database
from dailypapers.domain.digest_picks import match_topics
from dailypapers.domain.subscriptions import Topic
from dailypapers.store.digest_candidates import list_period_papers


def select_trending_for_digest(
    db: Database, *, period_start: date, period_end: date, now: datetime, limit: int
) -> list[int]:
    """The ids of the period's most trending papers as of `now`, best first (upvote totals, for now, do not
    depend on `now`; trending scores will)."""
    with db.reading() as connection:
        papers = list_period_papers(connection, start=period_start, end=period_end)
    return [paper.id for paper in papers[:limit]]


def find_topic_papers(
    db: Database, *, topics: Collection[Topic], period_start: date, period_end: date, limit: int
) -> dict[Topic, list[int]]:
    """For each topic, the period's papers it matches, best first (at most `limit`)."""
    if not topics:
        return {}
    with db.reading() as connection:
        papers = list_period_papers(connection, start=period_start, end=period_end)
    return {topic: ids[:limit] for topic, ids in match_topics(topics, papers).items()}
