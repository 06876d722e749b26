"""Every repository path the README and docs/ name exists, so a move or a rename cannot leave the docs behind."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
# Docs name modules relative to the package (`store/daily.py`) as often as from the root, and the site's
# files relative to web/ (`static/votes.js`).
PACKAGE = ROOT / "dailypapers"
BASES = (ROOT, PACKAGE, PACKAGE / "web")
TOP_LEVEL = ("dailypapers", "tests", "benchmarks", "scripts", "data", "docs", ".ci", "deploy")
PACKAGE_LEVEL = tuple(path.name for path in PACKAGE.iterdir() if path.is_dir() and not path.name.startswith("_"))
WEB_LEVEL = ("static", "templates")

_FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_PATH = re.compile(r"(?:\.ci|[a-z_]+)(?:/[\w.-]+)+/?")
# A placeholder (`templates/email/<name>/`), a glob or a brace list stands for paths, not one path.
_PATTERN = re.compile(r"[<>*{}]")


def named_paths(text: str) -> set[str]:
    """The repository-looking paths in code spans and links, without anchors, line numbers or test names."""
    text = _FENCED.sub("", text)
    words = [word for span in _CODE_SPAN.findall(text) for word in span.split()] + _LINK.findall(text)
    paths = set()
    for word in words:
        if _PATTERN.search(word) or "://" in word:
            continue
        path = re.split(r"[#:]", word.strip("\"'(),;").rstrip("."), maxsplit=1)[0]
        if _PATH.fullmatch(path) and path.split("/")[0] in TOP_LEVEL + PACKAGE_LEVEL + WEB_LEVEL:
            paths.add(path)
    return paths


def exists(path: str) -> bool:
    """A file or folder, or `store/users.lock_user`: a function, class or constant the module defines."""
    module, _, name = path.rpartition(".")
    defines = re.compile(rf"^\s*(?:(?:async )?def |class ){name}\b|^{name}\b\s*[:=]", re.MULTILINE)
    for base in BASES:
        if (base / path).exists():
            return True
        source = base / f"{module}.py"
        if "/" in module and source.is_file() and defines.search(source.read_text()):
            return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_path_the_docs_name_exists(document: Path) -> None:
    missing = sorted(path for path in named_paths(document.read_text()) if not exists(path))
    assert missing == [], f"{document.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_paths_are_found_in_code_spans_and_links_only() -> None:
    text = (
        "See `store/daily.py`, `python scripts/fetch.py --all`, [the docs](docs/auth.md#csrf), `.ci/run`, "
        "`tests/web/test_votes_app.py::test_upvote`, `store/users.lock_user`; not `templates/email/<name>/`, "
        "`var/outbox/`, `https://example.org/a/b` or store/plain.py.\n```\nscripts/in_a_block.py\n```\n"
    )
    assert named_paths(text) == {
        "store/daily.py",
        "scripts/fetch.py",
        ".ci/run",
        "docs/auth.md",
        "tests/web/test_votes_app.py",
        "store/users.lock_user",
    }


def test_a_module_path_must_define_the_name_after_it() -> None:
    assert exists("store/users.lock_user") and exists("dailypapers/store/users.py")
    assert not exists("store/users.no_such_function") and not exists("web/api/no_such_module.py")
