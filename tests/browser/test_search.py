"""Searching as a reader does: the header's box, the options, a paper's similar papers, related work for a text."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_the_header_box_searches_and_highlights_the_words(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(live_server + "/papers/date/2025-06-12")
        page.fill("#site-search-q", "video diffusion")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/papers?q=*")
        assert parse_qs(urlsplit(page.url).query)["q"] == ["video diffusion"]
        assert page.locator("article.card.result").count() >= 5
        marked = {text.lower() for text in page.locator("article.card.result mark").all_inner_texts()}
        # Words sharing a query word's stem count: diffuser, diffusion.
        assert marked and all(word.startswith(("video", "diffus")) for word in marked), marked
        assert page.input_value("#search-q") == "video diffusion"  # the query stays in the page's own box
    finally:
        page.close()


def test_options_narrow_and_reorder_the_results(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(live_server + "/papers?q=video+diffusion")
        page.select_option("select[name=mode]", "keyword")
        page.select_option("select[name=sort]", "newest")
        page.check("input[name=daily_only]")
        page.click(".search-form button[type=submit]")
        page.wait_for_url("**sort=newest**")
        query = parse_qs(urlsplit(page.url).query)
        assert query["mode"] == ["keyword"] and query["daily_only"] == ["true"]
        assert page.locator("article.card.result").count() >= 2
        # Only daily-list papers: each result opens a paper page that links to its day.
        page.locator("article.card.result .card-title a").first.click()
        page.wait_for_url("**/papers/2*")
        assert page.locator("a[href^='/papers/date/']").count() >= 1
    finally:
        page.close()


def test_a_paper_page_leads_to_similar_papers(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(live_server + "/papers/2506.09350")
        links = page.locator("section.similar li a")
        assert links.count() >= 3
        title = links.first.inner_text()
        links.first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == title
        assert not page.url.endswith("/papers/2506.09350")
    finally:
        page.close()


def test_related_work_for_a_pasted_abstract(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(live_server + "/related")
        page.fill(
            "#related-text",
            "We train a video diffusion model that generates long, temporally consistent clips from a text prompt, "
            "distilling it into a few-step generator for real-time interactive use.",
        )
        page.click(".related-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("article.card.result").count() >= 5
        assert page.input_value("#related-text").startswith("We train a video diffusion model")
        unfocused = page.locator("article.card.result .card-title").all_inner_texts()
        # The focus box: the same text, its distillation sentence weighed beside it.
        page.fill("#related-focus", "distilling it into a few-step generator for real-time interactive use")
        page.click(".related-form button[type=submit]")
        page.wait_for_load_state()
        focused = page.locator("article.card.result .card-title").all_inner_texts()
        assert len(focused) >= 5 and focused != unfocused
        assert page.input_value("#related-focus").startswith("distilling it into")
    finally:
        page.close()
