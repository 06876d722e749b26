"""Signatures under the secret key: one derived key per purpose, never the raw secret."""

import hashlib
import hmac
import itertools
import string
from datetime import UTC, datetime

import pytest

from dailypapers.domain.signed_links import check_link, sign_link
from dailypapers.domain.signing import Purpose, check_signature, make_signer, sign_value

SECRET = "s3cret-value-long-enough"
BASE64_URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


@pytest.mark.parametrize(("signed_for", "checked_for"), list(itertools.permutations(Purpose, 2)))
def test_a_signature_for_one_purpose_is_refused_for_another(signed_for: Purpose, checked_for: Purpose) -> None:
    signature = sign_value(SECRET, purpose=signed_for, value="42")
    assert check_signature(SECRET, purpose=signed_for, value="42", signature=signature)
    assert not check_signature(SECRET, purpose=checked_for, value="42", signature=signature)


def test_each_purpose_has_its_own_key_and_none_is_the_secret() -> None:
    keys = {make_signer(SECRET, purpose=purpose).derive_key() for purpose in Purpose}
    assert len(keys) == len(Purpose) and SECRET.encode() not in keys
    raw = hmac.new(SECRET.encode(), b"42", hashlib.sha256).digest()
    assert all(make_signer(SECRET, purpose=purpose).get_signature("42") != raw for purpose in Purpose)


def test_a_tampered_signature_or_value_is_refused() -> None:
    signature = sign_value(SECRET, purpose=Purpose.CSRF, value="seed")
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value="seeds", signature=signature)
    assert not check_signature("another-secret", purpose=Purpose.CSRF, value="seed", signature=signature)
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value="seed", signature=signature[:-1])
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value="seed", signature=signature + "=")
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value="seed", signature="é" * 43)


def test_a_signature_has_one_spelling() -> None:
    # 43 base64 characters carry 258 bits for 256: the last one's spare bits must not make a second valid token.
    signature = sign_value(SECRET, purpose=Purpose.CSRF, value="seed")
    respelled = signature[:-1] + BASE64_URL[BASE64_URL.index(signature[-1]) ^ 1]
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value="seed", signature=respelled)


def test_a_csrf_signature_is_not_a_link_and_a_link_is_not_a_csrf_token() -> None:
    now = datetime(2025, 6, 12, 9, tzinfo=UTC)
    link = sign_link(
        secret=SECRET.encode(),
        purpose=Purpose.SUBSCRIPTION_MANAGE,
        subject_id=42,
        binding="ada@example.org",
        expires_at=None,
    )
    subject, expiry, signature = link.split(".")
    value = f"{subject}\x00{expiry}\x00ada@example.org"
    assert not check_signature(SECRET, purpose=Purpose.CSRF, value=value, signature=signature)
    forged = f"{subject}.{expiry}.{sign_value(SECRET, purpose=Purpose.CSRF, value=value)}"
    assert not check_link(
        secret=SECRET.encode(), purpose=Purpose.SUBSCRIPTION_MANAGE, token=forged, binding="ada@example.org", now=now
    )
    assert check_link(
        secret=SECRET.encode(), purpose=Purpose.SUBSCRIPTION_MANAGE, token=link, binding="ada@example.org", now=now
    )
