"""Private feed tokens: `<nonce>.<signature>`, the nonce kept in the database, the signature made with the site's
secret key. Neither half alone reads a feed, the page can show the link again whenever asked, and revoking (a new
nonce, or none) or rotating the secret key retires every link made before."""

from __future__ import annotations

import secrets

from dailypapers.domain.signing import Purpose, check_signature, sign_value

NONCE_BYTES = 24


def new_nonce() -> str:
    return secrets.token_urlsafe(NONCE_BYTES)


def make_feed_token(secret: str | bytes, *, nonce: str) -> str:
    return f"{nonce}.{sign_value(secret, purpose=Purpose.FEED, value=nonce)}"


def read_feed_token(secret: str | bytes, *, token: str) -> str | None:
    """The nonce a well-signed token carries, or None for anything else."""
    nonce, _, signature = token.partition(".")
    if not nonce or not signature or len(token) > 200:
        return None
    return nonce if check_signature(secret, purpose=Purpose.FEED, value=nonce, signature=signature) else None
