"""Email digests end to end: 10,000 confirmed subscribers with topics, their digests built and delivered over
SMTP to a local aiosmtpd server (in its own process), on the demo data's Monday 2026-08-24 (daily digests cover
21-23 August, weekly ones the week before).

    .venv/bin/python -m benchmarks.digest_send [--subscribers 10000] [--personal] [--postgres URL]

Prints the time to build the digests (choose papers, write the ledger), to send them (render, SMTP, mark sent),
emails/s and the peak memory of this process; and, measured in the same process first, a baseline: raw smtplib
sends of one fixed rendered digest over one connection, i.e. what the SMTP leg alone costs here.

With --personal every subscriber is also a member with 30 upvotes among the archive's earlier papers (and every
other one follows an author), so that each digest's "for you" section comes from that member's For you ranking
of the period's papers (the shipped vectors loaded first, as `dailypapers demo` loads them).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import smtplib
import socket
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update

from benchmarks.databases import fresh_database
from dailypapers.db.engine import Database
from dailypapers.db.schema import follows, subscriptions, users, votes
from dailypapers.domain.authors import author_key
from dailypapers.domain.digest_periods import due_periods
from dailypapers.domain.digests import QueuedDigest
from dailypapers.domain.subscriptions import Cadence, SubscriptionStatus, TopicKind, make_topic
from dailypapers.email.mime import envelope_sender, message_bytes
from dailypapers.email.smtp import SmtpSender, parse_smtp_url
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.digest_building import create_period_digests, plan_period_digests
from dailypapers.services.digest_sending import send_due_digests
from dailypapers.services.digests import SENDING_LEASE, DigestOptions
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.embedding_files import load_embeddings
from dailypapers.services.imports import import_file
from dailypapers.services.leases import hold_lease, make_holder_name
from dailypapers.settings import Settings
from dailypapers.store import subscriptions as subscriptions_store
from dailypapers.store.papers import list_papers_by_ids, load_authors

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"
SEND_DATE = date(2026, 8, 24)
KEYWORDS = [
    "diffusion",
    "agents",
    "reasoning",
    "video generation",
    "benchmark",
    "reinforcement learning",
    "multimodal",
    "3D",
    "robot",
    "language model",
    "retrieval",
    "speech",
    "graph",
    "code",
    "safety",
]
CATEGORIES = ["cs.CV", "cs.CL", "cs.AI", "cs.LG", "cs.RO"]
FROM = "dailypapers <digest@bench.example.org>"


def serve_smtp(port: int, counter: Any, ready: Any) -> None:
    """The receiving server, in its own process: accepts and counts every message."""
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed(db: Database, subscribers: int) -> None:
    """The demo's daily lists, and confirmed subscribers (70% daily, 30% weekly) with 1-4 topics each."""
    import_file(db, path=DEMO)
    rng = random.Random(24)
    with db.reading() as connection:
        ids = connection.execute(text("SELECT paper_id FROM daily_entries WHERE day >= '2026-08-10'")).scalars().all()
        authors = sorted({name for names in load_authors(connection, paper_ids=ids).values() for name in names})
    now = datetime.now(UTC)
    with db.transaction() as connection:
        for number in range(subscribers):
            cadence = Cadence.DAILY if rng.random() < 0.7 else Cadence.WEEKLY
            subscription_id = subscriptions_store.insert_subscription(
                connection, email=f"reader{number:05d}@bench.example.org", cadence=cadence, now=now
            )
            assert subscription_id is not None
            subscriptions_store.update_subscription(
                connection, subscription_id=subscription_id, now=now, status=SubscriptionStatus.ACTIVE, confirmed_at=now
            )
            topics = [make_topic(TopicKind.KEYWORD, word) for word in rng.sample(KEYWORDS, rng.randint(1, 2))]
            if rng.random() < 0.5:
                topics.append(make_topic(TopicKind.CATEGORY, rng.choice(CATEGORIES)))
            if rng.random() < 0.3:
                topics.append(make_topic(TopicKind.AUTHOR, rng.choice(authors)))
            subscriptions_store.replace_topics(connection, subscription_id=subscription_id, topics=topics)


def make_members(db: Database, *, upvotes: int = 30) -> None:
    """Every subscriber becomes a member with `upvotes` upvotes among the papers listed before the digests'
    month; every other one also follows an author of the period."""
    rng = random.Random(25)
    now = datetime.now(UTC)
    with db.reading() as connection:
        earlier = (
            connection.execute(text("SELECT paper_id FROM daily_entries WHERE day < '2026-08-01'")).scalars().all()
        )
        recent = (
            connection.execute(text("SELECT paper_id FROM daily_entries WHERE day >= '2026-08-10'")).scalars().all()
        )
        authors = sorted({name for names in load_authors(connection, paper_ids=recent).values() for name in names})
        readers = connection.execute(select(subscriptions.c.id, subscriptions.c.email)).all()
    with db.transaction() as connection:
        rows = [{"email": email, "username": f"m{sid}", "created_at": now, "updated_at": now} for sid, email in readers]
        connection.execute(insert(users), rows)
        user_ids = {email: user_id for email, user_id in connection.execute(select(users.c.email, users.c.id))}
        connection.execute(
            update(subscriptions).where(subscriptions.c.id == bindparam("sid")).values(user_id=bindparam("uid")),
            [{"sid": sid, "uid": user_ids[email]} for sid, email in readers],
        )
        connection.execute(
            insert(votes),
            [
                {"paper_id": paper_id, "user_id": user_id, "created_at": now}
                for user_id in user_ids.values()
                for paper_id in rng.sample(earlier, upvotes)
            ],
        )
        followed = [rng.choice(authors) for _ in range(len(user_ids) // 2)]
        connection.execute(
            insert(follows),
            [
                {"user_id": user_id, "kind": "author", "target": author_key(name), "label": name, "created_at": now}
                for user_id, name in zip(list(user_ids.values())[::2], followed, strict=False)
            ],
        )


def sample_message(db: Database, options: DigestOptions) -> bytes:
    """One real weekly digest (the largest kind), rendered without touching the ledger: the baseline's message."""
    period = next(period for period in due_periods(send_date=SEND_DATE) if period.cadence is Cadence.WEEKLY)
    plans, _ = next(plan_period_digests(db, period=period, now=datetime.now(UTC), batch_size=1, model=options.model))
    plan = plans[0]
    with db.reading() as connection:
        papers = list_papers_by_ids(connection, paper_ids=[pick.paper_id for pick in plan.picks])
    digest = QueuedDigest(
        id=0,
        subscription_id=plan.subscription.id,
        email=plan.subscription.email,
        cadence=period.cadence,
        send_date=period.send_date,
        period_start=period.start,
        period_end=period.end,
        message_id="<baseline@bench.example.org>",
        attempt_count=0,
        picks=tuple(plan.picks),
    )
    message = options.renderer.render(digest, papers={paper.id: paper for paper in papers})
    return message_bytes(message, from_address=FROM, now=datetime.now(UTC))


def baseline(port: int, message: bytes, count: int) -> float:
    """Raw smtplib: the same bytes `count` times over one connection; returns emails/s."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for number in range(count):
            client.sendmail(envelope_sender(FROM), [f"reader{number:05d}@bench.example.org"], message)
    return count / (time.perf_counter() - started)


def measure(url: str, subscribers: int, port: int, counter: Any, *, personal: bool, workdir: Path) -> None:
    db = fresh_database(url)
    started = time.perf_counter()
    seed(db, subscribers)
    model = None
    if personal:
        make_members(db)
        indexes = SearchIndexes.open(model_dir=None, data_dir=workdir / db.engine.dialect.name)
        load_embeddings(db, indexes, path=DEMO.parent / "embeddings.npz")
        model = indexes.model
    seeded = time.perf_counter() - started
    kind = "members with upvotes and follows" if personal else "subscribers with topics"
    print(f"{db.engine.dialect.name}: seeded {subscribers:,} {kind} in {seeded:.1f} s")
    settings = Settings(_env_file=None, email_from=FROM, base_url="https://bench.example.org")  # type: ignore[call-arg]
    options = DigestOptions.from_settings(settings, links=EmailLinks.from_settings(settings), model=model)
    message = sample_message(db, options)
    rate = baseline(port, message, subscribers)
    print(f"  baseline: raw smtplib, one fixed {len(message):,}-byte digest x {subscribers:,}: {rate:,.0f} emails/s")

    counter.value = 0
    sender = SmtpSender(parse_smtp_url(f"smtp://127.0.0.1:{port}", timeout=30), from_address=FROM)
    holder = make_holder_name()
    # The two phases of services.digests.run_digests, timed apart.
    with hold_lease(db, name=SENDING_LEASE, holder=holder, ttl=timedelta(seconds=60)) as lease:
        started = time.perf_counter()
        created = sum(
            create_period_digests(
                db, period=period, now=datetime.now(UTC), message_domain="bench.example.org", model=model
            ).created
            for period in due_periods(send_date=SEND_DATE)
        )
        built = time.perf_counter() - started
        report = send_due_digests(
            db,
            sender,
            options.renderer,
            holder=holder,
            clock=lambda: datetime.now(UTC),
            bounce_limit=3,
            still_held=lease.still_held,
        )
        total = time.perf_counter() - started
    assert report.sent == created == counter.value, (report, created, counter.value)
    print(f"  build: {created:,} digests in {built:.1f} s ({created / built:,.0f}/s)")
    print(f"  send:  {report.sent:,} emails in {total - built:.1f} s ({report.sent / (total - built):,.0f} emails/s)")
    speed = report.sent / total
    print(f"  end to end: {total:.1f} s, {speed:,.0f} emails/s ({speed / rate:.2f}x the baseline)")
    db.engine.dispose()


def personal(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    return {"personal": args.personal, "workdir": workdir}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--personal", action="store_true", help="subscribers are members with For you signals")
    parser.add_argument("--postgres", help="also run against this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    port = free_port()
    counter = multiprocessing.Value("i", 0)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve_smtp, args=(port, counter, ready), daemon=True)
    server.start()
    ready.wait(10)
    try:
        with tempfile.TemporaryDirectory() as directory:
            workdir = Path(directory)
            measure(f"sqlite:///{directory}/bench.sqlite3", args.subscribers, port, counter, **personal(args, workdir))
            if args.postgres:
                measure(args.postgres, args.subscribers, port, counter, **personal(args, workdir))
    finally:
        server.terminate()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
