"""Factories: real papers and daily entries, users and signed-in clients, with defaults overridden by keyword."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.papers import PaperRecord
from dailypapers.domain.passwords import hash_password
from dailypapers.domain.subscriptions import Cadence, Subscription, SubscriptionStatus, TopicKind, make_topic
from dailypapers.domain.users import Role, User
from dailypapers.services.api_tokens import create_api_token
from dailypapers.services.sessions import open_session
from dailypapers.sources import arxiv_listing
from dailypapers.store import subscriptions as subscriptions_store
from dailypapers.store import users as users_store
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.paper_writes import raise_imported_counts, upsert_papers
from dailypapers.web.cookies import SESSION_COOKIE
from dailypapers.web.csrf import CSRF_FIELD, CSRF_HEADER

FIXTURE_FILE = Path(__file__).resolve().parent / "fixtures" / "arxiv_cs_fixture_500.jsonl"
NOW = datetime(2025, 6, 12, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


class FakeClock:
    """A clock tests move by hand; it starts at NOW."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    """The app's clock, which a test moves with `clock.advance(minutes=...)`."""
    return FakeClock()


@cache
def real_records() -> tuple[PaperRecord, ...]:
    """The 500 real arXiv papers of the fixture file, as records."""
    with FIXTURE_FILE.open() as lines:
        return tuple(arxiv_listing.parse_record(json.loads(line)) for line in lines)


_next_record = itertools.count()
_next_user = itertools.count(1)
_next_subscriber = itertools.count(1)


def make_record(**overrides: Any) -> PaperRecord:
    """A real paper from the fixture, a different one each call, with fields overridden. A paper given its own
    abstract keeps no comment of the real one unless given one too: a real comment (say, a code link) would change
    a made-up paper depending on which real paper the call happened to draw."""
    base = real_records()[next(_next_record) % len(real_records())]
    if "abstract" in overrides:
        overrides = {"comment": None, **overrides}
    return replace(base, **overrides)


@pytest.fixture
def make_paper(db: Database) -> Callable[..., str]:
    """Store a paper (a real one, fields overridden); returns its arXiv id.

    `day=` also puts it on that day's list; `upvotes=`/`comments=` set its imported counts.
    """

    def make(
        *,
        day: date | None = None,
        upvotes: int = 0,
        comments: int = 0,
        added_at: datetime | None = None,
        submitter: str | None = None,
        **overrides: Any,
    ) -> str:
        record = make_record(**overrides)
        with db.transaction() as connection:
            result = upsert_papers(connection, [record], now=NOW)
            paper_id = result.paper_ids[record.arxiv_id]
            raise_imported_counts(connection, counts={paper_id: (upvotes, comments)})
            if day is not None:
                when = added_at or datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                add_daily_entries(connection, entries=[(day, paper_id, when, submitter)])
        return record.arxiv_id

    return make


@pytest.fixture
def make_user(db: Database) -> Callable[..., User]:
    """Store a user: `make_user(role="curator", username=..., email=..., password=..., display_name=...)`.

    The password defaults to PASSWORD; `password=None` makes an account that has none yet; `email_confirmed=False`
    one whose member has not followed the sign-up link yet.
    """

    def make(
        *,
        role: Role | str = Role.MEMBER,
        username: str | None = None,
        email: str | None = None,
        password: str | None = PASSWORD,
        display_name: str | None = None,
        created_at: datetime = NOW,
        email_confirmed: bool = True,
    ) -> User:
        number = next(_next_user)
        username = username or f"member{number}"
        with db.transaction() as connection:
            user = users_store.insert_user(
                connection,
                email=email or f"{username}@example.org",
                username=username,
                role=Role(role),
                password_hash=hash_password(password) if password is not None else None,
                now=created_at,
                email_confirmed=email_confirmed,
            )
            assert user is not None, "make_user: the email or username is taken"
            if display_name is not None:
                users_store.set_display_name(connection, user_id=user.id, display_name=display_name, now=created_at)
                user = replace(user, display_name=display_name)
        return user

    return make


@pytest.fixture
def make_subscription(db: Database) -> Callable[..., Subscription]:
    """Store a subscription, confirmed unless `status=` says otherwise:
    `make_subscription(cadence="weekly", keywords=["diffusion"], categories=["cs.CL"], authors=["Ada Lovelace"])`."""

    def make(
        *,
        email: str | None = None,
        status: SubscriptionStatus | str = SubscriptionStatus.ACTIVE,
        cadence: Cadence | str = Cadence.DAILY,
        paused: bool = False,
        keywords: tuple[str, ...] | list[str] = (),
        categories: tuple[str, ...] | list[str] = (),
        authors: tuple[str, ...] | list[str] = (),
    ) -> Subscription:
        address = email or f"reader{next(_next_subscriber)}@example.org"
        topics = [make_topic(TopicKind.KEYWORD, value) for value in keywords]
        topics += [make_topic(TopicKind.CATEGORY, value) for value in categories]
        topics += [make_topic(TopicKind.AUTHOR, value) for value in authors]
        with db.transaction() as connection:
            subscription_id = subscriptions_store.insert_subscription(
                connection, email=address, cadence=Cadence(cadence), now=NOW
            )
            assert subscription_id is not None, "make_subscription: the address has a subscription already"
            status = SubscriptionStatus(status)
            confirmed = {"confirmed_at": NOW} if status is SubscriptionStatus.ACTIVE else {}
            subscriptions_store.update_subscription(
                connection, subscription_id=subscription_id, now=NOW, status=status, paused=paused, **confirmed
            )
            subscriptions_store.replace_topics(connection, subscription_id=subscription_id, topics=topics)
            subscription = subscriptions_store.get_subscription(connection, subscription_id=subscription_id)
        assert subscription is not None
        return subscription

    return make


@pytest.fixture
def sign_in(db: Database, client: TestClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Sign the test client in: `sign_in()` as a new member, `sign_in(role="admin")`, or `sign_in(user=...)`.

    Afterwards `client` sends the session cookie; add `csrf_headers(client)` (or `csrf_form(client)`) to writes.
    """

    def sign(*, user: User | None = None, **user_fields: Any) -> User:
        user = user or make_user(**user_fields)
        with db.transaction() as connection:
            token = open_session(connection, user_id=user.id, now=NOW, lifetime=timedelta(days=30))
        set_session_cookie(client, token)
        return user

    return sign


@pytest.fixture
def api_headers(db: Database, make_user: Callable[..., User]) -> Callable[..., dict[str, str]]:
    """`Authorization: Bearer` headers for a new API token: `api_headers(user=...)` or `api_headers(role="curator")`."""

    def make(*, user: User | None = None, **user_fields: Any) -> dict[str, str]:
        user = user or make_user(**user_fields)
        _, secret = create_api_token(db, user_id=user.id, name="tests", now=NOW)
        return {"Authorization": f"Bearer {secret}"}

    return make


def set_session_cookie(client: TestClient, token: str) -> None:
    """Put a session cookie in the client's jar where the app's own Set-Cookie would, so the next one replaces it."""
    client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")


def csrf_token(client: TestClient) -> str:
    """The CSRF token the site embeds in pages for this client's session (read from a real page)."""
    page = client.get("/signin" if SESSION_COOKIE not in client.cookies else "/account")
    marker = f'name="{CSRF_FIELD}" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def csrf_headers(client: TestClient) -> dict[str, str]:
    return {CSRF_HEADER: csrf_token(client)}


def csrf_form(client: TestClient, **fields: str) -> dict[str, str]:
    """Form fields with the CSRF token added."""
    return {CSRF_FIELD: csrf_token(client), **fields}
