"""`/docs`: the API's interactive documentation (Swagger UI), its script and styles served from the fastapi-offline
package under /static/docs, so the page works on a site with no way out to a CDN. Its one inline script (Swagger UI's
start-up) is allowed by its hash, so the page's policy still refuses any other."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from dailypapers.domain import urls
from dailypapers.web.security_headers import content_security_policy

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PATH = "/static/docs"

router = APIRouter(include_in_schema=False)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@router.get(urls.api_docs_path(), response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} · API",
        swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
    )
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in _INLINE_SCRIPT.findall(bytes(page.body).decode()))
    # Swagger UI writes <style> elements of its own as it draws.
    page.headers["Content-Security-Policy"] = content_security_policy(
        script_src=f"'self' {hashes}", style_src="'self' 'unsafe-inline'"
    )
    return page


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
