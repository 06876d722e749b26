"""Comments' Markdown to safe HTML: CommonMark without raw HTML, then an allow-list sanitiser (Ammonia, via nh3).

The parser alone already refuses raw HTML and `javascript:` links, and turns bare web addresses into links (linkify);
the sanitiser is the second wall, and the one that adds rel="nofollow ugc noopener" to every link so that comments
lend no ranking to what they link.
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
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable("linkify").disable("image")
    # Only addresses with a scheme or www.: a file name such as train.py or README.md ends in a country's domain.
    linkify = parser.linkify
    if linkify is None:  # markdown-it-py finds linkify-it-py at import time; the runtime lock pins it
        raise RuntimeError("linkify-it-py is missing: bare links in comments cannot be found")
    linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    return parser


def render_markdown(source: str) -> str:
    """Sanitised HTML for a comment's Markdown."""
    html = _parser().render(source)
    return nh3.clean(
        html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(URL_SCHEMES), link_rel=LINK_REL
    )
