"""The stylesheet check run by `make lint`: the shipped CSS passes it, and it catches what it is there for."""

from pathlib import Path
from types import ModuleType

import pytest

from tests.scripts_loader import REPO, load_script


@pytest.fixture(scope="module")
def check_css() -> ModuleType:
    return load_script("check_css")


def test_shipped_stylesheets_pass(check_css: ModuleType) -> None:
    stylesheets = sorted((REPO / "dailypapers" / "web" / "static").rglob("*.css"))
    assert stylesheets
    for path in stylesheets:
        assert check_css.check_stylesheet(path.read_text(encoding="utf-8")) == [], path


def test_media_block_left_open_is_reported_at_its_line(check_css: ModuleType) -> None:
    text = "a { color: red; }\n@media (max-width: 600px) {\n  a { color: blue; }\n\nb { margin: 0; }\n"
    assert check_css.check_stylesheet(text) == [(2, "'}' missing: the block opened here is never closed")]


def test_each_block_left_open_is_reported(check_css: ModuleType) -> None:
    text = "@media print {\n  a { color: red; }\n@media (max-width: 600px) {\n  b { margin: 0; }\n}\n"
    assert [line for line, _ in check_css.check_stylesheet(text)] == [1]
    text = "@media print {\n@media (max-width: 600px) {\n  b { margin: 0;\n"
    assert [line for line, _ in check_css.check_stylesheet(text)] == [1, 2, 3]


def test_declaration_without_colon_is_reported(check_css: ModuleType) -> None:
    text = "a {\n  color: red;\n}\n@media print {\n  b {\n    margin 0;\n  }\n}\n"
    assert [line for line, _ in check_css.check_stylesheet(text)] == [6]


def test_stray_closing_brace_is_reported(check_css: ModuleType) -> None:
    assert [line for line, _ in check_css.check_stylesheet("a { color: red; }\n}\nb { margin: 0; }\n")] == [2]


def test_comment_left_open_is_reported(check_css: ModuleType) -> None:
    assert check_css.check_stylesheet("a { color: red; }\n/* one more rule:")


def test_main_prints_file_and_line(check_css: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.css"
    broken.write_text("a { color: red; }\n@media print {\n  a { color: black; }\n", encoding="utf-8")
    assert check_css.main([str(broken)]) == 1
    assert capsys.readouterr().out == f"{broken}:2: '}}' missing: the block opened here is never closed\n"
