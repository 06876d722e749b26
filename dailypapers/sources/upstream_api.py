"""Reading an upstream's daily lists over `GET /api/daily_papers?date=…&p=…&limit=…` (Hugging Face's endpoint,
which dailypapers instances serve too): one connection, a pause between requests, the upstream's `Retry-After`
honoured on 429 and 503, other failures retried with backoff. Items come back raw, one list per day, in the
upstream's order; sources/upstream_items.py reads them."""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import httpx

from dailypapers import __version__
from dailypapers.domain import urls
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.sources.rate_limit import RateLimiter, shared_rate_limiter
from dailypapers.sources.retries import RetryPolicy, parse_retry_after

# Hugging Face's default page, which it surely serves whole: a page shorter than asked ends the day, so asking more
# than an upstream gives would end it early. (The shipped archive, saved with the default, tops out at 50 a day.)
PAGE_SIZE = 50
MAX_PAGES = 100  # 5,000 papers: no real day comes close; an upstream that ignores `p` cannot keep a pull going
log = logging.getLogger(__name__)


class UpstreamUnavailable(Exception):
    """The upstream could not give a day's list after every attempt allowed."""

    def __init__(self, message: str, *, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


@dataclass(frozen=True, slots=True)
class _Failure:
    reason: str
    retry_after: float | None = None
    transient: bool = True


class UpstreamClient:
    """Thread-safe; one per process is enough. Close it, or use it as a context manager."""

    def __init__(
        self,
        base_url: str,
        *,
        site_url: str | None = None,
        min_interval: float = 1.0,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        rate_limiter: RateLimiter | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._retry = retry or RetryPolicy()
        self._clock = clock
        self._limiter = rate_limiter or shared_rate_limiter(urlsplit(self.base_url).netloc, min_interval=min_interval)
        self._rng = random.Random()  # noqa: S311 - jitter, not secrecy
        user_agent = f"dailypapers/{__version__}" + (f" (+{site_url})" if site_url else "")
        self._http = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            # huggingface.co answers its API itself; a redirect would be a request outside our spacing.
            follow_redirects=False,
        )

    def fetch_day(self, day: date) -> list[object]:
        """Every item of `day`'s list, page after page until a short page (or one adding nothing new) ends it."""
        items: list[object] = []
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            answer = self._get({"date": day.isoformat(), "p": str(page), "limit": str(PAGE_SIZE)})
            fresh = [item for item in answer if _key(item) not in seen]
            seen.update(_key(item) for item in fresh)
            items.extend(fresh)
            if len(answer) < PAGE_SIZE or not fresh:
                break
        return items

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> UpstreamClient:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def _get(self, params: dict[str, str]) -> list[object]:
        attempts = 0
        while True:
            with self._limiter.turn() as turn:
                attempts += 1
                outcome = self._attempt(params)
                if isinstance(outcome, list):
                    return outcome
                wait = self._wait_before_retry(outcome, attempts=attempts, params=params)
                log.warning(
                    "upstream %s: %s; attempt %d, retrying in %.1f s", self.base_url, outcome.reason, attempts, wait
                )
                turn.defer(wait)

    def _attempt(self, params: dict[str, str]) -> list[object] | _Failure:
        try:
            response = self._http.get(self.base_url + urls.upstream_api_path(), params=params)
        except httpx.TransportError as error:
            return _Failure(f"{type(error).__name__}: {error or 'no detail'}")
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), now=self._clock().timestamp())
            return _Failure(f"HTTP {status}", retry_after=retry_after)
        if status != 200:
            return _Failure(f"HTTP {status}; is DAILYPAPERS_UPSTREAM_URL right?", transient=False)
        try:
            answer = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            return _Failure("an answer that is not JSON")  # a cut-off answer: worth another try
        if not isinstance(answer, list):
            return _Failure(f"a JSON {type(answer).__name__} where a list of items belongs", transient=False)
        return answer

    def _wait_before_retry(self, failure: _Failure, *, attempts: int, params: dict[str, str]) -> float:
        policy = self._retry
        where = f"upstream {self.base_url}, {params['date']} page {params['p']}"
        if failure.retry_after is not None and failure.retry_after > policy.max_retry_after:
            raise UpstreamUnavailable(
                f"{where}: {failure.reason}, asking to wait {failure.retry_after:.0f} s "
                f"(more than {policy.max_retry_after:.0f} s); try again later",
                attempts=attempts,
            )
        if not failure.transient:
            raise UpstreamUnavailable(f"{where}: {failure.reason}", attempts=attempts)
        if attempts >= policy.max_attempts:
            raise UpstreamUnavailable(f"{where}: {failure.reason} after {attempts} attempt(s)", attempts=attempts)
        if failure.retry_after is not None:
            return failure.retry_after
        return policy.backoff(attempts, rng=self._rng)


def _key(item: object) -> str:
    """What tells items apart across pages: the paper's id, or the item itself when it has none."""
    paper = item.get("paper") if isinstance(item, dict) else None
    if isinstance(paper, dict) and isinstance(paper.get("id"), str):
        return str(paper["id"])
    return json.dumps(item, sort_keys=True, default=str)[:500]
