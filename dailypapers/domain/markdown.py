"""Comments' Markdown to safe HTML: CommonMark without raw HTML, then an allow-list sanitiser (Ammonia, via nh3).

The parser alone already refuses raw HTML and `javascript:` links; the sanitiser is the second wall, and the
one that adds rel="nofollow ugc noopener" to every link so that comments lend no ranking to what they link.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


@cache
def _parser() -> MarkdownIt:
    # Images are left out: a remote image in a comment tracks whoever reads it.
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def render_markdown(source: str) -> str:
    """Sanitised HTML for a comment's Markdown."""
    html = _parser().render(source)
    return nh3.clean(
        html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(URL_SCHEMES), link_rel=LINK_REL
    )
