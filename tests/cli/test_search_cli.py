"""`dailypapers index` and `dailypapers search` against a SQLite file, as an operator runs them."""

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from dailypapers.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
LISTING = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"


@pytest.fixture
def small_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.setenv("DAILYPAPERS_EMBED_ON_IMPORT_LIMIT", "10")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "small.jsonl"
    path.write_text("".join(LISTING.read_text().splitlines(keepends=True)[:30]))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_leaves_a_large_batch_to_index_which_embeds_only_what_is_new(small_listing: Path) -> None:
    code, out, _ = run("import", str(small_listing))
    assert code == 0 and "30 papers to embed" in out and "dailypapers index" in out
    assert "keyword index built: 30 papers written" in out  # the import brought the keyword index up to date
    code, out, err = run("index")
    assert code == 0, err
    assert "30 embedded" in out and "embedding" in err  # the progress bar
    assert "keyword index current: 30 papers" in out
    code, out, _ = run("index")
    assert code == 0 and "examined 0 papers" in out


def test_search_prints_results_and_json(small_listing: Path) -> None:
    run("import", str(small_listing))
    run("index")
    code, out, _ = run("search", "video generation", "--limit", "3")
    assert code == 0 and out.startswith("  1. ")
    code, out, _ = run("search", "video generation", "--mode", "keyword", "--limit", "2", "--json")
    items = json.loads(out)
    assert len(items) == 2 and {"paper", "highlightedTitle", "highlightedSummary"} <= set(items[0])
    code, _, _ = run("search", "x", "--limit", "1000")
    assert code != 0


def test_search_with_a_focus_matches_the_part_of_the_text_it_names(small_listing: Path) -> None:
    run("import", str(small_listing))
    run("index")
    first, second = (json.loads(line) for line in small_listing.read_text().splitlines()[3:5])
    draft = f"{first['abstract'][:400]} {second['abstract'][:400]}"
    for paper in (first, second):
        code, out, err = run("search", draft, "--focus", paper["title"], "--limit", "3", "--json")
        assert code == 0, err
        assert json.loads(out)[0]["paper"]["id"] == paper["id"]


def test_demo_loads_shipped_embeddings_of_the_same_model_only(
    small_listing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("import", str(small_listing))
    exported = tmp_path / "shipped.npz"
    code, out, _ = run("index", "--export", str(exported))
    assert code == 0 and "wrote 30 embeddings" in out

    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.setenv("DAILYPAPERS_DEMO_FILES", json.dumps([str(small_listing)]))
    monkeypatch.setenv("DAILYPAPERS_DEMO_EMBEDDINGS_FILE", str(exported))
    code, out, _ = run("demo", "--no-serve")
    assert code == 0 and "30 embeddings loaded" in out
    assert "keyword index built: 30 papers written" in out  # the demo serves keyword queries from it at once
    assert (tmp_path / "fresh" / "search" / "keyword" / "mirror.json").exists()
    code, out, err = run("search", "video generation", "--mode", "semantic", "--limit", "1")
    assert code == 0 and out.startswith("  1. ") and "dailypapers index" not in err

    with np.load(exported) as data:
        arrays = dict(data)
    arrays["meta"] = np.array(
        json.dumps({"format": 1, "model_id": "another/model:fp32:000000000000", "dimension": 384})
    )
    np.savez(tmp_path / "foreign.npz", **arrays)
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "third"))
    monkeypatch.setenv("DAILYPAPERS_DEMO_EMBEDDINGS_FILE", str(tmp_path / "foreign.npz"))
    code, out, err = run("demo", "--no-serve")
    assert code == 0 and "another/model" in err and "dailypapers index" in err


@pytest.fixture
def video_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Forty real papers, among them video generation with diffusion models."""
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "video.jsonl"
    path.write_text("".join(LISTING.read_text().splitlines(keepends=True)[250:290]))
    run("import", str(path))
    run("index")
    return path


def test_search_admits_a_poor_match_and_suggests_a_spelling(video_listing: Path) -> None:
    code, out, err = run("search", "zxqvbnm qqqq", "--limit", "3")
    assert code == 0 and "  3. " in out  # the closest are still listed
    assert "No paper matched these words well; the closest are below." in err
    assert "no paper holds these words" in out
    code, out, err = run("search", "difusion vidoe genration", "--limit", "3")
    assert code == 0 and "did you mean: diffusion video generation" in err
    code, out, err = run("search", "diffusion video generation", "--limit", "3")
    assert "did you mean" not in err and "No paper matched" not in err
    assert "papers hold all these words" in out
