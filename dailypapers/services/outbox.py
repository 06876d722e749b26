"""Reading the outbox of the file email backend, for the admin page."""

from __future__ import annotations

from pathlib import Path

from dailypapers.email import outbox as outbox_files
from dailypapers.email.outbox import OutboxEntry, OutboxMessage


def list_outbox(folder: Path, *, offset: int, limit: int) -> tuple[list[OutboxEntry], int]:
    """A page of messages, newest first, and how many there are."""
    return outbox_files.list_outbox(folder, offset=offset, limit=limit)


def get_outbox_message(folder: Path, *, name: str) -> OutboxMessage | None:
    return outbox_files.read_outbox_message(folder, name=name)
