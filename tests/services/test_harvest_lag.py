"""Harvest lag for /metrics: from the day the most behind set is harvested through."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dailypapers.db.engine import Database
from dailypapers.services.harvest_lag import get_harvest_lag_seconds
from dailypapers.store.harvest_writes import finish_harvest_run, start_harvest_run

NOW = datetime(2026, 7, 3, 6, 0, tzinfo=UTC)


def test_no_harvest_yet_has_no_lag(db: Database) -> None:
    assert get_harvest_lag_seconds(db, now=NOW) is None


def test_a_set_started_but_never_finished_has_no_lag_of_its_own(db: Database) -> None:
    with db.transaction() as connection:
        start_harvest_run(connection, set_spec="cs", run_from=date(2026, 7, 1), run_until=None, now=NOW)
    assert get_harvest_lag_seconds(db, now=NOW) is None


def test_the_most_behind_set_sets_the_lag(db: Database) -> None:
    with db.transaction() as connection:
        for set_spec, through in (("cs", date(2026, 7, 2)), ("stat", date(2026, 7, 1))):
            start_harvest_run(connection, set_spec=set_spec, run_from=None, run_until=None, now=NOW)
            finish_harvest_run(connection, set_spec=set_spec, harvested_through=through, now=NOW)
    assert get_harvest_lag_seconds(db, now=NOW) == (2 * 24 + 6) * 3600
