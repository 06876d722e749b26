"""Senders: the one interface the site sends email through, and the console, file and memory implementations.

`DAILYPAPERS_EMAIL_BACKEND` picks one (`create_sender`); the SMTP sender (email/smtp.py) joins them behind the same
protocol. `batch()` is for many messages in a row: SMTP sends them over one connection, the others just send.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from dailypapers.domain.clock import Clock, utc_now
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.mime import message_bytes
from dailypapers.email.smtp import SmtpSender, parse_smtp_url


class Batch(Protocol):
    def send(self, message: OutgoingEmail) -> None:
        """Deliver one message, or raise (email.failures says how it failed, when the sender can tell)."""


class Sender(Protocol):
    def send(self, message: OutgoingEmail) -> None:
        """Deliver one message, or raise."""

    def batch(self) -> AbstractContextManager[Batch]:
        """Something to send many messages through, released at the end of the `with` block."""


@contextmanager
def _itself(sender: Batch) -> Iterator[Batch]:
    yield sender


class ConsoleSender:
    """Prints each message's headers and text part: for development and single-operator set-ups."""

    def __init__(self, *, from_address: str, stream: TextIO | None = None) -> None:
        self.from_address = from_address
        self.stream = stream

    def send(self, message: OutgoingEmail) -> None:
        # Looked up at send time, so that a redirected sys.stdout (tests, the CLI runner) receives it.
        stream = self.stream or sys.stdout
        rule = "-" * 72
        stream.write(f"{rule}\nFrom: {self.from_address}\nTo: {message.to}\nSubject: {message.subject}\n\n")
        stream.write(message.text.rstrip("\n") + f"\n{rule}\n")
        stream.flush()

    def batch(self) -> AbstractContextManager[Batch]:
        return _itself(self)


class FileSender:
    """Writes each message as an .eml file into an outbox folder, where a mail client or a test can open it."""

    def __init__(self, *, from_address: str, outbox: Path, clock: Clock = utc_now) -> None:
        self.from_address = from_address
        self.outbox = outbox
        self.clock = clock

    def send(self, message: OutgoingEmail) -> None:
        now = self.clock()
        self.outbox.mkdir(parents=True, exist_ok=True)
        # Time first, so a listing sorts in sending order; the random part keeps same-instant names apart.
        name = f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        partial = self.outbox / f".{name}.part"
        partial.write_bytes(message_bytes(message, from_address=self.from_address, now=now, linesep="\n"))
        partial.rename(self.outbox / name)  # a reader never sees half a message

    def batch(self) -> AbstractContextManager[Batch]:
        return _itself(self)


class MemorySender:
    """Keeps messages in a list: what tests hand the app to read what it sent."""

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []

    def send(self, message: OutgoingEmail) -> None:
        self.sent.append(message)

    def batch(self) -> AbstractContextManager[Batch]:
        return _itself(self)


def create_sender(
    backend: str, *, from_address: str, outbox: Path, smtp_url: str = "", smtp_timeout: float = 30.0
) -> Sender:
    if backend == "console":
        return ConsoleSender(from_address=from_address)
    if backend == "file":
        return FileSender(from_address=from_address, outbox=outbox)
    if backend == "smtp":
        if not smtp_url:
            raise ValueError(
                "the smtp email backend needs DAILYPAPERS_SMTP_URL, e.g. smtp://user:pass@host:587?starttls=1"
            )
        return SmtpSender(parse_smtp_url(smtp_url, timeout=smtp_timeout), from_address=from_address)
    raise ValueError(f"unknown email backend {backend!r}: use console, file or smtp")
