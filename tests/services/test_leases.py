"""Leases: one holder at a time, decided by the database even when contenders race; lapsed leases move on."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from dailypapers.db.engine import Database
from dailypapers.services.leases import LeaseUnavailable, hold_lease, release_lease, try_take_lease
from tests.factories import FakeClock

TTL = timedelta(seconds=30)


@pytest.fixture
def shared_db(committed_engine: Engine) -> Iterator[Database]:
    """A database that several threads reach through their own connections."""
    yield Database(committed_engine)


def test_one_holder_at_a_time_until_released(shared_db: Database, clock: FakeClock) -> None:
    assert try_take_lease(shared_db, name="job:x", holder="a", ttl=TTL, clock=clock)
    assert not try_take_lease(shared_db, name="job:x", holder="b", ttl=TTL, clock=clock)
    assert try_take_lease(shared_db, name="job:x", holder="a", ttl=TTL, clock=clock)  # a holder may take it again
    assert try_take_lease(shared_db, name="job:y", holder="b", ttl=TTL, clock=clock)  # another name is free
    release_lease(shared_db, name="job:x", holder="b")  # not b's to release
    assert not try_take_lease(shared_db, name="job:x", holder="b", ttl=TTL, clock=clock)
    release_lease(shared_db, name="job:x", holder="a")
    assert try_take_lease(shared_db, name="job:x", holder="b", ttl=TTL, clock=clock)


def test_a_lapsed_lease_goes_to_the_next_contender(shared_db: Database, clock: FakeClock) -> None:
    assert try_take_lease(shared_db, name="job:x", holder="crashed", ttl=TTL, clock=clock)
    clock.advance(seconds=29)
    assert not try_take_lease(shared_db, name="job:x", holder="b", ttl=TTL, clock=clock)
    clock.advance(seconds=1)
    assert try_take_lease(shared_db, name="job:x", holder="b", ttl=TTL, clock=clock)


def test_of_racing_contenders_exactly_one_wins(shared_db: Database) -> None:
    start = threading.Barrier(8)

    def contend(number: int) -> bool:
        start.wait()
        return try_take_lease(shared_db, name="job:race", holder=f"worker-{number}", ttl=TTL)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(contend, range(8)))
    assert outcomes.count(True) == 1


def test_a_held_lease_is_renewed_while_its_holder_works(shared_db: Database) -> None:
    ttl = timedelta(seconds=0.6)
    with hold_lease(shared_db, name="job:long", holder="a", ttl=ttl) as held:
        time.sleep(1.5)  # more than twice the ttl: only renewals keep it
        assert held.still_held()
        with (
            pytest.raises(LeaseUnavailable, match="held by a"),
            hold_lease(shared_db, name="job:long", holder="b", ttl=ttl),
        ):
            pass
    with hold_lease(shared_db, name="job:long", holder="b", ttl=ttl, wait=timedelta(seconds=1)):
        pass  # released at the end of the block: free at once
