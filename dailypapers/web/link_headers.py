"""The API's `Link: <…>; rel="next"` header, an absolute URL on the configured base URL: the Host header a request
came with is the client's word, and a link built from it could point a client anywhere."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from fastapi import Request

from dailypapers.domain import urls
from dailypapers.web.deps import get_settings


def next_page_link(request: Request, params: Mapping[str, str]) -> str:
    """`<https://site/api/...?...&p=2>; rel="next"` for this request's path with `params`."""
    target = urls.absolute(get_settings(request).base_url, f"{request.url.path}?{urlencode(params)}")
    return f'<{target}>; rel="next"'
