"""What a job receives: the database, the settings, a mailer and the clock, made once by the worker or the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.services.mail import Mailer
from dailypapers.settings import Settings


@dataclass(frozen=True, slots=True)
class JobContext:
    db: Database
    settings: Settings
    mailer: Mailer
    clock: Clock = utc_now
