""" "Not interested" and private feed tokens in the services."""

from collections.abc import Callable
from datetime import timedelta

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import dismissals as dismissals_service
from dailypapers.services import feed_tokens as feed_tokens_service
from dailypapers.services.errors import NotFound
from dailypapers.store.papers import get_paper_id
from tests.factories import NOW

SECRET = "a-test-secret-key-that-is-long-enough"


def test_dismissing_twice_is_once_and_undo_takes_it_back(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    kept, turned_away = make_paper(), make_paper()
    user, other = make_user(), make_user()
    with db.reading() as connection:
        ids = [get_paper_id(connection, arxiv_id=arxiv_id) or 0 for arxiv_id in (kept, turned_away)]
    for minutes in (0, 5):
        when = NOW + timedelta(minutes=minutes)
        dismissals_service.dismiss_paper(db, arxiv_id=turned_away, user_id=user.id, now=when)
    assert dismissals_service.get_dismissed_paper_ids(db, user_id=user.id, paper_ids=ids) == {ids[1]}
    assert dismissals_service.get_dismissed_paper_ids(db, user_id=other.id, paper_ids=ids) == set()
    assert dismissals_service.list_dismissed(db, user_id=user.id) == [turned_away]
    for _ in range(2):
        dismissals_service.undo_dismissal(db, arxiv_id=turned_away, user_id=user.id)
    assert dismissals_service.list_dismissed(db, user_id=user.id) == []


def test_dismissing_an_unknown_paper_is_not_found(db: Database, make_user: Callable[..., User]) -> None:
    with pytest.raises(NotFound):
        dismissals_service.dismiss_paper(db, arxiv_id="2401.99999", user_id=make_user().id, now=NOW)


def test_a_feed_token_reads_for_its_member_until_replaced_or_revoked(
    db: Database, make_user: Callable[..., User]
) -> None:
    user = make_user()
    assert feed_tokens_service.get_feed_token(db, secret=SECRET, user_id=user.id) is None
    first = feed_tokens_service.create_feed_token(db, secret=SECRET, user_id=user.id, now=NOW)
    assert feed_tokens_service.get_feed_token(db, secret=SECRET, user_id=user.id) == first
    assert feed_tokens_service.require_feed_user_id(db, secret=SECRET, token=first) == user.id
    second = feed_tokens_service.create_feed_token(db, secret=SECRET, user_id=user.id, now=NOW)
    assert second != first
    nonce, _, signature = second.partition(".")
    for refused in (first, nonce, f"{nonce}.{signature[:-1]}x", f"{nonce}.{signature}", "", "."):
        secret = SECRET if refused != f"{nonce}.{signature}" else SECRET + "-rotated"
        with pytest.raises(NotFound):
            feed_tokens_service.require_feed_user_id(db, secret=secret, token=refused)
    assert feed_tokens_service.revoke_feed_token(db, user_id=user.id)
    with pytest.raises(NotFound):
        feed_tokens_service.require_feed_user_id(db, secret=SECRET, token=second)
