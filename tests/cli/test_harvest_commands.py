"""`dailypapers harvest` from the command line: the summary, where each set stands, and the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app
from tests.fakes.oai_server import FakeOai


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_oai: FakeOai) -> Path:
    values = {
        "DAILYPAPERS_DATA_DIR": str(tmp_path / "var"),
        "DAILYPAPERS_DATABASE_URL": "",
        "DAILYPAPERS_ARXIV_OAI_URL": fake_oai.url,
        "DAILYPAPERS_ARXIV_MIN_INTERVAL": "0",
        "DAILYPAPERS_SEMANTIC_SEARCH": "false",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["migrate"]).exit_code == 0
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_harvest_reports_its_records_and_where_the_set_stands(env: Path) -> None:
    code, out, _ = run("harvest", "--from", "2025-01-01", "--until", "2026-06-30")

    assert code == 0, out
    assert "in 5 pages:" in out and "0 skipped" in out
    assert "set cs: complete through 2026-06-30" in out

    code, out, _ = run("harvest", "--until", "2026-06-30")
    assert code == 0 and " 0 new papers" in out


def test_an_unknown_set_exits_2_with_arxivs_reason(env: Path) -> None:
    code, _, err = run("harvest", "--set", "nosuchset", "--from", "2025-01-01")

    assert code == 2
    assert "Invalid set specification: nosuchset" in err


def test_a_run_arxiv_stops_exits_1_and_says_why(env: Path, fake_oai: FakeOai) -> None:
    fake_oai.fail(503, retry_after="86400")

    code, out, _ = run("harvest", "--from", "2025-01-01")

    assert code == 1 and "stopped: arXiv OAI-PMH: HTTP 503, asking to wait 86400 s" in out


def test_a_date_that_is_no_date_is_refused(env: Path) -> None:
    code, _, err = run("harvest", "--from", "last week")

    assert code == 2 and "is not a date" in err
