"""How services reach people by email: a template rendered with the site's name and address, then sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dailypapers.domain import urls
from dailypapers.email.render import render_email
from dailypapers.email.senders import Sender, create_sender
from dailypapers.settings import Settings


@dataclass(frozen=True, slots=True)
class Mailer:
    sender: Sender
    site_name: str
    base_url: str

    def link(self, path: str) -> str:
        """An absolute link into the site, as emails need."""
        return urls.absolute(self.base_url, path)

    def send(self, template: str, *, to: str, context: dict[str, Any]) -> None:
        full_context = {"site_name": self.site_name, "base_url": self.base_url.rstrip("/"), **context}
        self.sender.send(render_email(template, to=to, context=full_context))


def create_settings_sender(settings: Settings) -> Sender:
    """The sender DAILYPAPERS_EMAIL_BACKEND names, configured from the settings."""
    return create_sender(
        settings.email_backend,
        from_address=settings.email_from,
        outbox=settings.outbox_dir,
        smtp_url=settings.smtp_url,
        smtp_timeout=settings.smtp_timeout,
    )
