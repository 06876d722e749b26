"""The headers every answer carries: no framing (clickjacking), no MIME sniffing, no full URLs to other sites, and a
Content-Security-Policy that lets a page run only this site's own files (no inline script or style anywhere)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}


def content_security_policy(*, script_src: str = "'self'", style_src: str = "'self'") -> str:
    """The site's policy with other script and style sources, for the pages that need them (/docs, email previews);
    framing stays refused."""
    return CONTENT_SECURITY_POLICY.replace("script-src 'self'", f"script-src {script_src}").replace(
        "style-src 'self'", f"style-src {style_src}"
    )


class SecurityHeadersMiddleware:
    """Adds `HEADERS` to every HTTP answer; a route that set one of them itself (a wider policy) keeps its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
