import email
import email.policy
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dailypapers.email.message import OutgoingEmail
from dailypapers.email.render import TEMPLATES, render_email
from dailypapers.email.senders import ConsoleSender, FileSender, MemorySender, create_sender

MESSAGE = OutgoingEmail(to="ada@example.org", subject="Hello", text="Open http://x.test/a\n", html="<p>Hi</p>\n")


def test_the_file_sender_writes_a_standard_message_into_the_outbox(tmp_path: Path) -> None:
    when = datetime(2025, 6, 12, 9, tzinfo=UTC)
    sender = FileSender(from_address="Papers <noreply@papers.test>", outbox=tmp_path / "outbox", clock=lambda: when)
    sender.send(MESSAGE)
    sender.send(MESSAGE)
    files = sorted((tmp_path / "outbox").iterdir())
    assert len(files) == 2 and all(path.suffix == ".eml" for path in files)
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "ada@example.org" and parsed["From"] == "Papers <noreply@papers.test>"
    assert parsed["Subject"] == "Hello" and "@papers.test>" in parsed["Message-ID"]
    assert parsed.get_body(("plain",)).get_content() == "Open http://x.test/a\n"  # type: ignore[union-attr]
    assert parsed.get_body(("html",)).get_content() == "<p>Hi</p>\n"  # type: ignore[union-attr]


def test_the_console_sender_prints_headers_and_the_text() -> None:
    stream = io.StringIO()
    ConsoleSender(from_address="noreply@papers.test", stream=stream).send(MESSAGE)
    printed = stream.getvalue()
    assert "To: ada@example.org" in printed and "Subject: Hello" in printed and "http://x.test/a" in printed


def test_the_backend_setting_picks_the_sender(tmp_path: Path) -> None:
    assert isinstance(create_sender("console", from_address="a@b.test", outbox=tmp_path), ConsoleSender)
    assert isinstance(create_sender("file", from_address="a@b.test", outbox=tmp_path), FileSender)
    with pytest.raises(ValueError, match="smtp"):
        create_sender("smtp", from_address="a@b.test", outbox=tmp_path)


def test_the_html_part_escapes_and_the_text_part_does_not() -> None:
    message = render_email(
        "password_reset",
        to="ada@example.org",
        context={
            "username": "<b>ada</b>",
            "link": "http://x.test/reset?token=a&b",
            "valid_for": "60 minutes",
            "site_name": "Papers",
            "base_url": "http://x.test",
        },
    )
    assert message.subject == "Reset your Papers password"
    assert "Hello <b>ada</b>," in message.text and "token=a&b" in message.text
    assert message.html is not None
    assert "&lt;b&gt;ada&lt;/b&gt;" in message.html and "token=a&amp;b" in message.html


@pytest.mark.parametrize("folder", sorted(path.name for path in TEMPLATES.iterdir() if path.is_dir()))
def test_every_email_has_a_subject_a_text_and_an_html_part(folder: str) -> None:
    assert {path.name for path in (TEMPLATES / folder).iterdir()} == {"subject.txt", "body.txt", "body.html"}


def test_the_memory_sender_keeps_what_it_sent() -> None:
    sender = MemorySender()
    sender.send(MESSAGE)
    assert sender.sent == [MESSAGE]


def test_messages_read_back_as_written_by_the_standard_parser() -> None:
    from dailypapers.email.mime import message_bytes

    long_line = "x" * 1200
    message = OutgoingEmail(
        to="zoë@example.org",
        subject="Trending papers, 21–23 August 2026 · Pâpers\r\nBcc: everyone@example.org " + "é" * 40,
        text="Plain ▲ 163\nline two\n",
        html=f"<p>Ünïcode & {long_line}</p>\n",
        headers={
            "List-Unsubscribe": "<https://papers.test/u?token=1.0.abc>, <mailto:u@papers.test?subject=unsubscribe>"
        },
        message_id="<digest.1@papers.test>",
    )
    raw = message_bytes(message, from_address="Pâpers <digest@papers.test>", now=datetime(2025, 6, 12, tzinfo=UTC))
    assert all(len(line) <= 998 for line in raw.split(b"\r\n")) and b"\n" not in raw.replace(b"\r\n", b"")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == " ".join(message.subject.split()) and parsed["Bcc"] is None  # no header sneaks in
    assert parsed["From"].addresses[0].display_name == "Pâpers" and parsed["Message-ID"] == "<digest.1@papers.test>"
    assert parsed["List-Unsubscribe"] == message.headers["List-Unsubscribe"]  # one line, never encoded words
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.text  # type: ignore[union-attr]
    html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert html.replace("\r\n", "\n") == f"<p>&#220;n&#239;code & {long_line}</p>\n"  # too long a line: base64
