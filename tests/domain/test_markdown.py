"""Comments' Markdown: bare web addresses become links, every link marked as the commenter's, nothing unsafe kept."""

from dailypapers.domain.markdown import render_markdown


def test_a_bare_address_becomes_a_link_marked_nofollow_ugc() -> None:
    html = render_markdown("Code at https://github.com/owner/repo?tab=readme, see it.")
    assert html == (
        '<p>Code at <a href="https://github.com/owner/repo?tab=readme" rel="nofollow ugc noopener">'
        "https://github.com/owner/repo?tab=readme</a>, see it.</p>\n"
    )


def test_file_names_and_unsafe_schemes_stay_text() -> None:
    html = render_markdown("Run train.py (see README.md) or javascript:alert(1) or mailto-less ada@example.org")
    assert "<a" not in html


def test_addresses_inside_code_stay_code() -> None:
    assert render_markdown("`https://example.org`") == "<p><code>https://example.org</code></p>\n"
