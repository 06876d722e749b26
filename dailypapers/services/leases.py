"""Leases in use: hold one for the length of a `with` block, renewed in the background, released at the end.

A holder that dies stops renewing, and its lease lapses `ttl` later; the next contender then takes it over.
Hosts' clocks must agree to well within the ttl (NTP does).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.store import leases as leases_store
from dailypapers.store.leases import LeaseRow

log = logging.getLogger(__name__)
POLL_SECONDS = 0.25


class LeaseUnavailable(Exception):
    """Someone else holds the lease."""

    def __init__(self, name: str, *, holder: str | None, expires_at: datetime | None) -> None:
        until = f" until {expires_at:%Y-%m-%d %H:%M:%S} UTC unless renewed" if expires_at else ""
        super().__init__(f"{name} is held by {holder or 'another process'}{until}")
        self.holder = holder
        self.expires_at = expires_at


@dataclass
class HeldLease:
    name: str
    holder: str
    lost: threading.Event = field(default_factory=threading.Event)

    def still_held(self) -> bool:
        return not self.lost.is_set()


def make_holder_name() -> str:
    """Who holds a lease, as people reading `job list` need it: host, process, and a nonce for this holder."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(3)}"


def try_take_lease(db: Database, *, name: str, holder: str, ttl: timedelta, clock: Clock = utc_now) -> bool:
    now = clock()
    with db.transaction() as connection:
        return leases_store.take_lease(connection, name=name, holder=holder, now=now, expires_at=now + ttl)


def release_lease(db: Database, *, name: str, holder: str) -> None:
    with db.transaction() as connection:
        leases_store.release_lease(connection, name=name, holder=holder)


def list_leases(db: Database) -> list[LeaseRow]:
    with db.reading() as connection:
        return leases_store.list_leases(connection)


@contextmanager
def hold_lease(
    db: Database,
    *,
    name: str,
    holder: str,
    ttl: timedelta,
    wait: timedelta = timedelta(0),
    clock: Clock = utc_now,
) -> Iterator[HeldLease]:
    """Hold `name` for the block, waiting up to `wait` for it; LeaseUnavailable when it stays taken."""
    deadline = time.monotonic() + wait.total_seconds()
    while not try_take_lease(db, name=name, holder=holder, ttl=ttl, clock=clock):
        if time.monotonic() >= deadline:
            current = next((row for row in list_leases(db) if row.name == name), None)
            raise LeaseUnavailable(
                name, holder=current.holder if current else None, expires_at=current.expires_at if current else None
            )
        time.sleep(POLL_SECONDS)
    held = HeldLease(name, holder)
    stop = threading.Event()
    renewer = threading.Thread(
        target=_keep_renewing, args=(db, held, ttl, clock, stop), name=f"lease:{name}", daemon=True
    )
    renewer.start()
    try:
        yield held
    finally:
        stop.set()
        renewer.join()
        if held.still_held():
            release_lease(db, name=name, holder=holder)


def _keep_renewing(db: Database, held: HeldLease, ttl: timedelta, clock: Clock, stop: threading.Event) -> None:
    interval = ttl.total_seconds() / 3
    expires_at = clock() + ttl
    while not stop.wait(interval):
        now = clock()
        try:
            with db.transaction() as connection:
                renewed = leases_store.renew_lease(
                    connection, name=held.name, holder=held.holder, now=now, expires_at=now + ttl
                )
        except Exception:  # the database may be back before the lease runs out
            log.warning("could not renew lease %s; retrying", held.name, exc_info=True)
            renewed = now < expires_at
            if renewed:
                continue
        if not renewed:
            log.error("lease %s lapsed: another holder may take over; stopping", held.name)
            held.lost.set()
            return
        expires_at = now + ttl
