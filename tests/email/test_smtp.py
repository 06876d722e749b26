"""The SMTP sender against aiosmtpd on loopback: STARTTLS, implicit TLS, login, and how replies are sorted."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from dailypapers.email.failures import PermanentFailure, TemporaryFailure
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.smtp import InvalidSmtpUrl, SmtpConfig, SmtpSender, parse_smtp_url
from dailypapers.settings import Settings
from tests.fakes.smtp_server import Mailbox, SmtpServer, free_port, start_smtp_server

MESSAGE = OutgoingEmail(to="ada@example.org", subject="Digest", text="Hello\n", message_id="<fixed.1@papers.test>")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by openssl for this run."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def client_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def only_ada(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
    valid = isinstance(data, LoginPassword) and (data.login, data.password) == (b"ada", b"s@cret")
    # handled=False: aiosmtpd answers the refusal itself (535).
    return AuthResult(success=valid, handled=valid)


@pytest.fixture
def starttls_server(server_tls: ssl.SSLContext) -> Iterator[SmtpServer]:
    controller, server = start_smtp_server(
        Mailbox(),
        tls_context=server_tls,
        require_starttls=True,
        authenticator=only_ada,
        auth_required=True,
    )
    yield server
    controller.stop()


def test_starttls_and_login_deliver(starttls_server: SmtpServer, client_tls: ssl.SSLContext) -> None:
    config = parse_smtp_url(f"smtp://ada:s%40cret@127.0.0.1:{starttls_server.port}?starttls=1", timeout=5)
    SmtpSender(config, from_address="Papers <digest@papers.test>", ssl_context=client_tls).send(MESSAGE)
    (received,) = starttls_server.mailbox.received
    assert received.to == "ada@example.org" and received.message_id == "<fixed.1@papers.test>"


def test_a_wrong_password_or_an_untrusted_certificate_stops_sending(
    starttls_server: SmtpServer, client_tls: ssl.SSLContext
) -> None:
    wrong = parse_smtp_url(f"smtp://ada:nope@127.0.0.1:{starttls_server.port}?starttls=1", timeout=5)
    with pytest.raises(TemporaryFailure, match="login refused") as refused:
        SmtpSender(wrong, from_address="a@papers.test", ssl_context=client_tls).send(MESSAGE)
    assert refused.value.server_unreachable
    right = parse_smtp_url(f"smtp://ada:s%40cret@127.0.0.1:{starttls_server.port}?starttls=1", timeout=5)
    with pytest.raises(TemporaryFailure, match="CERTIFICATE_VERIFY_FAILED") as untrusted:
        SmtpSender(right, from_address="a@papers.test").send(MESSAGE)  # the system's CAs do not know this one
    assert untrusted.value.server_unreachable and starttls_server.mailbox.received == []


def test_implicit_tls_delivers(server_tls: ssl.SSLContext, client_tls: ssl.SSLContext) -> None:
    controller, server = start_smtp_server(Mailbox(), ssl_context=server_tls)
    try:
        config = parse_smtp_url(f"smtps://127.0.0.1:{server.port}", timeout=5)
        SmtpSender(config, from_address="a@papers.test", ssl_context=client_tls).send(MESSAGE)
    finally:
        controller.stop()
    assert [message.to for message in server.mailbox.received] == ["ada@example.org"]


def test_replies_sort_into_temporary_and_permanent_and_the_connection_goes_on(smtp_server: SmtpServer) -> None:
    mailbox = smtp_server.mailbox
    mailbox.refuse("busy@example.org", "451 4.2.1 mailbox busy")
    mailbox.refuse("gone@example.org", "550 5.1.1 no such user")
    sender = SmtpSender(parse_smtp_url(smtp_server.url, timeout=5), from_address="a@papers.test")
    with sender.batch() as batch:
        with pytest.raises(TemporaryFailure) as deferred:
            batch.send(OutgoingEmail(to="busy@example.org", subject="s", text="t"))
        with pytest.raises(PermanentFailure) as bounced:
            batch.send(OutgoingEmail(to="gone@example.org", subject="s", text="t"))
        batch.send(MESSAGE)
    assert deferred.value.code == 451 and not deferred.value.server_unreachable
    assert bounced.value.code == 550 and "no such user" in str(bounced.value)
    assert mailbox.sessions == 1 and [message.to for message in mailbox.received] == ["ada@example.org"]


def test_no_server_is_a_temporary_failure() -> None:
    sender = SmtpSender(SmtpConfig("127.0.0.1", free_port(), "none", timeout=2), from_address="a@papers.test")
    with pytest.raises(TemporaryFailure, match="cannot reach") as failure:
        sender.send(MESSAGE)
    assert failure.value.server_unreachable


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://localhost", SmtpConfig("localhost", 25, "none")),
        ("smtp://u:p%2Fw@mail.example.org?starttls=1", SmtpConfig("mail.example.org", 587, "starttls", "u", "p/w")),
        ("smtps://u:pw@mail.example.org", SmtpConfig("mail.example.org", 465, "tls", "u", "pw")),
        ("smtp://mail.example.org:2525?starttls=true", SmtpConfig("mail.example.org", 2525, "starttls")),
    ],
)
def test_smtp_urls(url: str, expected: SmtpConfig) -> None:
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize("url", ["", "http://mail.example.org", "smtp://", "smtp://host:port"])
def test_smtp_urls_that_say_nothing_usable(url: str) -> None:
    with pytest.raises(InvalidSmtpUrl):
        parse_smtp_url(url)


def test_the_smtp_backend_needs_a_valid_url_and_config_show_masks_its_password() -> None:
    with pytest.raises(ValueError, match="DAILYPAPERS_SMTP_URL"):
        Settings(_env_file=None, email_backend="smtp", smtp_url="")  # type: ignore[call-arg]
    settings = Settings(
        _env_file=None, email_backend="smtp", smtp_url="smtp://ada:hunter2@mail.example.org:587?starttls=1"
    )  # type: ignore[call-arg]
    assert settings.masked()["smtp_url"] == "smtp://ada:***@mail.example.org:587?starttls=1"
