"""A digest's trending section is the trending view's ranking; its keyword topics go through the search index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.subscriptions import TopicKind, make_topic
from dailypapers.domain.users import User
from dailypapers.services.digest_content import find_topic_papers, select_trending_for_digest
from dailypapers.services.votes import cast_vote
from dailypapers.store.papers import get_paper

WEDNESDAY, THURSDAY = date(2025, 6, 11), date(2025, 6, 12)
SENDING = datetime(2025, 6, 12, 7, 0, tzinfo=UTC)


def paper_id(db: Database, arxiv_id: str) -> int:
    with db.reading() as connection:
        paper = get_paper(connection, arxiv_id=arxiv_id)
    assert paper is not None
    return paper.id


def test_trending_rewards_the_paper_gaining_upvotes_over_the_one_with_the_larger_total(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    settled = make_paper(day=WEDNESDAY, upvotes=30)
    rising = make_paper(day=WEDNESDAY, upvotes=5)
    for _ in range(15):
        cast_vote(db, arxiv_id=rising, user_id=make_user().id, now=SENDING - timedelta(hours=2))
    elsewhere = make_paper(day=THURSDAY, upvotes=90)  # on the next day's list: not this period's

    ranked = select_trending_for_digest(db, period_start=WEDNESDAY, period_end=THURSDAY, now=SENDING, limit=10)

    # By totals the settled paper leads (30 against 20); by momentum the rising one does.
    assert ranked == [paper_id(db, rising), paper_id(db, settled)]
    assert paper_id(db, elsewhere) not in ranked


def test_a_run_ahead_of_the_period_end_still_sees_the_whole_period(
    db: Database, make_paper: Callable[..., str]
) -> None:
    late = make_paper(day=WEDNESDAY, upvotes=3, added_at=datetime(2025, 6, 11, 22, 0, tzinfo=UTC))
    early = datetime(2025, 6, 11, 12, 0, tzinfo=UTC)
    ranked = select_trending_for_digest(db, period_start=WEDNESDAY, period_end=THURSDAY, now=early, limit=10)
    assert ranked == [paper_id(db, late)]


def test_keyword_topics_match_stemmed_words_of_the_period_papers_and_need_every_word(
    db: Database, make_paper: Callable[..., str]
) -> None:
    learned = make_paper(
        day=WEDNESDAY, title="Robots that learned to plan", abstract="Planning policies are learned from video."
    )
    titled = make_paper(
        day=WEDNESDAY, title="Learning to reason", abstract="A study of learning in language models and of planning."
    )
    make_paper(day=THURSDAY, title="Learning everywhere", abstract="Learning, again.")  # the next day's list
    make_paper(day=WEDNESDAY, title="Graph colouring", abstract="Colours and graphs.")
    learning = make_topic(TopicKind.KEYWORD, "learning")
    learning_robots = make_topic(TopicKind.KEYWORD, "learning robots")
    category = make_topic(TopicKind.CATEGORY, "cs.XX")

    matches = find_topic_papers(
        db, topics=[learning, learning_robots, category], period_start=WEDNESDAY, period_end=THURSDAY, limit=10
    )

    # "learning" finds "learned" too (Porter stems); only the period's lists count.
    assert sorted(matches[learning]) == sorted([paper_id(db, titled), paper_id(db, learned)])
    # Every word is required: no falling back to papers holding just one of them.
    assert matches[learning_robots] == [paper_id(db, learned)]
    assert matches[category] == []
