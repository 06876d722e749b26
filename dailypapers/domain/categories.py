"""Which arXiv categories an instance keeps: patterns such as `cs.*,stat.ML`, matched against a paper's
categories. A paper is kept when any of its categories matches any pattern; no patterns keep everything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

# An archive (`cs`, `hep-th`), an archive and subject (`cs.CL`, `math.AG`), or an archive and `*`.
_PATTERN = re.compile(r"^[a-z][a-z-]*(\.(\*|[A-Za-z][A-Za-z-]*))?$")


class InvalidCategoryPattern(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class CategoryFilter:
    patterns: tuple[str, ...] = ()

    def keeps(self, categories: tuple[str, ...]) -> bool:
        if not self.patterns:
            return True
        return any(_matches(category, pattern) for category in categories for pattern in self.patterns)


def parse_category_filter(text: str) -> CategoryFilter:
    """`cs.*, stat.ML` -> a filter; an empty text keeps every category."""
    patterns = tuple(part.strip() for part in text.split(",") if part.strip())
    for pattern in patterns:
        if not _PATTERN.match(pattern):
            raise InvalidCategoryPattern(f"{pattern!r} is not an arXiv category pattern such as cs.*, cs.CL or hep-th")
    return CategoryFilter(patterns)


def _matches(category: str, pattern: str) -> bool:
    if "." not in pattern:
        # A bare archive is every category in it: `cs` keeps `cs.CL`, `hep-th` keeps `hep-th`.
        return category == pattern or category.startswith(pattern + ".")
    return fnmatchcase(category, pattern)
