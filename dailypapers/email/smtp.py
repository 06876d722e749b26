"""Sending through an SMTP server: plain, STARTTLS or implicit TLS, with optional authentication.

`DAILYPAPERS_SMTP_URL` says how: `smtp://user:pass@host:587?starttls=1`, `smtps://user:pass@host:465`,
`smtp://localhost:25`. A batch sends many messages over one connection, reconnecting once if it drops.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from dailypapers.domain.clock import Clock, utc_now
from dailypapers.email.failures import PermanentFailure, TemporaryFailure
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.mime import envelope_sender, message_bytes

Security = Literal["none", "starttls", "tls"]
_TRUE = {"1", "true", "yes", "on"}


class InvalidSmtpUrl(ValueError):
    """DAILYPAPERS_SMTP_URL cannot be understood."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    security: Security
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0


def parse_smtp_url(url: str, *, timeout: float = 30.0) -> SmtpConfig:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidSmtpUrl("use smtp://[user:password@]host[:port][?starttls=1] or smtps://... for implicit TLS")
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    security: Security = "tls" if parts.scheme == "smtps" else "none"
    if parts.scheme == "smtp" and query.get("starttls", "").lower() in _TRUE:
        security = "starttls"
    try:
        port = parts.port or (465 if security == "tls" else 587 if security == "starttls" else 25)
    except ValueError as error:
        raise InvalidSmtpUrl(f"the port is not a number: {error}") from None
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


class SmtpSender:
    """Sends each message over SMTP; `batch()` keeps one connection open for many."""

    def __init__(
        self,
        config: SmtpConfig,
        *,
        from_address: str,
        clock: Clock = utc_now,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self.from_address = from_address
        self.clock = clock
        self.ssl_context = ssl_context or ssl.create_default_context()

    def send(self, message: OutgoingEmail) -> None:
        with self.batch() as batch:
            batch.send(message)

    @contextmanager
    def batch(self) -> Iterator[SmtpBatch]:
        batch = SmtpBatch(self)
        try:
            yield batch
        finally:
            batch.close()

    def connect(self) -> smtplib.SMTP:
        """An open, greeted, secured and authenticated connection; TemporaryFailure when there is none to have."""
        config = self.config
        try:
            if config.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    config.host, config.port, timeout=config.timeout, context=self.ssl_context
                )
            else:
                client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            client.ehlo()
            if config.security == "starttls":
                client.starttls(context=self.ssl_context)
                client.ehlo()
            if config.username:
                client.login(config.username, config.password or "")
        except smtplib.SMTPAuthenticationError as error:
            # Wrong credentials stay wrong, but the fix is the operator's: keep the digests for after it.
            raise TemporaryFailure(
                f"SMTP login refused: {_reply(error)}", code=error.smtp_code, server_unreachable=True
            ) from error
        except smtplib.SMTPResponseException as error:
            raise TemporaryFailure(
                f"SMTP server refused the session: {_reply(error)}", code=error.smtp_code, server_unreachable=True
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(
                f"cannot reach the SMTP server {config.host}:{config.port}: {error}", server_unreachable=True
            ) from error
        return client


class SmtpBatch:
    """One connection used message after message; a message refused by the server leaves it usable."""

    def __init__(self, sender: SmtpSender) -> None:
        self.sender = sender
        self.client: smtplib.SMTP | None = None

    def send(self, message: OutgoingEmail) -> None:
        """Deliver one message: returns once the server has accepted it, raises Temporary/PermanentFailure."""
        if self.client is None:
            self.client = self.sender.connect()
        data = message_bytes(message, from_address=self.sender.from_address, now=self.sender.clock())
        try:
            self.client.sendmail(envelope_sender(self.sender.from_address), [message.to], data)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise self._refused(code, text) from error
        except smtplib.SMTPSenderRefused as error:
            # Our own From is refused: no recipient is at fault, and every message would meet the same reply.
            reply = _reply(error)
            raise TemporaryFailure(f"sender refused: {reply}", code=error.smtp_code, server_unreachable=True) from error
        except smtplib.SMTPResponseException as error:
            raise self._refused(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:
            # Broken mid-message: whether the server kept it is unknown, so it is tried again (same Message-ID);
            # the next message reconnects.
            self.close()
            raise TemporaryFailure(f"the SMTP connection broke: {error}") from error

    def _refused(self, code: int, text: bytes | str) -> TemporaryFailure | PermanentFailure:
        reply = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        if code == 421:  # the server is closing the connection: the next message needs a new one
            self.close()
        if 500 <= code < 600:
            return PermanentFailure(f"refused: {reply}", code=code)
        # 4xx, and anything odd, is worth another try later.
        return TemporaryFailure(f"deferred: {reply}", code=code)

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
    return f"{error.smtp_code} {text}"
