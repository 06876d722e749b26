import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "DAILYPAPERS_DATA_DIR": str(tmp_path / "var"),
        "DAILYPAPERS_DATABASE_URL": "",
        "DAILYPAPERS_SECRET_KEY": "a-very-secret-value",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return values


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_migrate_creates_then_reports_up_to_date(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run("migrate")
    assert code == 0 and "migrated from empty" in out
    assert (tmp_path / "var" / "dailypapers.sqlite3").exists()
    code, out, _ = run("migrate")
    assert code == 0 and "up to date" in out


def test_import_reports_counts_and_exits_zero(env: dict[str, str]) -> None:
    code, out, _ = run("import", str(LISTING))
    assert code == 0, out
    assert "500 new papers" in out and "0 skipped" in out
    code, out, _ = run("import", str(LISTING))
    assert code == 0 and "0 new papers, 0 updated, 500 unchanged" in out


def test_import_reports_bad_lines_as_file_line_reason_and_exits_one(env: dict[str, str], tmp_path: Path) -> None:
    lines = LISTING.read_text().splitlines()[:3]
    lines.insert(1, "{oops")
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    code, out, err = run("import", str(path))
    assert code == 1
    assert f"{path}:2: invalid JSON" in err
    assert "3 new papers" in out and "1 skipped" in out


def test_import_can_force_a_format(env: dict[str, str], tmp_path: Path) -> None:
    row = json.loads(LISTING.read_text().splitlines()[0])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(row) + "\n")
    code, out, _ = run("import", "--format", "arxiv-snapshot", str(path))
    assert code == 1 and "1 skipped" in out  # a listing row is not a snapshot row: reported, not crashed


def test_import_of_a_missing_file_is_a_usage_error(env: dict[str, str]) -> None:
    code, _, err = run("import", "no-such-file.jsonl")
    assert code == 2 and "does not exist" in err


def test_config_show_masks_secrets(env: dict[str, str]) -> None:
    code, out, _ = run("config", "show")
    assert code == 0
    assert "DAILYPAPERS_SECRET_KEY=**********" in out and "a-very-secret-value" not in out
    assert "DAILYPAPERS_DATABASE_URL=sqlite:///" in out


def test_config_show_hides_a_database_password(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "postgresql://reader:hunter2@db.example/papers")
    _, out, _ = run("config", "show")
    assert "hunter2" not in out and "reader:***@db.example" in out


def test_serve_refuses_the_development_secret_in_production(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAILYPAPERS_SECRET_KEY")
    monkeypatch.setenv("DAILYPAPERS_ENV", "production")
    code, _, err = run("serve")
    assert code == 2 and "DAILYPAPERS_SECRET_KEY" in err


def test_serve_refuses_an_unmigrated_database(env: dict[str, str]) -> None:
    code, _, err = run("serve")
    assert code == 2 and "dailypapers migrate" in err


def test_python_dash_m_runs_the_same_cli(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dailypapers", "--help"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0
    for command in ("migrate", "import", "serve", "demo", "config"):
        assert command in result.stdout


def test_trending_prints_the_list_and_why(env: dict[str, str], tmp_path: Path) -> None:
    rows = [
        {
            "daily_date": "2025-06-12",
            "arxiv_id": "2506.00001",
            "title": "Hot paper",
            "abstract": "A.",
            "authors": ["A"],
            "upvotes": 30,
            "submitted_on_daily_at": "2025-06-12T04:00:00.000Z",
        },
        {
            "daily_date": "2025-06-12",
            "arxiv_id": "2506.00002",
            "title": "Quiet paper",
            "abstract": "B.",
            "authors": ["B"],
            "upvotes": 2,
            "submitted_on_daily_at": "2025-06-12T04:00:00.000Z",
        },
    ]
    archive = tmp_path / "daily.jsonl"
    archive.write_text("".join(json.dumps(row) + "\n" for row in rows))
    run("migrate")
    assert run("import", str(archive))[0] == 0
    code, out, err = run("trending", "--date", "2025-06-12", "--why")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "# as of 2025-06-13 00:00 UTC, lists of 2025-06-06 to 2025-06-12"
    assert "Hot paper" in lines[1] and "2506.00001" in lines[1] and "30 upvotes brought from" in lines[2]
    assert "Quiet paper" in lines[3]
    assert run("trending", "--date", "june")[0] == 2
