"""Reading the file sender's outbox folder back: a listing of its .eml files and one message's parts."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage
from email.parser import BytesHeaderParser
from pathlib import Path

# The names FileSender gives; anything else in the folder is not ours to show (and no path can sneak in).
OUTBOX_NAME = re.compile(r"[0-9]{8}T[0-9]{12}-[0-9a-f]{8}\.eml")
SHOWN_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    name: str
    to: str
    subject: str
    date: str


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    name: str
    headers: tuple[tuple[str, str], ...]
    text: str | None
    html: str | None


def list_outbox(folder: Path, *, offset: int, limit: int) -> tuple[list[OutboxEntry], int]:
    """A page of the outbox, newest first, and how many messages it holds."""
    names = sorted((path.name for path in _files(folder)), reverse=True)
    parser = BytesHeaderParser(policy=email.policy.default)
    entries = []
    for name in names[offset : offset + limit]:
        with (folder / name).open("rb") as file:
            headers = parser.parse(file)
        entries.append(
            OutboxEntry(name, str(headers["To"] or ""), str(headers["Subject"] or ""), str(headers["Date"] or ""))
        )
    return entries, len(names)


def read_outbox_message(folder: Path, *, name: str) -> OutboxMessage | None:
    if not OUTBOX_NAME.fullmatch(name) or not (folder / name).is_file():
        return None
    parsed = email.message_from_bytes((folder / name).read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, MimeMessage)  # the default policy makes EmailMessage objects
    headers = tuple((header, str(parsed[header])) for header in SHOWN_HEADERS if parsed[header] is not None)
    return OutboxMessage(name, headers, _part(parsed, "plain"), _part(parsed, "html"))


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if OUTBOX_NAME.fullmatch(path.name)]


def _part(message: MimeMessage, subtype: str) -> str | None:
    body = message.get_body((subtype,))
    if body is None:
        return None
    content = body.get_content()
    return content if isinstance(content, str) else None
