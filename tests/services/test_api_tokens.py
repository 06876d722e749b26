from collections.abc import Callable
from datetime import timedelta

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import api_tokens
from dailypapers.services.errors import InvalidInput, NotFound
from tests.factories import NOW


def test_a_token_authenticates_its_owner_until_revoked(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    token, secret = api_tokens.create_api_token(db, user_id=user.id, name="  laptop   script ", now=NOW)
    assert token.name == "laptop script" and secret.startswith("dp_") and secret.startswith(token.prefix)
    assert api_tokens.get_token_user(db, secret=secret, now=NOW) == user
    api_tokens.revoke_api_token(db, user_id=user.id, token_id=token.id)
    assert api_tokens.get_token_user(db, secret=secret, now=NOW) is None
    assert api_tokens.list_api_tokens(db, user_id=user.id) == []


def test_a_member_cannot_revoke_another_members_token(db: Database, make_user: Callable[..., User]) -> None:
    owner, other = make_user(), make_user()
    token, secret = api_tokens.create_api_token(db, user_id=owner.id, name="bot", now=NOW)
    with pytest.raises(NotFound):
        api_tokens.revoke_api_token(db, user_id=other.id, token_id=token.id)
    assert api_tokens.get_token_user(db, secret=secret, now=NOW) == owner


def test_use_is_recorded_at_most_once_a_minute(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    _, secret = api_tokens.create_api_token(db, user_id=user.id, name="bot", now=NOW)
    [token] = api_tokens.list_api_tokens(db, user_id=user.id)
    assert token.last_used_at is None
    for seconds in (0, 30, 59):
        api_tokens.get_token_user(db, secret=secret, now=NOW + timedelta(seconds=seconds))
    assert api_tokens.list_api_tokens(db, user_id=user.id)[0].last_used_at == NOW
    api_tokens.get_token_user(db, secret=secret, now=NOW + timedelta(seconds=61))
    assert api_tokens.list_api_tokens(db, user_id=user.id)[0].last_used_at == NOW + timedelta(seconds=61)


def test_a_token_needs_a_name(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    for name in ("", "   ", "x" * 81):
        with pytest.raises(InvalidInput):
            api_tokens.create_api_token(db, user_id=user.id, name=name, now=NOW)


def test_an_unknown_token_is_nobody(db: Database) -> None:
    assert api_tokens.get_token_user(db, secret="dp_not-a-real-token", now=NOW) is None
