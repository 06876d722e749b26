"""Search through the service, on each dialect: legs, filters, sorting, paging, highlights, bad input."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import Connection, text

from dailypapers.db.engine import Database
from dailypapers.domain.highlights import Segment
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import ScoredId, SearchFilters, SearchRequest
from dailypapers.search.embedding_model import ModelUnavailable
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import ALL_WORDS_UP_TO
from dailypapers.services.indexing import index_papers, update_keyword_index
from dailypapers.services.search import (
    KEYWORD_WEIGHT,
    TYPED_KEYWORD_WEIGHT,
    keyword_weight,
    running_searches,
    search_papers,
    titles_first,
)
from tests.factories import real_records
from tests.search_fixtures import CachingEmbedder


def _ids(db: Database, indexes: SearchIndexes, **request: object) -> list[str]:
    results = search_papers(db, indexes, SearchRequest(**request))  # type: ignore[arg-type]
    return [hit.paper.arxiv_id for hit in results.hits]


@pytest.fixture
def corpus(make_paper: Callable[..., str]) -> dict[str, str]:
    """Four papers with known words, dates, categories, code links and votes."""
    return {
        "title": make_paper(
            title="Sparse attention for long documents",
            abstract="We study transformers on books.",
            published_at=datetime(2025, 1, 10, tzinfo=UTC),
            categories=("cs.CL",),
            upvotes=3,
        ),
        "abstract": make_paper(
            title="Efficient language models",
            abstract="Sparse attention patterns cut the cost of long inputs.",
            published_at=datetime(2025, 3, 5, tzinfo=UTC),
            categories=("cs.LG",),
            github_repo="https://github.com/example/sparse",
            upvotes=10,
            day=date(2025, 3, 6),
        ),
        "other": make_paper(
            title="Robot grasping with tactile sensing",
            abstract="A gripper learns to hold fragile objects.",
            published_at=datetime(2025, 2, 1, tzinfo=UTC),
            categories=("cs.RO",),
        ),
        "both": make_paper(
            title="Sparse attention, revisited",
            abstract="Sparse attention again, with attention sinks.",
            published_at=datetime(2024, 12, 1, tzinfo=UTC),
            categories=("cs.CL", "cs.LG"),
            upvotes=1,
        ),
    }


def test_keyword_search_ranks_title_matches_above_abstract_matches(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str]
) -> None:
    found = _ids(db, indexes, text="sparse attention", mode="keyword")
    assert found[:3] == [corpus["both"], corpus["title"], corpus["abstract"]]
    assert corpus["other"] not in found


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_the_on_disk_keyword_index_answers_as_the_database_does(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_paper: Callable[..., str], mode: str
) -> None:
    index_papers(db, indexes)
    before = _ids(db, indexes, text="sparse attention", mode=mode)
    report = update_keyword_index(db, indexes.keyword)
    assert report is not None and report.count >= 4
    after = _ids(db, indexes, text="sparse attention", mode=mode)
    assert after[:3] == before[:3] and set(after) == set(before)
    assert mode == "hybrid" or corpus["other"] not in after
    # A paper written since the index's update is found at once: the database answers until the next update.
    late = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    assert _ids(db, indexes, text="quasicrystal", mode="keyword") == [late]


def test_keyword_results_carry_highlights(db: Database, indexes: SearchIndexes, corpus: dict[str, str]) -> None:
    hit = search_papers(db, indexes, SearchRequest(text="attention", mode="keyword")).hits[0]
    assert [s.text for s in hit.highlighted_title if s.type == "highlight"] == ["attention"]
    assert [s.text for s in hit.highlighted_summary if s.type == "highlight"] == ["attention", "attention"]
    assert "".join(s.text for s in hit.highlighted_summary) == hit.paper.abstract


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(published_from=date(2025, 1, 1)), {"title", "abstract"}),
        (SearchFilters(published_to=date(2025, 1, 10)), {"title", "both"}),
        (SearchFilters(category="cs.LG"), {"abstract", "both"}),
        (SearchFilters(has_code=True), {"abstract"}),
        (SearchFilters(has_code=False), {"title", "both"}),
        (SearchFilters(daily_only=True), {"abstract"}),
    ],
)
def test_filters_narrow_the_results(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], filters: SearchFilters, expected: set[str]
) -> None:
    found = _ids(db, indexes, text="sparse attention", mode="keyword", filters=filters)
    assert set(found) == {corpus[name] for name in expected}


def test_sort_by_newest_and_by_upvotes(db: Database, indexes: SearchIndexes, corpus: dict[str, str]) -> None:
    newest = _ids(db, indexes, text="sparse attention", mode="keyword", sort="newest")
    assert newest == [corpus["abstract"], corpus["title"], corpus["both"]]
    upvoted = _ids(db, indexes, text="sparse attention", mode="keyword", sort="upvotes")
    assert upvoted == [corpus["abstract"], corpus["title"], corpus["both"]]


def test_pages_follow_each_other(db: Database, indexes: SearchIndexes, corpus: dict[str, str]) -> None:
    first = search_papers(db, indexes, SearchRequest(text="sparse attention", mode="keyword", limit=2))
    second = search_papers(db, indexes, SearchRequest(text="sparse attention", mode="keyword", limit=2, offset=2))
    assert first.has_more and not second.has_more
    assert [hit.paper.arxiv_id for hit in first.hits + second.hits] == _ids(
        db, indexes, text="sparse attention", mode="keyword"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!! ??? ...",
        '"unbalanced',
        "attention*",
        "NEAR(sparse attention, 2)",
        "sparse AND OR attention",
        "-sparse",
        "title:sparse {abstract}: ^attention",
        "深度学习 注意力",
        "x" * 10_000,
        "sparse attention " * 700,
    ],
)
@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_awkward_queries_give_results_not_errors(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], text: str, mode: str
) -> None:
    results = search_papers(db, indexes, SearchRequest(text=text, mode=mode))  # type: ignore[arg-type]
    assert isinstance(results.hits, list)


def test_semantic_search_waits_for_embeddings_and_says_so(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str]
) -> None:
    results = search_papers(db, indexes, SearchRequest(text="sparse attention", mode="hybrid"))
    assert results.notice is not None and "dailypapers index" in results.notice
    assert results.hits  # the keyword leg answered


def test_semantic_search_finds_papers_without_shared_words(
    db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]
) -> None:
    records = real_records()[:40]
    ids = [make_paper(**asdict(record)) for record in records]
    index_papers(db, indexes)
    target = records[7]
    # The opening of its abstract, without the title: the rest of the paper is for the model to match.
    found = _ids(db, indexes, text=target.abstract[:300], mode="semantic", limit=5)
    assert ids[7] in found[:3]


def test_hybrid_search_returns_papers_from_both_legs(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str]
) -> None:
    index_papers(db, indexes)
    results = search_papers(db, indexes, SearchRequest(text="sparse attention in transformers", mode="hybrid"))
    assert results.notice is None
    assert {corpus["both"], corpus["title"], corpus["abstract"]} <= {hit.paper.arxiv_id for hit in results.hits}


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_filters_apply_to_the_semantic_leg(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], make_paper: Callable[..., str], mode: str
) -> None:
    for record in real_records()[200:230]:
        if record.arxiv_id not in corpus.values():  # the corpus's papers are real ones, renamed
            make_paper(**asdict(record))
    index_papers(db, indexes)
    filters = SearchFilters(category="cs.LG")
    results = search_papers(db, indexes, SearchRequest("sparse attention", mode=mode, filters=filters))  # type: ignore[arg-type]
    assert results.hits and all("cs.LG" in hit.paper.categories for hit in results.hits)
    # HNSW (pgvector's on PostgreSQL) is approximate: one of the two attention papers may fall outside.
    assert {corpus["abstract"], corpus["both"]} & {hit.paper.arxiv_id for hit in results.hits}


def test_hybrid_search_puts_the_paper_a_typed_title_names_first(
    db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]
) -> None:
    records = real_records()[:120]
    ids = [make_paper(**asdict(record)) for record in records]
    index_papers(db, indexes)
    # The first words of each title, as people type a paper they know of; only that paper holds them all.
    missed = []
    for arxiv_id, record in zip(ids, records, strict=True):
        typed = " ".join(record.title.split()[:5])
        found = _ids(db, indexes, text=typed, mode="hybrid", limit=3)
        if _ids(db, indexes, text=typed, mode="keyword", limit=2) == [arxiv_id] and found[:1] != [arxiv_id]:
            missed.append((typed, found))
    assert missed == []


class _ThreadRecordingEmbedder:
    """The suite's embedder, noting which thread embeds each query; or failing as a damaged model would."""

    def __init__(self, embedder: CachingEmbedder, *, broken: bool = False) -> None:
        self._embedder = embedder
        self.broken = broken
        self.threads: list[str] = []
        self.model_id, self.dimension = embedder.model_id, embedder.dimension

    def embed_texts(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        return self._embedder.embed_texts(texts, batch_size=batch_size)

    def embed_query(self, text: str) -> NDArray[np.float32]:
        self.threads.append(threading.current_thread().name)
        if self.broken:
            raise ModelUnavailable("model.onnx: damaged")
        return self._embedder.embed_query(text)


def _indexed_papers(
    db: Database,
    embedder: CachingEmbedder,
    make_paper: Callable[..., str],
    directory: Path,
    *,
    papers: int,
    **open_: Any,
) -> tuple[SearchIndexes, _ThreadRecordingEmbedder]:
    """The first `papers` real records, indexed with an embedder noting which thread embeds each query."""
    for record in real_records()[:papers]:
        make_paper(**asdict(record))
    recording = _ThreadRecordingEmbedder(embedder)
    indexes = SearchIndexes.open(model_dir=None, data_dir=directory, embedder=recording, **open_)
    index_papers(db, indexes)
    return indexes, recording


def test_hybrid_search_embeds_the_query_while_the_keyword_leg_runs_and_ranks_the_same(
    db: Database, embedder: CachingEmbedder, make_paper: Callable[..., str], tmp_path: Path
) -> None:
    indexes, recording = _indexed_papers(db, embedder, make_paper, tmp_path / "var", papers=60)
    queries = ["sparse attention", real_records()[3].abstract, real_records()[70].title]

    def ranking() -> list[list[tuple[str, float]]]:
        return [
            [(hit.paper.arxiv_id, hit.score) for hit in search_papers(db, indexes, SearchRequest(query)).hits]
            for query in queries
        ]

    alongside = ranking()
    assert recording.threads and all(name.startswith("query-embedding") for name in recording.threads)
    recording.threads.clear()
    indexes.model.embed_alongside = False
    assert ranking() == alongside
    assert recording.threads == [threading.current_thread().name] * len(queries)


def test_with_other_searches_running_the_query_embeds_on_the_searching_thread(
    db: Database, embedder: CachingEmbedder, make_paper: Callable[..., str], tmp_path: Path
) -> None:
    # On a busy worker the handoff to the embedding thread costs more than the overlap gains.
    indexes, recording = _indexed_papers(db, embedder, make_paper, tmp_path / "var", papers=20, query_vector_cache=8)
    alone = search_papers(db, indexes, SearchRequest("sparse attention")).hits
    assert [name[:15] for name in recording.threads] == ["query-embedding"]
    recording.threads.clear()
    with running_searches:  # another search, in another thread of the process
        busy = search_papers(db, indexes, SearchRequest("graph neural networks")).hits
    assert recording.threads == [threading.current_thread().name]
    assert [hit.paper.arxiv_id for hit in busy] == [
        hit.paper.arxiv_id for hit in search_papers(db, indexes, SearchRequest("graph neural networks")).hits
    ]
    recording.threads.clear()
    again = search_papers(db, indexes, SearchRequest("sparse attention")).hits  # kept: no thread, no model
    assert recording.threads == []
    assert [(hit.paper.arxiv_id, hit.score) for hit in again] == [(hit.paper.arxiv_id, hit.score) for hit in alone]


def test_a_model_failing_in_the_embedding_thread_leaves_the_keyword_leg_to_answer(
    db: Database, indexes: SearchIndexes, embedder: CachingEmbedder, corpus: dict[str, str], tmp_path: Path
) -> None:
    index_papers(db, indexes)  # embeddings stored: the semantic leg would answer
    broken = SearchIndexes.open(
        model_dir=None, data_dir=tmp_path / "other", embedder=_ThreadRecordingEmbedder(embedder, broken=True)
    )
    results = search_papers(db, broken, SearchRequest("sparse attention", mode="hybrid"))
    assert results.notice == "model.onnx: damaged"
    assert {hit.paper.arxiv_id for hit in results.hits} == {corpus["title"], corpus["abstract"], corpus["both"]}


def test_typed_queries_give_the_keyword_leg_more_weight_than_pasted_text() -> None:
    typed = extract_terms("Reinforcement Pre-Training")
    pasted = extract_terms(real_records()[0].abstract)
    assert keyword_weight(typed) == TYPED_KEYWORD_WEIGHT > keyword_weight(pasted) == KEYWORD_WEIGHT
    assert keyword_weight(extract_terms(" ".join(f"word{n}" for n in range(ALL_WORDS_UP_TO)))) == TYPED_KEYWORD_WEIGHT
    assert keyword_weight(extract_terms(" ".join(f"word{n}" for n in range(ALL_WORDS_UP_TO + 1)))) == KEYWORD_WEIGHT


def test_a_title_holding_the_typed_words_in_order_comes_first(db: Database, make_paper: Callable[..., str]) -> None:
    named = make_paper(title="Reinforcement Pre-Training", abstract="Next-token prediction as a reasoning task.")
    other = make_paper(title="Pre-training with reinforcement learning", abstract="Reinforcement pre-training.")
    with db.reading() as connection:
        ids = {arxiv_id: _paper_id(connection, arxiv_id) for arxiv_id in (named, other)}
        ranked = [ScoredId(ids[other], 2.0), ScoredId(ids[named], 1.0)]

        def order(text: str) -> list[int]:
            return [hit.paper_id for hit in titles_first(connection, ranked, text=text, terms=extract_terms(text))]

        assert order("reinforcement pre-training") == [ids[named], ids[other]]  # three words, in the title's order
        assert order("Reinforcement   PRE training!") == [ids[named], ids[other]]  # case and punctuation aside
        assert order("training pre reinforcement") == [ids[other], ids[named]]  # the words, not the title
        assert order("reinforcement pretraining") == [ids[other], ids[named]]  # two words name nothing


def _paper_id(connection: Connection, arxiv_id: str) -> int:
    return int(connection.execute(text("SELECT id FROM papers WHERE arxiv_id = :a"), {"a": arxiv_id}).scalar_one())


# A draft about two things at once; its focus says which one it wants matched.
_TWO_TOPIC_DRAFT = (
    "A robot gripper holds fragile objects by touch, and a language model with sparse attention patterns plans "
    "its grasps over long inputs at little cost."
)


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_a_focus_decides_which_part_of_a_long_text_is_matched(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str], mode: str, make_paper: Callable[..., str]
) -> None:
    # Real papers on neither topic, so that BM25's document frequencies mean something (three papers in four
    # holding "attention" would make it a common word).
    words = ("attention", "robot", "grasp", "tactile", "gripper")
    unrelated = [
        record
        for record in real_records()
        if record.arxiv_id not in corpus.values()
        and not any(word in (record.title + record.abstract).lower() for word in words)
    ]
    for record in unrelated[:12]:
        make_paper(**asdict(record))
    index_papers(db, indexes)
    robot = _ids(db, indexes, text=_TWO_TOPIC_DRAFT, focus="a gripper with tactile sensing", mode=mode, limit=4)
    attention = _ids(db, indexes, text=_TWO_TOPIC_DRAFT, focus="sparse attention for long inputs", mode=mode)
    # The same text leads with the paper on the part its focus names.
    assert robot[0] == corpus["other"]
    assert attention[0] in {corpus["abstract"], corpus["title"], corpus["both"]}


def test_a_focus_is_read_beside_the_text_not_instead_of_it(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str]
) -> None:
    # The focus's words appear in no paper: the whole text still finds its papers.
    found = _ids(db, indexes, text="sparse attention for long documents", focus="zyxwv qqq", mode="keyword")
    assert found[0] == corpus["title"]
    # And a focus whose words the text does not hold still counts in the keyword leg.
    found = _ids(db, indexes, text="efficient language models", focus="tactile gripper", mode="keyword")
    assert {corpus["abstract"], corpus["other"]} <= set(found)


def test_a_focused_search_highlights_the_focus_words(
    db: Database, indexes: SearchIndexes, corpus: dict[str, str]
) -> None:
    results = search_papers(
        db, indexes, SearchRequest(text=_TWO_TOPIC_DRAFT, focus="tactile sensing", mode="keyword", limit=1)
    )
    hit = results.hits[0]
    assert hit.paper.arxiv_id == corpus["other"]

    def marked(segments: Sequence[Segment]) -> set[str]:
        return {word.lower() for segment in segments if segment.type == "highlight" for word in segment.text.split()}

    assert marked(hit.highlighted_title) == {"tactile", "sensing"}
    assert marked(hit.highlighted_summary) == set()  # "objects", "fragile", "holds" are the text's, not the focus's
