"""`dailypapers digest send`, `subscriptions ...`, `jobs ...` and `worker` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dailypapers.db.engine import create_db_engine
from tests.cli.test_cli import run
from tests.cli.test_digest_crash import SUBSCRIBERS, fill_database


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated SQLite site with papers and confirmed subscribers, emailing into the file outbox."""
    values = {
        "DAILYPAPERS_DATA_DIR": str(tmp_path / "var"),
        "DAILYPAPERS_DATABASE_URL": "",
        "DAILYPAPERS_EMAIL_BACKEND": "file",
        "DAILYPAPERS_SMTP_URL": "smtp://ada:hunter2@mail.example.org:587?starttls=1",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert run("migrate")[0] == 0
    engine = create_db_engine(f"sqlite:///{tmp_path / 'var' / 'dailypapers.sqlite3'}")
    fill_database(engine)
    engine.dispose()
    return tmp_path / "var" / "outbox"


def test_a_dry_run_says_what_it_would_send_and_sends_nothing(env: Path) -> None:
    code, out, _ = run("digest", "send", "--date", "2025-06-12", "--dry-run")
    assert code == 0 and out.strip() == (
        f"dry run: daily:2025-06-12: {SUBSCRIBERS} would be created; 0 queued digests would be sent"
    )
    assert not env.exists()
    code, out, _ = run("digest", "send", "--date", "2025-06-12")
    assert code == 0 and f"{SUBSCRIBERS} created; {SUBSCRIBERS} sent, 0 deferred, 0 failed" in out
    assert len(list(env.glob("*.eml"))) == SUBSCRIBERS


def test_digests_send_takes_a_cadence_and_says_when_nothing_is_due(env: Path) -> None:
    code, out, _ = run("digest", "send", "--date", "2025-06-14")
    assert code == 0 and "no digests are due on Saturday 2025-06-14" in out
    code, out, _ = run("digest", "send", "--date", "2025-06-12", "--cadence", "weekly")
    assert code == 0 and "no digests are due" in out
    assert run("digest", "send", "--date", "12/06/2025")[0] == 2


def test_subscriptions_are_counted_and_unsubscribed_by_address(env: Path) -> None:
    code, out, _ = run("subscription", "list")
    assert code == 0 and out.splitlines()[0].split() == ["receiving", str(SUBSCRIBERS)]
    code, out, _ = run("subscription", "unsubscribe", "Reader00@Example.org")
    assert code == 0 and out.strip() == "reader00@example.org is unsubscribed"
    assert run("subscription", "list")[1].splitlines()[-1].split() == ["unsubscribed", "1"]
    code, _, err = run("subscription", "unsubscribe", "nobody@example.org")
    assert code == 1 and "no subscription has the address nobody@example.org" in err


def test_jobs_are_listed_and_run_once_on_demand(env: Path) -> None:
    code, out, _ = run("job", "list")
    assert code == 0 and "digests" in out and "daily at 07:00 UTC" in out and "every 10 minutes" in out
    code, out, _ = run("job", "run", "digest-retries")
    assert code == 0 and out.startswith("digest-retries: ok in ")
    assert "ok" in run("job", "list")[1]
    code, _, err = run("job", "run", "reindex-everything")
    assert code == 2 and "the jobs are: digests, digest-retries" in err


def test_config_show_masks_the_smtp_password(env: Path) -> None:
    out = run("config", "show")[1]
    assert "DAILYPAPERS_SMTP_URL=smtp://ada:***@mail.example.org:587?starttls=1" in out and "hunter2" not in out


def test_digest_commands_want_a_current_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.chdir(tmp_path)
    for command in (["digest", "send"], ["job", "list"], ["worker"]):
        code, _, err = run(*command)
        assert code == 2 and "run `dailypapers migrate` first" in err, command


def test_the_demo_writes_emails_into_the_outbox_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.setenv("DAILYPAPERS_DEMO_FILES", "[]")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAILYPAPERS_EMAIL_BACKEND", raising=False)
    assert run("demo", "--no-serve")[0] == 0
    assert os.environ["DAILYPAPERS_EMAIL_BACKEND"] == "file"  # what the served app will read
    monkeypatch.setenv("DAILYPAPERS_EMAIL_BACKEND", "console")
    assert run("demo", "--no-serve")[0] == 0
    assert os.environ["DAILYPAPERS_EMAIL_BACKEND"] == "console"


def test_the_group_names_of_earlier_releases_still_run_their_commands(env: Path) -> None:
    for former, current in (("jobs", "job"), ("subscriptions", "subscription"), ("claims", "claim")):
        assert run(former, "list")[:2] == run(current, "list")[:2]
    assert run("curate", "log", "2025-06-12")[0] == run("curation", "log", "2025-06-12")[0] == 0
    code, out, _ = run("--help")
    listed = [line.split()[1] for line in out.splitlines() if line.startswith("│ ") and len(line.split()) > 1]
    assert code == 0 and {"curation", "claim", "job", "subscription"} <= set(listed)
    assert not {"curate", "claims", "jobs", "subscriptions", "digests"} & set(listed)  # hidden
