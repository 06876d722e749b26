"""Asking arXiv's OAI-PMH interface for one page of `ListRecords` at a time, politely: one connection, requests
spaced `min_interval` apart, a `503` with `Retry-After` waited out up to a cap, and a cut-off page asked again.
Past the cap or the attempts, `ArxivUnavailable` says so and the caller stops where it is.
"""

from __future__ import annotations

import logging
import random
from datetime import date
from urllib.parse import urlsplit

import httpx

from dailypapers import __version__
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.sources.arxiv_api import ArxivUnavailable
from dailypapers.sources.arxiv_oai import OaiPage, PageError, parse_page
from dailypapers.sources.rate_limit import RateLimiter, shared_rate_limiter
from dailypapers.sources.retries import RetryPolicy, parse_retry_after

DEFAULT_OAI_URL = "https://export.arxiv.org/oai2"
# A harvest runs in the background: it may wait out a longer pause than a reader could, and still stops cleanly
# rather than sleep for an hour.
HARVEST_RETRY = RetryPolicy(max_attempts=5, backoff_base=5.0, backoff_max=60.0, max_retry_after=600.0)
log = logging.getLogger(__name__)


class ArxivOaiClient:
    """One per harvest; close it, or use it as a context manager."""

    def __init__(
        self,
        base_url: str = DEFAULT_OAI_URL,
        *,
        site_url: str | None = None,
        min_interval: float = 3.0,
        retry: RetryPolicy = HARVEST_RETRY,
        read_timeout: float = 60.0,
        rate_limiter: RateLimiter | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.base_url = base_url
        self._retry = retry
        self._clock = clock
        self._limiter = rate_limiter or shared_rate_limiter(urlsplit(base_url).netloc, min_interval=min_interval)
        self._rng = random.Random()  # noqa: S311 - jitter, not secrecy
        user_agent = f"dailypapers/{__version__}" + (f" (+{site_url})" if site_url else "")
        self._http = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": "text/xml, application/xml"},
            timeout=httpx.Timeout(10.0, read=read_timeout),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=False,
        )

    def list_records(
        self,
        *,
        set_spec: str | None = None,
        from_day: date | None = None,
        until_day: date | None = None,
        resumption_token: str | None = None,
    ) -> OaiPage:
        """The next page: the first of a list (set and dates), or the one a resumption token points at. OAI errors
        come back in `page.errors` for the caller to act on; transport failures raise `ArxivUnavailable`."""
        if resumption_token is not None:
            # The protocol forbids any other argument beside a token (OAI-PMH 2.0, section 3.5).
            params = {"verb": "ListRecords", "resumptionToken": resumption_token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": "arXiv"}
            if set_spec:
                params["set"] = set_spec
            if from_day is not None:
                params["from"] = from_day.isoformat()
            if until_day is not None:
                params["until"] = until_day.isoformat()
        attempts = 0
        while True:
            with self._limiter.turn() as turn:
                attempts += 1
                outcome = self._attempt(params)
                if isinstance(outcome, OaiPage):
                    return outcome
                reason, retry_after = outcome
                wait = self._wait_before_retry(reason, retry_after, attempts=attempts)
                log.warning("arXiv OAI-PMH: %s; attempt %d, retrying in %.1f s", reason, attempts, wait)
                turn.defer(wait)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ArxivOaiClient:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def _attempt(self, params: dict[str, str]) -> OaiPage | tuple[str, float | None]:
        try:
            response = self._http.get(self.base_url, params=params)
        except httpx.TransportError as error:
            return f"{type(error).__name__} talking to {self.base_url}: {error or 'no detail'}", None
        status = response.status_code
        if status == 429 or status >= 500:
            now = self._clock().timestamp()
            return f"HTTP {status}", parse_retry_after(response.headers.get("Retry-After"), now=now)
        if status != 200:
            # OAI-PMH reports every protocol error inside a 200; anything else is the wrong address.
            raise ArxivUnavailable(f"arXiv OAI-PMH: HTTP {status} from {self.base_url}; is the URL right?", attempts=1)
        try:
            return parse_page(response.content)
        except PageError as error:
            return f"unreadable page: {error}", None

    def _wait_before_retry(self, reason: str, retry_after: float | None, *, attempts: int) -> float:
        policy = self._retry
        if retry_after is not None and retry_after > policy.max_retry_after:
            raise ArxivUnavailable(
                f"arXiv OAI-PMH: {reason}, asking to wait {retry_after:.0f} s "
                f"(more than {policy.max_retry_after:.0f} s); stopped, the next run resumes here",
                attempts=attempts,
                retry_after=retry_after,
            )
        if attempts >= policy.max_attempts:
            raise ArxivUnavailable(
                f"arXiv OAI-PMH unavailable after {attempts} attempt(s): {reason}", attempts=attempts
            )
        if retry_after is not None:
            return retry_after
        return policy.backoff(attempts, rng=self._rng)
