from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import rate_limits
from dailypapers.domain.rate_limits import Rate
from dailypapers.services.errors import RateLimitExceeded
from dailypapers.services.rate_limits import email_key, enforce_rate_limit, ip_key, user_key
from tests.conftest import _dialects, fresh_engine
from tests.factories import NOW

THREE_A_MINUTE = Rate(3, 60)


def attempt(db: Database, *keys: str, seconds: float = 0, rate: Rate = THREE_A_MINUTE) -> None:
    enforce_rate_limit(db, action="signin", rate=rate, keys=list(keys), now=NOW + timedelta(seconds=seconds))


def test_the_attempt_past_the_limit_is_refused_until_the_window_ends(db: Database) -> None:
    for _ in range(3):
        attempt(db, "ip:1.2.3.4", seconds=10)
    with pytest.raises(RateLimitExceeded) as error:
        attempt(db, "ip:1.2.3.4", seconds=10)
    assert error.value.retry_after == 50  # NOW is on a minute boundary; the window ends at +60 s
    attempt(db, "ip:1.2.3.4", seconds=60)


def test_each_key_counts_apart_and_any_key_over_its_limit_refuses(db: Database) -> None:
    for address in ("ip:1.1.1.1", "ip:2.2.2.2", "ip:3.3.3.3"):
        attempt(db, address, "email:victim")
    attempt(db, "ip:1.1.1.1")  # this address is still under its own limit
    with pytest.raises(RateLimitExceeded):
        attempt(db, "ip:4.4.4.4", "email:victim")  # a fresh address, but the account has had three


def test_actions_count_apart(db: Database) -> None:
    for _ in range(3):
        attempt(db, "ip:1.2.3.4")
    enforce_rate_limit(db, action="signup", rate=THREE_A_MINUTE, keys=["ip:1.2.3.4"], now=NOW)


def test_a_zero_limit_counts_nothing(db: Database) -> None:
    for _ in range(10):
        attempt(db, "ip:1.2.3.4", rate=Rate(0, 60))
    with db.reading() as connection:
        assert connection.execute(select(func.count()).select_from(rate_limits)).scalar_one() == 0


def test_ended_windows_are_swept_away(db: Database) -> None:
    attempt(db, "ip:1.1.1.1")
    attempt(db, "ip:2.2.2.2", seconds=120)  # opens a window, so ended ones go
    with db.reading() as connection:
        keys = connection.execute(select(rate_limits.c.key)).scalars().all()
    assert keys == ["ip:2.2.2.2"]


def test_keys_name_what_they_count() -> None:
    assert ip_key("::1") == "ip:::1" and user_key(7) == "user:7"
    assert email_key("Ada@Example.org ") == email_key("ada@example.org") and "ada" not in email_key("ada@example.org")
    assert len(email_key("x" * 300 + "@example.org")) <= 128


@pytest.mark.parametrize("dialect", _dialects())
def test_concurrent_attempts_are_each_counted(dialect: str, tmp_path: Path) -> None:
    engine = fresh_engine(dialect, tmp_path)
    db = Database(engine)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(lambda _: _try(db), range(40)))
        assert outcomes.count(True) == 30 and outcomes.count(False) == 10
        with db.reading() as connection:
            assert connection.execute(select(rate_limits.c.hit_count)).scalar_one() == 40
    finally:
        engine.dispose()


def _try(db: Database) -> bool:
    try:
        enforce_rate_limit(db, action="signin", rate=Rate(30, 3600), keys=["ip:9.9.9.9"], now=NOW)
    except RateLimitExceeded:
        return False
    return True
