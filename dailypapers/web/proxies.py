"""Trusting a reverse proxy: the client's address and scheme from X-Forwarded-For and -Proto, only when configured.

With `DAILYPAPERS_TRUSTED_PROXY_COUNT=N`, the last N hops of X-Forwarded-For were added by our own proxies, so
the address before them is the client; anything further left the client could have written itself.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class TrustedProxyMiddleware:
    def __init__(self, app: ASGIApp, *, proxy_count: int) -> None:
        self.app = app
        self.proxy_count = proxy_count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.proxy_count > 0:
            # Changed in place, as the router does: the request log outside reads the route the router notes here.
            headers: dict[str, str] = {}
            for name, value in scope["headers"]:
                key = name.decode("latin-1").lower()
                headers[key] = (
                    f"{headers[key]},{value.decode('latin-1')}" if key in headers else value.decode("latin-1")
                )
            peer = scope.get("client") or ("", 0)
            address = forwarded_client(headers.get("x-forwarded-for", ""), peer=peer[0], proxy_count=self.proxy_count)
            scope["client"] = (address, peer[1])
            # The outermost of our proxies saw the client's connection: its entry is the first of the last N.
            protos = [part.strip().lower() for part in headers.get("x-forwarded-proto", "").split(",") if part.strip()]
            proto = protos[max(len(protos) - self.proxy_count, 0)] if protos else ""
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
        await self.app(scope, receive, send)


def forwarded_client(header: str, *, peer: str, proxy_count: int) -> str:
    """The entry `proxy_count` hops from the right of the chain `header, peer`, or the leftmost when shorter."""
    chain = [part.strip() for part in header.split(",") if part.strip()]
    if peer:
        chain.append(peer)
    if not chain:
        return peer
    return chain[max(len(chain) - 1 - proxy_count, 0)]
