"""Accounts in a real browser: sign up, sign out, sign in, a forgotten password, and what is refused signed out."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urlsplit

import pytest

from dailypapers.email.senders import MemorySender

pytestmark = pytest.mark.browser
PASSWORD = "a long browser password"
_numbers = itertools.count(1)


def sign_up(page: Any, live_server: str, *, confirm_with: MemorySender | None = None) -> str:
    """Sign up a new member; `confirm_with` (the live outbox) follows the emailed link so they may post."""
    username = f"browser{next(_numbers)}"
    page.goto(live_server + "/papers/date/2025-06-12")
    page.click("text=Sign up")
    page.fill("#email", f"{username}@example.org")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Create account')")
    page.wait_for_url(live_server + "/")
    if confirm_with is not None:
        message = next(sent for sent in reversed(confirm_with.sent) if sent.to == f"{username}@example.org")
        link = next(line for line in message.text.splitlines() if "/account/confirm?token=" in line)
        parts = urlsplit(link.strip())
        page.goto(f"{live_server}{parts.path}?{parts.query}")
        page.wait_for_url(live_server + "/account?done=email-confirmed")
    return username


def test_sign_up_sign_out_and_sign_in_again(live_server: str, browser: Any) -> None:
    page = browser.new_page()
    try:
        username = sign_up(page, live_server)
        assert page.locator(".account-nav .me").inner_text() == username
        page.click(".account-nav button:has-text('Sign out')")
        page.wait_for_url(live_server + "/")
        assert page.locator(".account-nav").inner_text().strip() == "Sign in / Sign up"

        page.goto(live_server + "/papers/week/2025-W24")
        page.click("text=Sign in")
        page.fill("#email", f"{username}@example.org")
        page.fill("#password", "not the password")
        page.click("form.stacked button[type=submit]")
        assert page.locator(".message.error").inner_text() == "Wrong email or password."
        page.fill("#password", PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(live_server + "/papers/week/2025-W24")  # back where the sign-in began
        assert page.locator(".account-nav .me").inner_text() == username
    finally:
        page.close()


def test_signed_out_the_account_and_its_forms_are_refused(live_server: str, browser: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live_server + "/account")
        assert urlsplit(page.url).path == "/signin"  # sent to sign in first

        username = sign_up(page, live_server)
        page.goto(live_server + "/account")
        other_tab = context.new_page()
        other_tab.goto(live_server + "/")
        other_tab.click(".account-nav button:has-text('Sign out')")
        other_tab.wait_for_url(live_server + "/")

        # The first tab still shows the form; sending it now, signed out, is refused and nothing is made.
        page.fill("#name", "made while signed out")
        response_status = []
        page.on("response", lambda response: response_status.append(response.status))
        page.click("button:has-text('Create token')")
        page.wait_for_load_state()
        assert response_status[0] == 403 and "CSRF check failed" in page.content()
        assert username not in page.locator(".account-nav").inner_text()
    finally:
        context.close()


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    page = browser.new_page()
    try:
        username = sign_up(page, live_server)
        page.click(".account-nav button:has-text('Sign out')")
        page.goto(live_server + "/signin")
        page.click("text=Forgot your password?")
        page.fill("#email", f"{username}@example.org")
        page.click("button:has-text('Send the link')")
        assert "on its way" in page.locator(".message.notice").inner_text()
        message = next(sent for sent in reversed(live_outbox.sent) if sent.to == f"{username}@example.org")
        link = next(line for line in message.text.splitlines() if "/password/reset?token=" in line)
        parts = urlsplit(link.strip())
        page.goto(f"{live_server}{parts.path}?{parts.query}")
        page.fill("#password", "a newer browser password")
        page.click("button:has-text('Set password and sign in')")
        page.wait_for_url(live_server + "/account?done=password-set")
        assert page.locator(".account-nav .me").inner_text() == username
    finally:
        page.close()
