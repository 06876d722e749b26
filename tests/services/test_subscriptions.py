"""Subscriptions: double opt-in, expiring confirmation links, one subscription per address, settings, leaving."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import digests, subscriptions
from dailypapers.domain.digest_periods import digest_period
from dailypapers.domain.subscriptions import Cadence, Subscription, SubscriptionStatus, TopicKind
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.services import subscriptions as service
from dailypapers.services.digest_building import create_period_digests
from dailypapers.services.digests import DigestOptions, run_digests
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.errors import InvalidInput, InvalidLink
from dailypapers.services.mail import Mailer
from dailypapers.settings import Settings
from tests.factories import FakeClock


@pytest.fixture
def links(settings: Settings) -> EmailLinks:
    return EmailLinks.from_settings(settings)


@pytest.fixture
def mailer(outbox: MemorySender) -> Mailer:
    return Mailer(sender=outbox, site_name="Papers", base_url="http://papers.test")


def confirm_token(outbox: MemorySender) -> str:
    match = re.search(r"/subscriptions/confirm\?token=(\S+)", outbox.sent[-1].text)
    assert match is not None, outbox.sent[-1].text
    return match.group(1)


def stored(db: Database) -> list[tuple[str, str]]:
    with db.reading() as connection:
        return [tuple(row) for row in connection.execute(select(subscriptions.c.email, subscriptions.c.status))]


def test_subscribing_emails_a_link_and_nothing_is_sent_before_it_is_confirmed(
    db: Database,
    mailer: Mailer,
    links: EmailLinks,
    outbox: MemorySender,
    clock: FakeClock,
    settings: Settings,
    make_paper: Callable[..., str],
) -> None:
    make_paper(day=date(2025, 6, 11), upvotes=3)
    service.subscribe(db, mailer, links, email=" Ada@Example.org ", cadence="daily", now=clock.now)
    assert stored(db) == [("ada@example.org", "pending")]
    (confirmation,) = outbox.sent
    assert confirmation.to == "ada@example.org" and "2 days" in confirmation.text

    options = DigestOptions.from_settings(settings, links=EmailLinks.from_settings(settings))
    run_digests(db, mailer, options, send_date=date(2025, 6, 12), clock=clock)
    assert len(outbox.sent) == 1  # the confirmation only

    confirmed = service.confirm_subscription(db, links, token=confirm_token(outbox), now=clock.now)
    assert confirmed.status is SubscriptionStatus.ACTIVE and confirmed.confirmed_at == clock.now
    run_digests(db, mailer, options, send_date=date(2025, 6, 12), clock=clock)
    assert [message.to for message in outbox.sent] == ["ada@example.org"] * 2


def test_the_confirmation_link_expires(
    db: Database, mailer: Mailer, links: EmailLinks, outbox: MemorySender, clock: FakeClock
) -> None:
    service.subscribe(db, mailer, links, email="ada@example.org", cadence="daily", now=clock.now)
    token = confirm_token(outbox)
    clock.advance(hours=48)
    with pytest.raises(InvalidLink):
        service.confirm_subscription(db, links, token=token, now=clock.now)
    with pytest.raises(InvalidLink):  # nor does a link of another purpose, or a tampered one
        service.confirm_subscription(db, links, token=token[:-2] + "AA", now=clock.now - timedelta(hours=1))
    assert stored(db) == [("ada@example.org", "pending")]


def test_subscribing_again_keeps_one_subscription_and_says_nothing_to_receiving_addresses(
    db: Database, mailer: Mailer, links: EmailLinks, outbox: MemorySender, clock: FakeClock
) -> None:
    for cadence in ("daily", "weekly"):
        service.subscribe(db, mailer, links, email="ada@example.org", cadence=cadence, now=clock.now)
    assert len(outbox.sent) == 2 and stored(db) == [("ada@example.org", "pending")]
    confirmed = service.confirm_subscription(db, links, token=confirm_token(outbox), now=clock.now)
    assert confirmed.cadence is Cadence.WEEKLY

    service.subscribe(db, mailer, links, email="ADA@example.org", cadence="daily", now=clock.now)
    assert len(outbox.sent) == 2  # receiving already: no email anyone could trigger at will
    with db.reading() as connection:
        assert connection.execute(select(func.count()).select_from(subscriptions)).scalar_one() == 1


def test_an_unsubscribed_address_must_confirm_again(
    db: Database,
    mailer: Mailer,
    links: EmailLinks,
    outbox: MemorySender,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    subscription = make_subscription(email="ada@example.org")
    service.unsubscribe(db, subscription_id=subscription.id, now=clock.now)
    service.subscribe(db, mailer, links, email="ada@example.org", cadence="daily", now=clock.now)
    assert stored(db) == [("ada@example.org", "pending")] and len(outbox.sent) == 1


def test_bad_input_is_refused_with_a_message_per_field(
    db: Database, mailer: Mailer, links: EmailLinks, clock: FakeClock
) -> None:
    with pytest.raises(InvalidInput) as refused:
        service.subscribe(db, mailer, links, email="not an address", cadence="hourly", now=clock.now)
    assert set(refused.value.errors) == {"email", "cadence"}
    assert stored(db) == []


def test_a_subscription_confirmed_while_signed_in_with_the_same_address_joins_the_account(
    db: Database,
    mailer: Mailer,
    links: EmailLinks,
    outbox: MemorySender,
    clock: FakeClock,
    make_user: Callable[..., User],
) -> None:
    owner = make_user(email="ada@example.org")
    stranger = make_user()
    service.subscribe(db, mailer, links, email="ada@example.org", cadence="daily", now=clock.now)
    token = confirm_token(outbox)
    service.confirm_subscription(db, links, token=token, now=clock.now, user=stranger)
    assert service.get_subscription_for_user(db, user_id=stranger.id) is None
    service.confirm_subscription(db, links, token=token, now=clock.now, user=owner)
    tied = service.get_subscription_for_user(db, user_id=owner.id)
    assert tied is not None and tied.email == "ada@example.org"


def test_settings_save_cadence_topics_and_pause_together_or_not_at_all(
    db: Database, clock: FakeClock, make_subscription: Callable[..., Subscription]
) -> None:
    subscription = make_subscription()
    updated = service.update_subscription_settings(
        db,
        subscription_id=subscription.id,
        cadence="weekly",
        keywords="diffusion models\nretrieval, Diffusion Models",
        categories="cs.CL cs.cv",
        authors="Zoë Müller\n",
        paused=True,
        now=clock.now,
    )
    assert updated.cadence is Cadence.WEEKLY and updated.paused
    assert [(topic.kind, topic.value) for topic in updated.topics] == [
        (TopicKind.KEYWORD, "diffusion models"),
        (TopicKind.KEYWORD, "retrieval"),
        (TopicKind.CATEGORY, "cs.CL"),
        (TopicKind.CATEGORY, "cs.cv"),
        (TopicKind.AUTHOR, "Zoë Müller"),
    ]
    with pytest.raises(InvalidInput) as refused:
        service.update_subscription_settings(
            db,
            subscription_id=subscription.id,
            cadence="daily",
            keywords="ok",
            categories="not a category!",
            authors="",
            paused=False,
            now=clock.now,
        )
    assert list(refused.value.errors) == ["categories"]
    again = service.require_subscription_by_link(
        db, EmailLinks(b"k", "http://x", timedelta(hours=1)), token=_manage(subscription), now=clock.now
    )
    assert again.cadence is Cadence.WEEKLY and len(again.topics) == 5  # unchanged by the refused save


def test_unsubscribing_cancels_digests_already_queued(
    db: Database,
    mailer: Mailer,
    settings: Settings,
    clock: FakeClock,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
) -> None:
    make_paper(day=date(2025, 6, 11), upvotes=3)
    subscription = make_subscription()
    report = run_digests(
        db,
        mailer,
        DigestOptions.from_settings(settings, links=EmailLinks.from_settings(settings)),
        send_date=date(2025, 6, 12),
        clock=clock,
        dry_run=True,
    )
    assert report.planned[0].digests == 1

    period = digest_period(Cadence.DAILY, send_date=date(2025, 6, 12))
    assert period is not None
    create_period_digests(db, period=period, now=clock.now, message_domain="papers.test")
    service.unsubscribe(db, subscription_id=subscription.id, now=clock.now)
    service.unsubscribe(db, subscription_id=subscription.id, now=clock.now)  # twice: no harm
    with db.reading() as connection:
        assert connection.execute(select(digests.c.status)).scalars().all() == ["cancelled"]
    assert stored(db) == [(subscription.email, "unsubscribed")]


def _manage(subscription: Subscription) -> str:
    return EmailLinks(b"k", "http://x", timedelta(hours=1)).manage_token(
        subscription_id=subscription.id, email=subscription.email
    )
