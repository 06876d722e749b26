from dataclasses import replace

from argon2 import PasswordHasher, profiles

from dailypapers.domain import passwords
from dailypapers.domain.passwords import hash_password, needs_rehash, verify_password


def test_a_hash_verifies_its_password_only() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse battery!")


def test_no_hash_and_a_broken_hash_verify_nothing() -> None:
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")


def test_hashes_made_with_weaker_parameters_want_a_rehash() -> None:
    stored = hash_password("correct horse battery")
    assert not needs_rehash(stored)
    stronger = PasswordHasher.from_parameters(replace(profiles.CHEAPEST, time_cost=profiles.CHEAPEST.time_cost + 1))
    original, passwords.HASHER = passwords.HASHER, stronger
    try:
        assert needs_rehash(stored)
    finally:
        passwords.HASHER = original
