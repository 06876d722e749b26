"""Turning an `EmailMessage` into a standard MIME message: text, with an HTML alternative when there is one."""

from __future__ import annotations

import email.message
import email.utils
from datetime import datetime

from dailypapers.email.message import EmailMessage


def build_mime(message: EmailMessage, *, from_address: str, now: datetime) -> email.message.EmailMessage:
    mime = email.message.EmailMessage()
    mime["From"] = from_address
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = email.utils.format_datetime(now)
    _, address = email.utils.parseaddr(from_address)
    mime["Message-ID"] = email.utils.make_msgid(domain=address.rpartition("@")[2] or None)
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    if message.html is not None:
        mime.add_alternative(message.html, subtype="html")
    return mime
