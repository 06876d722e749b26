""" "For you": a member's private ranking of recent papers, learned from what they upvoted, saved, wrote, followed,
searched for and turned away, each paper with the signals that put it there.

One read transaction: the member's signals, the window's papers with their embeddings, then the ranking
(domain/for_you.py). Digests rank many members against one period's papers with `rank_members`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.for_you import (
    FOLLOW_BOOSTS,
    KEYWORD_SHORTLIST,
    Candidates,
    MemberSignals,
    Profile,
    RankedPaper,
    Ranking,
    Reason,
    ReasonKind,
    Vocabulary,
    measure_nearness,
    paper_words,
    rank_for_you,
    shared_word_scores,
    shortlist,
)
from dailypapers.domain.papers import Paper
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import SearchFilters
from dailypapers.search.candidates import (
    find_papers_by_authors,
    find_papers_by_categories,
    load_candidates,
    load_texts,
    load_vectors,
)
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.search.keyword import search_keyword
from dailypapers.store.daily import get_latest_day
from dailypapers.store.member_signals import list_followed_member_authors, list_member_signals
from dailypapers.store.papers import list_papers_by_ids

if TYPE_CHECKING:
    # For the type only: usearch imported before onnxruntime crashes the process (search/candidates.py).
    from dailypapers.search.vector_searcher import VectorSearcher

DEFAULT_WINDOW_DAYS = 30
MAX_LIMIT = 500
# The words of this many of the member's most recent papers make the word profile: splitting an abstract costs
# about 0.1 ms, and what a member read lately says most about what they read now.
KEYWORD_PROFILE_PAPERS = 50
# A saved search suggests at most this many papers of the window.
SAVED_SEARCH_MATCHES = 200


@dataclass(frozen=True, slots=True)
class ForYouRequest:
    daily_only: bool = True
    published_from: date | None = None  # None: DEFAULT_WINDOW_DAYS before `published_to`
    published_to: date | None = None  # None: today
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ForYouItem:
    paper: Paper
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class ForYouPage:
    items: list[ForYouItem]
    has_more: bool
    published_from: date
    published_to: date
    has_signals: bool  # False: the member has given nothing to learn from yet
    # The default window held no paper (a site whose lists stopped, such as the demo's archive): this is the window
    # of the same length up to the latest daily list instead.
    fell_back: bool = False


@dataclass(slots=True)
class RankingContext:
    """What ranking several members against the same papers shares: what was read for one is kept for the next
    (the papers' vectors and words, which candidates an author or a category names)."""

    model: EmbeddingModel
    filters: SearchFilters
    # The model's vector index, where a web worker keeps it: vectors are read from it instead of the database.
    index: VectorSearcher | None = None
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    words: dict[int, NDArray[np.int64]] = field(default_factory=dict)  # paper id -> its words' numbers
    vectors: dict[int, NDArray[np.float32]] = field(default_factory=dict)
    unembedded: set[int] = field(default_factory=set)  # papers found to have no vector, not asked for again
    by_author: dict[str, set[int]] = field(default_factory=dict)  # author key -> candidates with that author
    by_category: dict[str, set[int]] = field(default_factory=dict)
    member_keys: dict[str, set[str]] = field(default_factory=dict)  # username -> author keys their claims verify


def get_for_you(
    db: Database,
    model: EmbeddingModel,
    *,
    user_id: int,
    request: ForYouRequest,
    today: date,
    vectors: VectorSearcher | None = None,
) -> ForYouPage:
    """The member's page of "For you" over papers published in the request's window (the daily lists' only, or
    every indexed paper). `vectors`, the model's index held by this process, spares reading the papers' vectors
    from the database."""
    published_to = request.published_to or today
    published_from = request.published_from or published_to - timedelta(days=DEFAULT_WINDOW_DAYS)
    limit = max(1, min(request.limit, MAX_LIMIT))
    filters = SearchFilters(published_from=published_from, published_to=published_to, daily_only=request.daily_only)
    with db.reading() as connection:
        signals = list_member_signals(connection, user_ids=[user_id])[user_id]
        if signals.is_empty:
            return ForYouPage([], False, published_from, published_to, has_signals=False)
        candidates = load_candidates(
            connection, filters=filters, model_id=model.model_id, dimension=model.dimension, index=vectors
        )
        fell_back = False
        if not candidates.paper_ids and request.published_from is None and request.published_to is None:
            latest = get_latest_day(connection)
            if latest is not None and latest < published_from:
                published_to, published_from, fell_back = latest, latest - (published_to - published_from), True
                filters = replace(filters, published_from=published_from, published_to=published_to)
                candidates = load_candidates(
                    connection, filters=filters, model_id=model.model_id, dimension=model.dimension, index=vectors
                )
        context = RankingContext(model=model, filters=filters, index=vectors)
        ranking = rank_member(connection, context, signals=signals, candidates=candidates, keep=request.offset + limit)
        page = ranking.best[request.offset :]
        papers = {paper.id: paper for paper in list_papers_by_ids(connection, paper_ids=[r.paper_id for r in page])}
    items = [ForYouItem(papers[r.paper_id], r.score, r.reasons) for r in page if r.paper_id in papers]
    has_more = ranking.total > request.offset + limit
    return ForYouPage(items, has_more, published_from, published_to, has_signals=True, fell_back=fell_back)


def rank_members(
    connection: Connection,
    model: EmbeddingModel,
    *,
    user_ids: Sequence[int],
    filters: SearchFilters,
    keep: int,
    context: RankingContext | None = None,
) -> dict[int, list[RankedPaper]]:
    """Each member's best `keep` of the papers the filters admit (a digest's period); members with no signals get
    none. The papers are read once for all of them; a `context` made for these filters carries what was read over
    to the next batch of members."""
    everyone = list_member_signals(connection, user_ids=user_ids)
    signalled = {user_id: signals for user_id, signals in everyone.items() if not signals.is_empty}
    if not signalled:
        return {}
    context = context or RankingContext(model=model, filters=filters)
    candidates = load_candidates(
        connection, filters=filters, model_id=model.model_id, dimension=model.dimension, index=context.index
    )
    _prefetch(connection, context, list(signalled.values()), candidates)
    return {
        user_id: rank_member(connection, context, signals=signals, candidates=candidates, keep=keep).best
        for user_id, signals in signalled.items()
    }


def rank_member(
    connection: Connection,
    context: RankingContext,
    *,
    signals: MemberSignals,
    candidates: Candidates,
    keep: int | None = None,
) -> Ranking:
    """One member's ranking of the candidates, the first `keep` (all when None) with their reasons."""
    if not candidates.paper_ids:
        return Ranking([], 0)
    profile = build_profile(connection, context, signals)
    nearness = measure_nearness(profile, candidates)
    excluded = signals.excluded
    keyword: dict[int, float] = {}
    if profile.signals:
        chosen = shortlist(candidates, nearness, excluded=excluded, size=KEYWORD_SHORTLIST)
        own = [signal.paper_id for signal in signals.papers[:KEYWORD_PROFILE_PAPERS]]
        words = _words(connection, context, paper_ids=chosen + own)
        none = np.zeros(0, dtype=np.int64)
        scores = shared_word_scores([words[i] for i in own if i in words], [words.get(i, none) for i in chosen])
        keyword = dict(zip(chosen, scores.tolist(), strict=True))
    boosts = _boosts(connection, context, signals=signals, paper_ids=candidates.paper_ids)
    return rank_for_you(
        candidates=candidates,
        profile=profile,
        nearness=nearness,
        keyword=keyword,
        boosts=boosts,
        excluded=excluded,
        keep=keep,
    )


def _prefetch(
    connection: Connection, context: RankingContext, everyone: Sequence[MemberSignals], candidates: Candidates
) -> None:
    """Read what a batch of members' rankings need in a few queries rather than a few per member."""
    _vectors(
        connection,
        context,
        {p.paper_id for s in everyone for p in s.papers} | {i for s in everyone for i in s.dismissed},
    )
    own = [p.paper_id for s in everyone for p in s.papers[:KEYWORD_PROFILE_PAPERS]]
    # The candidates' words first: their numbers then come first, which keeps each member's arrays short.
    _words(connection, context, paper_ids=list(dict.fromkeys(candidates.paper_ids + own)))
    follows = [f for s in everyone for f in s.follows]
    _member_keys(connection, context, {f.target for f in follows if f.kind == "member"})
    keys = {f.target for f in follows if f.kind == "author"}
    keys |= {key for f in follows if f.kind == "member" for key in context.member_keys.get(f.target, ())}
    _author_papers(connection, context, keys, candidates.paper_ids)
    _category_papers(
        connection,
        context,
        {c for f in follows if f.kind == "category" for c in (f.target, f.label)},
        candidates.paper_ids,
    )


def _vectors(connection: Connection, context: RankingContext, paper_ids: set[int]) -> Mapping[int, NDArray[np.float32]]:
    # Not `paper_ids - context.vectors.keys()`: that copies the keys of every vector read so far, per member.
    missing = {i for i in paper_ids if i not in context.vectors and i not in context.unembedded}
    if missing and context.model.dimension:
        found = load_vectors(connection, paper_ids=missing, model_id=context.model.model_id, index=context.index)
        context.vectors.update(found)
        context.unembedded.update(missing - found.keys())
    return context.vectors


def _member_keys(connection: Connection, context: RankingContext, usernames: set[str]) -> None:
    missing = usernames - context.member_keys.keys()
    if missing:
        found = list_followed_member_authors(connection, usernames=sorted(missing))
        context.member_keys.update({username: found.get(username, set()) for username in missing})


def _author_papers(connection: Connection, context: RankingContext, keys: set[str], paper_ids: Sequence[int]) -> None:
    missing = keys - context.by_author.keys()
    if missing:
        found = find_papers_by_authors(connection, paper_ids=paper_ids, author_keys=missing)
        context.by_author.update({key: set() for key in missing})
        for paper_id, named in found.items():
            for key in named:
                context.by_author[key].add(paper_id)


def _category_papers(
    connection: Connection, context: RankingContext, categories: set[str], paper_ids: Sequence[int]
) -> None:
    missing = categories - context.by_category.keys()
    if missing:
        found = find_papers_by_categories(connection, paper_ids=paper_ids, categories=missing)
        context.by_category.update({category: set() for category in missing})
        for paper_id, named in found.items():
            for category in named:
                context.by_category[category].add(paper_id)


def build_profile(connection: Connection, context: RankingContext, signals: MemberSignals) -> Profile:
    dimension = context.model.dimension
    wanted = {signal.paper_id for signal in signals.papers} | signals.dismissed
    vectors = _vectors(connection, context, wanted)
    kept = [signal for signal in signals.papers if signal.paper_id in vectors]
    dismissed = [vectors[paper_id] for paper_id in sorted(signals.dismissed) if paper_id in vectors]
    return Profile(
        signals=kept,
        vectors=np.stack([vectors[s.paper_id] for s in kept]) if kept else np.zeros((0, dimension), np.float32),
        dismissed=np.stack(dismissed) if dismissed else np.zeros((0, dimension), np.float32),
    )


def _words(
    connection: Connection, context: RankingContext, *, paper_ids: Sequence[int]
) -> Mapping[int, NDArray[np.int64]]:
    missing = [paper_id for paper_id in paper_ids if paper_id not in context.words]
    texts = load_texts(connection, paper_ids=missing)
    for paper_id in missing:  # in the order asked for: words are numbered as first seen
        if paper_id in texts:
            context.words[paper_id] = context.vocabulary.ids_of(paper_words(texts[paper_id]))
    return context.words


def _boosts(
    connection: Connection, context: RankingContext, *, signals: MemberSignals, paper_ids: Sequence[int]
) -> dict[int, list[Reason]]:
    """The papers follows and saved searches name, each with a reason per signal that names it."""
    boosts: dict[int, list[Reason]] = {}

    def add(paper_id: int, kind: ReasonKind, label: str) -> None:
        boosts.setdefault(paper_id, []).append(Reason(kind, label, FOLLOW_BOOSTS[kind.value]))

    authors = {f.target: f.label for f in signals.follows if f.kind == "author"}
    followed_authors = set(authors)
    members = {f.target: f.label for f in signals.follows if f.kind == "member"}
    _member_keys(connection, context, set(members))
    for username, label in members.items():
        for key in context.member_keys[username]:
            authors.setdefault(key, label)
    _author_papers(connection, context, set(authors), paper_ids)
    for key in sorted(authors):
        kind = ReasonKind.AUTHOR if key in followed_authors else ReasonKind.MEMBER
        for paper_id in context.by_author[key]:
            add(paper_id, kind, authors[key])
    categories = {f.target: f.label for f in signals.follows if f.kind == "category"}
    # Categories are matched as arXiv writes them (cs.CL) and as the member did.
    spellings = {spelling: label for target, label in categories.items() for spelling in (target, label)}
    _category_papers(connection, context, set(spellings), paper_ids)
    for label in sorted(set(spellings.values())):
        named = set().union(*(context.by_category[c] for c, shown in spellings.items() if shown == label))
        for paper_id in named:
            add(paper_id, ReasonKind.CATEGORY, label)
    for search in signals.saved_searches:
        terms = extract_terms(search.query)
        hits = search_keyword(connection, terms=terms, filters=context.filters, limit=SAVED_SEARCH_MATCHES, match="all")
        for hit in hits:
            add(hit.paper_id, ReasonKind.SAVED_SEARCH, search.name or search.query)
    return boosts
