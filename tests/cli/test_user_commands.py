"""`dailypapers user ...` against a real SQLite file: accounts, roles, tokens, and no prompt without a terminal."""

import email
import email.policy
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.services.api_tokens import get_token_user
from dailypapers.services.sessions import sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.setenv("DAILYPAPERS_EMAIL_BACKEND", "console")
    monkeypatch.setenv("DAILYPAPERS_BASE_URL", "https://papers.example.org")
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return tmp_path / "var"


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def database(data_dir: Path) -> Database:
    return Database(create_db_engine(f"sqlite:///{data_dir / 'dailypapers.sqlite3'}"))


def test_create_reads_the_password_from_stdin(data_dir: Path) -> None:
    code, out, _ = run(
        "user", "create", "Ada@Example.org", "--role", "admin", "--password-stdin", stdin="analytical engine\n"
    )
    assert code == 0 and out.strip() == "created the account ada (ada@example.org), role admin"
    assert "Password" not in out  # stdin is a pipe here: read, never prompted for
    signed_in = sign_in(database(data_dir), email="ada@example.org", password="analytical engine", now=_now())
    assert signed_in.user.role == "admin"


def test_create_without_a_password_emails_a_link_to_choose_one(data_dir: Path) -> None:
    code, out, _ = run("user", "create", "grace@example.org", "--username", "grace")
    assert code == 0
    assert "To: grace@example.org" in out and "https://papers.example.org/password/reset?token=" in out
    assert "created the account grace (grace@example.org), role member" in out and "valid for 7 days" in out


def test_the_file_backend_puts_the_link_in_the_outbox(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILYPAPERS_EMAIL_BACKEND", "file")
    code, out, _ = run("user", "create", "grace@example.org")
    assert code == 0 and "/password/reset" not in out
    [path] = (data_dir / "outbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "grace@example.org"
    assert "/password/reset?token=" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_bad_input_exits_1_with_the_reason(data_dir: Path) -> None:
    assert run("user", "create", "ada@example.org")[0] == 0
    code, _, err = run("user", "create", "ADA@example.org")
    assert code == 1 and "exists already" in err
    code, _, err = run("user", "create", "new@example.org", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 8 characters" in err
    code, _, err = run("user", "create", "not-an-address")
    assert code == 1 and "email address" in err
    assert run("user", "create", "x@example.org", "--role", "king")[0] == 2


def test_set_role_and_list(data_dir: Path) -> None:
    run("user", "create", "ada@example.org", "--password-stdin", stdin="analytical engine\n")
    run("user", "create", "grace@example.org")
    code, out, _ = run("user", "set-role", "grace@example.org", "curator")
    assert code == 0 and out.strip() == "grace (grace@example.org) is now curator"
    code, out, _ = run("user", "list")
    lines = out.splitlines()
    assert lines[0].split() == ["USERNAME", "EMAIL", "ROLE", "PASSWORD", "JOINED"]
    assert lines[1].split()[:4] == ["ada", "ada@example.org", "member", "yes"]
    assert lines[2].split()[:4] == ["grace", "grace@example.org", "curator", "no"]
    code, _, err = run("user", "set-role", "nobody@example.org", "admin")
    assert code == 1 and "no account" in err


def test_token_prints_a_working_token_once(data_dir: Path) -> None:
    run("user", "create", "ada@example.org")
    code, out, err = run("user", "token", "ada@example.org", "--name", "nightly import")
    secret = out.strip()
    assert code == 0 and secret.startswith("dp_") and "nightly import" in err and secret not in err
    user = get_token_user(database(data_dir), secret=secret, now=_now())
    assert user is not None and user.username == "ada"
    assert run("user", "token", "nobody@example.org")[0] == 1


def test_no_prompt_when_stdin_is_not_a_terminal(data_dir: Path) -> None:
    # A real process with stdin closed: were it to prompt, it would fail or hang; it must finish on its own.
    result = subprocess.run(
        [sys.executable, "-m", "dailypapers", "user", "create", "grace@example.org"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=data_dir.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "Password" not in result.stdout + result.stderr and "created the account grace" in result.stdout


def _now() -> datetime:
    return datetime.now(UTC)
