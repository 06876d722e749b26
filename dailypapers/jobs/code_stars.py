"""The stars of papers' GitHub repositories, refreshed every DAILYPAPERS_CODE_REFRESH_HOURS."""

from __future__ import annotations

from datetime import timedelta

from dailypapers.services.code_stars import refresh_stars
from dailypapers.services.container import Services


def refresh_code_stars(services: Services) -> str:
    # Those checked within the last half period are left for the next run: a run that stopped early is resumed,
    # not repeated.
    half_period = timedelta(hours=services.settings.code_refresh_hours / 2)
    report = refresh_stars(
        services.db, services.github, checked_before=services.clock() - half_period, clock=services.clock
    )
    return report.summary()
