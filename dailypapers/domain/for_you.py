"""The maths of "For you": a member's signals in, candidate papers ranked with the reason each is there. Pure.

Papers the member upvoted, saved or wrote are the profile. A candidate scores by its embedding's nearness to the
profile (its cosine to the nearest profile paper plus its cosine to the profile's centroid, the centroid moved
away from the papers the member dismissed) and by the words it shares with the profile (each shared word weighted
by its rarity among the papers at hand); follows and saved searches add fixed amounts on top. The weights and
why: docs/decisions.md ("For you ranks by nearness, words and follows"); the measurement: docs/for-you.md.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from dailypapers.domain.query_terms import STOP_WORDS

# The share of the paper-signal score that comes from the embeddings; the rest is shared words. The search's own
# fusion puts 0.7 on the embeddings too (services/search.py); For you keeps the same round figure.
DENSE_WEIGHT = 0.7
KEYWORD_WEIGHT = 0.3
# Rocchio's relevance feedback (Salton & Buckley 1990, β = 0.75, γ = 0.15): dismissed papers pull the centroid away
# with a fifth of the weight the liked ones pull it towards them.
NEGATIVE_SHARE = 0.2
# Fixed boosts, in the units of the z-scored paper-signal score (one standard deviation of the candidates):
# a followed author or member counts for as much as being one deviation nearer the profile.
FOLLOW_BOOSTS = {"author": 1.0, "member": 1.0, "category": 0.5, "saved_search": 0.75}
# Only this many of the best candidates by the embeddings have their words compared: reading and splitting an
# abstract costs about 0.1 ms, too much for every paper of a month.
KEYWORD_SHORTLIST = 100
# The nearest-paper term compares each candidate with this many of the member's most recent papers (the centroid
# still holds them all): what a member read lately says most about what they read now, and the cost stays bounded
# (a month of papers against 200 signals is a 5,000 x 200 product).
NEAREST_PROFILE_PAPERS = 64
# Words as the keyword index splits them (letters and digits), found by one regular-expression pass per text.
_WORD = re.compile(r"[^\W_]+")
# Splitting a text is most of the word score's cost, and the same papers come back (a member's own, a period's in
# a digest run): the words of this many texts are kept per process, by the text itself, so an edit is never stale
# (about 7 kB each).
WORDS_CACHE = 4096


class SignalKind(StrEnum):
    UPVOTED = "upvoted"
    SAVED = "saved"
    CLAIMED = "claimed"


class ReasonKind(StrEnum):
    UPVOTED = "upvoted"
    SAVED = "saved"
    CLAIMED = "claimed"
    AUTHOR = "author"
    MEMBER = "member"
    CATEGORY = "category"
    SAVED_SEARCH = "saved_search"


@dataclass(frozen=True, slots=True)
class PaperSignal:
    """A paper that tells what the member reads: one they upvoted, saved to a collection, or wrote."""

    paper_id: int
    arxiv_id: str
    kind: SignalKind


@dataclass(frozen=True, slots=True)
class FollowSignal:
    kind: str  # author, member or category
    target: str  # the normalised key
    label: str  # as the member wrote it


@dataclass(frozen=True, slots=True)
class SavedSearchSignal:
    name: str
    query: str


@dataclass(frozen=True, slots=True)
class MemberSignals:
    papers: tuple[PaperSignal, ...] = ()
    dismissed: frozenset[int] = frozenset()
    follows: tuple[FollowSignal, ...] = ()
    saved_searches: tuple[SavedSearchSignal, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.papers or self.follows or self.saved_searches)

    @property
    def excluded(self) -> frozenset[int]:
        """Papers never suggested: those the member already has, and those they turned away."""
        return self.dismissed | {signal.paper_id for signal in self.papers}


@dataclass(frozen=True, slots=True)
class Reason:
    kind: ReasonKind
    label: str  # what the signal names: an arXiv id, an author, a category, a saved search's name
    weight: float  # how much it added to the score

    @property
    def text(self) -> str:
        if self.kind is ReasonKind.UPVOTED:
            return f"Like {self.label} you upvoted"
        if self.kind is ReasonKind.SAVED:
            return f"Like {self.label} you saved"
        if self.kind is ReasonKind.CLAIMED:
            return f"Like your paper {self.label}"
        if self.kind is ReasonKind.SAVED_SEARCH:
            return f"Saved search: {self.label}"
        if self.kind is ReasonKind.CATEGORY:
            return self.label
        return f"Follows: {self.label}"


@dataclass(frozen=True, slots=True)
class RankedPaper:
    paper_id: int
    score: float
    reasons: tuple[Reason, ...]  # the one that added most first


@dataclass(frozen=True, slots=True)
class Candidates:
    """The papers that may be suggested, with their unit embeddings (`vectors[i]` is `paper_ids[i]`'s; a paper
    without one has a row of zeros)."""

    paper_ids: list[int]
    vectors: NDArray[np.float32]
    popularity: NDArray[np.int64] | None = None  # upvotes, in the same order: breaks ties among equal scores


@dataclass(frozen=True, slots=True)
class Profile:
    """The member's paper signals that have embeddings, and the embeddings of what they dismissed."""

    signals: list[PaperSignal]
    vectors: NDArray[np.float32]  # one row per signal
    dismissed: NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Nearness:
    """Per candidate: its nearness to the profile, and the index (in the profile) of the profile paper nearest it."""

    scores: NDArray[np.float64]
    nearest: NDArray[np.int64]


def measure_nearness(profile: Profile, candidates: Candidates) -> Nearness:
    """Each candidate's z-scored cosine to the nearest profile paper plus its z-scored cosine to the centroid."""
    count = len(candidates.paper_ids)
    if count == 0 or len(profile.signals) == 0:
        return Nearness(np.zeros(count), np.zeros(count, dtype=np.int64))
    # The profile lists the member's papers newest first.
    similarity = candidates.vectors @ profile.vectors[:NEAREST_PROFILE_PAPERS].T
    nearest = similarity.argmax(axis=1)
    centroid = profile.vectors.mean(axis=0)
    if len(profile.dismissed):
        centroid = centroid - NEGATIVE_SHARE * profile.dismissed.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    toward = candidates.vectors @ (centroid / norm) if norm > 0 else np.zeros(count, dtype=np.float32)
    return Nearness(z_scores(similarity.max(axis=1)) + z_scores(toward), nearest.astype(np.int64))


@lru_cache(maxsize=WORDS_CACHE)
def paper_words(text: str) -> tuple[str, ...]:
    """The distinct words of a title and abstract, lower-cased, stop words left out, in alphabetical order (the
    order `Vocabulary.ids_of` takes them in)."""
    return tuple(sorted(frozenset(_WORD.findall(text.lower())) - STOP_WORDS))


def keyword_scores(profile_words: Sequence[Collection[str]], candidate_words: Sequence[Collection[str]]) -> list[float]:
    """How many of the profile's words each candidate holds, each word weighted by how many profile papers use it
    and by its rarity among the profile's and the candidates' papers (log(1 + n / df)), over the root of the
    candidate's number of words, so that a long abstract does not win by length."""
    vocabulary = Vocabulary()
    others = [vocabulary.ids_of(sorted(frozenset(words))) for words in candidate_words]
    profile = [vocabulary.ids_of(sorted(frozenset(words))) for words in profile_words]
    scores: list[float] = shared_word_scores(profile, others).tolist()
    return scores


class Vocabulary:
    """A number for each word, so that a paper's words are an array and the word score is a few array sums: a
    digest run scores thousands of members against the same papers, and splitting and counting words in Python
    per member was most of its time."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def ids_of(self, words: Sequence[str]) -> NDArray[np.int64]:
        """The numbers of distinct words given in alphabetical order (as `paper_words` gives them), in that order:
        sums over them then run in the same order whatever numbers the words were given, so a member scored in a
        batch gets the very score they get alone."""
        ids = self._ids
        # Set and dict operations rather than a loop over the words: they run in C, and a digest run numbers the
        # words of thousands of papers.
        ids.update(zip(frozenset(words).difference(ids), itertools.count(len(ids))))
        return np.fromiter(map(ids.__getitem__, words), dtype=np.int64, count=len(words))


def shared_word_scores(
    profile: Sequence[NDArray[np.int64]], candidates: Sequence[NDArray[np.int64]]
) -> NDArray[np.float64]:
    """`keyword_scores` over papers' distinct word numbers (`Vocabulary.ids_of`). The arrays span the numbers up to
    the candidates' highest: numbering the candidates' words before the profile's keeps them short."""
    if not candidates:
        return np.zeros(0)
    held_words = np.concatenate(candidates)
    size = int(held_words.max()) + 1 if len(held_words) else 0
    # A word no candidate holds has no use for a weight, so the profile's words beyond `size` are left out.
    wanted_words = np.concatenate(profile) if profile else np.zeros(0, dtype=np.int64)
    wanted = np.bincount(wanted_words[wanted_words < size], minlength=size)
    # A word's document frequency: the profile papers that hold it and the candidates that hold it.
    held = np.bincount(held_words, minlength=size)
    count = len(profile) + len(candidates)
    weights = np.zeros(size)
    useful = (wanted > 0) & (held > 0)
    weights[useful] = wanted[useful] * np.log(1 + count / (wanted[useful] + held[useful]))
    lengths = np.fromiter((len(words) for words in candidates), np.int64, count=len(candidates))
    owner = np.repeat(np.arange(len(candidates)), lengths)
    sums = np.bincount(owner, weights=weights[held_words], minlength=len(candidates))
    scores: NDArray[np.float64] = sums / np.sqrt(lengths + 1)
    return scores


@dataclass(frozen=True, slots=True)
class Ranking:
    best: list[RankedPaper]  # the first `keep` of the ranking, with their reasons
    total: int  # how many papers the whole ranking holds


def rank_for_you(
    *,
    candidates: Candidates,
    profile: Profile,
    nearness: Nearness,
    keyword: Mapping[int, float],
    boosts: Mapping[int, Sequence[Reason]],
    excluded: frozenset[int],
    keep: int | None = None,
) -> Ranking:
    """The candidates best first, the first `keep` (all when None) with their reasons. With paper signals every
    candidate is ranked; without, only those a follow or a saved search names (nothing else says they are for this
    member). Equal scores go to the more upvoted paper, then the newer id."""
    ids = np.asarray(candidates.paper_ids, dtype=np.int64)
    position = {paper_id: i for i, paper_id in enumerate(candidates.paper_ids)}
    with_papers = len(profile.signals) > 0
    paper_scores = np.zeros(len(ids))
    if with_papers:
        paper_scores = DENSE_WEIGHT * nearness.scores + KEYWORD_WEIGHT * _word_scores(candidates, keyword, position)
    boosted = np.zeros(len(ids))
    named = np.zeros(len(ids), dtype=bool)
    for paper_id, reasons in boosts.items():
        if paper_id in position:
            boosted[position[paper_id]] += sum(reason.weight for reason in reasons)
            named[position[paper_id]] = True
    eligible = np.ones(len(ids), dtype=bool) if with_papers else named
    for paper_id in excluded:
        if paper_id in position:
            eligible[position[paper_id]] = False
    scores = paper_scores + boosted
    popularity = candidates.popularity if candidates.popularity is not None else np.zeros(len(ids))
    chosen = np.flatnonzero(eligible)
    order = chosen[np.lexsort((-ids[chosen], -popularity[chosen], -scores[chosen]))]
    best = []
    for i in order[:keep] if keep is not None else order:
        paper_id = int(ids[i])
        reasons = list(boosts.get(paper_id, ()))
        if with_papers:
            signal = profile.signals[int(nearness.nearest[i])]
            reasons.append(Reason(ReasonKind(signal.kind.value), signal.arxiv_id, float(paper_scores[i])))
        reasons.sort(key=lambda reason: -reason.weight)
        best.append(RankedPaper(paper_id, float(scores[i]), tuple(reasons)))
    return Ranking(best, len(order))


def _word_scores(
    candidates: Candidates, keyword: Mapping[int, float], position: Mapping[int, int]
) -> NDArray[np.float64]:
    """The z-scored word scores of the shortlisted candidates; the rest, judged less near, get the lowest of them."""
    words = np.zeros(len(candidates.paper_ids))
    shortlisted = [position[paper_id] for paper_id in keyword if paper_id in position]
    if shortlisted:
        words[shortlisted] = z_scores(np.array([keyword[candidates.paper_ids[i]] for i in shortlisted]))
        floor = float(words[shortlisted].min())
        mask = np.ones(len(words), dtype=bool)
        mask[shortlisted] = False
        words[mask] = floor
    return words


def shortlist(candidates: Candidates, nearness: Nearness, *, excluded: frozenset[int], size: int) -> list[int]:
    """The `size` candidates nearest the profile by the embeddings, whose words are then compared."""
    order = np.argsort(-nearness.scores, kind="stable")
    chosen = []
    for i in order:
        paper_id = candidates.paper_ids[int(i)]
        if paper_id not in excluded:
            chosen.append(paper_id)
            if len(chosen) == size:
                break
    return chosen


def z_scores(values: NDArray[np.floating]) -> NDArray[np.float64]:
    values = values.astype(np.float64)
    spread = float(values.std()) if len(values) else 0.0
    if spread == 0.0:
        return np.zeros(len(values))
    centred: NDArray[np.float64] = (values - values.mean()) / spread
    return centred
