"""For you over a real database and the real model: signals read from the personal layer's tables, papers ranked
by them, the member's own papers left out, and every reason naming a signal the member really gave."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.search import SearchFilters
from dailypapers.domain.users import User
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.vector_index import DEFAULT_HNSW_THRESHOLD
from dailypapers.search.vector_searcher import VectorSearcher
from dailypapers.services.for_you import ForYouRequest, get_for_you, rank_members
from tests.for_you_fixtures import LISTED, PAPERS, TODAY, Signals


def ranked_ids(db: Database, indexes: SearchIndexes, user: User, **request: object) -> list[str]:
    page = get_for_you(db, indexes.model, user_id=user.id, request=ForYouRequest(**request), today=TODAY)  # type: ignore[arg-type]
    return [item.paper.arxiv_id for item in page.items]


def test_papers_like_an_upvoted_one_come_first_and_say_so(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    page = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=TODAY)
    ids = [item.paper.arxiv_id for item in page.items]
    assert set(ids[:2]) == {"2506.00002", "2506.00006"}
    assert page.items[0].reasons[0].text == "Like 2506.00001 you upvoted"
    assert "2506.00001" not in ids
    assert page.has_signals and page.published_from == date(2025, 5, 13)


def test_papers_the_member_has_or_turned_away_are_left_out(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    signals = Signals(db, member.id)
    signals.upvote("2506.00001")
    signals.save("2506.00006")
    signals.dismiss("2506.00002")
    ids = ranked_ids(db, indexes, member)
    assert not {"2506.00001", "2506.00006", "2506.00002"} & set(ids)
    assert sorted(ids) == ["2506.00003", "2506.00004", "2506.00005"]


def test_follows_and_saved_searches_alone_bring_only_what_they_name(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    signals = Signals(db, member.id)
    signals.follow_author("Jane Doe")
    signals.follow("category", "cs.SD")
    signals.save_search("robotic grasping", name="grasping")
    page = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=TODAY)
    reasons = {item.paper.arxiv_id: [reason.text for reason in item.reasons] for item in page.items}
    assert reasons == {
        "2506.00003": ["Follows: Jane Doe"],
        "2506.00005": ["Saved search: grasping"],
        "2506.00004": ["cs.SD"],
    }
    assert list(reasons) == ["2506.00003", "2506.00005", "2506.00004"]  # an author weighs more than a category


def test_a_followed_member_brings_papers_under_the_name_they_claimed(
    db: Database,
    indexes: SearchIndexes,
    corpus: dict[str, str],
    make_user: Callable[..., User],
    make_paper: Callable[..., str],
) -> None:
    ada = make_user(username="ada")
    older = make_paper(authors=("Ada Lovelace",), published_at=datetime(2024, 2, 1, tzinfo=UTC))
    Signals(db, ada.id).claim(older, name="Ada Lovelace")
    member = make_user()
    Signals(db, member.id).follow("member", "ada", "@ada")
    page = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=TODAY)
    assert [(item.paper.arxiv_id, item.reasons[0].text) for item in page.items] == [("2506.00004", "Follows: @ada")]


def test_the_members_own_papers_count_and_are_not_suggested(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    Signals(db, member.id).claim("2506.00002", name="Sam Roe")
    page = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=TODAY)
    assert page.items[0].paper.arxiv_id in {"2506.00001", "2506.00006"}
    assert page.items[0].reasons[0].text == "Like your paper 2506.00002"
    assert "2506.00002" not in [item.paper.arxiv_id for item in page.items]


def test_a_member_with_no_signals_gets_nothing_and_is_told_so(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    page = get_for_you(db, indexes.model, user_id=make_user().id, request=ForYouRequest(), today=TODAY)
    assert page.items == [] and not page.has_signals


def test_every_indexed_paper_and_the_dates_widen_what_is_ranked(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    assert "2401.00009" not in ranked_ids(db, indexes, member, daily_only=False)
    wide = ranked_ids(db, indexes, member, daily_only=False, published_from=date(2023, 1, 1))
    assert "2401.00009" in wide[:3]
    assert "2401.00009" not in ranked_ids(db, indexes, member, published_from=date(2023, 1, 1))
    assert ranked_ids(db, indexes, member, published_to=date(2025, 5, 1)) == []


def test_pages_do_not_overlap(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    everything = ranked_ids(db, indexes, member, limit=50)
    first = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(limit=2), today=TODAY)
    second = ranked_ids(db, indexes, member, limit=2, offset=2)
    assert first.has_more
    assert [item.paper.arxiv_id for item in first.items] + second == everything[:4]


def test_members_are_ranked_together_for_a_period_and_the_silent_are_skipped(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    reader, silent = make_user(), make_user()
    Signals(db, reader.id).upvote("2506.00003")
    with db.reading() as connection:
        rankings = rank_members(
            connection,
            indexes.model,
            user_ids=[reader.id, silent.id],
            filters=SearchFilters(listed_from=LISTED, listed_until=date(2025, 6, 4)),
            keep=100,
        )
    assert list(rankings) == [reader.id]
    assert len(rankings[reader.id]) == len(PAPERS) - 1


def test_members_ranked_together_get_what_each_gets_alone(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    ada = make_user(username="ada")
    Signals(db, ada.id).claim("2506.00004", name="Ada Lovelace", position=1)
    first, second, third = make_user(), make_user(), make_user()
    Signals(db, first.id).follow_author("Jane Doe")
    Signals(db, first.id).upvote("2506.00001")
    Signals(db, second.id).follow("category", "cs.SD")
    Signals(db, second.id).follow("member", "ada", "@ada")
    Signals(db, third.id).save("2506.00003")
    Signals(db, third.id).dismiss("2506.00002")
    members = [first, second, third]
    window = SearchFilters(published_from=date(2025, 5, 13), published_to=TODAY, daily_only=True)
    with db.reading() as connection:
        together = rank_members(connection, indexes.model, user_ids=[m.id for m in members], filters=window, keep=50)
    for member in members:
        alone = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=TODAY)
        assert [(r.paper_id, r.reasons) for r in together[member.id]] == [
            (item.paper.id, item.reasons) for item in alone.items
        ]
    assert [reason.text for reason in together[second.id][0].reasons] == ["Follows: @ada", "cs.SD"]


def test_a_site_whose_lists_stopped_shows_the_window_up_to_its_latest_list(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    months_later = date(2025, 12, 1)
    page = get_for_you(db, indexes.model, user_id=member.id, request=ForYouRequest(), today=months_later)
    assert page.fell_back and (page.published_from, page.published_to) == (date(2025, 5, 4), LISTED)
    assert {"2506.00002", "2506.00006"} <= {item.paper.arxiv_id for item in page.items}
    asked = ForYouRequest(published_from=date(2025, 11, 1), published_to=months_later)
    explicit = get_for_you(db, indexes.model, user_id=member.id, request=asked, today=months_later)
    assert explicit.items == [] and not explicit.fell_back  # a window the member chose is kept, empty or not


@pytest.mark.parametrize("hnsw_threshold", [DEFAULT_HNSW_THRESHOLD, 2])
def test_vectors_from_the_in_process_index_rank_as_those_from_the_database(
    db: Database,
    indexes: SearchIndexes,
    corpus: dict[str, str],
    make_user: Callable[..., User],
    tmp_path: Path,
    hnsw_threshold: int,
) -> None:
    vectors = VectorSearcher(
        directory=tmp_path / "index",
        model_id=indexes.model.model_id,
        dimension=indexes.model.dimension,
        hnsw_threshold=hnsw_threshold,
    )
    member = make_user()
    signals = Signals(db, member.id)
    signals.upvote("2506.00001")
    signals.save("2506.00005")
    signals.dismiss("2506.00002")
    for request in (ForYouRequest(), ForYouRequest(daily_only=False, published_from=date(2023, 1, 1))):
        from_database = get_for_you(db, indexes.model, user_id=member.id, request=request, today=TODAY)
        from_index = get_for_you(db, indexes.model, user_id=member.id, request=request, today=TODAY, vectors=vectors)
        assert [item.paper.id for item in from_index.items] == [item.paper.id for item in from_database.items]
        # The HNSW index keeps vectors in half precision: its scores are the database's to about 1e-3.
        tolerance = 0.0 if hnsw_threshold == DEFAULT_HNSW_THRESHOLD else 1e-2
        for by_index, by_database in zip(from_index.items, from_database.items, strict=True):
            assert [r.text for r in by_index.reasons] == [r.text for r in by_database.reasons]
            assert by_index.score == pytest.approx(by_database.score, abs=tolerance)
    with db.reading() as connection:
        kept = vectors.keeps_vectors(connection)
    assert len(vectors) == (len(PAPERS) + 1 if kept else 0)  # where the pgvector mirror is, the database is read
