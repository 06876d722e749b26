"""The site's cookies: HttpOnly, SameSite=Lax, and Secure whenever the site's address is https."""

from __future__ import annotations

from fastapi import Response

from dailypapers.settings import Settings

SESSION_COOKIE = "dp_session"


def set_cookie(response: Response, name: str, value: str, *, settings: Settings, max_age: int | None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,  # no script reads them: a cross-site script injection cannot steal a session
        samesite="lax",  # not sent on cross-site POSTs; the CSRF token covers the rest
        secure=settings.secure_cookies,
    )


def delete_cookie(response: Response, name: str, *, settings: Settings) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)
