import gzip
import json
from pathlib import Path

import pytest

from dailypapers.sources.jsonl import BadLine, GoodLine, JsonlFile, UnknownFormat, detect_format

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"
HF_DAILY = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"

SNAPSHOT_ROW = {
    "id": "0704.0001",
    "submitter": "Pavel Nadolsky",
    "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
    "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
    "comments": "37 pages, 15 figures; published version",
    "journal-ref": "Phys.Rev.D76:013009,2007",
    "doi": "10.1103/PhysRevD.76.013009",
    "report-no": "ANL-HEP-PR-07-12",
    "categories": "hep-ph",
    "license": None,
    "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\npresented.",
    "versions": [
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
    ],
    "update_date": "2008-11-13",
    "authors_parsed": [
        ["Balázs", "C.", ""],
        ["Berger", "E. L.", ""],
        ["Nadolsky", "P. M.", ""],
        ["Yuan", "C. -P.", ""],
    ],
}


def _write(path: Path, lines: list[str], *, gz: bool = False) -> Path:
    data = "\n".join(lines) + "\n"
    if gz:
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data)
    return path


def test_formats_are_detected_from_the_keys() -> None:
    assert detect_format(LISTING) == "arxiv-listing"
    assert detect_format(HF_DAILY) == "hf-daily"


def test_snapshot_rows_give_version_dates_and_parsed_authors(tmp_path: Path) -> None:
    path = _write(tmp_path / "snap.json", [json.dumps(SNAPSHOT_ROW)])
    source = JsonlFile(path)
    assert source.format == "arxiv-snapshot"
    (item,) = list(source)
    assert isinstance(item, GoodLine)
    paper = item.paper
    assert paper.arxiv_id == "0704.0001" and paper.version == 2
    assert paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert paper.authors[0] == "C. Balázs"
    assert paper.published_at is not None and paper.published_at.isoformat() == "2007-04-02T19:18:42+00:00"
    assert paper.arxiv_updated_at is not None and paper.arxiv_updated_at.month == 7
    assert (paper.journal_ref, paper.doi, paper.categories) == (
        "Phys.Rev.D76:013009,2007",
        "10.1103/PhysRevD.76.013009",
        ("hep-ph",),
    )


def test_daily_rows_carry_their_list_entry() -> None:
    first = next(iter(JsonlFile(HF_DAILY)))
    assert isinstance(first, GoodLine) and first.daily is not None
    assert (first.paper.arxiv_id, str(first.daily.day), first.daily.upvote_count) == ("2405.15738", "2024-05-27", 32)


def test_bad_lines_are_reported_with_their_number_and_reading_goes_on(tmp_path: Path) -> None:
    good = LISTING.read_text().splitlines()[:2]
    broken = json.loads(good[0]) | {"id": "not-an-id"}
    no_title = json.loads(good[0]) | {"title": ""}
    lines = [good[0], "{not json", "[1, 2]", json.dumps(broken), "", json.dumps(no_title), good[1]]
    items = list(JsonlFile(_write(tmp_path / "mixed.jsonl", lines, gz=True)))
    assert [type(item).__name__ for item in items] == [
        "GoodLine",
        "BadLine",
        "BadLine",
        "BadLine",
        "BadLine",
        "GoodLine",
    ]
    bad = [item for item in items if isinstance(item, BadLine)]
    assert [item.line for item in bad] == [2, 3, 4, 6]
    assert "invalid JSON" in bad[0].reason
    assert "not an object" in bad[1].reason
    assert "not-an-id" in bad[2].reason
    assert "'title'" in bad[3].reason


def test_a_truncated_gzip_file_keeps_what_was_read(tmp_path: Path) -> None:
    whole = gzip.compress(LISTING.read_bytes())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = list(JsonlFile(path, format="arxiv-listing"))
    assert isinstance(items[-1], BadLine) and "truncated" in items[-1].reason
    assert sum(isinstance(item, GoodLine) for item in items) > 100


def test_an_unrecognisable_file_asks_for_a_format(tmp_path: Path) -> None:
    path = _write(tmp_path / "other.jsonl", ['{"name": "x"}'])
    with pytest.raises(UnknownFormat, match="--format"):
        JsonlFile(path)
