"""The settings: the only reader of `DAILYPAPERS_*` environment variables (and of a `.env` file).

Every field is documented in docs/configuration.md and .env.example; a test holds them to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dailypapers.domain.categories import CategoryFilter, parse_category_filter
from dailypapers.domain.rate_limits import Rate, parse_rate
from dailypapers.email.smtp import InvalidSmtpUrl, parse_smtp_url

DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused outside dev, see below
MAX_TRENDING_WINDOW_DAYS = 90


def _check_rate(text: str) -> str:
    parse_rate(text)  # its InvalidRate is a ValueError, which pydantic reports against the setting
    return text


# A rate such as `10/minute`; a field `rate_limit_<action>` of this type is what `Settings.rate_limit` reads.
RateSetting = Annotated[str, AfterValidator(_check_rate)]


def _check_time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone name such as UTC or Europe/Paris") from None
    return name


TimeZoneName = Annotated[str, AfterValidator(_check_time_zone)]


def _check_sets(text: str) -> str:
    if not split_list(text):
        raise ValueError("name at least one OAI-PMH set, such as cs")
    return text


def _check_categories(text: str) -> str:
    parse_category_filter(text)  # its InvalidCategoryPattern is a ValueError, reported against the setting
    return text


def split_list(text: str) -> list[str]:
    """A comma-separated setting's items, blanks dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


class InsecureSettings(ValueError):
    """The settings would run a public instance with a known secret."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DAILYPAPERS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["dev", "production"] = Field(
        "dev", description="`production` refuses to start with the development secret key."
    )
    data_dir: Path = Field(Path("./var"), description="Where the SQLite database, indexes and outbox live.")
    database_url: str = Field(
        "",
        description="SQLAlchemy URL, e.g. `postgresql://user@host/dailypapers`. "
        "Empty: a SQLite file `dailypapers.sqlite3` in the data directory.",
    )
    database_pool_size: int | None = Field(
        None,
        ge=1,
        le=1000,
        description="Database connections each process keeps open. Empty: 40 on SQLite, 10 on PostgreSQL.",
    )

    @field_validator("database_pool_size", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        # `.env.example` lists the variable empty: that means the backend's default, not a number to parse.
        return None if isinstance(value, str) and not value.strip() else value

    secret_key: SecretStr = Field(
        SecretStr(DEV_SECRET_KEY),
        description="Signs CSRF tokens and the links in subscription emails, with a key derived per purpose. "
        "Required outside dev.",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000",
        description="The public address of the site: the links in emails, canonical links and the API's `Link` "
        "headers use it (never a request's Host header), and an `https://` address marks cookies Secure.",
    )
    site_name: str = Field("dailypapers", description="The name shown in the header and page titles.")
    host: str = Field("127.0.0.1", description="Address `dailypapers serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `dailypapers serve` listens on.")
    workers: int = Field(1, ge=1, description="Web worker processes for `dailypapers serve`.")
    log_level: Literal["debug", "info", "warning", "error"] = Field("info", description="Logging threshold.")
    log_format: Literal["text", "json"] = Field(
        "text", description="`text` lines for a terminal, or `json`: one JSON object a line, for a log collector."
    )
    page_size: int = Field(50, ge=1, le=500, description="Papers per page on daily-list pages.")
    page_cache_seconds: float = Field(
        60.0, ge=0, description="How long a web process keeps an anonymous reader's copy of a public page (0: off)."
    )
    page_cache_check_seconds: float = Field(
        1.0, ge=0, description="How often a web process asks the database whether its cached pages are still current."
    )
    arxiv_lookups: bool = Field(
        True, description="Look up and index an unknown arXiv paper when someone opens /papers/<arXiv id>."
    )
    arxiv_api_url: str = Field("http://export.arxiv.org", description="Base URL of the arXiv API.")
    arxiv_min_interval: float = Field(
        3.0, ge=0, description="Seconds between two arXiv API requests (arXiv asks for 3; do not lower it)."
    )
    arxiv_timeout: float = Field(15.0, gt=0, description="Seconds to wait for an arXiv API answer.")
    arxiv_oai_url: str = Field(
        "https://export.arxiv.org/oai2", description="arXiv's OAI-PMH address, which `dailypapers harvest` asks."
    )
    harvest: bool = Field(False, description="Whether the worker harvests new arXiv papers daily (OAI-PMH).")
    harvest_sets: Annotated[str, AfterValidator(_check_sets)] = Field(
        "cs", description="The OAI-PMH sets to harvest, comma-separated (`cs`, `stat`, `physics:hep-th`)."
    )
    harvest_categories: Annotated[str, AfterValidator(_check_categories)] = Field(
        "",
        description="Only harvested papers with a category matching one of these patterns are kept, "
        "comma-separated (`cs.*,stat.ML`). Empty: every paper of the sets.",
    )
    harvest_hour: int = Field(
        3, ge=0, le=23, description="The hour (in DAILYPAPERS_TIMEZONE) the worker harvests, after arXiv announces."
    )
    harvest_start_days: int = Field(7, ge=0, description="How many days back the first harvest without --from starts.")
    github_api_url: str = Field("https://api.github.com", description="Base URL of the GitHub REST API.")
    github_token: SecretStr | None = Field(
        None,
        description="A GitHub token for the stars refresh (5,000 requests an hour instead of 60); no scope needed.",
    )
    code_refresh_hours: int = Field(
        24, ge=1, description="How often the worker refreshes the stars of code links from GitHub, in hours."
    )
    upstream_url: str = Field(
        "",
        description="The daily list this instance follows: `https://huggingface.co`, or another dailypapers "
        "instance's address. Empty: none (docs/upstream.md).",
    )
    upstream_pull_minutes: int = Field(
        60, ge=1, description="How often the worker pulls the upstream's recent days, in minutes."
    )
    upstream_min_interval: float = Field(
        1.0, ge=0, description="Seconds between two requests to the upstream (one connection, one at a time)."
    )
    demo: bool = Field(
        False,
        description="Set by `dailypapers demo`: every page says this is a demo, what it relaxes, and how to sign in "
        "as its demo admin.",
    )
    demo_files: list[Path] = Field(
        default_factory=lambda: [
            Path("data/demo/hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"),
            Path("data/demo/arxiv_cs_demo_10k_contiguous.jsonl.gz"),
        ],
        description="Files `dailypapers demo` imports (a JSON list), relative to the working directory.",
    )

    allow_signup: bool = Field(
        True, description="Whether anyone may sign up; otherwise only `dailypapers user create`."
    )
    session_days: int = Field(30, ge=1, description="How long a sign-in lasts, in days.")
    password_reset_minutes: int = Field(
        60, ge=5, description="How long an emailed password-reset link works, in minutes."
    )
    account_invite_days: int = Field(
        7, ge=1, description="How long the link to choose a first password works, for accounts an operator creates."
    )
    email_backend: Literal["console", "file", "smtp"] = Field(
        "console",
        description="`console` prints emails; `file` writes .eml files into `<data dir>/outbox`; "
        "`smtp` sends them through DAILYPAPERS_SMTP_URL.",
    )
    email_from: str = Field("dailypapers <noreply@localhost>", description="The From address of every email.")
    smtp_url: str = Field(
        "",
        description="The SMTP server for the smtp backend: `smtp://user:password@host:587?starttls=1`, "
        "`smtps://...` for implicit TLS, `smtp://host:25` without either.",
    )
    smtp_timeout: float = Field(30.0, gt=0, description="Seconds to wait for the SMTP server at each step.")
    email_unsubscribe_address: str = Field(
        "",
        description="The mailto address in digests' List-Unsubscribe header; empty: the From address. "
        "Requests arriving there are applied with `dailypapers subscription unsubscribe EMAIL`.",
    )
    email_bounce_limit: int = Field(
        3, ge=1, description="Permanent delivery failures in a row after which an address gets no more digests."
    )
    subscription_confirm_hours: int = Field(
        48, ge=1, description="How long the link confirming a new subscription works, in hours."
    )
    digest_hour: int = Field(7, ge=0, le=23, description="The hour (in DAILYPAPERS_TIMEZONE) the worker sends digests.")
    index_interval_minutes: int = Field(
        1,
        ge=1,
        le=1440,
        description="How often the worker embeds new and changed papers (the `index` job), in minutes: how soon a "
        "new paper is found by meaning on every node.",
    )
    job_lease_seconds: int = Field(
        60,
        ge=1,
        description="How long a worker's hold on a job lasts unless renewed (it renews every third of it); "
        "after a crash, another worker takes over this much later.",
    )
    rate_limit_signin: RateSetting = Field(
        "10/minute", description="Sign-in attempts, per client address and per account."
    )
    rate_limit_signup: RateSetting = Field("5/hour", description="Sign-ups per client address.")
    rate_limit_password_reset: RateSetting = Field(
        "5/hour", description="Password-reset emails asked for, per client address and per address asked for."
    )
    rate_limit_email_confirm: RateSetting = Field(
        "5/hour", description="Address-confirmation emails sent again on request, per client address and per member."
    )
    rate_limit_comment: RateSetting = Field(
        "20/hour", description="Comments and replies posted, per client address and per member."
    )
    trending_window_days: int = Field(
        7, ge=1, le=MAX_TRENDING_WINDOW_DAYS, description="Days of daily lists the trending view ranks, by default."
    )
    rate_limit_submit: RateSetting = Field(
        "20/hour", description="Paper submissions (each may ask arXiv), per client address and per member."
    )
    rate_limit_claim: RateSetting = Field("20/hour", description="Author claims filed, per client address and member.")
    rate_limit_collection_import: RateSetting = Field(
        "20/hour", description="BibTeX imports into collections (each may ask arXiv), per client address and member."
    )
    rate_limit_personal: RateSetting = Field(
        "300/hour",
        description="Follows, saved searches and “not interested” changes, per client address and per member.",
    )
    timezone: TimeZoneName = Field(
        "UTC",
        description="The IANA time zone whose midnight starts a new day's list, and of the digest hour and dates.",
    )
    submission_max_age_days: int = Field(
        14, ge=0, description="How old (arXiv publication date) a submitted paper may be, in days; 0: any age."
    )
    submission_daily_cap: int = Field(
        3, ge=0, description="Papers a member may submit a day; curators and admins are exempt; 0: no cap."
    )
    submission_weekends: bool = Field(True, description="Whether members may submit on Saturdays and Sundays.")
    rate_limit_subscribe: RateSetting = Field(
        "5/hour", description="Subscription requests, per client address and per address subscribed."
    )
    trusted_proxy_count: int = Field(
        0,
        ge=0,
        description="How many reverse proxies in front of the site append to X-Forwarded-For; "
        "0 ignores the header (clients could forge it).",
    )
    embedding_model_dir: Path | None = Field(
        None,
        description="A sentence-embedding model directory (model.onnx, tokenizer.json, manifest.json). "
        "Empty: the all-MiniLM-L6-v2 model shipped in the package.",
    )
    semantic_search: bool = Field(
        True, description="Run the semantic leg of search; `false` leaves keyword search only (no model loaded)."
    )
    keyword_index_on_disk: bool = Field(
        True,
        description="Answer unfiltered keyword queries from the tantivy index under the data directory once "
        "`dailypapers index` has built it; `false` always asks the database (FTS5 or the PostgreSQL postings).",
    )
    query_vector_cache: int = Field(
        1024,
        ge=0,
        description="How many short queries' vectors each process keeps, so a repeated search skips the model; "
        "0 keeps none.",
    )
    hnsw_threshold: int = Field(
        20_000, ge=1, description="Vectors past which the in-process index switches from exact to HNSW."
    )
    embed_on_import_limit: int = Field(
        200,
        ge=0,
        description="An import that leaves at most this many papers to embed embeds them at once; "
        "larger imports leave them to `dailypapers index` or the worker.",
    )
    demo_embeddings_file: Path = Field(
        Path("data/demo/embeddings.npz"),
        description="Precomputed embeddings `dailypapers demo` loads when they match the model in use.",
    )

    @model_validator(mode="after")
    def _check_upstream(self) -> Settings:
        url = self.upstream_url.strip().rstrip("/")
        parts = urlsplit(url)
        if url and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment):
            raise ValueError(
                f"DAILYPAPERS_UPSTREAM_URL {self.upstream_url!r} is not a site's address such as https://huggingface.co"
            )
        self.upstream_url = url
        return self

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'dailypapers.sqlite3'}"
        return self

    @model_validator(mode="after")
    def _check_email(self) -> Settings:
        if self.email_backend == "smtp":
            try:
                parse_smtp_url(self.smtp_url)
            except InvalidSmtpUrl as error:
                raise ValueError(f"DAILYPAPERS_SMTP_URL: {error}") from None
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def secure_cookies(self) -> bool:
        """Cookies are marked Secure when the site is served over https."""
        return self.base_url.startswith("https://")

    @property
    def harvest_set_list(self) -> list[str]:
        return split_list(self.harvest_sets)

    @property
    def harvest_category_filter(self) -> CategoryFilter:
        return parse_category_filter(self.harvest_categories)

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    def rate_limit(self, action: str) -> Rate:
        """The rate of `rate_limit_<action>`: a new limited action needs only a new RateSetting field."""
        text = getattr(self, f"rate_limit_{action}", None)
        if not isinstance(text, str):
            raise KeyError(f"no setting rate_limit_{action}")
        return parse_rate(text)

    def check_secure(self) -> None:
        """Refuse a production start with the development secret, or as a demo (its admin's password is public)."""
        if self.env != "dev" and self.demo:
            raise InsecureSettings("DAILYPAPERS_DEMO is set: a demo's admin password is public; unset it.")
        if self.env != "dev" and self.secret_key.get_secret_value() == DEV_SECRET_KEY:
            raise InsecureSettings(
                "DAILYPAPERS_SECRET_KEY is the development default; set a long random value "
                "(for example `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
            )

    def masked(self) -> dict[str, Any]:
        """All settings with secrets masked, for `dailypapers config show`."""
        shown: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "**********" if value.get_secret_value() else ""
            elif name == "database_url":
                value = _mask_url_password(value)
            elif name == "smtp_url":
                value = mask_smtp_password(value)
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, list):
                value = [str(item) for item in value]
            shown[name] = value
        return shown


def _mask_url_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # an unparsable URL is shown as is: it holds nothing to hide that parses
        return url
    return parsed.render_as_string(hide_password=True)


def mask_smtp_password(url: str) -> str:
    """`smtp://user:secret@host` -> `smtp://user:***@host`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
