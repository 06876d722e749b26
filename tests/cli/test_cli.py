import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dailypapers.cli.main import app
from dailypapers.cli.site_commands import DEMO_DEFAULTS
from dailypapers.services.container import Services
from dailypapers.settings import InsecureSettings, Settings
from dailypapers.web.app import create_app
from tests.factories import csrf_form, csrf_headers

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


def test_the_demo_makes_its_admin_relaxes_the_age_rule_and_says_so_on_every_page(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DEMO_DEFAULTS == {"email_backend": "file", "demo": True, "submission_max_age_days": 0}
    monkeypatch.setenv("DAILYPAPERS_DEMO_FILES", json.dumps([str(LISTING)]))
    monkeypatch.setenv("DAILYPAPERS_DEMO_EMBEDDINGS_FILE", str(tmp_path / "none.npz"))
    code, out, _ = run("demo", "--no-serve")
    assert code == 0 and "demo admin: sign in as demo@example.org with the password try-the-demo" in out
    assert run("demo", "--no-serve")[0] == 0  # a second run finds its admin there
    settings = Settings()  # what the demo's server processes read
    assert settings.demo and settings.submission_max_age_days == 0 and settings.email_backend == "file"
    services = Services(settings, serving=True)  # handed in: no background warm-up outliving the test
    with TestClient(create_app(settings, services=services), follow_redirects=False) as client:
        assert "This is a demo with the shipped archive" in client.get("/").text
        signed_in = client.post("/signin", data=csrf_form(client, email="demo@example.org", password="try-the-demo"))
        assert signed_in.status_code == 303
        old_paper = json.loads(LISTING.read_text().splitlines()[0])["id"]
        response = client.post("/api/v1/submissions", json={"arxiv_id": old_paper}, headers=csrf_headers(client))
        assert response.status_code == 201, response.text
    services.close()
    with pytest.raises(InsecureSettings, match="DAILYPAPERS_DEMO"):
        Settings(env="production", secret_key="a-very-secret-value").check_secure()
