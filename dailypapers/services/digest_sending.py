"""Sending the ledger's pending digests over one connection, exactly once as far as SMTP allows.

Each digest goes pending -> sending -> sent (or back to pending after a temporary failure, or failed). The one
commit after the server's "250 accepted" both marks that digest sent and claims the next, so at any moment a run
has at most one digest in `sending`. A run killed with a digest in `sending` leaves it in doubt: the server may
have accepted it just before the kill. The next holder of the sending lease resends such digests with the same
Message-ID (receivers can drop the copy); every other digest is either marked sent or was never handed over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock
from dailypapers.domain.digests import DigestStatus, QueuedDigest, retry_delay, should_give_up
from dailypapers.domain.papers import Paper
from dailypapers.email.failures import PermanentFailure, TemporaryFailure
from dailypapers.email.senders import Batch, Sender
from dailypapers.services.digest_email import DigestRenderer
from dailypapers.store import digests as digests_store
from dailypapers.store import papers as papers_store
from dailypapers.store import subscriptions as subscriptions_store

log = logging.getLogger(__name__)
BATCH_SIZE = 200


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0  # temporary failures: tried again later
    failed: int = 0  # refused for good, or given up on
    suspended: int = 0  # addresses suspended after repeated bounces
    cancelled: int = 0  # queued for subscribers who stopped receiving
    resent_in_doubt: int = 0  # left in `sending` by a run that stopped: resent with their Message-ID
    stopped: str | None = None  # why the run ended early


@dataclass
class _Run:
    db: Database
    holder: str
    clock: Clock
    bounce_limit: int
    report: SendReport
    # The digest the server accepted last, marked sent in the same commit that claims the next one.
    accepted: QueuedDigest | None = None

    def claim(self, digest: QueuedDigest) -> bool:
        with self.db.transaction() as connection:
            self._mark_accepted(connection)
            return digests_store.start_sending(connection, digest_id=digest.id, holder=self.holder, now=self.clock())

    def flush(self) -> None:
        if self.accepted is not None:
            with self.db.transaction() as connection:
                self._mark_accepted(connection)

    def _mark_accepted(self, connection: Connection) -> None:
        digest, self.accepted = self.accepted, None
        if digest is None:
            return
        digests_store.finish_sending(
            connection, digest_id=digest.id, holder=self.holder, status=DigestStatus.SENT, now=self.clock()
        )
        if digest.bounce_count:
            subscriptions_store.clear_bounces(connection, subscription_id=digest.subscription_id)
        self.report.sent += 1


def send_due_digests(
    db: Database,
    sender: Sender,
    renderer: DigestRenderer,
    *,
    holder: str,
    clock: Clock,
    bounce_limit: int,
    still_held: Callable[[], bool] = lambda: True,
    batch_size: int = BATCH_SIZE,
) -> SendReport:
    """Send every pending digest whose time has come. The caller holds the digest-sending lease as `holder`."""
    report = SendReport()
    with db.transaction() as connection:
        in_doubt = digests_store.release_in_doubt(connection, holder=holder, now=clock())
        report.cancelled = digests_store.cancel_unreceived_digests(connection)
    if in_doubt:
        log.warning("resending %d digests a stopped run left in doubt (same Message-ID): %s", len(in_doubt), in_doubt)
    report.resent_in_doubt = len(in_doubt)
    with db.pinned() as pinned, _committing_without_waiting_for_disk(pinned), sender.batch() as batch:
        run = _Run(pinned, holder, clock, bounce_limit, report)
        papers: dict[int, Paper] = {}
        after_id = 0
        try:
            going = True
            while going:
                with pinned.reading() as connection:
                    queue = digests_store.list_sendable_digests(
                        connection, now=clock(), after_id=after_id, limit=batch_size
                    )
                    _load_papers(connection, queue, papers)
                after_id = queue[-1].id if queue else after_id
                going = bool(queue) and _deliver_all(run, batch, renderer, queue, papers, still_held)
        finally:
            run.flush()
    return report


@contextmanager
def _committing_without_waiting_for_disk(db: Database) -> Iterator[None]:
    with db.transaction() as connection:
        digests_store.commit_without_waiting_for_disk(connection, enabled=True)
    try:
        yield
    finally:
        with db.transaction() as connection:
            digests_store.commit_without_waiting_for_disk(connection, enabled=False)


def _deliver_all(
    run: _Run,
    batch: Batch,
    renderer: DigestRenderer,
    queue: list[QueuedDigest],
    papers: dict[int, Paper],
    still_held: Callable[[], bool],
) -> bool:
    """Deliver a page of the queue; False when the run must stop (server unreachable, lease lost)."""
    for digest in queue:
        if not still_held():
            run.report.stopped = "the sending lease was lost"
            return False
        _deliver(run, batch, renderer, digest, papers)
        if run.report.stopped is not None:
            return False
    return True


def _deliver(run: _Run, batch: Batch, renderer: DigestRenderer, digest: QueuedDigest, papers: dict[int, Paper]) -> None:
    if not run.claim(digest):
        return  # cancelled since it was listed
    try:
        message = renderer.render(digest, papers=papers)
    except Exception as error:  # a bug, to fix and see in the log; the other digests still go
        log.exception("digest %d could not be rendered", digest.id)
        _finish(run, digest, DigestStatus.FAILED, error=f"could not be rendered: {error!r}")
        run.report.failed += 1
        return
    try:
        batch.send(message)
    except PermanentFailure as failure:
        _bounce(run, digest, failure)
    except TemporaryFailure as failure:
        _defer(run, digest, failure)
    else:
        run.accepted = digest


def _bounce(run: _Run, digest: QueuedDigest, failure: PermanentFailure) -> None:
    now = run.clock()
    with run.db.transaction() as connection:
        digests_store.finish_sending(
            connection, digest_id=digest.id, holder=run.holder, status=DigestStatus.FAILED, now=now, error=str(failure)
        )
        suspended = subscriptions_store.record_bounce(
            connection, subscription_id=digest.subscription_id, now=now, limit=run.bounce_limit
        )
        if suspended:
            digests_store.cancel_unreceived_digests(connection, subscription_id=digest.subscription_id)
    run.report.failed += 1
    log.warning("digest %d to %s refused: %s", digest.id, digest.email, failure)
    if suspended:
        run.report.suspended += 1
        log.warning("%s suspended after %d bounces in a row", digest.email, run.bounce_limit)


def _defer(run: _Run, digest: QueuedDigest, failure: TemporaryFailure) -> None:
    attempts = digest.attempt_count + 1
    if should_give_up(attempt_count=attempts):
        _finish(run, digest, DigestStatus.FAILED, error=f"gave up after {attempts} tries: {failure}")
        run.report.failed += 1
    else:
        next_at = run.clock() + retry_delay(attempt_count=attempts)
        _finish(run, digest, DigestStatus.PENDING, error=str(failure), next_attempt_at=next_at)
        run.report.deferred += 1
        log.info("digest %d to %s deferred until %s: %s", digest.id, digest.email, f"{next_at:%H:%M}", failure)
    if failure.server_unreachable:
        run.report.stopped = str(failure)


def _finish(
    run: _Run, digest: QueuedDigest, status: DigestStatus, *, error: str, next_attempt_at: datetime | None = None
) -> None:
    with run.db.transaction() as connection:
        digests_store.finish_sending(
            connection,
            digest_id=digest.id,
            holder=run.holder,
            status=status,
            now=run.clock(),
            error=error,
            next_attempt_at=next_attempt_at,
        )


def _load_papers(connection: Connection, queue: list[QueuedDigest], papers: dict[int, Paper]) -> None:
    """Add the papers of these digests not loaded yet: most digests of a run share most of their papers."""
    missing = {pick.paper_id for digest in queue for pick in digest.picks} - papers.keys()
    if missing:
        papers.update(
            (paper.id, paper) for paper in papers_store.list_papers_by_ids(connection, paper_ids=list(missing))
        )
