"""Accounts (sign in, settings, tokens, passwords) and email subscriptions, whose links carry a signed token."""

from __future__ import annotations

from dailypapers.domain.urls.base import with_query

# Accounts.


def signin_path(*, next_path: str | None = None) -> str:
    return with_query("/signin", {"next": next_path})


def signup_path() -> str:
    return "/signup"


def signout_path() -> str:
    return "/signout"


def account_path(*, done: str | None = None) -> str:
    """Account settings; `done` names what was just changed, for the page's notice."""
    return with_query("/account", {"done": done})


def email_confirm_path(*, token: str | None = None) -> str:
    """Where a sign-up's emailed link lands (GET confirms), and where the account page asks for a new link (POST)."""
    return with_query("/account/confirm", {"token": token})


def account_profile_path() -> str:
    return "/account/profile"


def account_password_path() -> str:
    return "/account/password"


def api_tokens_path() -> str:
    return "/account/tokens"


def api_token_revoke_path(token_id: int) -> str:
    return f"/account/tokens/{token_id}/revoke"


def password_forgot_path() -> str:
    return "/password/forgot"


def password_reset_path(*, token: str | None = None) -> str:
    return with_query("/password/reset", {"token": token})


# Email subscriptions. Their links carry a signed token; `done` names what just happened, for the page's notice.


def subscribe_path(*, email: str | None = None, cadence: str | None = None) -> str:
    return with_query("/subscribe", {"email": email, "cadence": cadence})


def subscription_confirm_path(*, token: str | None = None) -> str:
    return with_query("/subscriptions/confirm", {"token": token})


def subscription_settings_path(*, token: str | None = None, done: str | None = None) -> str:
    return with_query("/subscriptions/settings", {"token": token, "done": done})


def unsubscribe_path(*, token: str | None = None) -> str:
    return with_query("/subscriptions/unsubscribe", {"token": token})
