"""Spelling corrections from the index's own words: a symspell dictionary of the words of every title and
abstract with their counts, built on first use and kept per process.

The keyword indexes hold stems ("diffus", "gener"), which are no words to suggest, so the dictionary counts the
papers' words itself. It is rebuilt, in a background thread while the old one answers, when the papers changed
(the keyword change log's sequence moved) and the last build is older than REBUILD_AFTER_SECONDS: a few new
papers rarely bring a word that matters. docs/benchmarks.md ("Admitting a poor match") has its build times.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection
from symspellpy import SymSpell, Verbosity

from dailypapers.db.engine import Database
from dailypapers.search.keyword_changes import KeywordState, iterate_paper_words, read_keyword_state

log = logging.getLogger(__name__)

# Plain ASCII words of two letters or more; digits, hyphenated parts and accented words are left as typed.
_WORD = re.compile(r"[a-z]{2,}")
# A word seen once may itself be a typo (the corpus has "vidoe" too): it is neither suggested nor trusted.
MIN_WORD_COUNT = 2
MAX_EDIT_DISTANCE = 2
# Shorter words are corrected by one edit at most: at two, "gan" is a step from hundreds of words.
TWO_EDITS_FROM_LENGTH = 6
MIN_CORRECTED_LENGTH = 4
REBUILD_AFTER_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class SpellingReport:
    words: int  # distinct words in the dictionary
    papers: int
    seconds: float


class SpellingDictionary:
    """One process's dictionary of the papers' words, and the corrections it suggests."""

    def __init__(self, *, rebuild_after_seconds: float = REBUILD_AFTER_SECONDS) -> None:
        self.rebuild_after_seconds = rebuild_after_seconds
        self._lock = threading.Lock()
        self._first_build = threading.Lock()  # a search arriving during the warm-up's build waits for it
        self._symspell: SymSpell | None = None
        self._words: frozenset[str] = frozenset()
        self._state: KeywordState | None = None
        self._built_at = 0.0
        self._rebuilder: threading.Thread | None = None

    def correct(self, db: Database, connection: Connection, words: Sequence[str]) -> list[str]:
        """`words` with each unknown word of four letters or more replaced by the commonest known word the
        fewest edits away (transpositions count one); words with no such neighbour stay as they are."""
        symspell, known = self._current(db, connection)
        corrected = []
        for word in words:
            lowered = word.lower()
            if len(lowered) < MIN_CORRECTED_LENGTH or lowered in known or not _WORD.fullmatch(lowered):
                corrected.append(word)
                continue
            distance = MAX_EDIT_DISTANCE if len(lowered) >= TWO_EDITS_FROM_LENGTH else 1
            found = symspell.lookup(lowered, Verbosity.CLOSEST, max_edit_distance=distance)
            corrected.append(found[0].term if found else word)
        return corrected

    def ensure_built(self, connection: Connection) -> SpellingReport | None:
        """Build the dictionary unless it is built, or wait for the build under way; the report when built here."""
        with self._first_build:
            return self.build(connection) if self._symspell is None else None

    def build(self, connection: Connection) -> SpellingReport:
        """Count the words of every paper and make the dictionary the one this process uses."""
        started = time.perf_counter()
        state = read_keyword_state(connection)
        counts: Counter[str] = Counter()
        papers = 0
        for batch in iterate_paper_words(connection):
            # One pass of the pattern over a batch's joined text: a fifth faster than a pass per paper.
            counts.update(
                _WORD.findall(" ".join(f"{paper.title or ''} {paper.abstract or ''}" for paper in batch).lower())
            )
            papers += len(batch)
        symspell = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE)
        kept = {word: count for word, count in counts.items() if count >= MIN_WORD_COUNT}
        for word, count in kept.items():
            symspell.create_dictionary_entry(word, count)
        with self._lock:
            self._symspell, self._words, self._state = symspell, frozenset(kept), state
            self._built_at = time.monotonic()
        return SpellingReport(words=len(kept), papers=papers, seconds=time.perf_counter() - started)

    def _current(self, db: Database, connection: Connection) -> tuple[SymSpell, frozenset[str]]:
        """The dictionary to answer with (built now on first use) and its words, taken together."""
        if self._symspell is None:
            self.ensure_built(connection)
        elif self._stale(connection):
            self._rebuild_soon(db)
        with self._lock:
            assert self._symspell is not None
            return self._symspell, self._words

    def _stale(self, connection: Connection) -> bool:
        if time.monotonic() - self._built_at < self.rebuild_after_seconds:
            return False
        state = read_keyword_state(connection)
        return state.instance != getattr(self._state, "instance", None) or state.sequence != getattr(
            self._state, "sequence", None
        )

    def _rebuild_soon(self, db: Database) -> None:
        with self._lock:
            if self._rebuilder is not None and self._rebuilder.is_alive():
                return
            self._rebuilder = threading.Thread(target=self._rebuild, args=(db,), name="spelling-rebuild", daemon=True)
            self._rebuilder.start()

    def _rebuild(self, db: Database) -> None:
        try:
            with db.reading() as connection:
                report = self.build(connection)
            log.info("spelling dictionary rebuilt: %s words from %s papers", report.words, report.papers)
        except Exception:  # a thread has nobody to raise to; the old dictionary keeps answering
            log.exception("rebuilding the spelling dictionary failed")

    def join_rebuild(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild to end (tests)."""
        rebuilder = self._rebuilder
        if rebuilder is not None:
            rebuilder.join(timeout)
