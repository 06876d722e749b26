"""Static files under content-hashed names, cached for a year; the plain names still answer, cached briefly."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from dailypapers.web.static_files import StaticAssets


def test_pages_link_the_stylesheet_by_a_name_that_changes_with_its_content(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("a { color: red; }")
    before = StaticAssets(tmp_path).url("site.css")
    (tmp_path / "site.css").write_text("a { color: blue; }")
    after = StaticAssets(tmp_path).url("site.css")
    assert re.fullmatch(r"/static/site\.[0-9a-f]{12}\.css", before) and before != after


def test_a_hashed_name_is_cached_for_a_year_and_a_plain_one_briefly(client: TestClient) -> None:
    page = client.get("/papers/date/2025-06-12").text
    (stylesheet,) = re.findall(r'href="(/static/site\.[0-9a-f]{12}\.css)"', page)
    hashed = client.get(stylesheet)
    assert hashed.status_code == 200 and "text/css" in hashed.headers["content-type"]
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    plain = client.get("/static/site.css")
    assert plain.status_code == 200 and plain.text == hashed.text
    assert plain.headers["cache-control"] == "public, max-age=300"


def test_a_name_with_a_stale_hash_is_not_found(client: TestClient) -> None:
    assert client.get("/static/site.000000000000.css").status_code == 404
