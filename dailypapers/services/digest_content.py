"""What a digest can contain: the period's trending papers, and the papers matching each subscriber topic.

Trending is the trending view's own ranking (store/trending.py, see docs/trending.md) of the period's daily
lists. Keyword topics go through the search index's keyword leg (BM25 over titles and abstracts, stemmed,
every word required) restricted to the period's lists; categories and authors match exactly.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time

from dailypapers.db.engine import Database
from dailypapers.domain.digest_picks import match_topics
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import SearchFilters
from dailypapers.domain.subscriptions import Topic, TopicKind
from dailypapers.search.keyword import search_keyword
from dailypapers.store import trending as trending_store
from dailypapers.store.digest_candidates import list_period_papers


def select_trending_for_digest(
    db: Database, *, period_start: date, period_end: date, now: datetime, limit: int
) -> list[int]:
    """The ids of the most trending papers of the lists of [period_start, period_end), best first: scored now, as
    the trending view would show them, with every paper put on those lists so far. A run before the period's end
    (sending ahead, or a test's clock) scores at the period's end."""
    at = max(now, datetime.combine(period_end, time(), tzinfo=UTC))
    with db.reading() as connection:
        rows = trending_store.list_trending(
            connection, start=period_start, end=period_end, at=at, live=at <= now, offset=0, limit=limit
        )
    # A trending ranking drops nothing; a digest's trending section names only papers with a score.
    return [row.entry.paper.id for row in rows if row.score > 0]


def find_topic_papers(
    db: Database, *, topics: Collection[Topic], period_start: date, period_end: date, limit: int
) -> dict[Topic, list[int]]:
    """For each topic, the papers of the period's lists it matches, best first (at most `limit`)."""
    if not topics:
        return {}
    keywords = [topic for topic in topics if topic.kind is TopicKind.KEYWORD]
    others = [topic for topic in topics if topic.kind is not TopicKind.KEYWORD]
    listed = SearchFilters(listed_from=period_start, listed_until=period_end)
    matches: dict[Topic, list[int]] = {}
    with db.reading() as connection:
        if others:
            papers = list_period_papers(connection, start=period_start, end=period_end)
            matches |= {topic: ids[:limit] for topic, ids in match_topics(others, papers).items()}
        for topic in keywords:
            terms = extract_terms(topic.value)
            hits = search_keyword(connection, terms=terms, filters=listed, limit=limit, match="all")
            matches[topic] = [hit.paper_id for hit in hits]
    return matches
