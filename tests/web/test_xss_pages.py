"""Whatever a member writes in a comment, the page shows it as text or as harmless markup: no script runs."""

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import csrf_form

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '![x](https://example.org/x.png" onerror="alert(1))',
    "<iframe src=https://example.org></iframe>",
    "<svg onload=alert(1)>",
    "`<script>` in code is fine",
    "<style>body{display:none}</style>",
]


class Elements(HTMLParser):
    """Every element and attribute inside the comment bodies of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.found.append((tag, attrs))
            self.depth += 1
        elif ("class", "comment-body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_payloads_render_inert(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User], payload: str
) -> None:
    arxiv_id = make_paper()
    sign_in()
    assert client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body=payload)).status_code == 303
    page = client.get(f"/papers/{arxiv_id}").text
    parser = Elements()
    parser.feed(page)
    assert parser.found or "&lt;" in page or payload.startswith("`")  # the comment is there, as markup or text
    for tag, attrs in parser.found:
        assert tag in {"p", "a", "code", "em", "strong", "br"}, (tag, payload)
        for name, value in attrs:
            assert not name.startswith("on") and name not in {"style", "src"}, (name, payload)
            if name == "href":
                assert value is not None and value.startswith(("https://", "http://")), (value, payload)
        if tag == "a":
            assert ("rel", "nofollow ugc noopener") in attrs


def test_links_in_comments_are_nofollow_ugc(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body="See [the code](https://example.org/c)."))
    page = client.get(f"/papers/{arxiv_id}").text
    assert '<a href="https://example.org/c" rel="nofollow ugc noopener">the code</a>' in page
