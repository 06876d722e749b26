"""`dailypapers curation ...` and `dailypapers claim ...` against a real SQLite file, with arXiv lookups off."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.services.claims import claim_author
from dailypapers.services.users import require_user_by_email

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "arxiv_cs_fixture_500.jsonl"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.setenv("DAILYPAPERS_ARXIV_LOOKUPS", "false")
    monkeypatch.chdir(tmp_path)
    assert run("import", str(FIXTURE))[0] == 0
    return tmp_path / "var"


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def fixture_ids(count: int) -> list[str]:
    with FIXTURE.open() as lines:
        return [json.loads(next(lines))["id"] for _ in range(count)]


def test_an_operator_adds_pins_moves_and_removes_with_a_log(data_dir: Path) -> None:
    first, second = fixture_ids(2)
    code, out, _ = run("curation", "add", "2025-06-12", first, "--pin", "--comment", "Start here")
    assert code == 0 and out.startswith(f"added {first} to 2025-06-12 (pinned at 1): ")
    assert run("curation", "add", "2025-06-12", f"arXiv:{second}")[0] == 0
    code, out, _ = run("curation", "move", "2025-06-12", second, "1")  # pins it, above the other
    assert code == 0 and out.strip() == f"{second} on 2025-06-12 is pinned at 1"
    assert run("curation", "unpin", "2025-06-12", first)[1].strip() == f"{first} on 2025-06-12 is not pinned"
    assert run("curation", "remove", "2025-06-12", second, "--reason", "Duplicate")[0] == 0
    code, out, _ = run("curation", "log", "2025-06-12")
    lines = out.strip().splitlines()
    assert code == 0 and [line.split()[3] for line in lines] == ["add", "pin", "add", "pin", "unpin", "remove"]
    assert '"Duplicate"' in lines[-1] and "operator" in lines[-1]


def test_refusals_end_the_command_with_the_reason(data_dir: Path) -> None:
    [paper] = fixture_ids(1)
    code, _, err = run("curation", "remove", "2025-06-12", paper)
    assert code == 1 and "is not on the list of 12 June 2025" in err
    code, _, err = run("curation", "add", "2025-06-12", "2401.99999")
    assert code == 1 and "looks nothing up on arXiv" in err
    assert run("curation", "add", "2025-13-40", paper)[0] == 1
    assert run("curation", "add", "2025-06-12", "not-an-id")[0] == 1


def test_claims_are_listed_and_decided_from_the_command_line(data_dir: Path) -> None:
    [paper] = fixture_ids(1)
    assert run("user", "create", "ada@example.org", "--password-stdin", stdin="a long password\n")[0] == 0
    db = Database(create_db_engine(f"sqlite:///{data_dir / 'dailypapers.sqlite3'}"))
    ada = require_user_by_email(db, email="ada@example.org")
    claim = claim_author(db, arxiv_id=paper, user=ada, position=0, now=datetime.now(UTC))
    db.dispose()
    code, out, _ = run("claim", "list")
    assert code == 0 and out.startswith(f"#{claim.id}  @ada is {claim.author_name!r} on {paper}")
    code, out, _ = run("claim", "approve", str(claim.id))
    assert code == 0 and out.startswith(f"#{claim.id} approved")
    assert run("claim", "list")[1].strip() == "no pending claims"
    assert run("claim", "reject", "999")[0] == 1
