"""For you's test data: rows of the personal layer written straight into the tables (upvotes, saved papers, approved
claims, follows, saved searches, "not interested"), and a small corpus of recent papers on distinct topics."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import (
    author_claims,
    collection_items,
    collections,
    dismissals,
    follows,
    papers,
    saved_searches,
    votes,
)
from dailypapers.domain.authors import author_key
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.indexing import index_papers
from tests.factories import NOW


@dataclass(frozen=True)
class Signals:
    """Gives one member signals: `Signals(db, user_id).upvote("2501.00001")`."""

    db: Database
    user_id: int

    def _paper_id(self, arxiv_id: str) -> int:
        with self.db.reading() as connection:
            return int(connection.execute(select(papers.c.id).where(papers.c.arxiv_id == arxiv_id)).scalar_one())

    def upvote(self, arxiv_id: str) -> None:
        paper_id = self._paper_id(arxiv_id)
        with self.db.transaction() as connection:
            connection.execute(insert(votes).values(paper_id=paper_id, user_id=self.user_id, created_at=NOW))

    def save(self, arxiv_id: str) -> None:
        paper_id = self._paper_id(arxiv_id)
        with self.db.transaction() as connection:
            collection_id = connection.execute(
                select(collections.c.id).where(collections.c.user_id == self.user_id)
            ).scalar()
            if collection_id is None:
                collection_id = connection.execute(
                    insert(collections)
                    .values(user_id=self.user_id, slug="reading", title="Reading", created_at=NOW, updated_at=NOW)
                    .returning(collections.c.id)
                ).scalar_one()
            connection.execute(
                insert(collection_items).values(
                    collection_id=collection_id, paper_id=paper_id, position=1, added_at=NOW
                )
            )

    def claim(self, arxiv_id: str, *, name: str, position: int = 0) -> None:
        paper_id = self._paper_id(arxiv_id)
        with self.db.transaction() as connection:
            connection.execute(
                insert(author_claims).values(
                    paper_id=paper_id,
                    author_position=position,
                    author_name=name,
                    author_key=author_key(name),
                    user_id=self.user_id,
                    status="approved",
                    created_at=NOW,
                    decided_at=NOW,
                )
            )

    def dismiss(self, arxiv_id: str) -> None:
        paper_id = self._paper_id(arxiv_id)
        with self.db.transaction() as connection:
            connection.execute(insert(dismissals).values(user_id=self.user_id, paper_id=paper_id, created_at=NOW))

    def follow(self, kind: str, target: str, label: str | None = None) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                insert(follows).values(
                    user_id=self.user_id, kind=kind, target=target, label=label or target, created_at=NOW
                )
            )

    def follow_author(self, name: str) -> None:
        self.follow("author", author_key(name), name)

    def save_search(self, query: str, *, name: str | None = None) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                insert(saved_searches).values(
                    user_id=self.user_id,
                    name=name or query,
                    query=query,
                    params=json.dumps({"q": query}),
                    created_at=NOW,
                )
            )


TODAY = date(2025, 6, 12)
RECENT = datetime(2025, 6, 2, tzinfo=UTC)
LISTED = date(2025, 6, 3)

PAPERS = {
    "2506.00001": ("Diffusion models for video generation", "We generate videos with a latent diffusion model."),
    "2506.00002": (
        "Temporal consistency in video diffusion",
        "Video diffusion flickers; we keep frames consistent.",
    ),
    "2506.00003": ("Graph neural networks for molecules", "Message passing predicts molecular properties."),
    "2506.00004": ("Speech recognition with CTC", "Connectionist temporal classification for speech."),
    "2506.00005": ("Robotic grasping by reinforcement learning", "A robot learns robotic grasping from trials."),
    "2506.00006": (
        "Text to video synthesis with diffusion transformers",
        "Diffusion transformers make video from text.",
    ),
}
CATEGORIES = {"2506.00003": "cs.LG", "2506.00004": "cs.SD", "2506.00005": "cs.RO"}  # the rest: cs.CV
AUTHORS = {"2506.00003": ("Jane Doe",), "2506.00004": ("Sam Roe", "Ada Lovelace")}  # the rest: Sam Roe, Kim Poe


@pytest.fixture
def corpus(db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]) -> dict[str, str]:
    for arxiv_id, (title, abstract) in PAPERS.items():
        categories = (CATEGORIES.get(arxiv_id, "cs.CV"),)
        make_paper(
            arxiv_id=arxiv_id,
            title=title,
            abstract=abstract,
            categories=categories,
            primary_category=categories[0],
            authors=AUTHORS.get(arxiv_id, ("Sam Roe", "Kim Poe")),
            published_at=RECENT,
            day=LISTED,
        )
    # Published long before the window, and on no list: only a wide, every-paper request finds it.
    make_paper(
        arxiv_id="2401.00009",
        title="Video diffusion with motion priors",
        abstract="Motion priors steer video diffusion models.",
        published_at=datetime(2024, 1, 5, tzinfo=UTC),
    )
    index_papers(db, indexes)
    return {arxiv_id: title for arxiv_id, (title, _) in PAPERS.items()}
