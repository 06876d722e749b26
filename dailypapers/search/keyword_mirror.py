"""The keyword index on disk: tantivy (a Rust search library on Lucene's design) over titles and abstracts,
kept under the data directory and caught up from the keyword_changes log by `dailypapers index`.

FTS5 and the PostgreSQL postings compute BM25 for every paper a query matches, which at a million papers is most
of them for common words; tantivy's block-max WAND finds the best ones without scoring the rest
(docs/benchmarks.md, "Keyword index on disk"). The database's index stays the reference: a search uses this one
only when it holds every change the database has numbered, with no filter to apply, and otherwise asks the
database, so a stale, missing or damaged index costs speed, never results.

The title is indexed twice and the abstract once, so a title word counts double in a paper's term frequency, as
FTS5's bm25() weights 2.0 and 1.0. Words are lower-cased and Porter-stemmed (tantivy's English Snowball stemmer).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import tantivy

from dailypapers.db.engine import Database
from dailypapers.domain.search import ScoredId
from dailypapers.search.keyword_changes import (
    KeywordState,
    PaperWords,
    count_changes_after,
    count_papers,
    iterate_paper_words,
    list_changed_papers,
    prune_keyword_changes,
    read_keyword_state,
)

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
META_FILE = "mirror.json"  # tantivy keeps its own meta.json beside it
ID_FIELD = "id"
TEXT_FIELD = "text"
TOKENIZER = "en_stem"  # tantivy's simple tokenizer, words over 40 bytes dropped, lower-cased, English stemmer
BATCH_SIZE = 5000
WRITER_HEAP_BYTES = 256_000_000
# Changes left in the log after an update, for the other data directories on the same database (other nodes, the
# worker): one that fell fewer than this many changes behind catches up with them instead of rebuilding from every
# paper. Two integers a row; the worker's `index` job updates every minute, so most nodes are seconds behind.
RETAINED_CHANGES = 100_000
# tantivy checks every term query against the schema; more words than this are pasted text, not a query.
MAX_QUERY_TERMS = 256


class KeywordIndexBusy(RuntimeError):
    """Another process is writing the keyword index (tantivy allows one writer at a time)."""


@dataclass(frozen=True, slots=True)
class MirrorMeta:
    instance: int  # the database it mirrors
    sequence: int  # the last keyword change it holds
    count: int  # papers held
    format_version: int = FORMAT_VERSION


@dataclass(frozen=True, slots=True)
class MirrorProgress:
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class MirrorReport:
    rebuilt: bool
    applied: int  # papers written or removed
    count: int  # papers held afterwards
    pruned: int  # log rows dropped
    seconds: float


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID_FIELD, stored=False, indexed=True, fast=True)
    builder.add_text_field(TEXT_FIELD, stored=False, tokenizer_name=TOKENIZER, index_option="freq")
    return builder.build()


def _query_analyzer() -> tantivy.TextAnalyzer:
    """The index's analysis (tantivy's en_stem), for turning query words into the terms the index holds."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


class KeywordMirror:
    """One process's handle on the on-disk keyword index: searching it, and (in `dailypapers index`) updating it."""

    def __init__(
        self,
        directory: Path,
        *,
        enabled: bool = True,
        refresh_in_background: bool = False,
        retained_changes: int = RETAINED_CHANGES,
    ) -> None:
        self.directory = directory
        self.enabled = enabled
        self.retained_changes = retained_changes
        # A web worker that finds the index behind the database catches it up in a thread (see refresh_soon).
        self.refresh_in_background = refresh_in_background
        self._behind = False
        self._refresher: threading.Thread | None = None
        self._schema = _schema()
        self._analyzer = _query_analyzer()
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._searcher: tantivy.Searcher | None = None
        self._meta: MirrorMeta | None = None
        self._meta_stamp: tuple[int, int, int] | None = None

    @property
    def meta(self) -> MirrorMeta | None:
        return self._meta

    def exists(self) -> bool:
        """Whether there is an index to search (a file check, no database read), current or not."""
        return self.enabled and self._current_meta() is not None

    def serves(self, state: KeywordState) -> bool:
        """Whether the index holds every change of the database in `state` (reloading it when it was updated)."""
        if not self.enabled:
            return False
        meta = self._current_meta()
        if meta is None or meta.instance != state.instance:
            return False
        self._behind = meta.sequence != state.sequence
        return not self._behind

    def refresh_soon(self, db: Database) -> None:
        """When the last search found the index behind (a paper submitted or edited since `dailypapers index`),
        catch it up in a background thread, so that the next searches use it again instead of the database; the
        worker's schedule would otherwise leave every search to the database until its next `index` run. One thread per
        process; another process already updating it makes this a no-op."""
        if not (self.refresh_in_background and self._behind and self.enabled):
            return
        with self._lock:
            if self._refresher is not None and self._refresher.is_alive():
                return
            self._behind = False
            self._refresher = threading.Thread(
                target=self._refresh, args=(db,), name="keyword-index-refresh", daemon=True
            )
            self._refresher.start()

    def join_refresh(self, timeout: float | None = None) -> None:
        """Wait for a background refresh to end (tests; a server shutting down)."""
        refresher = self._refresher
        if refresher is not None:
            refresher.join(timeout)

    def _refresh(self, db: Database) -> None:
        try:
            report = self.update(db)
            log.info("keyword index caught up: %s papers written, %s held", report.applied, report.count)
        except KeywordIndexBusy:
            pass  # another process is doing it
        except Exception:  # a thread has nobody to raise to: say it, and the database keeps answering
            log.exception("catching the keyword index up in %s failed", self.directory)

    def search(self, terms: Sequence[str], *, limit: int, require_all: bool) -> list[ScoredId]:
        """The best `limit` papers for `terms` by tantivy's BM25, best first: holding all of them when
        `require_all`, else any. `serves` says whether it is current."""
        if self._searcher is None:
            self._current_meta()
        searcher = self._searcher
        query = self._query(terms, require_all=require_all)
        if searcher is None or query is None or limit <= 0:
            return []
        hits = searcher.search(query, limit, count=False).hits
        if not hits:
            return []
        ids = searcher.fast_field_values(ID_FIELD, [address for _, address in hits])
        return [
            ScoredId(paper_id, float(score))
            for (score, _), paper_id in zip(hits, ids, strict=True)
            if isinstance(paper_id, int)
        ]

    def count(self, terms: Sequence[str], *, require_all: bool) -> int:
        """How many papers hold all of `terms` (`require_all`) or any of them."""
        if self._searcher is None:
            self._current_meta()
        searcher = self._searcher
        query = self._query(terms, require_all=require_all)
        if searcher is None or query is None:
            return 0
        # tantivy's stub leaves out the count it returns.
        count = getattr(searcher.search(query, 1, count=True), "count", None)
        return int(count or 0)

    def _query(self, terms: Sequence[str], *, require_all: bool) -> tantivy.Query | None:
        words = list(dict.fromkeys(token for term in terms for token in self._analyzer.analyze(term)))
        if not words:
            return None
        occur = tantivy.Occur.Must if require_all else tantivy.Occur.Should
        return tantivy.Query.boolean_query(
            [
                (occur, tantivy.Query.term_query(self._schema, TEXT_FIELD, word, index_option="freq"))
                for word in words[:MAX_QUERY_TERMS]
            ]
        )

    def update(self, db: Database, *, on_progress: Callable[[MirrorProgress], None] | None = None) -> MirrorReport:
        """Apply the database's changes since the index's last run, or build it afresh when there is none, it
        mirrors another database, or the log no longer reaches back to it; then prune the applied log rows.
        Raises KeywordIndexBusy while another process writes it."""
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        # A lock beside the directory, not in it: a rebuild removes the directory, tantivy's own lock with it.
        with (self.directory.parent / f"{self.directory.name}.lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise KeywordIndexBusy(f"another process is updating the keyword index in {self.directory}") from None
            return self._update(db, on_progress)

    def _update(self, db: Database, on_progress: Callable[[MirrorProgress], None] | None) -> MirrorReport:
        started = _now()
        with db.reading() as connection:
            state = read_keyword_state(connection)
        meta = self._read_meta()
        # Ahead of the database: it was restored from an older backup, and its next numbers are ones this holds.
        rebuild = meta is None or meta.instance != state.instance or not state.pruned <= meta.sequence <= state.sequence
        rebuild = rebuild or not self._holds(meta)
        if not rebuild and meta is not None and meta.sequence == state.sequence:
            return MirrorReport(False, 0, meta.count, 0, _now() - started)
        try:
            index = self._writable_index(fresh=rebuild)
        except ValueError as error:  # damaged files: start again
            log.warning("the keyword index in %s cannot be reused (%s): rebuilding it", self.directory, error)
            rebuild = True
            index = self._writable_index(fresh=True)
        try:
            writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=min(2, os.cpu_count() or 1))
        except ValueError as error:
            raise KeywordIndexBusy(f"another process is updating the keyword index in {self.directory}") from error
        try:
            if rebuild:
                applied = self._rebuild(db, writer, on_progress)
            else:
                assert meta is not None
                applied = self._catch_up(db, writer, meta.sequence, state.sequence, on_progress)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        index.reload()
        count = int(index.searcher().num_docs)
        self._write_meta(MirrorMeta(instance=state.instance, sequence=state.sequence, count=count))
        self._meta_stamp = None  # this process searches the new version from its next query
        with db.transaction() as connection:
            pruned = prune_keyword_changes(connection, through_sequence=state.sequence - self.retained_changes)
        return MirrorReport(rebuild, applied, count, pruned, _now() - started)

    def _rebuild(
        self, db: Database, writer: tantivy.IndexWriter, on_progress: Callable[[MirrorProgress], None] | None
    ) -> int:
        writer.delete_all_documents()
        done = 0
        with db.reading() as connection:
            total = count_papers(connection)
            for batch in iterate_paper_words(connection, batch_size=BATCH_SIZE):
                for paper in batch:
                    writer.add_document(self._document(paper))
                done += len(batch)
                if on_progress is not None:
                    on_progress(MirrorProgress(done, max(total, done)))
        return done

    def _catch_up(
        self,
        db: Database,
        writer: tantivy.IndexWriter,
        after: int,
        through: int,
        on_progress: Callable[[MirrorProgress], None] | None,
    ) -> int:
        done = 0
        with db.reading() as connection:
            total = count_changes_after(connection, after_sequence=after)
            while after < through:
                papers, after = list_changed_papers(
                    connection, after_sequence=after, through_sequence=through, limit=BATCH_SIZE
                )
                if not papers:
                    break
                writer.delete_documents_by_query(
                    tantivy.Query.term_set_query(self._schema, ID_FIELD, [paper.paper_id for paper in papers])
                )
                for paper in papers:
                    if paper.title is not None:
                        writer.add_document(self._document(paper))
                done += len(papers)
                if on_progress is not None:
                    on_progress(MirrorProgress(done, max(total, done)))
        return done

    def _document(self, paper: PaperWords) -> tantivy.Document:
        document = tantivy.Document()
        document.add_unsigned(ID_FIELD, paper.paper_id)
        title = paper.title or ""
        document.add_text(TEXT_FIELD, title)
        document.add_text(TEXT_FIELD, title)
        document.add_text(TEXT_FIELD, paper.abstract or "")
        return document

    def _holds(self, meta: MirrorMeta | None) -> bool:
        """Whether tantivy's files are there and hold as many papers as the meta says."""
        if meta is None:
            return False
        try:
            return int(tantivy.Index.open(str(self.directory)).searcher().num_docs) == meta.count
        except (ValueError, OSError):
            return False

    def _writable_index(self, *, fresh: bool) -> tantivy.Index:
        if fresh and self.directory.exists():
            # Readers in other processes keep the files they have open (POSIX) until they reload.
            (self.directory / META_FILE).unlink(missing_ok=True)
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(self._schema, path=str(self.directory), reuse=not fresh)

    def _current_meta(self) -> MirrorMeta | None:
        """The meta of the index this process searches, reloading both when the file on disk changed."""
        try:
            stat = (self.directory / META_FILE).stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
        if stamp == self._meta_stamp:
            return self._meta
        with self._lock:
            if stamp != self._meta_stamp:
                self._open_for_search(stamp)
        return self._meta

    def _open_for_search(self, stamp: tuple[int, int, int]) -> None:
        meta = self._read_meta()  # read before the index: the index is never older than the meta says
        try:
            # Opened afresh (a few milliseconds, once per update): a rebuild replaces the directory's files.
            self._index = tantivy.Index.open(str(self.directory))
            self._searcher = self._index.searcher()
        except (ValueError, OSError) as error:
            log.warning("the keyword index in %s cannot be opened (%s): searching the database", self.directory, error)
            self._index = self._searcher = None
            meta = None
        self._meta, self._meta_stamp = meta, stamp

    def _read_meta(self) -> MirrorMeta | None:
        try:
            meta = MirrorMeta(**json.loads((self.directory / META_FILE).read_text()))
        except (OSError, ValueError, TypeError):
            return None
        return meta if meta.format_version == FORMAT_VERSION else None

    def _write_meta(self, meta: MirrorMeta) -> None:
        # Named per process and renamed: a reader sees the old meta or the new one, never half of one.
        path = self.directory / META_FILE
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(meta)))
        temporary.replace(path)


def _now() -> float:
    return time.perf_counter()
