"""Looking papers up by id with the arXiv API, within arXiv's terms of use for it
(https://info.arxiv.org/help/api/tou.html): one connection, one request every three seconds, backing off
when arXiv struggles. "Not found" (None, or absent from a batch) is kept apart from `ArxivUnavailable`.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from dailypapers import __version__
from dailypapers.domain.arxiv_ids import parse_arxiv_id
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.papers import PaperRecord
from dailypapers.sources.arxiv_atom import ArxivFeed, FeedError, parse_feed
from dailypapers.sources.rate_limit import RateLimiter, shared_rate_limiter
from dailypapers.sources.retries import RetryPolicy, parse_retry_after

DEFAULT_BASE_URL = "http://export.arxiv.org"
log = logging.getLogger(__name__)


class ArxivError(Exception):
    """A lookup that did not give an answer about the papers asked for."""


class ArxivUnavailable(ArxivError):
    """arXiv could not be reached, or kept failing, for every attempt allowed."""

    def __init__(self, message: str, *, attempts: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        # Seconds arXiv asked us to wait, when it asked for longer than we are willing to wait now.
        self.retry_after = retry_after


class ArxivBadFeed(ArxivUnavailable):
    """arXiv answered, but not with a readable Atom feed (truncated, an HTML error page, ...)."""


class ArxivQueryRejected(ArxivError):
    """arXiv refused the query with an error entry (e.g. "incorrect id format for ..."), quoted here."""


@dataclass(frozen=True, slots=True)
class _Failure:
    reason: str
    error: type[ArxivUnavailable] = ArxivUnavailable
    retry_after: float | None = None
    # Worth another attempt: arXiv or the network may do better in a moment.
    transient: bool = True


class ArxivApiClient:
    """One per process is enough (it is thread-safe); close it, or use it as a context manager."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        site_url: str | None = None,
        min_interval: float = 3.0,
        retry: RetryPolicy | None = None,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        rate_limiter: RateLimiter | None = None,
        clock: Clock = utc_now,
    ) -> None:
        """`site_url` goes into the User-Agent so arXiv can see whose instance is calling. Without a
        `rate_limiter`, every client for the same host shares one, spaced `min_interval` apart. `clock` dates
        the pauses arXiv asks for as an HTTP date."""
        self.base_url = base_url.rstrip("/")
        self._clock = clock
        self._retry = retry or RetryPolicy()
        host = urlsplit(self.base_url).netloc
        self._limiter = rate_limiter or shared_rate_limiter(host, min_interval=min_interval)
        self._rng = random.Random()  # noqa: S311 - jitter, not secrecy
        user_agent = f"dailypapers/{__version__}" + (f" (+{site_url})" if site_url else "")
        self._http = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": "application/atom+xml"},
            timeout=httpx.Timeout(connect_timeout, read=read_timeout),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            # A redirect would be a second request outside our spacing; a moved API is a setting to change.
            follow_redirects=False,
        )

    def fetch_paper(self, arxiv_id: str) -> PaperRecord | None:
        """The paper (that version, if `arxiv_id` names one), or None when arXiv has no such paper.

        Raises `InvalidArxivId` for text that is no id, `ArxivUnavailable` when arXiv cannot answer.
        """
        wanted = parse_arxiv_id(arxiv_id)
        try:
            feed = self._query([str(wanted)])
        except ArxivQueryRejected as error:
            # For one id the only thing arXiv can object to is the id itself: it names no paper.
            log.info("arXiv rejected %s: %s", wanted, error)
            return None
        return next((paper for paper in feed.papers if paper.arxiv_id == wanted.id), None)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ArxivApiClient:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def _query(self, ids: list[str]) -> ArxivFeed:
        # max_results defaults to 10 on arXiv's side, which would cut a longer id_list short.
        params = {"id_list": ",".join(ids), "max_results": str(len(ids))}
        attempts = 0
        while True:
            with self._limiter.turn() as turn:
                attempts += 1
                outcome = self._attempt(params)
                if isinstance(outcome, ArxivFeed):
                    if outcome.errors:
                        raise ArxivQueryRejected("; ".join(outcome.errors))
                    return outcome
                wait = self._wait_before_retry(outcome, attempts=attempts)
                log.warning("arXiv API: %s; attempt %d, retrying in %.1f s", outcome.reason, attempts, wait)
                turn.defer(wait)

    def _attempt(self, params: dict[str, str]) -> ArxivFeed | _Failure:
        try:
            response = self._http.get(f"{self.base_url}/api/query", params=params)
        except httpx.TransportError as error:
            return _Failure(f"{type(error).__name__} talking to {self.base_url}: {error or 'no detail'}")
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = response.headers.get("Retry-After")
            now = self._clock().timestamp()
            return _Failure(f"HTTP {status}", retry_after=parse_retry_after(retry_after, now=now))
        # arXiv answers a malformed query with HTTP 400 and a feed holding an error entry.
        if status not in (200, 400):
            return _Failure(f"HTTP {status} from {self.base_url}; is the base URL right?", transient=False)
        try:
            feed = parse_feed(response.content)
        except FeedError as error:
            # A cut-off 200 is usually a hiccup on arXiv's side, worth another try; a bad 400 is not.
            return _Failure(f"HTTP {status}, {error}", error=ArxivBadFeed, transient=status == 200)
        if status == 400 and not feed.errors:
            return ArxivFeed(papers=(), errors=("HTTP 400 with no error entry to say why",))
        return feed

    def _wait_before_retry(self, failure: _Failure, *, attempts: int) -> float:
        """Seconds to wait before the next attempt, or raise when no attempt is left."""
        policy = self._retry
        if failure.retry_after is not None and failure.retry_after > policy.max_retry_after:
            raise failure.error(
                f"arXiv API: {failure.reason}, asking to wait {failure.retry_after:.0f} s "
                f"(more than {policy.max_retry_after:.0f} s); try again later",
                attempts=attempts,
                retry_after=failure.retry_after,
            )
        if not failure.transient:
            raise failure.error(f"arXiv API: {failure.reason}", attempts=attempts)
        if attempts >= policy.max_attempts:
            raise failure.error(
                f"arXiv API unavailable after {attempts} attempt(s): {failure.reason}",
                attempts=attempts,
            )
        if failure.retry_after is not None:
            return failure.retry_after
        return policy.backoff(attempts, rng=self._rng)
