"""Check the site's stylesheets: every rule and declaration parses, and every block that opens is closed.

Browsers, like tinycss2, quietly close a block left open at the end of a file, so a missing `}` after
`@media (max-width: 600px) {` turns every later rule into a phone-only rule without an error anywhere.
Run by `make lint`: `python scripts/check_css.py [FILE ...]` (default: every .css under dailypapers/web/static/).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import tinycss2

REPO = Path(__file__).resolve().parent.parent
STATIC = REPO / "dailypapers" / "web" / "static"
# An identifier no stylesheet uses: appended after the last line, it lands inside whatever block is still open.
SENTINEL = "end-of-stylesheet-sentinel"
CLOSERS = {"{} block": "}", "[] block": "]", "() block": ")", "function": ")"}


def check_stylesheet(text: str) -> list[tuple[int, str]]:
    """The problems in one stylesheet, as (line, reason) sorted by line; empty when it is sound."""
    problems = list(find_unclosed_blocks(text))
    rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)
    problems.extend(find_parse_errors(rules))
    return sorted(set(problems))


def find_unclosed_blocks(text: str) -> Iterable[tuple[int, str]]:
    values = tinycss2.parse_component_value_list(f"{text}\n{SENTINEL}", skip_comments=True)
    path = path_to_sentinel(values)
    if path is None:
        yield text.count("\n") + 1, "the file ends inside a comment or string"
        return
    for block in path:
        yield block.source_line, f"'{CLOSERS[block.type]}' missing: the block opened here is never closed"


def path_to_sentinel(values: Sequence[Any]) -> list[Any] | None:
    """The blocks that enclose the sentinel, outermost first ([] when it is at the top level)."""
    for value in values:
        if value.type == "ident" and value.value == SENTINEL:
            return []
        if value.type in CLOSERS:
            inner = path_to_sentinel(value.arguments if value.type == "function" else value.content)
            if inner is not None:
                return [value, *inner]
    return None


def find_parse_errors(nodes: Iterable[Any]) -> Iterable[tuple[int, str]]:
    for node in nodes:
        if node.type == "error":
            yield node.source_line, node.message
        elif node.type == "qualified-rule":
            yield from find_parse_errors(node.prelude)
            yield from find_parse_errors(parse_contents(node.content, rules=False))
        elif node.type == "at-rule":
            yield from find_parse_errors(node.prelude)
            if node.content is not None:
                holds_rules = any(value.type == "{} block" for value in node.content)
                yield from find_parse_errors(parse_contents(node.content, rules=holds_rules))
        elif node.type == "declaration":
            yield from find_parse_errors(node.value)
        elif node.type in CLOSERS:
            yield from find_parse_errors(node.arguments if node.type == "function" else node.content)


def parse_contents(content: list[Any], *, rules: bool) -> list[Any]:
    # A style rule's block holds declarations (and nested rules); @media's and @supports' hold rules.
    if rules:
        return tinycss2.parse_rule_list(content, skip_whitespace=True, skip_comments=True)
    return tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or sorted(STATIC.rglob("*.css"))
    failed = False
    for path in paths:
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        for line, reason in check_stylesheet(path.read_text(encoding="utf-8")):
            print(f"{shown}:{line}: {reason}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
