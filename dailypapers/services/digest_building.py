"""Creating a period's digests: one ledger row per receiving subscriber, with the papers chosen for them.

Rows are created in batches, each its own transaction, under a unique (subscription, cadence, send date) key: a
run killed half-way keeps the batches it finished, and a re-run creates only the missing rows.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.digest_periods import DigestPeriod
from dailypapers.domain.digest_picks import Pick, pick_digest_papers
from dailypapers.domain.search import SearchFilters
from dailypapers.domain.subscriptions import Subscription, Topic
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.services.digest_content import find_topic_papers, select_trending_for_digest
from dailypapers.services.for_you import RankingContext, rank_members
from dailypapers.store import digests as digests_store
from dailypapers.store import subscriptions as subscriptions_store

log = logging.getLogger(__name__)

TRENDING_COUNT = 10
FOR_YOU_COUNT = 5
# Candidates beyond what one email shows, so that a subscriber sent the top papers already still gets a full list.
CANDIDATE_POOL = 60
BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class PlannedDigest:
    subscription: Subscription
    picks: list[Pick]


@dataclass(frozen=True, slots=True)
class BuildReport:
    period: DigestPeriod
    created: int
    empty: int  # subscribers for whom nothing new was left to send


def create_period_digests(
    db: Database,
    *,
    period: DigestPeriod,
    now: datetime,
    message_domain: str,
    batch_size: int = BATCH_SIZE,
    model: EmbeddingModel | None = None,
) -> BuildReport:
    """Add the period's digest rows for receiving subscribers who have none yet."""
    created = empty = 0
    for plans, skipped in plan_period_digests(db, period=period, now=now, batch_size=batch_size, model=model):
        empty += skipped
        rows = [
            {
                "subscription_id": plan.subscription.id,
                "cadence": period.cadence.value,
                "send_date": period.send_date,
                "period_start": period.start,
                "period_end": period.end,
                "message_id": make_message_id(period, message_domain),
                "now": now,
            }
            for plan in plans
        ]
        picks = {plan.subscription.id: plan.picks for plan in plans}
        with db.transaction() as connection:
            digest_ids = digests_store.insert_digests(connection, rows=rows)
            digests_store.insert_digest_papers(
                connection,
                picks_by_digest={digest_id: (sub_id, picks[sub_id]) for sub_id, digest_id in digest_ids.items()},
            )
        created += len(digest_ids)
    log.info("%s digests: %d created, %d subscribers with nothing new", period.key, created, empty)
    return BuildReport(period, created, empty)


def plan_period_digests(
    db: Database,
    *,
    period: DigestPeriod,
    now: datetime,
    batch_size: int = BATCH_SIZE,
    model: EmbeddingModel | None = None,
) -> Iterator[tuple[list[PlannedDigest], int]]:
    """Batches of (digests to create, how many subscribers had nothing new), read-only: a dry run stops here.

    A member's "for you" picks come from their For you ranking of the period's papers (`model` names the stored
    embeddings it reads; none are computed); members with nothing to learn from, and subscribers without an
    account, get their topics' matches."""
    trending = select_trending_for_digest(
        db, period_start=period.start, period_end=period.end, now=now, limit=CANDIDATE_POOL
    )
    matches: dict[Topic, list[int]] = {}
    listed = SearchFilters(listed_from=period.start, listed_until=period.end)
    # One For you context for the period: the papers' vectors and words read for one batch serve the next.
    context = RankingContext(model=model, filters=listed) if model is not None else None
    after_id = 0
    while True:
        with db.reading() as connection:
            batch = subscriptions_store.list_receiving_subscriptions(
                connection,
                cadence=period.cadence,
                without_digest_on=period.send_date,
                after_id=after_id,
                limit=batch_size,
            )
        if not batch:
            return
        after_id = batch[-1].id
        topics = _topics(batch)
        if topics - matches.keys():
            # Many subscribers share topics: each is matched once per run.
            matches |= find_topic_papers(
                db,
                topics=topics - matches.keys(),
                period_start=period.start,
                period_end=period.end,
                limit=CANDIDATE_POOL,
            )
        personal = _personal_picks(db, context, batch)
        candidates = set(trending).union(*(matches[topic] for topic in topics))
        candidates.update(paper_id for picks in personal.values() for paper_id, _ in picks)
        with db.reading() as connection:
            sent = digests_store.list_sent_papers(
                connection, subscription_ids=[subscription.id for subscription in batch], paper_ids=candidates
            )
        plans, empty = [], 0
        for subscription in batch:
            picks = pick_digest_papers(
                trending=trending,
                topics=subscription.topics,
                topic_matches=matches,
                already_sent=sent.get(subscription.id, set()),
                trending_count=TRENDING_COUNT,
                for_you_count=FOR_YOU_COUNT,
                personal=personal.get(subscription.user_id, ()) if subscription.user_id is not None else (),
            )
            if picks:
                plans.append(PlannedDigest(subscription, picks))
            else:
                empty += 1
        yield plans, empty


def _personal_picks(
    db: Database, context: RankingContext | None, batch: list[Subscription]
) -> dict[int, list[tuple[int, str]]]:
    """Each member's best For you papers among the period's lists, with the reason shown for each."""
    user_ids = [subscription.user_id for subscription in batch if subscription.user_id is not None]
    if context is None or not user_ids:
        return {}
    with db.reading() as connection:
        rankings = rank_members(
            connection, context.model, user_ids=user_ids, filters=context.filters, keep=CANDIDATE_POOL, context=context
        )
    return {
        user_id: [(item.paper_id, item.reasons[0].text) for item in ranked if item.reasons]
        for user_id, ranked in rankings.items()
    }


def make_message_id(period: DigestPeriod, domain: str) -> str:
    """Unique and fixed at creation: every attempt at this digest carries it, so receivers can drop a repeat."""
    return f"<digest.{period.cadence.value}.{period.send_date:%Y%m%d}.{secrets.token_hex(10)}@{domain or 'localhost'}>"


def _topics(subscriptions: list[Subscription]) -> set[Topic]:
    return {topic for subscription in subscriptions for topic in subscription.topics}
