"""Issue #20's "Done means" as one new member walks it in Chromium, on SQLite and on PostgreSQL: sign up, import a
BibTeX library into a collection, follow two authors, save a search, read For you's reasons, save one paper and turn
another away, then read three feeds as a feed reader does and ask the API the same. Every page on the way is
looked at 1280 and 390 px wide.

The site serves the shipped records (the Daily Papers archive and the arXiv test fixture) with the shipped
vectors, as `dailypapers demo` does; its lists end on 2026-08-21, so For you ranks the 30 days up to that list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from playwright.sync_api import expect

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.email.senders import MemorySender
from dailypapers.services.container import Services
from dailypapers.services.embedding_files import load_embeddings
from dailypapers.services.imports import import_file
from dailypapers.web.app import create_app
from tests.browser.test_sessions import sign_up
from tests.conftest import _dialects, fresh_engine
from tests.fakes.arxiv_server import FakeArxiv
from tests.live_server import live_settings, serve

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "tests" / "fixtures" / "bibtex" / "world_models_library.bib"
# The library's papers that are indexed here: Zotero's two by arXiv id, Google Scholar's by its arXiv id and by title.
OWN_PAPERS = ("2605.15256", "2605.18601", "2505.21070", "2605.23345")
# A colleague's paper on the last list of the archive; the member follows two of its authors from there.
COLLEAGUES_PAPER, AUTHORS = "2608.14530", ("Kaipeng Zhang", "Chuanhao Li")
QUERY = "world model"
WIDTHS = (1280, 390)


@dataclass(frozen=True)
class Site:
    url: str
    base_url: str  # where the site's absolute links (feeds') point
    outbox: MemorySender
    shots: Path


@pytest.fixture(scope="module", params=_dialects())
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site over a database of the dialect holding the shipped records and vectors."""
    directory = tmp_path_factory.mktemp(f"journey-{request.param}")
    engine = fresh_engine(request.param, directory)
    db = Database(engine)
    import_file(db, path=ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz")
    import_file(db, path=ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl")
    outbox = MemorySender()
    try:
        with FakeArxiv() as arxiv:
            settings = live_settings(data_dir=directory / "data", arxiv_url=arxiv.base_url)
            services = Services(settings, serving=True, db=db, sender=outbox)
            assert load_embeddings(db, services.search, path=ROOT / "data" / "demo" / "embeddings.npz").loaded
            with serve(create_app(settings, services=services)) as url:
                yield Site(url, settings.base_url.rstrip("/"), outbox, directory / "screenshots")
    finally:
        engine.dispose()
        if request.param == "postgresql":
            fresh_engine("postgresql", directory).dispose()  # leave no rows behind for the tests that follow


def look(page: Any, site: Site, name: str) -> None:
    """Photograph the page at each width, and fail when it is wider than a phone's screen."""
    site.shots.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(site.shots / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def card_ids(page: Any) -> list[str]:
    return [str(card.get_attribute("data-arxiv-id")) for card in page.locator("ol.cards article.card").all()]


def read_feed(site: Site, path: str) -> Any:
    """The feed as a reader gets it: no session, then its own conditional GET."""
    answer = httpx.get(site.url + path)
    assert answer.status_code == 200, (path, answer.text)
    again = httpx.get(site.url + path, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def entry_id(site: Site, entry: Any) -> str:
    """The arXiv id the entry's link names, which must be a paper page of this site."""
    match = re.fullmatch(re.escape(site.base_url) + r"/papers/(.+)", entry.link)
    assert match, entry.link
    return match.group(1)


def check_entries(site: Site, feed: Any) -> list[str]:
    """Every entry carries what a reader shows; returns the entries' arXiv ids in order."""
    for entry in feed.entries:
        assert entry.title and entry.summary and entry.published_parsed and entry.updated_parsed
        assert entry.authors and all(author.get("name") for author in entry.authors)
        related = [link.href for link in entry.links if link.get("rel") == "related"]
        assert f"https://arxiv.org/abs/{entry_id(site, entry)}" in related
    return [entry_id(site, entry) for entry in feed.entries]


def test_a_new_member_builds_their_for_you_and_reads_it_in_a_feed_reader(site: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    try:
        page = context.new_page()
        username = sign_up(page, site.url, confirm_with=site.outbox)

        # A collection, and the member's library imported into it from a Zotero and Google Scholar export.
        page.goto(site.url + urls.member_collections_path(username))
        page.fill("#title", "My papers")
        page.click("button:has-text('Create')")
        collection_path = urls.collection_path(username, "my-papers")
        page.wait_for_url(site.url + collection_path)
        page.set_input_files("#file", str(LIBRARY))
        page.click("#import button:has-text('Import')")
        report = page.locator(".import-report")
        expect(report.locator("h2")).to_have_text("Import: 4 papers added")
        expect(report.locator("h3")).to_have_text(["Matched (4)", "Not matched (1)", "Skipped as malformed (1)"])
        lines = [text.split(":")[0] for text in report.locator("li").all_inner_texts()]
        assert lines == [
            "line 1, wang_reactivegwm_2026",
            "line 12, zhu_incantation_2026",
            "line 23, wang2025minute",
            "line 30, tong2026scope",
            "line 43, sutton2018reinforcement",
            "line 36, qin2025spotedit",
        ]
        expect(report.locator("li").nth(3)).to_contain_text("by title")
        expect(report.locator("li").nth(4)).to_contain_text("no paper indexed here has this DOI or title")
        expect(report.locator("li").nth(5)).to_contain_text("malformed")
        assert card_ids(page) == list(OWN_PAPERS)  # in the file's order
        expect(page.locator("ol.cards a.save-link")).to_have_text(["Saved"] * len(OWN_PAPERS))
        look(page, site, "collection-import")

        # Two authors followed from their pages, reached from a colleague's paper.
        for author in AUTHORS:
            page.goto(site.url + urls.paper_path(COLLEAGUES_PAPER))
            page.locator("main").get_by_role("link", name=author, exact=True).first.click()
            expect(page.locator("h1")).to_have_text(author)
            page.get_by_role("button", name=f"Follow {author}").click()
            expect(page.get_by_role("button", name=f"Following ✓ {author}, select to unfollow")).to_be_visible()
        look(page, site, "author")

        # A search saved from its results.
        page.goto(site.url + urls.search_path())
        page.fill("form.search-form input[name=q]", QUERY)
        page.locator("form.search-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/papers\?q=world"))
        page.get_by_role("button", name="Save this search").click()
        expect(page.get_by_role("status").first).to_contain_text("Search saved")
        look(page, site, "search-saved")

        # For you, every card there for a signal the member gave, naming it.
        page.click(".site-nav >> text=For you")
        page.wait_for_url(site.url + urls.for_you_path())
        expect(page.locator(".period")).to_contain_text("the 30 days up to the latest list")
        ranked = card_ids(page)
        assert len(ranked) == 20 and not set(ranked) & set(OWN_PAPERS)
        reasons = [card.locator(".reason").all_inner_texts() for card in page.locator("ol.cards article.card").all()]
        assert all(reasons), "every card says why it is there"
        given = {f"Follows: {author}" for author in AUTHORS} | {f"Saved search: {QUERY}"}
        given |= {f"Like {arxiv_id} you saved" for arxiv_id in OWN_PAPERS}
        shown = {reason for card in reasons for reason in card}
        assert shown <= given and {f"Follows: {author}" for author in AUTHORS} | {f"Saved search: {QUERY}"} <= shown
        liked = page.locator("a.reason").first  # a reason naming a paper links to it
        arxiv_id = str(liked.inner_text()).split()[1]
        assert arxiv_id in OWN_PAPERS and liked.get_attribute("href") == urls.paper_path(arxiv_id)
        look(page, site, "for-you")

        # The first paper saved to the collection from its card, the second turned away and taken back, then
        # turned away for good.
        saved, dismissed = ranked[0], ranked[1]
        card = page.locator(f'ol.cards article.card[data-arxiv-id="{saved}"]')
        card.locator("a.save-link").click()
        popover = page.locator(".save-popover")
        popover.get_by_label("My papers").check()
        look(page, site, "for-you-save")
        popover.locator("button:has-text('Save')").click()
        expect(card.locator("a.save-link")).to_have_text("Saved")
        card = page.locator(f'ol.cards article.card[data-arxiv-id="{dismissed}"]')
        card.get_by_role("button", name=f"Not interested in {dismissed}").click()
        expect(card).to_be_hidden()
        look(page, site, "for-you-dismissed")
        page.get_by_role("button", name="Undo").click()
        expect(card).to_be_visible()
        page.reload()
        after_undo = card_ids(page)
        assert saved not in after_undo and dismissed in after_undo
        assert any(f"Like {saved} you saved" in text for text in page.locator(".reason").all_inner_texts())
        page.locator(f'ol.cards article.card[data-arxiv-id="{dismissed}"]').get_by_role(
            "button", name=f"Not interested in {dismissed}"
        ).click()
        expect(page.locator(f'ol.cards article.card[data-arxiv-id="{dismissed}"]')).to_be_hidden()
        page.reload()
        for_you = card_ids(page)
        assert saved not in for_you and dismissed not in for_you and len(for_you) == 20

        # Three feeds a reader subscribes to: the collection's, the saved search's and For you's.
        page.goto(site.url + urls.account_path())
        page.get_by_role("button", name="Make my private feed links").click()
        page.wait_for_url(re.compile(r"/account\?done=feed-token"))
        look(page, site, "account-feeds")
        for_you_feed = str(page.locator("#feeds").get_by_role("link", name="Atom").get_attribute("href"))
        page.goto(site.url + urls.following_path())
        look(page, site, "following")
        search_feed = str(page.locator("#saved-searches").get_by_role("link", name="Atom").get_attribute("href"))
        page.goto(site.url + collection_path)
        collection_feed = str(page.locator(".feed-links").get_by_role("link", name="Atom").get_attribute("href"))
        look(page, site, "collection")

        feed = read_feed(site, collection_feed)
        assert feed.feed.title.startswith("My papers") and check_entries(site, feed) == [*OWN_PAPERS, saved]
        feed = read_feed(site, search_feed)
        assert feed.feed.title.startswith(f"Saved search: {QUERY}") and len(feed.entries) > 0
        assert all(re.search(r"world", entry.title + entry.summary, re.IGNORECASE) for entry in feed.entries)
        check_entries(site, feed)
        feed = read_feed(site, for_you_feed)
        assert check_entries(site, feed)[:20] == for_you

        # The API, asked with the same session, tells the same story.
        api = page.request.get(site.url + "/api/v1/me/for-you?limit=20").json()
        assert [item["paper"]["id"] for item in api] == for_you
        assert page.request.get(site.url + "/api/v1/me/dismissals").json() == [dismissed]
        (collection,) = page.request.get(site.url + "/api/v1/collections").json()
        items = page.request.get(f"{site.url}/api/v1/collections/{collection['id']}").json()["items"]
        assert [item["arxiv_id"] for item in items] == [*OWN_PAPERS, saved]
    finally:
        context.close()
