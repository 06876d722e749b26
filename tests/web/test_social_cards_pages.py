"""Each paper's social card: a 1200×630 PNG that its page names, by an absolute URL, as its Open Graph image."""

import struct
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.settings import Settings


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_paper_page_names_its_card_and_the_card_is_a_png(
    client: TestClient, settings: Settings, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(
        day=date(2025, 6, 12), title="Attention " * 40, authors=tuple(f"Author {n}" for n in range(9))
    )
    page = client.get(f"/papers/{arxiv_id}").text
    card_url = f"{settings.base_url.rstrip('/')}/cards/{arxiv_id}.png"
    assert f'<meta property="og:image" content="{card_url}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    card = client.get(f"/cards/{arxiv_id}.png")
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert png_size(card.content) == (1200, 630) and "max-age" in card.headers["cache-control"]


def test_a_card_for_an_unknown_or_malformed_id_is_a_404(client: TestClient) -> None:
    assert client.get("/cards/2401.99999.png").status_code == 404
    assert client.get("/cards/not-an-id.png").status_code == 404
