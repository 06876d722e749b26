"""The digest jobs: thin wrappers over services.digests."""

from __future__ import annotations

from dailypapers.domain.schedules import DailyAt
from dailypapers.services.container import Services
from dailypapers.services.digests import (
    DigestOptions,
    describe_run_report,
    describe_send_report,
    local_date,
    run_digests,
    send_waiting_digests,
)


def send_todays_digests(services: Services) -> str:
    """Create the digests of the latest digest hour's date (daily on weekdays, weekly on Mondays) and send every
    digest due. Before the hour that is yesterday's date: a late or manual run finishes that day, it does not
    start today's early."""
    options = DigestOptions.from_settings(services.settings, links=services.email_links, model=services.search.model)
    slot = DailyAt(hour=services.settings.digest_hour, zone=options.zone).latest_slot(services.clock())
    report = run_digests(
        services.db,
        services.mailer,
        options,
        send_date=local_date(slot, options.zone),
        clock=services.clock,
        wait=options.lease_ttl,
    )
    return describe_run_report(report)


def retry_digests(services: Services) -> str:
    """Send digests waiting for a retry, or left behind by a run that stopped."""
    options = DigestOptions.from_settings(services.settings, links=services.email_links, model=services.search.model)
    report = send_waiting_digests(services.db, services.mailer, options, clock=services.clock, wait=options.lease_ttl)
    return describe_send_report(report)
