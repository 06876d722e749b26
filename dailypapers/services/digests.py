"""The digest run: under the digest-sending lease, create the day's digests, then send what is due.

`dailypapers digest send`, the worker's digest jobs and tests all come through here. Only one run sends at a
time (the lease), which is what lets a run take over digests a crashed run left in doubt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.digest_periods import DigestPeriod, due_periods
from dailypapers.domain.subscriptions import Cadence
from dailypapers.email.mime import sender_domain
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.services.digest_building import BuildReport, create_period_digests, plan_period_digests
from dailypapers.services.digest_email import DigestRenderer
from dailypapers.services.digest_sending import SendReport, send_due_digests
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.leases import HeldLease, hold_lease, make_holder_name
from dailypapers.services.mail import Mailer
from dailypapers.settings import Settings
from dailypapers.store import digests as digests_store

log = logging.getLogger(__name__)
SENDING_LEASE = "digest-sending"


@dataclass(frozen=True, slots=True)
class DigestOptions:
    renderer: DigestRenderer
    message_domain: str
    bounce_limit: int
    lease_ttl: timedelta
    zone: ZoneInfo
    # Whose stored embeddings members' For you picks read (Services.search.model); None: topics only.
    model: EmbeddingModel | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, *, links: EmailLinks, model: EmbeddingModel | None = None
    ) -> DigestOptions:
        """The options in effect; `links` is the process's signer of email links (Services.email_links), `model`
        its search model (Services.search.model)."""
        renderer = DigestRenderer(
            links=links,
            site_name=settings.site_name,
            from_address=settings.email_from,
            unsubscribe_address=settings.email_unsubscribe_address,
        )
        return cls(
            renderer=renderer,
            message_domain=sender_domain(settings.email_from) or "localhost",
            bounce_limit=settings.email_bounce_limit,
            lease_ttl=timedelta(seconds=settings.job_lease_seconds),
            zone=settings.zone,
            model=model,
        )


@dataclass(frozen=True, slots=True)
class PlannedPeriod:
    period: DigestPeriod
    digests: int
    empty: int


@dataclass
class DigestRunReport:
    send_date: date
    built: list[BuildReport] = field(default_factory=list)
    planned: list[PlannedPeriod] = field(default_factory=list)  # dry runs
    waiting: int = 0  # dry runs: digests already queued and due
    sent: SendReport | None = None


def local_date(now: datetime, zone: ZoneInfo) -> date:
    """The date digests are for at `now`, in the site's time zone."""
    return now.astimezone(zone).date()


def run_digests(
    db: Database,
    mailer: Mailer,
    options: DigestOptions,
    *,
    send_date: date,
    cadences: tuple[Cadence, ...] = tuple(Cadence),
    dry_run: bool = False,
    clock: Clock = utc_now,
    wait: timedelta = timedelta(0),
) -> DigestRunReport:
    """Create the digests due on `send_date` and send everything due. A dry run writes and sends nothing."""
    report = DigestRunReport(send_date)
    periods = due_periods(send_date=send_date, cadences=cadences)
    if dry_run:
        for period in periods:
            counts = [
                (len(plans), empty)
                for plans, empty in plan_period_digests(db, period=period, now=clock(), model=options.model)
            ]
            report.planned.append(PlannedPeriod(period, sum(c[0] for c in counts), sum(c[1] for c in counts)))
        with db.reading() as connection:
            report.waiting = digests_store.count_sendable_digests(connection, now=clock())
        return report
    holder = make_holder_name()
    with hold_lease(db, name=SENDING_LEASE, holder=holder, ttl=options.lease_ttl, wait=wait) as lease:
        for period in periods:
            report.built.append(
                create_period_digests(
                    db, period=period, now=clock(), message_domain=options.message_domain, model=options.model
                )
            )
        report.sent = _send_due(db, mailer, options, holder=holder, clock=clock, lease=lease)
    _log_sent(report.sent)
    return report


def send_waiting_digests(
    db: Database, mailer: Mailer, options: DigestOptions, *, clock: Clock = utc_now, wait: timedelta = timedelta(0)
) -> SendReport:
    """Send digests waiting to be retried, or left by a run that stopped; creates none."""
    holder = make_holder_name()
    with hold_lease(db, name=SENDING_LEASE, holder=holder, ttl=options.lease_ttl, wait=wait) as lease:
        report = _send_due(db, mailer, options, holder=holder, clock=clock, lease=lease)
    _log_sent(report)
    return report


def _send_due(
    db: Database, mailer: Mailer, options: DigestOptions, *, holder: str, clock: Clock, lease: HeldLease
) -> SendReport:
    return send_due_digests(
        db,
        mailer.sender,
        options.renderer,
        holder=holder,
        clock=clock,
        bounce_limit=options.bounce_limit,
        still_held=lease.still_held,
    )


def describe_run_report(report: DigestRunReport) -> str:
    """One line for the log and the CLI: what was created per period, and what was sent."""
    parts = [
        f"{built.period.key}: {built.created} created" + (f", {built.empty} with nothing new" if built.empty else "")
        for built in report.built
    ]
    parts += [
        f"{planned.period.key}: {planned.digests} would be created"
        + (f", {planned.empty} with nothing new" if planned.empty else "")
        for planned in report.planned
    ]
    if not report.built and not report.planned:
        parts.append(f"no digests are due on {report.send_date:%A %Y-%m-%d}")
    if report.sent is not None:
        parts.append(describe_send_report(report.sent))
    elif report.planned:
        parts.append(f"{report.waiting} queued digests would be sent")
    return "; ".join(parts)


def describe_send_report(report: SendReport) -> str:
    parts = [f"{report.sent} sent", f"{report.deferred} deferred", f"{report.failed} failed"]
    parts += [
        f"{count} {label}"
        for count, label in (
            (report.suspended, "addresses suspended"),
            (report.cancelled, "cancelled"),
            (report.resent_in_doubt, "resent after a stopped run"),
        )
        if count
    ]
    summary = ", ".join(parts)
    return f"{summary}; stopped early: {report.stopped}" if report.stopped else summary


def _log_sent(report: SendReport) -> None:
    log.info("digests: %s", describe_send_report(report))
