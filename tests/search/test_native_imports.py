"""Loading the vector index before the embedder must not crash the process (see dailypapers/search/__init__.py)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "modules",
    [
        ("dailypapers.search.vector_index", "dailypapers.search.embedder"),
        ("dailypapers.search.embedder", "dailypapers.search.vector_index"),
    ],
)
def test_the_vector_index_and_the_embedder_load_in_either_order(modules: tuple[str, str]) -> None:
    code = "; ".join(f"import {module}" for module in modules) + "; print('loaded')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded"
