import gzip
import json
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import daily_entries, paper_authors, papers
from dailypapers.services.imports import import_file, is_file_imported
from dailypapers.services.papers import require_paper
from dailypapers.sources import jsonl
from dailypapers.sources.jsonl import UnknownFormat

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"
HF_DAILY = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"


def _hf_rows(count: int) -> list[dict[str, object]]:
    with gzip.open(HF_DAILY, "rt") as lines:
        return [json.loads(line) for line in islice(lines, count)]


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def _counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as connection:
        return (
            connection.execute(select(func.count()).select_from(papers)).scalar_one(),
            connection.execute(select(func.count()).select_from(daily_entries)).scalar_one(),
            connection.execute(select(func.count()).select_from(paper_authors)).scalar_one(),
        )


def test_listing_import_stores_every_paper_with_authors_and_categories(db: Database) -> None:
    report = import_file(db, path=LISTING, batch_size=128)
    assert (report.inserted, report.skipped) == (500, 0)
    first = json.loads(LISTING.read_text().splitlines()[0])
    paper = require_paper(db, arxiv_id=first["id"])
    assert paper.title == first["title"]
    assert paper.authors == tuple(first["authors"])
    assert set(paper.categories) == set(first["categories"])
    assert paper.published_at is not None and paper.published_at.date().isoformat() == first["first_listed"]


def test_reimporting_a_file_changes_nothing(db: Database) -> None:
    import_file(db, path=LISTING)
    before = _counts(db)
    with db.reading() as connection:
        stamps = connection.execute(select(func.max(papers.c.updated_at))).scalar_one()
    again = import_file(db, path=LISTING)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 500)
    assert _counts(db) == before
    with db.reading() as connection:
        assert connection.execute(select(func.max(papers.c.updated_at))).scalar_one() == stamps


def test_daily_rows_create_lists_with_counts_and_submitters(db: Database, tmp_path: Path) -> None:
    rows = _hf_rows(40)
    report = import_file(db, path=_write(tmp_path / "hf.jsonl", rows))
    assert report.daily_added == 40
    paper = require_paper(db, arxiv_id=str(rows[0]["arxiv_id"]))
    assert paper.upvote_count == rows[0]["upvotes"]
    assert paper.comment_count == rows[0]["num_comments"]
    assert paper.first_daily_day is not None and paper.first_daily_day.isoformat() == rows[0]["daily_date"]
    assert import_file(db, path=tmp_path / "hf.jsonl").daily_added == 0


def test_a_newer_version_updates_the_paper_and_an_older_one_does_not(db: Database, tmp_path: Path) -> None:
    row = {
        "id": "0704.0001",
        "title": "First title",
        "abstract": "First abstract.",
        "authors": "A. Author",
        "categories": "hep-ph",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    }
    import_file(db, path=_write(tmp_path / "v1.json", [row]))
    v2 = row | {
        "title": "Second title",
        "versions": [*row["versions"], {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"}],
    }  # type: ignore[list-item]
    assert import_file(db, path=_write(tmp_path / "v2.json", [v2])).updated == 1
    assert import_file(db, path=_write(tmp_path / "v1-again.json", [row | {"title": "Stale"}])).updated == 0
    paper = require_paper(db, arxiv_id="0704.0001")
    assert (paper.title, paper.version) == ("Second title", 2)


def test_malformed_lines_are_reported_skipped_and_the_rest_imported(db: Database, tmp_path: Path) -> None:
    rows: list[object] = list(_hf_rows(3))
    rows.insert(1, "{broken")
    rows.insert(3, {**rows[0], "arxiv_id": "nonsense"})  # type: ignore[dict-item]
    seen = []
    report = import_file(db, path=_write(tmp_path / "bad.jsonl", rows), on_problem=seen.append)
    assert report.skipped == 2 and report.inserted == 3
    assert [str(problem) for problem in seen] == [str(problem) for problem in report.problems]
    assert str(seen[0]).startswith(f"{tmp_path / 'bad.jsonl'}:2: invalid JSON")
    assert str(seen[1]).startswith(f"{tmp_path / 'bad.jsonl'}:4: ")


def test_a_file_is_known_as_imported_only_after_it_was_read_to_the_end(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "hf.jsonl", _hf_rows(5))
    assert not is_file_imported(db, path=path)
    import_file(db, path=path)
    assert is_file_imported(db, path=path)


def test_local_votes_survive_a_reimport_with_new_counts(db: Database, tmp_path: Path) -> None:
    row = _hf_rows(1)[0]
    import_file(db, path=_write(tmp_path / "a.jsonl", [row]))
    with db.transaction() as connection:  # stands in for local votes on top of the imported count
        connection.execute(papers.update().values(upvote_count=papers.c.upvote_count + 5))
    import_file(db, path=_write(tmp_path / "b.jsonl", [row | {"upvotes": int(row["upvotes"]) + 10}]))  # type: ignore[call-overload]
    assert require_paper(db, arxiv_id=str(row["arxiv_id"])).upvote_count == int(row["upvotes"]) + 10 + 5  # type: ignore[call-overload]


HOSTILE = [
    ({"upvotes": 10**30}, "'upvote_count' is 100000000000…(31 digits)"),
    ({"arxiv_id": "2406.01234v99999999999999999999"}, "'version'"),
    ({"title": "\ud800 Attention"}, "'title' holds a lone surrogate"),
    ({"title": "x" * 10_000_000}, "'title' is 10,000,000 characters long"),
    ({"daily_date": "2999-01-01"}, "daily date 2999-01-01 is in the future"),
    ({"daily_date": "9999-12-31"}, "'day' is in the year 9999"),
]


@pytest.mark.parametrize(("change", "reason"), HOSTILE)
def test_each_hostile_line_is_reported_alone_and_its_neighbours_kept(
    db: Database, tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    first, second = _hf_rows(2)
    report = import_file(db, path=_write(tmp_path / "hostile.jsonl", [first | change, second]))
    assert (report.inserted, report.skipped) == (1, 1)
    [problem] = report.problems
    assert problem.line == 1 and reason in problem.reason, problem.reason
    assert _counts(db)[:2] == (1, 1)


def test_a_line_the_database_refuses_costs_only_itself(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl, "check_record", lambda paper, daily: None)  # let a bad line reach the database
    rows = _hf_rows(3)
    rows[1] = rows[1] | {"upvotes": 2**70}
    report = import_file(db, path=_write(tmp_path / "slipped.jsonl", rows))
    assert (report.inserted, report.skipped, report.daily_added) == (2, 1, 2)
    [problem] = report.problems
    assert problem.line == 2 and problem.reason.startswith("the database refused it: ")
    assert _counts(db)[:2] == (2, 2)


def test_a_corrupt_gzip_file_is_refused_with_its_reason_before_anything_is_read(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    with pytest.raises(UnknownFormat, match="truncated or corrupt"):
        import_file(db, path=path)
    assert _counts(db) == (0, 0, 0)
