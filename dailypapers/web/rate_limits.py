"""Rate limits from the web: the client's address and the signed-in user as keys, the setting as the rate.

Pages call `enforce_rate_limit` and catch RateLimitExceeded to re-render their form with the message; API routes
add `Depends(rate_limited("comment"))` and the app answers 429 with Retry-After and a problem body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import Depends, Request

from dailypapers.domain.users import User
from dailypapers.services import rate_limits as rate_limits_service
from dailypapers.settings import Settings
from dailypapers.web.auth import get_current_user, require_confirmed_user, require_user
from dailypapers.web.deps import get_db, get_now, get_settings


def enforce_rate_limit(
    request: Request, *, action: str, user: User | None = None, extra_keys: Sequence[str] = ()
) -> None:
    """Count an attempt at `action` (rate: setting `rate_limit_<action>`) per client address, per user when one is
    given, and per each of `extra_keys`; raises RateLimitExceeded past the limit."""
    keys = [rate_limits_service.ip_key(client_address(request))]
    if user is not None:
        keys.append(rate_limits_service.user_key(user.id))
    keys.extend(extra_keys)
    rate_limits_service.enforce_rate_limit(
        get_db(request),
        action=action,
        rate=get_settings(request).rate_limit(action),
        keys=keys,
        now=get_now(request),
    )


def rate_limited(action: str) -> Callable[[Request], None]:
    """A route dependency: `dependencies=[Depends(rate_limited("submit"))]`, counted per address and per user."""
    if f"rate_limit_{action}" not in Settings.model_fields:
        # Fails when the route is declared, at import, rather than on the first request.
        raise ValueError(f"no setting rate_limit_{action}: add a RateSetting field to Settings")

    def check_rate_limit(request: Request) -> None:
        enforce_rate_limit(request, action=action, user=get_current_user(request))

    return check_rate_limit


def member_rate_limited(action: str) -> list[Any]:
    """A route's `dependencies=` when it needs a confirmed member: who is asking is settled first, so an anonymous
    request is a 401 (not a 429) and spends nothing of its address's allowance."""
    return [Depends(require_confirmed_user), Depends(rate_limited(action))]


def personal_rate_limited() -> list[Any]:
    """A route's `dependencies=` for a member's own signals (follows, saved searches, "not interested"): a
    signed-in member (an unconfirmed address will do: nothing is shown to others), then the `personal` rate."""
    return [Depends(require_user), Depends(rate_limited("personal"))]


def client_address(request: Request) -> str:
    """The client's address, which TrustedProxyMiddleware has already taken from X-Forwarded-For when trusted."""
    return request.client.host if request.client else "unknown"
