from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, profiles

from dailypapers.db.engine import Database
from dailypapers.domain import passwords
from dailypapers.domain.users import User
from dailypapers.services.errors import InvalidCredentials
from dailypapers.services.sessions import get_session_user, sign_in, sign_out
from dailypapers.store.users import get_password_hash
from tests.factories import NOW, PASSWORD


def test_the_right_password_opens_a_session(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user(email="ada@example.org")
    signed_in = sign_in(db, email=" ADA@example.org", password=PASSWORD, now=NOW)
    assert signed_in.user == user and signed_in.expires_at == NOW + timedelta(days=30)
    assert get_session_user(db, session_token=signed_in.session_token, now=NOW) == user


def test_a_wrong_password_and_an_unknown_address_fail_alike(db: Database, make_user: Callable[..., User]) -> None:
    make_user(email="ada@example.org")
    with pytest.raises(InvalidCredentials) as wrong_password:
        sign_in(db, email="ada@example.org", password="not the password", now=NOW)
    with pytest.raises(InvalidCredentials) as unknown:
        sign_in(db, email="nobody@example.org", password=PASSWORD, now=NOW)
    assert str(wrong_password.value) == str(unknown.value)


def test_an_account_without_a_password_cannot_sign_in(db: Database, make_user: Callable[..., User]) -> None:
    make_user(email="ada@example.org", password=None)
    with pytest.raises(InvalidCredentials):
        sign_in(db, email="ada@example.org", password="", now=NOW)


def test_sessions_end_when_they_expire_and_on_sign_out(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    first = sign_in(db, email=user.email, password=PASSWORD, now=NOW, lifetime=timedelta(hours=1))
    second = sign_in(db, email=user.email, password=PASSWORD, now=NOW)
    assert get_session_user(db, session_token=first.session_token, now=NOW + timedelta(hours=1)) is None
    sign_out(db, session_token=second.session_token)
    assert get_session_user(db, session_token=second.session_token, now=NOW) is None


def test_signing_in_upgrades_a_hash_made_with_weaker_parameters(
    db: Database, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user()
    with db.reading() as connection:
        before = get_password_hash(connection, user_id=user.id)
    stronger = PasswordHasher.from_parameters(replace(profiles.CHEAPEST, time_cost=profiles.CHEAPEST.time_cost + 1))
    monkeypatch.setattr(passwords, "HASHER", stronger)
    sign_in(db, email=user.email, password=PASSWORD, now=NOW)
    with db.reading() as connection:
        after = get_password_hash(connection, user_id=user.id)
    assert after != before and after is not None and not passwords.needs_rehash(after)
