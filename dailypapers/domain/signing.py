"""Signatures under the site's secret key, with one key per purpose derived by itsdangerous (a salt each), so a
signature made for one use is refused for every other and the raw secret signs nothing itself."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from itsdangerous import Signer


class Purpose(StrEnum):
    """Every use of the secret key; each value salts its own derived key, so none may be reused for another."""

    CSRF = "csrf"
    SUBSCRIPTION_CONFIRM = "subscription-confirm"
    SUBSCRIPTION_MANAGE = "subscription-manage"
    EMAIL_CONFIRM = "email-confirm"  # a new member's address, from the sign-up email
    FEED = "feed"  # a member's private feed links (For you, saved searches)


def make_signer(secret: str | bytes, *, purpose: Purpose) -> Signer:
    """The signer for one purpose: its key is HMAC-SHA256(secret, salt); signatures are URL-safe base64."""
    return Signer(secret, salt=f"dailypapers.{purpose}", key_derivation="hmac", digest_method=hashlib.sha256)


def sign_value(secret: str | bytes, *, purpose: Purpose, value: str) -> str:
    """The signature alone (43 URL-safe characters): callers decide which parts of the value travel with it."""
    return make_signer(secret, purpose=purpose).get_signature(value).decode()


def check_signature(secret: str | bytes, *, purpose: Purpose, value: str, signature: str) -> bool:
    """Whether the signature was made for this value and purpose; compared in constant time."""
    # Not Signer.verify_signature: its base64 decoding skips stray characters and a last character's spare bits,
    # so several spellings would pass for one signature. One token, one spelling.
    expected = sign_value(secret, purpose=purpose, value=value)
    return hmac.compare_digest(expected.encode(), signature.encode())
