"""Write the names the Jinja templates read as a vulture whitelist, so view-model fields count as used.

A field that only a template reads looks dead to vulture; listing what the templates read, rather than the
fields, keeps a field that no template reads any more reported. Run by `make lint`:
`python scripts/template_names.py build/template_names.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, nodes

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = (REPO / "dailypapers" / "web" / "templates", REPO / "dailypapers" / "email" / "templates")


def read_names(sources: Iterable[str]) -> set[str]:
    """Attributes (`view.heading`, `view["heading"]`) and variables (`heading`) the templates read."""
    environment = Environment(autoescape=True)
    names: set[str] = set()
    for source in sources:
        tree = environment.parse(source)
        names.update(node.attr for node in tree.find_all(nodes.Getattr))
        names.update(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
        for item in tree.find_all(nodes.Getitem):
            if isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
                names.add(item.arg.value)
    return {name for name in names if name.isidentifier()}


def main(argv: list[str]) -> int:
    [out] = argv
    paths = sorted(path for root in TEMPLATES for path in root.rglob("*") if path.is_file())
    names = read_names(path.read_text(encoding="utf-8") for path in paths)
    lines = ["# Written by scripts/template_names.py: the names the Jinja templates read.", ""]
    lines += [f"_.{name}" for name in sorted(names)]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
