"""SQLite builds without math functions get ln() and exp() from Python, so trending keys work on any of them."""

import sqlite3
from typing import Any

from dailypapers.db.engine import _ensure_math_functions


class NoMathCursor:
    def execute(self, statement: str) -> None:
        raise sqlite3.OperationalError("no such function: ln")


def test_ln_and_exp_are_supplied_when_sqlite_lacks_them() -> None:
    connection = sqlite3.connect(":memory:")
    registered: list[str] = []

    class Recording:
        def create_function(self, name: str, arity: int, function: Any, *, deterministic: bool) -> None:
            registered.append(name)
            connection.create_function(f"py_{name}", arity, function, deterministic=deterministic)

    _ensure_math_functions(Recording(), NoMathCursor())
    assert registered == ["ln", "exp"]
    row = connection.execute("SELECT py_ln(1), py_exp(0), py_ln(0), py_exp(1000000), py_ln(NULL)").fetchone()
    assert row == (0.0, 1.0, None, None, None)
