"""The names `make lint` tells vulture the templates read: a field counts as used only while a template reads it."""

from pathlib import Path
from types import ModuleType

import pytest

from tests.scripts_loader import load_script


@pytest.fixture(scope="module")
def template_names() -> ModuleType:
    return load_script("template_names")


def test_attributes_items_and_variables_are_read(template_names: ModuleType) -> None:
    source = '{% for card in view.cards %}{{ card["title"] }} {{ heading }}{% endfor %}{% set shown = 1 %}'
    assert template_names.read_names([source]) == {"view", "cards", "card", "title", "heading"}


def test_view_fields_the_shipped_templates_read_are_listed(template_names: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "names.py"
    assert template_names.main([str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert {"_.picker_day", "_.vote_action", "_.first_rank"} <= set(lines)
