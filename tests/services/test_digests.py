"""Digest runs against a real SMTP server on loopback: what goes out, to whom, once, and what failures do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from dailypapers.db.engine import Database
from dailypapers.db.schema import digest_papers, digests, subscriptions
from dailypapers.domain.subscriptions import Cadence, Subscription
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.email.smtp import SmtpSender, parse_smtp_url
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.digests import DigestOptions, DigestRunReport, run_digests, send_waiting_digests
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.mail import Mailer
from dailypapers.settings import Settings
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.papers import get_paper
from tests.factories import FakeClock
from tests.fakes.smtp_server import SmtpServer, free_port
from tests.for_you_fixtures import LISTED, Signals

WEDNESDAY, THURSDAY, FRIDAY = date(2025, 6, 11), date(2025, 6, 12), date(2025, 6, 13)


SITE = {
    "base_url": "https://papers.example.org",
    "site_name": "Papers",
    "email_from": "Papers <digest@papers.example.org>",
}


@pytest.fixture
def options(settings: Settings) -> DigestOptions:
    site = settings.model_copy(update=SITE)
    return DigestOptions.from_settings(site, links=EmailLinks.from_settings(site))


@pytest.fixture
def smtp_mailer(smtp_server: SmtpServer) -> Mailer:
    sender = SmtpSender(parse_smtp_url(smtp_server.url, timeout=5), from_address=SITE["email_from"])
    return Mailer(sender=sender, site_name=SITE["site_name"], base_url=SITE["base_url"])


@pytest.fixture
def wednesday_papers(make_paper: Callable[..., str]) -> list[str]:
    """Twelve papers on Wednesday's list, the first the most upvoted."""
    return [make_paper(day=WEDNESDAY, upvotes=100 - number) for number in range(12)]


def run(db: Database, mailer: Mailer, options: DigestOptions, clock: FakeClock, on: date = THURSDAY) -> DigestRunReport:
    return run_digests(db, mailer, options, send_date=on, clock=clock)


def statuses(db: Database) -> list[str]:
    with db.reading() as connection:
        return list(connection.execute(select(digests.c.status).order_by(digests.c.id)).scalars())


@pytest.mark.usefixtures("wednesday_papers")
def test_each_receiving_subscriber_gets_one_digest_over_one_connection(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    readers = [make_subscription() for _ in range(3)]
    make_subscription(status="pending")
    make_subscription(status="unsubscribed")
    make_subscription(paused=True)
    make_subscription(cadence="weekly")  # Thursday is not a weekly day

    report = run(db, smtp_mailer, options, clock)

    assert report.sent is not None and report.sent.sent == 3
    assert smtp_server.mailbox.count_by_recipient() == {reader.email: 1 for reader in readers}
    assert smtp_server.mailbox.sessions == 1
    again = run(db, smtp_mailer, options, clock)
    assert again.built[0].created == 0 and again.sent is not None and again.sent.sent == 0
    assert len(smtp_server.mailbox.received) == 3


def test_the_digest_shows_trending_papers_best_first_then_topic_picks_with_the_reason(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
) -> None:
    titles = [f"Trending paper number {number}" for number in range(12)]
    for number, title in enumerate(titles):
        make_paper(day=WEDNESDAY, upvotes=100 - number, title=title)
    make_paper(day=WEDNESDAY, upvotes=1, title="Sparse Mixtures of Lobsters", categories=("q-bio.PE",))
    reader = make_subscription(keywords=["lobster"])

    run(db, smtp_mailer, options, clock)

    (received,) = smtp_server.mailbox.addressed_to(reader.email)
    text = received.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    positions = [text.index(title + "\n") for title in titles[:10]]
    assert positions == sorted(positions) and titles[10] not in text  # the ten best, in order
    for_you = text.index("FOR YOU")
    assert text.index("Sparse Mixtures of Lobsters") > for_you and "Matches your keyword “lobster”" in text
    assert received.subject == "Trending papers, Wednesday 11 June 2025 · Papers"


@pytest.mark.usefixtures("wednesday_papers")
def test_the_digest_has_text_and_html_parts_and_one_click_unsubscribe_headers(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    reader = make_subscription()
    run(db, smtp_mailer, options, clock)
    (received,) = smtp_server.mailbox.addressed_to(reader.email)
    message = received.message
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<img" not in html and "<link" not in html and "<style" not in html  # inline CSS, nothing remote
    unsubscribe = message["List-Unsubscribe"]
    https, mailto = (part.strip(" <>") for part in unsubscribe.split(","))
    assert https.startswith("https://papers.example.org/subscriptions/unsubscribe?token=")
    assert mailto == "mailto:digest@papers.example.org?subject=unsubscribe"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert https.replace("&", "&amp;") in html and https in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with db.reading() as connection:
        stored = connection.execute(select(digests.c.message_id)).scalar_one()
    assert message["Message-ID"] == stored


def test_a_paper_reaches_a_subscriber_once_across_digests(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
) -> None:
    twice = make_paper(day=WEDNESDAY, upvotes=50, title="On the list two days running")
    make_paper(day=THURSDAY, upvotes=10, title="Only on Thursday")
    with db.transaction() as connection:  # the same paper on Thursday's list too
        paper = get_paper(connection, arxiv_id=twice)
        assert paper is not None
        add_daily_entries(connection, entries=[(THURSDAY, paper.id, clock.now, None)])
    reader = make_subscription()

    run(db, smtp_mailer, options, clock, on=THURSDAY)
    clock.advance(days=1)
    run(db, smtp_mailer, options, clock, on=FRIDAY)

    thursday, friday = smtp_server.mailbox.addressed_to(reader.email)
    assert "On the list two days running" in thursday.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    friday_text = friday.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Only on Thursday" in friday_text and "On the list two days running" not in friday_text
    with db.reading() as connection:
        rows = connection.execute(select(digest_papers.c.paper_id)).scalars().all()
    assert len(rows) == len(set(rows)) == 2


@pytest.mark.usefixtures("wednesday_papers")
def test_a_dry_run_writes_and_sends_nothing(
    db: Database,
    options: DigestOptions,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    make_subscription()
    make_subscription()
    outbox = MemorySender()
    report = run_digests(
        db, Mailer(sender=outbox, site_name="P", base_url="http://x"), options, send_date=THURSDAY, dry_run=True
    )
    assert [(planned.period.key, planned.digests) for planned in report.planned] == [("daily:2025-06-12", 2)]
    assert outbox.sent == [] and statuses(db) == [] and report.sent is None


@pytest.mark.usefixtures("wednesday_papers")
def test_a_temporary_refusal_is_retried_after_a_growing_wait(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    reader = make_subscription()
    smtp_server.mailbox.refuse(reader.email, "451 4.3.0 mailbox busy, try later")
    report = run(db, smtp_mailer, options, clock)
    assert report.sent is not None and report.sent.deferred == 1
    with db.reading() as connection:
        row = connection.execute(select(digests)).one()
    assert row.status == "pending" and row.next_attempt_at == clock.now + timedelta(minutes=5)
    assert "451" in row.last_error

    clock.advance(minutes=4)
    assert send_waiting_digests(db, smtp_mailer, options, clock=clock).deferred == 0  # not yet
    clock.advance(minutes=1)
    assert send_waiting_digests(db, smtp_mailer, options, clock=clock).deferred == 1
    with db.reading() as connection:
        assert connection.execute(select(digests.c.next_attempt_at)).scalar_one() == clock.now + timedelta(minutes=10)

    del smtp_server.mailbox.replies[reader.email]
    clock.advance(minutes=10)
    assert send_waiting_digests(db, smtp_mailer, options, clock=clock).sent == 1
    assert statuses(db) == ["sent"] and len(smtp_server.mailbox.addressed_to(reader.email)) == 1


def test_permanent_refusals_are_recorded_and_repeated_ones_suspend_the_address(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
) -> None:
    days = [date(2025, 6, 10), WEDNESDAY, THURSDAY, FRIDAY]
    for day in days:
        make_paper(day=day, upvotes=5)
    bouncing, fine = make_subscription(), make_subscription()
    smtp_server.mailbox.refuse(bouncing.email, "550 5.1.1 no such user here")
    for send_date in (WEDNESDAY, THURSDAY, FRIDAY, date(2025, 6, 16)):
        run(db, smtp_mailer, options, clock, on=send_date)  # the limit is 3 bounces in a row

    with db.reading() as connection:
        rows = connection.execute(
            select(digests.c.status, digests.c.last_error).where(digests.c.subscription_id == bouncing.id)
        ).all()
        suspended_at = connection.execute(
            select(subscriptions.c.suspended_at).where(subscriptions.c.id == bouncing.id)
        ).scalar_one()
    assert [status for status, _ in rows] == ["failed"] * 3 and all("550" in error for _, error in rows)
    assert suspended_at is not None  # and no fourth digest was even made
    assert len(smtp_server.mailbox.addressed_to(fine.email)) == 4


@pytest.mark.usefixtures("wednesday_papers")
def test_an_unreachable_server_keeps_every_digest_for_later(
    db: Database, options: DigestOptions, clock: FakeClock, make_subscription: Callable[..., Subscription]
) -> None:
    for _ in range(3):
        make_subscription()
    nowhere = SmtpSender(parse_smtp_url(f"smtp://127.0.0.1:{free_port()}", timeout=2), from_address="a@b.test")
    report = run(db, Mailer(sender=nowhere, site_name="P", base_url="http://x"), options, clock)
    assert report.sent is not None and report.sent.stopped and "cannot reach" in report.sent.stopped
    assert statuses(db) == ["pending"] * 3
    with db.reading() as connection:
        waits = connection.execute(select(digests.c.next_attempt_at)).scalars().all()
    assert sorted(waits) == [clock.now, clock.now, clock.now + timedelta(minutes=5)]  # only the one tried waits


@pytest.mark.usefixtures("wednesday_papers")
def test_a_digest_left_in_doubt_by_a_stopped_run_is_resent_with_its_message_id(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    options: DigestOptions,
    clock: FakeClock,
    make_subscription: Callable[..., Subscription],
) -> None:
    reader = make_subscription()
    run_digests(
        db, Mailer(sender=MemorySender(), site_name="P", base_url="http://x"), options, send_date=THURSDAY, clock=clock
    )
    with db.transaction() as connection:
        connection.execute(update(digests).values(status="sending", claimed_by="host:123:dead"))
        message_id = connection.execute(select(digests.c.message_id)).scalar_one()

    report = send_waiting_digests(db, smtp_mailer, options, clock=clock)

    assert report.resent_in_doubt == 1 and report.sent == 1
    (received,) = smtp_server.mailbox.addressed_to(reader.email)
    assert received.message_id == message_id


def test_a_members_for_you_comes_from_their_ranking_and_a_subscribers_from_their_topics(
    db: Database,
    smtp_server: SmtpServer,
    smtp_mailer: Mailer,
    settings: Settings,
    indexes: SearchIndexes,
    clock: FakeClock,
    corpus: dict[str, str],
    make_user: Callable[..., User],
    make_subscription: Callable[..., Subscription],
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    mine = make_subscription(email=member.email, keywords=["molecules"])
    with db.transaction() as connection:
        connection.execute(update(subscriptions).where(subscriptions.c.id == mine.id).values(user_id=member.id))
    reader = make_subscription(keywords=["molecules"])
    site = settings.model_copy(update=SITE)
    options = DigestOptions.from_settings(site, links=EmailLinks.from_settings(site), model=indexes.model)

    run_digests(db, smtp_mailer, options, send_date=LISTED + timedelta(days=1), cadences=(Cadence.DAILY,), clock=clock)

    (to_member,) = smtp_server.mailbox.addressed_to(member.email)
    text = to_member.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    for_you = text[text.index("FOR YOU") :]
    assert "Like 2506.00001 you upvoted" in for_you and corpus["2506.00002"] in for_you
    assert "Matches your keyword" not in for_you and corpus["2506.00001"] not in for_you
    (to_reader,) = smtp_server.mailbox.addressed_to(reader.email)
    text = to_reader.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Matches your keyword “molecules”" in text[text.index("FOR YOU") :]
