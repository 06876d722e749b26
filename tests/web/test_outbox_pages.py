"""`/admin/outbox`: admins read what the file backend wrote; nobody else does, and no path escapes the folder."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.senders import FileSender
from dailypapers.settings import Settings


def write_outbox(settings: Settings) -> None:
    sender = FileSender(from_address="Papers <noreply@papers.test>", outbox=settings.outbox_dir)
    sender.send(OutgoingEmail(to="ada@example.org", subject="First", text="one\n"))
    sender.send(
        OutgoingEmail(
            to="grace@example.org",
            subject="Second <b>bold</b>",
            text="two\n",
            html='<p onclick="alert(1)">two</p><script>alert(2)</script>',
            headers={"List-Unsubscribe": "<https://papers.test/u?token=1>"},
        )
    )


def test_admins_see_the_outbox_newest_first_and_each_message(
    client: TestClient, settings: Settings, sign_in: Callable[..., User]
) -> None:
    write_outbox(settings)
    sign_in(role="admin")
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and "(2 in all)" in page.text
    assert page.text.index("grace@example.org") < page.text.index("ada@example.org")
    assert "Second &lt;b&gt;bold&lt;/b&gt;" in page.text
    name = sorted(settings.outbox_dir.iterdir())[-1].name
    message = client.get(f"/admin/outbox/{name}")
    assert message.status_code == 200 and "https://papers.test/u?token=1" in message.text
    # The HTML part is shown in a sandboxed frame, as escaped text of its srcdoc: no script of it runs here.
    assert '<iframe class="email-preview" sandbox' in message.text and "<script>" not in message.text


def test_the_outbox_is_for_admins_only(client: TestClient, settings: Settings, sign_in: Callable[..., User]) -> None:
    write_outbox(settings)
    assert client.get("/admin/outbox").status_code == 303  # to sign in
    sign_in(role="curator")
    assert client.get("/admin/outbox").status_code == 403


def test_names_outside_the_outbox_are_not_found(
    client: TestClient, settings: Settings, sign_in: Callable[..., User]
) -> None:
    write_outbox(settings)
    (settings.data_dir / "secret.eml").write_text("Subject: no\n\nno\n")
    sign_in(role="admin")
    for name in ("..%2Fsecret.eml", "secret.eml", "20250101T000000000000-zzzzzzzz.eml"):
        assert client.get(f"/admin/outbox/{name}").status_code == 404, name
