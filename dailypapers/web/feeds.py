"""Atom and RSS 2.0 feeds of a list of papers (feedgen), answered with conditional GET.

Every list the site shows becomes a feed by building a `PaperFeed` and calling `feed_response`: the body is
rendered the same way for the same papers (the feed's time is its newest entry's, never the clock's), so its
digest is a stable ETag and a reader polling an unchanged list gets a 304 with no body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Literal

from fastapi import Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]
from markupsafe import escape

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import abs_url
from dailypapers.domain.papers import Paper

FeedKind = Literal["atom", "rss"]
MEDIA_TYPES = {"atom": "application/atom+xml; charset=utf-8", "rss": "application/rss+xml; charset=utf-8"}
FEED_ENTRIES = 50
MAX_AGE = 600  # seconds a reader or cache may reuse a feed before asking again (then cheaply, with its ETag)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the time of a feed with no entries
_ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@dataclass(frozen=True, slots=True)
class PaperFeed:
    """One list as a feed: what it is called, the page it mirrors and its own address (both site paths)."""

    title: str
    description: str
    page_path: str
    feed_path: str
    papers: Sequence[Paper]
    private: bool = False  # a member's own feed: caches between the reader and the site must not keep it


def feed_response(request: Request, feed: PaperFeed, *, kind: FeedKind, site_name: str, base_url: str) -> Response:
    """The feed, or 304 when the reader's `If-None-Match` (else `If-Modified-Since`) shows it has it already."""
    body = render_feed(feed, kind=kind, site_name=site_name, base_url=base_url)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    modified = feed_updated_at(feed.papers)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Cache-Control": f"{'private' if feed.private else 'public'}, max-age={MAX_AGE}",
        "Vary": "Accept-Encoding",
    }
    if feed.private:
        headers["X-Robots-Tag"] = "noindex"
    if _not_modified(request, etag=etag, modified=modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPES[kind], headers=headers)


def render_feed(feed: PaperFeed, *, kind: FeedKind, site_name: str, base_url: str) -> bytes:
    generator = FeedGenerator()
    if kind == "rss":
        generator.load_extension("dc")  # RSS's own <author> must be an email address; dc:creator takes a name
    page_url = urls.absolute(base_url, feed.page_path)
    generator.id(urls.absolute(base_url, feed.feed_path))
    generator.title(f"{feed.title} · {site_name}")
    generator.subtitle(feed.description)  # RSS's required <description>
    generator.link(href=urls.absolute(base_url, feed.feed_path), rel="self")
    generator.link(href=page_url, rel="alternate")  # last: RSS's one <link> is the last one given
    generator.language("en")
    generator.generator(site_name, uri=urls.absolute(base_url, urls.home_path()))
    updated = feed_updated_at(feed.papers)
    generator.updated(updated)
    generator.lastBuildDate(updated)
    for paper in feed.papers:
        _add_entry(generator, paper, kind=kind, base_url=base_url)
    if kind == "rss":
        rss: bytes = generator.rss_str(pretty=True)
        return rss
    return _add_related_links(generator.atom_str(pretty=True), feed.papers, base_url=base_url)


def feed_updated_at(papers: Sequence[Paper]) -> datetime:
    """The newest change among the entries: the feed's `updated` and its Last-Modified."""
    return max((_entry_updated(paper) for paper in papers), default=_EPOCH).replace(microsecond=0)


def _add_entry(generator: FeedGenerator, paper: Paper, *, kind: FeedKind, base_url: str) -> None:
    entry = generator.add_entry(order="append")
    paper_url = urls.absolute(base_url, urls.paper_path(paper.arxiv_id))
    entry.id(paper_url)
    entry.guid(paper_url, permalink=True)
    entry.title(paper.title)
    entry.link(href=paper_url, rel="alternate")  # the arXiv and code links: _add_related_links, and the content
    if kind == "atom":
        for name in paper.authors:
            entry.author(name=name)
    else:
        entry.dc.dc_creator(list(paper.authors))
    for category in paper.categories:
        entry.category(term=category)
    entry.published(paper.published_at or paper.created_at)
    entry.updated(_entry_updated(paper))
    entry.summary(paper.abstract)
    entry.content(_entry_html(paper), type="html" if kind == "atom" else "CDATA")


def _add_related_links(atom: bytes, papers: Sequence[Paper], *, base_url: str) -> bytes:
    """Each Atom entry's arXiv and code links (rel="related"). feedgen 1.0 writes an entry link's href alone,
    dropping its rel and title (python-feedgen issue #135), which would make them three "alternate" links."""
    related = {urls.absolute(base_url, urls.paper_path(paper.arxiv_id)): _related_links(paper) for paper in papers}
    root = etree.fromstring(atom)
    for entry in root.iterfind("atom:entry", _ATOM):
        links = related.get(entry.findtext("atom:id", namespaces=_ATOM) or "", [])
        anchor = entry.find("atom:link", _ATOM)
        for title, href in reversed(links):
            link = etree.Element(f"{{{_ATOM['atom']}}}link", href=href, rel="related", title=title)
            if anchor is not None:
                anchor.addnext(link)
    rendered: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return rendered


def _related_links(paper: Paper) -> list[tuple[str, str]]:
    links = [("arXiv", abs_url(paper.arxiv_id))]
    if paper.github_repo:
        links.append(("Code", paper.github_repo))
    return links


def _entry_updated(paper: Paper) -> datetime:
    return max(paper.updated_at, paper.published_at or paper.updated_at)


def _entry_html(paper: Paper) -> str:
    links = [f'<a href="{escape(href)}">{escape(title)}</a>' for title, href in _related_links(paper)]
    votes = f"{paper.upvote_count} upvote{'' if paper.upvote_count == 1 else 's'}"
    return (
        f"<p>{escape(', '.join(paper.authors))}</p>"
        f"<p>{escape(paper.abstract)}</p>"
        f"<p>{' · '.join(links)} · ▲ {votes}</p>"
    )


def _not_modified(request: Request, *, etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when sent (weak comparison); If-Modified-Since only without it."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        if since.tzinfo is None:
            return False
        return modified <= since
    return False


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """A page's feeds: base.html puts them in `<link rel="alternate">`, partials/feed_icon.html beside the list."""

    title: str
    atom: str
    rss: str
