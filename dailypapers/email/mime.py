"""Turning an `OutgoingEmail` into the bytes of a MIME message: text, with an HTML alternative when there is one.

Written out directly rather than through `email.message`: its generator turns every header into a Header object
to fold it, which made it most of the cost of a digest run that builds ten thousand messages. The output is plain
RFC 5322 / 2045 (tests read it back with the standard parser). A part that is ASCII with lines of at most 998
characters goes as 7bit (HTML is made ASCII with character references); any other goes as UTF-8 in base64.
Header values are folded onto one line first, so no template or subscriber input can add a header.
"""

from __future__ import annotations

import base64
import email.utils
import re
import secrets
from datetime import datetime

from dailypapers.email.message import OutgoingEmail

MAX_LINE = 998  # RFC 5321: SMTP lines, CRLF excluded
ENCODED_WORD_BYTES = 45  # base64 of 45 bytes is 60 characters: with "=?utf-8?b?" and "?=", 72 of the 75 allowed
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def message_bytes(message: OutgoingEmail, *, from_address: str, now: datetime, linesep: str = "\r\n") -> bytes:
    """The message as it goes over the wire (CRLF); .eml files take the platform's "\\n" instead."""
    name, address = email.utils.parseaddr(from_address)
    headers = [
        ("From", email.utils.formataddr((_one_line(name), address), charset="utf-8")),
        ("To", message.to),
        ("Subject", message.subject),
        ("Date", email.utils.format_datetime(now)),
        ("Message-ID", message.message_id or email.utils.make_msgid(domain=sender_domain(from_address) or None)),
        *message.headers.items(),
        ("MIME-Version", "1.0"),
    ]
    lines = [_header_line(header, value, linesep) for header, value in headers]
    if message.html is None:
        lines += _part(message.text, "plain")
    else:
        boundary = f"=_{secrets.token_hex(16)}"
        html = message.html.encode("ascii", "xmlcharrefreplace").decode("ascii")
        lines += [f'Content-Type: multipart/alternative; boundary="{boundary}"', ""]
        for content, subtype in ((message.text, "plain"), (html, "html")):
            lines += [f"--{boundary}", *_part(content, subtype)]
        lines += [f"--{boundary}--", ""]
    return linesep.join(lines).encode("ascii")


def sender_domain(from_address: str) -> str:
    """The domain of a From address (`Papers <noreply@papers.test>` -> `papers.test`), or "" when it has none."""
    _, address = email.utils.parseaddr(from_address)
    return address.rpartition("@")[2]


def envelope_sender(from_address: str) -> str:
    """The bare address SMTP's MAIL FROM takes (where bounces go)."""
    return email.utils.parseaddr(from_address)[1]


def _part(content: str, subtype: str) -> list[str]:
    """A body part's header lines, a blank line and its body lines."""
    lines = _LINE_BREAK.split(content)
    if content.isascii() and all(len(line) <= MAX_LINE for line in lines):
        return [f'Content-Type: text/{subtype}; charset="us-ascii"', "Content-Transfer-Encoding: 7bit", "", *lines]
    encoded = base64.encodebytes("\n".join(lines).encode("utf-8")).decode("ascii").splitlines()
    return [f'Content-Type: text/{subtype}; charset="utf-8"', "Content-Transfer-Encoding: base64", "", *encoded, ""]


def _header_line(name: str, value: str, linesep: str) -> str:
    value = _one_line(value)
    if not value.isascii():
        value = (linesep + " ").join(_encoded_words(value))
    return f"{name}: {value}"


def _encoded_words(value: str) -> list[str]:
    """RFC 2047 "B" words of at most 75 characters, each holding whole UTF-8 characters."""
    chunks: list[str] = []
    chunk: list[str] = []
    size = 0
    for char in value:
        width = len(char.encode())
        if size + width > ENCODED_WORD_BYTES:
            chunks.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += width
    chunks.append("".join(chunk))
    return [f"=?utf-8?b?{base64.b64encode(part.encode()).decode('ascii')}?=" for part in chunks]


def _one_line(value: str) -> str:
    return " ".join(value.split())
