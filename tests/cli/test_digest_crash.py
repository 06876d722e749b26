"""Exactly once under kill -9: `dailypapers digest send` runs as a real process against a real SMTP server on
loopback, is killed at several points of a run, and is run again until it finishes. Then every due subscriber
holds exactly one digest for the period.

The one thing SMTP cannot promise is shown too: a process killed after the server accepted a message but before
it heard the "250" leaves that digest in doubt; the next run resends it with the same Message-ID, so that one
recipient holds two copies of one message, which mail systems can recognise as one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import digests, subscriptions
from dailypapers.domain.subscriptions import Cadence, SubscriptionStatus
from dailypapers.store import subscriptions as subscriptions_store
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.paper_writes import raise_imported_counts, upsert_papers
from tests.factories import make_record
from tests.fakes.smtp_server import SmtpServer

SUBSCRIBERS = 30
NOW = datetime(2025, 6, 12, 7, tzinfo=UTC)


def fill_database(engine: Engine) -> list[str]:
    """Papers on Wednesday's list and confirmed daily subscribers; returns their addresses."""
    records = [make_record() for _ in range(12)]
    addresses = [f"reader{number:02d}@example.org" for number in range(SUBSCRIBERS)]
    with Database(engine).transaction() as connection:
        ids = upsert_papers(connection, records, now=NOW).paper_ids
        raise_imported_counts(
            connection, counts={ids[record.arxiv_id]: (50 - n, 0) for n, record in enumerate(records)}
        )
        add_daily_entries(connection, entries=[(date(2025, 6, 11), ids[r.arxiv_id], NOW, None) for r in records])
        for address in addresses:
            subscription_id = subscriptions_store.insert_subscription(
                connection, email=address, cadence=Cadence.DAILY, now=NOW
            )
            assert subscription_id is not None
            subscriptions_store.update_subscription(
                connection, subscription_id=subscription_id, now=NOW, status=SubscriptionStatus.ACTIVE
            )
    return addresses


def start_send(engine: Engine, server: SmtpServer, directory: Path) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DAILYPAPERS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "DAILYPAPERS_DATA_DIR": str(directory),
        "DAILYPAPERS_EMAIL_BACKEND": "smtp",
        "DAILYPAPERS_SMTP_URL": server.url,
        "DAILYPAPERS_SMTP_TIMEOUT": "10",
        "DAILYPAPERS_JOB_LEASE_SECONDS": "1",  # a killed run's lease lapses within a second
    }
    command = [sys.executable, "-m", "dailypapers", "digest", "send", "--date", "2025-06-12"]
    return subprocess.Popen(command, env=environment, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_runs_and_a_rerun_leave_each_subscriber_exactly_one_digest(
    committed_engine: Engine, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    addresses = fill_database(committed_engine)
    mailbox = smtp_server.mailbox
    process: subprocess.Popen[bytes] | None = None

    def kill(*_: object) -> None:
        assert process is not None
        os.kill(process.pid, signal.SIGKILL)

    # Each run is killed at a different point, counted from the start of that run's SMTP conversation.
    crashes = [
        ("before the first message (all digests created)", "ehlo", 1, None),
        ("after the server kept message 4, before the client heard", "data", 4, "keep: 250 2.0.0 accepted"),
        ("while message 3 was being handed over, not kept", "data", 3, "451 4.3.0 shutting down"),
        ("between two messages, at MAIL FROM of message 5", "mail", 5, None),
    ]
    window_victim: str | None = None
    for _label, step, at, answer in crashes:
        mailbox.reset_counts()
        mailbox.on_ehlo = (lambda n, at=at: kill() if n == at else None) if step == "ehlo" else None
        mailbox.on_mail = (lambda n, at=at: kill() if n == at else None) if step == "mail" else None
        if step == "data":

            def on_data(n: int, recipient: str, at: int = at, answer: str | None = answer) -> str | None:
                nonlocal window_victim
                if n != at:
                    return None
                if answer and answer.startswith("keep:"):
                    window_victim = recipient
                kill()
                return answer

            mailbox.on_data = on_data
        else:
            mailbox.on_data = None
        process = start_send(committed_engine, smtp_server, tmp_path)
        assert process.wait(timeout=60) == -signal.SIGKILL, process.stderr.read() if process.stderr else ""

    mailbox.on_ehlo = mailbox.on_mail = mailbox.on_data = None
    process = start_send(committed_engine, smtp_server, tmp_path)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert b"left in doubt" in stderr  # the rerun says what it resent and why

    with committed_engine.connect() as connection:
        rows = connection.execute(
            select(subscriptions.c.email, digests.c.status, digests.c.message_id).join(
                digests, digests.c.subscription_id == subscriptions.c.id
            )
        ).all()
    assert sorted(email for email, _, _ in rows) == addresses  # one digest row per subscriber, none missing
    assert {status for _, status, _ in rows} == {"sent"}
    message_ids = {email: message_id for email, _, message_id in rows}
    counts = mailbox.count_by_recipient()
    assert window_victim is not None
    for address in addresses:
        received = mailbox.addressed_to(address)
        assert {message.message_id for message in received} == {message_ids[address]}, address
        assert len(received) == (2 if address == window_victim else 1), (address, counts[address])
