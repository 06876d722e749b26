from collections.abc import Callable
from datetime import timedelta

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import Role, User
from dailypapers.email.senders import MemorySender
from dailypapers.services import users as users_service
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.services.mail import Mailer
from dailypapers.services.sessions import get_session_user
from tests.factories import NOW


@pytest.fixture
def mailer(outbox: MemorySender) -> Mailer:
    return Mailer(sender=outbox, site_name="Papers", base_url="https://papers.test/")


@pytest.fixture
def links() -> EmailLinks:
    return EmailLinks(secret=b"test secret", base_url="https://papers.test", confirm_lifetime=timedelta(days=1))


def test_sign_up_makes_a_member_signs_them_in_and_emails_a_link_to_confirm_the_address(
    db: Database, mailer: Mailer, links: EmailLinks, outbox: MemorySender
) -> None:
    signed_in = users_service.sign_up(
        db, mailer, links, email="Ada@Example.org", username="Ada", password="analytical engine", now=NOW
    )
    user = signed_in.user
    assert (user.email, user.username, user.role, user.has_password) == ("ada@example.org", "ada", Role.MEMBER, True)
    assert get_session_user(db, session_token=signed_in.session_token, now=NOW) == user
    assert not user.email_confirmed and outbox.sent[-1].to == "ada@example.org"
    link = next(line for line in outbox.sent[-1].text.split() if "/account/confirm?token=" in line)
    confirmed = users_service.confirm_email(db, links, token=link.split("token=")[1], now=NOW)
    assert confirmed.email_confirmed and users_service.get_user(db, user_id=user.id) == confirmed


def test_sign_up_names_every_field_to_fix_and_writes_nothing(db: Database, mailer: Mailer, links: EmailLinks) -> None:
    with pytest.raises(InvalidInput) as error:
        users_service.sign_up(db, mailer, links, email="not an address", username="-bad-", password="short", now=NOW)
    assert set(error.value.errors) == {"email", "username", "password"}
    assert users_service.list_users(db) == []


def test_a_taken_email_or_username_is_refused(
    db: Database, mailer: Mailer, links: EmailLinks, make_user: Callable[..., User]
) -> None:
    make_user(username="ada", email="ada@example.org")
    with pytest.raises(InvalidInput) as error:
        users_service.sign_up(
            db, mailer, links, email="ADA@example.org", username="someone", password="analytical engine", now=NOW
        )
    assert set(error.value.errors) == {"email"}
    with pytest.raises(InvalidInput) as error:
        users_service.sign_up(
            db, mailer, links, email="other@example.org", username="Ada", password="analytical engine", now=NOW
        )
    assert set(error.value.errors) == {"username"}
    assert len(users_service.list_users(db)) == 1


def test_an_operator_made_account_without_password_gets_a_link_to_choose_one(
    db: Database, mailer: Mailer, outbox: MemorySender
) -> None:
    user = users_service.create_user(
        db,
        mailer,
        email="grace@example.org",
        username=None,
        role=Role.CURATOR,
        password=None,
        now=NOW,
        invite_lifetime=timedelta(days=7),
    )
    assert (user.username, user.role, user.has_password) == ("grace", Role.CURATOR, False)
    [message] = outbox.sent
    assert message.to == "grace@example.org" and "choose a password" in message.subject
    assert "https://papers.test/password/reset?token=" in message.text and "7 days" in message.text


def test_a_suggested_username_steps_around_taken_ones(
    db: Database, mailer: Mailer, make_user: Callable[..., User]
) -> None:
    make_user(username="grace", email="grace.hopper@example.org")
    user = users_service.create_user(
        db,
        mailer,
        email="grace@example.org",
        username=None,
        role=Role.MEMBER,
        password="compiler pioneer",
        now=NOW,
        invite_lifetime=timedelta(days=7),
    )
    assert user.username == "grace2" and user.has_password


def test_set_role_changes_the_role(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    assert users_service.set_role(db, email=user.email.upper(), role=Role.ADMIN, now=NOW).role == Role.ADMIN
    with pytest.raises(NotFound):
        users_service.set_role(db, email="nobody@example.org", role=Role.ADMIN, now=NOW)


def test_display_names_are_saved_and_checked(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    users_service.update_display_name(db, user_id=user.id, display_name="  Ada  Lovelace ", now=NOW)
    assert users_service.require_user_by_username(db, username=user.username).display_name == "Ada Lovelace"
    with pytest.raises(InvalidInput):
        users_service.update_display_name(db, user_id=user.id, display_name="x" * 200, now=NOW)
    with pytest.raises(NotFound):
        users_service.require_user_by_username(db, username="nobody")
