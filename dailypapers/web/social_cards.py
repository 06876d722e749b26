"""A paper's social card: the 1200×630 PNG that link previews (Open Graph, X, Mastodon, Slack) show beside a shared
link — the site's name, the paper's title and authors, and the day it was listed — drawn with Pillow's bundled font,
so nothing is fetched and no service renders it."""

from __future__ import annotations

import io
import textwrap
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
_BACKGROUND = (255, 255, 255)
_INK = (31, 35, 40)
_MUTED = (87, 96, 106)
_ACCENT = (228, 87, 46)  # the brand's triangle colour in site.css


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def render_social_card(*, site_name: str, title: str, authors: tuple[str, ...], listed_on: date | None) -> bytes:
    """The card as PNG bytes; long titles wrap to four lines and end in an ellipsis, long bylines are shortened."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=_ACCENT)
    draw.polygon([(MARGIN, 110), (MARGIN + 18, 78), (MARGIN + 36, 110)], fill=_ACCENT)
    draw.text((MARGIN + 52, 76), site_name, font=_font(36), fill=_INK)
    lines = textwrap.wrap(title, width=38, max_lines=4, placeholder=" …")
    y = 170
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(56), fill=_INK)
        y += 70
    byline = ", ".join(authors[:4]) + (f" and {len(authors) - 4} more" if len(authors) > 4 else "")
    draw.text((MARGIN, y + 24), textwrap.shorten(byline, width=70, placeholder=" …"), font=_font(30), fill=_MUTED)
    if listed_on is not None:
        draw.text((MARGIN, HEIGHT - 90), f"Daily Papers, {listed_on:%d %B %Y}", font=_font(28), fill=_MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
