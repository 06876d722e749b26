"""`dailypapers code refresh` and `dailypapers code set` against a real SQLite file and a local GitHub API."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app
from tests.fakes.github_server import FakeGithub

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"


@pytest.fixture
def github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGithub]:
    with FakeGithub(limit=5000) as fake:  # a token's hourly budget
        for name, value in {
            "DAILYPAPERS_DATA_DIR": str(tmp_path / "var"),
            "DAILYPAPERS_DATABASE_URL": "",
            "DAILYPAPERS_GITHUB_API_URL": fake.base_url,
            "DAILYPAPERS_GITHUB_TOKEN": "ghp_cli",
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)
        yield fake


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_refresh_counts_the_stars_of_links_found_in_imported_abstracts(github: FakeGithub) -> None:
    assert run("migrate")[0] == 0
    assert run("import", str(LISTING))[0] == 0
    github.add("mjalali/embedding-comparison", stars=321)
    code, out, _ = run("code", "refresh", "--limit", "3")
    assert code == 0 and "3 repositories checked" in out, out
    assert all(request.headers["authorization"] == "Bearer ghp_cli" for request in github.requests)
    first_gone = int(re.search(r"(\d+) gone", out).group(1))  # type: ignore[union-attr]
    code, out, _ = run("code", "refresh")
    # 67 GitHub links were found in the 500 abstracts; the fake knows one: the rest are gone, and asked once.
    assert code == 0 and f"{67 - first_gone} repositories checked" in out, out
    assert "1 counted" in out and f"{66 - first_gone} gone" in out and "stopped" not in out, out
    assert len(github.requests) == 3 + 67 - first_gone


def test_set_changes_a_link_and_refuses_a_bad_one(github: FakeGithub) -> None:
    assert run("migrate")[0] == 0
    assert run("import", str(LISTING))[0] == 0
    code, out, _ = run("code", "set", "2504.12103", "--repo", "https://github.com/tele-ai/metric-solver")
    assert code == 0 and "code https://github.com/tele-ai/metric-solver" in out, out
    code, _, err = run("code", "set", "2504.12103", "--repo", "http://github.com/a/b")
    assert code == 2 and "github_repo: a code link starts with https://" in err
    assert run("code", "set", "2504.12103")[0] == 2
    assert run("code", "set", "2501.99999", "--page", "https://x.org")[0] == 1
