"""`/admin/outbox`: the file email backend's outbox, for admins: what the site sent, each message's parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.email.outbox import OutboxEntry, OutboxMessage
from dailypapers.services import outbox as outbox_service
from dailypapers.services.errors import NotFound
from dailypapers.web.auth import RequireAdmin
from dailypapers.web.deps import SettingsDep
from dailypapers.web.security_headers import content_security_policy
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class OutboxView:
    backend: str
    folder: str
    entries: list[OutboxEntry]
    total: int
    newer_page: str | None
    older_page: str | None


@router.get("/admin/outbox", response_class=Response)
def outbox_page(
    request: Request, settings: SettingsDep, _admin: RequireAdmin, page: Annotated[int, Query(ge=1, le=100_000)] = 1
) -> Response:
    entries, total = outbox_service.list_outbox(settings.outbox_dir, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    view = OutboxView(
        backend=settings.email_backend,
        folder=str(settings.outbox_dir),
        entries=entries,
        total=total,
        newer_page=urls.admin_outbox_path(page=page - 1) if page > 1 else None,
        older_page=urls.admin_outbox_path(page=page + 1) if page * PAGE_SIZE < total else None,
    )
    return render_page(request, "admin_outbox.html", {"view": view})


@router.get("/admin/outbox/{name}", response_class=Response)
def outbox_message_page(request: Request, settings: SettingsDep, _admin: RequireAdmin, name: str) -> Response:
    message: OutboxMessage | None = outbox_service.get_outbox_message(settings.outbox_dir, name=name)
    if message is None:
        raise NotFound(f"the outbox holds no message {name}")
    # The preview frame (sandboxed: no script runs in it) inherits the page's policy; emails style inline.
    policy = content_security_policy(style_src="'self' 'unsafe-inline'")
    return render_page(
        request, "admin_outbox_message.html", {"message": message}, headers={"Content-Security-Policy": policy}
    )
