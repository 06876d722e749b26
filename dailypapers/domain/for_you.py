"""The maths of "For you": a member's signals in, candidate papers ranked with the reason each is there. Pure.

Papers the member upvoted, saved or wrote are the profile. A candidate scores by its embedding's nearness to the
profile (its cosine to the nearest profile paper plus its cosine to the profile's centroid, the centroid moved
away from the papers the member dismissed) and by the words it shares with the profile (each shared word weighted
by its rarity among the papers at hand); follows and saved searches add fixed amounts on top. The weights and
why: docs/decisions.md ("For you ranks by nearness, words and follows"); the measurement: docs/for-you.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

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
    popularity: Mapping[int, int] = field(default_factory=dict)  # upvotes: breaks ties among equal scores


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
    similarity = candidates.vectors @ profile.vectors.T
    nearest = similarity.argmax(axis=1)
    centroid = profile.vectors.mean(axis=0)
    if len(profile.dismissed):
        centroid = centroid - NEGATIVE_SHARE * profile.dismissed.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    toward = candidates.vectors @ (centroid / norm) if norm > 0 else np.zeros(count, dtype=np.float32)
    return Nearness(z_scores(similarity.max(axis=1)) + z_scores(toward), nearest.astype(np.int64))


def keyword_scores(profile_terms: Sequence[Sequence[str]], candidate_terms: Sequence[Sequence[str]]) -> list[float]:
    """How many of the profile's words each candidate holds, each word weighted by how often the profile uses it
    and by its rarity among the profile's and the candidates' papers (log(1 + n / df)), over the root of the
    candidate's number of words, so that a long abstract does not win by length."""
    documents = [set(terms) for terms in profile_terms] + [set(terms) for terms in candidate_terms]
    frequency = Counter(term for terms in documents for term in terms)
    count = len(documents)
    wanted = Counter(term for terms in documents[: len(profile_terms)] for term in terms)
    scores = []
    for terms in documents[len(profile_terms) :]:
        total = sum(wanted[term] * math.log(1 + count / frequency[term]) for term in terms if term in wanted)
        scores.append(total / math.sqrt(len(terms) + 1))
    return scores


def rank_for_you(
    *,
    candidates: Candidates,
    profile: Profile,
    nearness: Nearness,
    keyword: Mapping[int, float],
    boosts: Mapping[int, Sequence[Reason]],
    excluded: frozenset[int],
) -> list[RankedPaper]:
    """The candidates best first with their reasons. With paper signals every candidate is ranked; without, only
    those a follow or a saved search names (nothing else says they are for this member)."""
    dense, nearest = nearness.scores, nearness.nearest
    shortlisted = [i for i, paper_id in enumerate(candidates.paper_ids) if paper_id in keyword]
    words = np.zeros(len(candidates.paper_ids))
    if shortlisted:
        words[shortlisted] = z_scores(np.array([keyword[candidates.paper_ids[i]] for i in shortlisted]))
        # Papers left off the shortlist were judged less near; they get the shortlist's lowest word score.
        chosen = set(shortlisted)
        words[[i for i in range(len(words)) if i not in chosen]] = float(words[shortlisted].min())
    with_papers = len(profile.signals) > 0
    ranked = []
    for i, paper_id in enumerate(candidates.paper_ids):
        if paper_id in excluded:
            continue
        extra = list(boosts.get(paper_id, ()))
        if not with_papers and not extra:
            continue
        reasons = list(extra)
        score = sum(reason.weight for reason in extra)
        if with_papers:
            paper_score = DENSE_WEIGHT * float(dense[i]) + KEYWORD_WEIGHT * float(words[i])
            score += paper_score
            signal = profile.signals[int(nearest[i])]
            reasons.append(Reason(ReasonKind(signal.kind.value), signal.arxiv_id, paper_score))
        reasons.sort(key=lambda reason: -reason.weight)
        ranked.append(RankedPaper(paper_id, score, tuple(reasons)))
    popularity = candidates.popularity
    ranked.sort(key=lambda item: (-item.score, -popularity.get(item.paper_id, 0), -item.paper_id))
    return ranked


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
