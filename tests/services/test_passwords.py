from collections.abc import Callable
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.services import passwords
from dailypapers.services.api_tokens import create_api_token, get_token_user
from dailypapers.services.errors import InvalidCredentials, InvalidInput, InvalidLink
from dailypapers.services.mail import Mailer
from dailypapers.services.sessions import get_session_user, sign_in
from tests.factories import NOW, PASSWORD

HOUR = timedelta(hours=1)


@pytest.fixture
def mailer(outbox: MemorySender) -> Mailer:
    return Mailer(sender=outbox, site_name="Papers", base_url="https://papers.test")


def emailed_token(outbox: MemorySender) -> str:
    link = next(line for line in outbox.sent[-1].text.splitlines() if "/password/reset?" in line)
    return parse_qs(urlsplit(link.strip()).query)["token"][0]


def test_a_reset_link_works_once(
    db: Database, make_user: Callable[..., User], mailer: Mailer, outbox: MemorySender
) -> None:
    user = make_user()
    passwords.request_password_reset(db, mailer, email=user.email, now=NOW, lifetime=HOUR)
    token = emailed_token(outbox)
    assert passwords.get_password_link_user(db, token=token, now=NOW) == user
    signed_in = passwords.reset_password(db, token=token, new_password="a brand new secret", now=NOW)
    assert signed_in.user.id == user.id
    sign_in(db, email=user.email, password="a brand new secret", now=NOW)
    with pytest.raises(InvalidLink):
        passwords.reset_password(db, token=token, new_password="yet another secret", now=NOW)


def test_a_reset_link_expires(
    db: Database, make_user: Callable[..., User], mailer: Mailer, outbox: MemorySender
) -> None:
    user = make_user()
    passwords.request_password_reset(db, mailer, email=user.email, now=NOW, lifetime=HOUR)
    token = emailed_token(outbox)
    assert passwords.get_password_link_user(db, token=token, now=NOW + HOUR) is None
    with pytest.raises(InvalidLink):
        passwords.reset_password(db, token=token, new_password="a brand new secret", now=NOW + HOUR)


def test_a_weak_password_leaves_the_link_usable(
    db: Database, make_user: Callable[..., User], mailer: Mailer, outbox: MemorySender
) -> None:
    user = make_user()
    passwords.request_password_reset(db, mailer, email=user.email, now=NOW, lifetime=HOUR)
    token = emailed_token(outbox)
    with pytest.raises(InvalidInput):
        passwords.reset_password(db, token=token, new_password="password", now=NOW)
    assert passwords.get_password_link_user(db, token=token, now=NOW) == user


def test_an_unknown_address_gets_no_email(db: Database, mailer: Mailer, outbox: MemorySender) -> None:
    passwords.request_password_reset(db, mailer, email="nobody@example.org", now=NOW, lifetime=HOUR)
    assert outbox.sent == []


def test_a_new_password_ends_every_session_and_every_other_link(
    db: Database, make_user: Callable[..., User], mailer: Mailer, outbox: MemorySender
) -> None:
    user = make_user()
    elsewhere = sign_in(db, email=user.email, password=PASSWORD, now=NOW)
    passwords.request_password_reset(db, mailer, email=user.email, now=NOW, lifetime=HOUR)
    older_link = emailed_token(outbox)
    passwords.request_password_reset(db, mailer, email=user.email, now=NOW, lifetime=HOUR)
    _, secret = create_api_token(db, user_id=user.id, name="laptop", now=NOW)
    passwords.reset_password(db, token=emailed_token(outbox), new_password="a brand new secret", now=NOW)
    assert get_session_user(db, session_token=elsewhere.session_token, now=NOW) is None
    assert passwords.get_password_link_user(db, token=older_link, now=NOW) is None
    assert get_token_user(db, secret=secret, now=NOW) is None


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions_and_tokens(
    db: Database, make_user: Callable[..., User]
) -> None:
    user = make_user()
    elsewhere = sign_in(db, email=user.email, password=PASSWORD, now=NOW)
    _, secret = create_api_token(db, user_id=user.id, name="laptop", now=NOW)
    with pytest.raises(InvalidInput) as error:
        passwords.change_password(
            db, user_id=user.id, current_password="wrong guess", new_password="a brand new secret", now=NOW
        )
    assert set(error.value.errors) == {"current_password"}
    with pytest.raises(InvalidInput) as error:
        passwords.change_password(db, user_id=user.id, current_password=PASSWORD, new_password="12345678", now=NOW)
    assert set(error.value.errors) == {"new_password"}
    here = passwords.change_password(
        db, user_id=user.id, current_password=PASSWORD, new_password="a brand new secret", now=NOW
    )
    assert get_session_user(db, session_token=elsewhere.session_token, now=NOW) is None
    assert get_session_user(db, session_token=here.session_token, now=NOW) == here.user
    assert get_token_user(db, secret=secret, now=NOW) is None
    with pytest.raises(InvalidCredentials):
        sign_in(db, email=user.email, password=PASSWORD, now=NOW)


@pytest.mark.parametrize(
    ("lifetime", "text"),
    [(timedelta(minutes=60), "60 minutes"), (timedelta(hours=3), "3 hours"), (timedelta(days=7), "7 days")],
)
def test_link_lifetimes_read_naturally(lifetime: timedelta, text: str) -> None:
    assert passwords.describe_lifetime(lifetime) == text
