"""What the web app keeps between requests, as its one `app.state` attribute: the process's shared services and
the page templates."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates

from dailypapers.services.container import Services


@dataclass(frozen=True, slots=True)
class WebState:
    services: Services
    templates: Jinja2Templates


def get_web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
