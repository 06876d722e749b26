"""Every answer refuses framing and sniffing and carries the site's Content-Security-Policy; big ones are gzipped."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from dailypapers.web.security_headers import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/papers/date/2025-06-12", "/api/daily_papers", "/no-such-page", "/static/site.css"])
def test_every_answer_refuses_framing_and_sniffing(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "script-src 'self';" in CONTENT_SECURITY_POLICY


def test_pages_hold_no_inline_script_or_style_for_the_policy_to_block(client: TestClient) -> None:
    page = client.get("/papers/date/2025-06-12").text
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert "<style" not in page and " style=" not in page and " on" + "click=" not in page


def test_api_docs_allow_their_own_inline_script_by_hash_and_nothing_else(client: TestClient) -> None:
    response = client.get("/docs")
    (script,) = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_big_html_and_json_are_gzipped_and_small_answers_are_not(client: TestClient) -> None:
    page = client.get("/papers/date/2025-06-12", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and page.text.startswith("<!doctype html>")
    api = client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert api.headers["content-encoding"] == "gzip" and api.json()["openapi"]
    small = client.get("/api/daily_papers", params={"date": "2025-06-12"}, headers={"Accept-Encoding": "gzip"})
    assert small.json() == [] and "content-encoding" not in small.headers
