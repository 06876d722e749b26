"""Asking GitHub's REST API for a repository's stars, as GitHub asks clients to
(https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api): requests one at a
time, conditional with the last ETag (a 304 does not count against the rate limit), renamed repositories followed
through their 301, and the rate limits read from every answer and obeyed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from dailypapers import __version__
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.sources.retries import parse_retry_after

DEFAULT_BASE_URL = "https://api.github.com"
_MAX_REDIRECTS = 3
# GitHub: when a secondary limit gives no Retry-After and the primary limit is not spent, "wait for at least one
# minute before retrying".
SECONDARY_LIMIT_WAIT = 60.0


@dataclass(frozen=True, slots=True)
class RepoFound:
    full_name: str  # as GitHub spells it now: after a rename, the new name
    stars: int
    etag: str | None


@dataclass(frozen=True, slots=True)
class RepoUnchanged:
    """304: nothing changed since the ETag sent."""


@dataclass(frozen=True, slots=True)
class RepoGone:
    status: int  # 404 (deleted or made private) or 451 (blocked)


RepoAnswer = RepoFound | RepoUnchanged | RepoGone


class GithubError(Exception):
    """GitHub gave no answer about this repository (a network failure, a 5xx, an unreadable body)."""


class GithubRateLimited(GithubError):
    """GitHub asks us to stop: for `wait` seconds from now. `primary`: the hourly budget is spent."""

    def __init__(self, message: str, *, wait: float, primary: bool) -> None:
        super().__init__(message)
        self.wait = wait
        self.primary = primary


@dataclass(frozen=True, slots=True)
class RateBudget:
    remaining: int
    reset_at: datetime


class GithubClient:
    """Thread-safe like the httpx client under it; close it, or use it as a context manager."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        site_url: str | None = None,
        timeout: float = 15.0,
        clock: Clock = utc_now,
    ) -> None:
        """`clock` measures the waits GitHub asks for in dates (`X-RateLimit-Reset`, a dated `Retry-After`)."""
        self.base_url = base_url.rstrip("/")
        self._clock = clock
        agent = f"dailypapers/{__version__}" + (f" (+{site_url})" if site_url else "")
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": agent,
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(headers=headers, timeout=timeout, follow_redirects=False)
        self.budget: RateBudget | None = None  # as the last answer said

    def __enter__(self) -> GithubClient:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get_repository(self, full_name: str, *, etag: str | None = None) -> RepoAnswer:
        """The repository `owner/name` names. A renamed one answers with its new `full_name`."""
        url = f"{self.base_url}/repos/{full_name}"
        for _ in range(_MAX_REDIRECTS + 1):
            headers = {"If-None-Match": etag} if etag else {}
            try:
                response = self._http.get(url, headers=headers)
            except httpx.HTTPError as error:
                raise GithubError(f"GitHub could not be reached: {error}") from error
            self._note_budget(response)
            if response.status_code in (301, 302, 307, 308):
                url = self._redirect_target(url, response)
                etag = None  # the new name is only in a full answer
                continue
            return self._answer(response)
        raise GithubError(f"more than {_MAX_REDIRECTS} redirects for {full_name}")

    def _answer(self, response: httpx.Response) -> RepoAnswer:
        status = response.status_code
        if status == 304:
            return RepoUnchanged()
        if status in (404, 410, 451):
            return RepoGone(status)
        if status in (403, 429):
            raise self._rate_limited(response)
        if status != 200:
            raise GithubError(f"GitHub answered {status}: {_message(response)}")
        try:
            body = response.json()
            return RepoFound(str(body["full_name"]), int(body["stargazers_count"]), response.headers.get("ETag"))
        except (ValueError, KeyError, TypeError) as error:
            raise GithubError(f"GitHub's answer is not a repository: {error}") from None

    def _rate_limited(self, response: httpx.Response) -> GithubError:
        message = _message(response)
        retry_after = parse_retry_after(response.headers.get("Retry-After"), now=self._clock().timestamp())
        budget = self.budget
        if retry_after is not None:
            return GithubRateLimited(
                f"GitHub asks to wait {retry_after:.0f} s: {message}", wait=retry_after, primary=False
            )
        if budget is not None and budget.remaining == 0:
            wait = max(0.0, (budget.reset_at - self._clock()).total_seconds())
            return GithubRateLimited(
                f"GitHub's hourly limit is spent until {budget.reset_at:%H:%M} UTC", wait=wait, primary=True
            )
        if response.status_code == 429 or "rate limit" in message.lower():
            return GithubRateLimited(f"GitHub's secondary limit: {message}", wait=SECONDARY_LIMIT_WAIT, primary=False)
        return GithubError(f"GitHub refused access ({response.status_code}): {message}")

    def _note_budget(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        reset = response.headers.get("X-RateLimit-Reset")
        if remaining is None or reset is None:
            return
        try:
            self.budget = RateBudget(int(remaining), datetime.fromtimestamp(int(reset), UTC))
        except (ValueError, OverflowError, OSError):
            return

    def _redirect_target(self, url: str, response: httpx.Response) -> str:
        location = response.headers.get("Location")
        if not location:
            raise GithubError(f"GitHub answered {response.status_code} without a Location")
        target: str = urljoin(url, str(location))
        # The token goes with every request: never to another host.
        if urlsplit(target).netloc != urlsplit(self.base_url).netloc:
            raise GithubError(f"GitHub redirected to another host: {target[:100]}")
        return target


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return str(body.get("message", ""))[:200] if isinstance(body, dict) else ""
