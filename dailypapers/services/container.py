"""The shared objects of one process — the database, the search indexes, the mailer, the arXiv and GitHub clients,
the signer of subscription links and the clock — built from the settings in one place for the web app, the CLI and
the worker.

Each is made on first use, so a command that never searches never loads the model and one that never reads the
database never opens it. Tests hand in their own database, sender, clock, search indexes or arXiv client.
"""

from __future__ import annotations

import threading

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.email.senders import Sender
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.mail import Mailer, create_settings_sender
from dailypapers.services.paper_lookup import PaperFetcher, ReaderLookups
from dailypapers.services.upstream import DaySource
from dailypapers.settings import Settings
from dailypapers.sources.arxiv_api import ArxivApiClient
from dailypapers.sources.github_api import GithubClient
from dailypapers.sources.retries import RetryPolicy
from dailypapers.sources.upstream_api import UpstreamClient

# A web worker embeds one query at a time (several at once in as many threads): one thread of the model per call
# took 1.9 ms of CPU for a title query against 3.2 ms on two, and less wall time too (benchmarks/embedder_speed.py
# --threads 1 and 2); two threads pay off only for the indexer's batches.
QUERY_EMBEDDING_THREADS = 1
# A reader is waiting on the page: a serving process fails fast rather than wait out long backoffs. The CLI and
# the worker keep the client's patient default.
READER_ARXIV_RETRY = RetryPolicy(max_attempts=2, max_retry_after=10.0)


class Services:
    """One process's shared objects, each built from the settings on first use; `serving` marks a web worker,
    where a reader waits on each answer."""

    def __init__(
        self,
        settings: Settings,
        *,
        serving: bool = False,
        db: Database | None = None,
        sender: Sender | None = None,
        clock: Clock = utc_now,
        search: SearchIndexes | None = None,
        arxiv: PaperFetcher | None = None,
        github: GithubClient | None = None,
        upstream: DaySource | None = None,
    ) -> None:
        self.settings = settings
        self.serving = serving
        self.clock = clock
        self._db = db
        self._sender = sender
        self._search = search
        self._arxiv = arxiv
        self._arxiv_decided = arxiv is not None  # None is an answer too: lookups are off
        self._github = github
        self._upstream = upstream
        self._indexer: ArxivApiClient | None = None
        self._built: list[
            ArxivApiClient | Database | ReaderLookups | GithubClient | UpstreamClient
        ] = []  # what close() releases: made here only
        self._mailer: Mailer | None = None
        self._links: EmailLinks | None = None
        self._reader_lookups: ReaderLookups | None = None
        self._lock = threading.Lock()

    @property
    def db(self) -> Database:
        with self._lock:
            if self._db is None:
                self._db = Database(
                    create_db_engine(self.settings.database_url, pool_size=self.settings.database_pool_size)
                )
                self._built.append(self._db)
            return self._db

    @property
    def search(self) -> SearchIndexes:
        """The search indexes; nothing is loaded until first use or `warm_up`. A serving process also catches the
        keyword index on disk up in the background when it finds it behind."""
        with self._lock:
            if self._search is None:
                settings = self.settings
                self._search = SearchIndexes.open(
                    model_dir=settings.embedding_model_dir,
                    data_dir=settings.data_dir,
                    semantic=settings.semantic_search,
                    hnsw_threshold=settings.hnsw_threshold,
                    keyword_on_disk=settings.keyword_index_on_disk,
                    keyword_background_refresh=self.serving,
                    query_vector_cache=settings.query_vector_cache,
                    embedding_threads=QUERY_EMBEDDING_THREADS if self.serving else None,
                )
            return self._search

    @property
    def mailer(self) -> Mailer:
        with self._lock:
            if self._mailer is None:
                settings = self.settings
                self._mailer = Mailer(
                    sender=self._sender or create_settings_sender(settings),
                    site_name=settings.site_name,
                    base_url=settings.base_url,
                )
            return self._mailer

    @property
    def arxiv(self) -> PaperFetcher | None:
        """The arXiv client, or None when this instance does not look papers up (DAILYPAPERS_ARXIV_LOOKUPS)."""
        with self._lock:
            if not self._arxiv_decided:
                self._arxiv_decided = True
                settings = self.settings
                if settings.arxiv_lookups:
                    client = ArxivApiClient(
                        settings.arxiv_api_url,
                        site_url=settings.base_url,
                        min_interval=settings.arxiv_min_interval,
                        read_timeout=settings.arxiv_timeout,
                        retry=READER_ARXIV_RETRY if self.serving else None,
                    )
                    self._arxiv = client
                    self._built.append(client)
            return self._arxiv

    @property
    def arxiv_indexer(self) -> PaperFetcher:
        """The arXiv client for papers members asked to index, which the worker fetches whether or not readers'
        page views may look papers up (DAILYPAPERS_ARXIV_LOOKUPS)."""
        fetcher = self.arxiv
        if fetcher is not None:
            return fetcher
        with self._lock:
            if self._indexer is None:
                settings = self.settings
                self._indexer = ArxivApiClient(
                    settings.arxiv_api_url,
                    site_url=settings.base_url,
                    min_interval=settings.arxiv_min_interval,
                    read_timeout=settings.arxiv_timeout,
                )
                self._built.append(self._indexer)
            return self._indexer

    @property
    def github(self) -> GithubClient:
        """The GitHub REST client of the stars refresh."""
        with self._lock:
            if self._github is None:
                settings = self.settings
                token = settings.github_token.get_secret_value() if settings.github_token else None
                self._github = GithubClient(settings.github_api_url, token=token or None, site_url=settings.base_url)
                self._built.append(self._github)
            return self._github

    @property
    def upstream(self) -> DaySource | None:
        """The client of the followed upstream's daily lists, or None when there is none (DAILYPAPERS_UPSTREAM_URL)."""
        with self._lock:
            settings = self.settings
            if self._upstream is None and settings.upstream_url:
                client = UpstreamClient(
                    settings.upstream_url, site_url=settings.base_url, min_interval=settings.upstream_min_interval
                )
                self._upstream = client
                self._built.append(client)
            return self._upstream

    @property
    def reader_lookups(self) -> ReaderLookups | None:
        """Lookups for pages a reader waits on (a short budget, then the background), or None when lookups are
        off."""
        fetcher = self.arxiv
        with self._lock:
            if self._reader_lookups is None and fetcher is not None:
                self._reader_lookups = ReaderLookups(fetcher)
                self._built.append(self._reader_lookups)
            return self._reader_lookups

    @property
    def email_links(self) -> EmailLinks:
        with self._lock:
            if self._links is None:
                self._links = EmailLinks.from_settings(self.settings)
            return self._links

    def close(self) -> None:
        """Release what was made here (the arXiv client's connections, the database's pool), not what was handed in."""
        with self._lock:
            built, self._built = self._built, []
        for resource in reversed(built):
            if isinstance(resource, Database):
                resource.dispose()
            else:
                resource.close()
