"""Turning an `EmailMessage` into a standard MIME message: text, with an HTML alternative when there is one."""

from __future__ import annotations

import email.message
import email.policy
import email.utils
from datetime import datetime

from dailypapers.email.message import EmailMessage


def build_mime(message: EmailMessage, *, from_address: str, now: datetime) -> email.message.EmailMessage:
    mime = email.message.EmailMessage()
    mime["From"] = from_address
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = email.utils.format_datetime(now)
    mime["Message-ID"] = message.message_id or email.utils.make_msgid(domain=sender_domain(from_address) or None)
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    if message.html is not None:
        mime.add_alternative(message.html, subtype="html")
    return mime


# CRLF line ends, as SMTP's DATA requires, and headers folded only past RFC 5322's 998 characters: folding a
# List-Unsubscribe of two long URLs at 78 would turn it into encoded words that mail clients do not read.
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998)


def message_bytes(mime: email.message.EmailMessage, *, linesep: str = "\r\n") -> bytes:
    """The message as it goes over the wire; .eml files take the platform's "\n" instead."""
    return mime.as_bytes(policy=WIRE_POLICY.clone(linesep=linesep))


def sender_domain(from_address: str) -> str:
    """The domain of a From address (`Papers <noreply@papers.test>` -> `papers.test`), or "" when it has none."""
    _, address = email.utils.parseaddr(from_address)
    return address.rpartition("@")[2]


def envelope_sender(from_address: str) -> str:
    """The bare address SMTP's MAIL FROM takes (where bounces go)."""
    return email.utils.parseaddr(from_address)[1]
