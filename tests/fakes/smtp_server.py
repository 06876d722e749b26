"""A real SMTP server on loopback (aiosmtpd's Controller) that keeps what it accepts, with scriptable replies.

`mailbox.refuse(address, "550 5.1.1 no such user")` answers that address's RCPT so. Hooks run at each step of a
conversation (the crash tests kill the sending process from them): `on_ehlo(n)` at the n-th greeting, `on_mail(n)`
at the n-th MAIL FROM, `on_data(n, recipient)` before the n-th message is accepted.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    to: str
    message_id: str
    subject: str
    message: EmailMessage


# What on_data may answer: None accepts the message; a reply string refuses it; "keep: <reply>" keeps it, then
# answers <reply> (a server that accepted the message whose client never heard so).
DataHook = Callable[[int, str], str | None]


class Mailbox:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.replies: dict[str, str] = {}
        self.on_data: DataHook | None = None
        self.on_ehlo: Callable[[int], None] | None = None
        self.on_mail: Callable[[int], None] | None = None
        self.data_count = 0
        self.mail_count = 0
        self.sessions = 0  # EHLO greetings: one per connection
        self._lock = threading.Lock()

    def refuse(self, address: str, reply: str) -> None:
        self.replies[address] = reply

    def addressed_to(self, address: str) -> list[Received]:
        with self._lock:
            return [message for message in self.received if message.to == address]

    def reset_counts(self) -> None:
        """Count greetings, MAILs and messages from zero again (the received messages stay)."""
        with self._lock:
            self.sessions = self.mail_count = self.data_count = 0

    def count_by_recipient(self) -> Counter[str]:
        with self._lock:
            return Counter(message.to for message in self.received)

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
            number = self.sessions
        if self.on_ehlo:
            self.on_ehlo(number)
        return responses

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        with self._lock:
            self.mail_count += 1
            number = self.mail_count
        if self.on_mail:
            self.on_mail(number)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        reply = self.replies.get(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.data_count += 1
            number = self.data_count
        answer = self.on_data(number, envelope.rcpt_tos[0]) if self.on_data else None
        keep = answer is None or answer.startswith("keep:")
        if keep:
            # Stored with "\n" line ends, as a mailbox on disk keeps them.
            content = envelope.content.replace(b"\r\n", b"\n")
            parsed = email.message_from_bytes(content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            with self._lock:
                for address in envelope.rcpt_tos:
                    self.received.append(Received(address, str(parsed["Message-ID"]), str(parsed["Subject"]), parsed))
        if answer is None:
            return "250 2.0.0 Message accepted for delivery"
        return answer.removeprefix("keep:").strip()


@dataclass
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_smtp_server(mailbox: Mailbox, **controller_options: Any) -> tuple[Controller, SmtpServer]:
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **controller_options)
    controller.start()
    return controller, SmtpServer("127.0.0.1", port, mailbox)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on loopback for this test; `smtp_server.mailbox` holds what it accepted."""
    controller, server = start_smtp_server(Mailbox())
    try:
        yield server
    finally:
        controller.stop()
