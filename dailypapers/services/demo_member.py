"""The demo admin's starting point: a reading list, a followed category and author, and a saved search, all from
the shipped archive, so a newcomer trying `dailypapers demo` sees For you, collections, follows and feeds with
something in them, and can change each."""

from __future__ import annotations

from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.follows import FollowKind
from dailypapers.services import collections as collections_service
from dailypapers.services import follows as follows_service
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.services.errors import NotFound

# Papers of the shipped Daily Papers archive (lists of 11 and 12 June 2025) on real-time and video generation.
READING_LIST = (
    ("2506.09350", "Real-time, interactive: the one the reading group starts with."),
    ("2506.09113", ""),
    ("2506.08009", "Compare with adversarial post-training."),
    ("2506.07177", ""),
)
SEARCH = {"q": "video diffusion", "mode": "hybrid"}


def start_demo_member(db: Database, *, user_id: int, now: datetime) -> bool:
    """Give the member the demo's starting point, unless they have collections already; True when given."""
    if collections_service.list_own_collections(db, user_id=user_id):
        return False
    collection = collections_service.create_collection(
        db,
        user_id=user_id,
        title="Video generation reading group",
        description="Papers for the reading group, from the demo's archive.",
        now=now,
    )
    for arxiv_id, note in READING_LIST:
        try:
            collections_service.add_paper(
                db, collection_id=collection.id, user_id=user_id, arxiv_id=arxiv_id, note=note or None, now=now
            )
        except NotFound:  # a demo run on other data: the list is shorter, nothing else changes
            continue
    follows_service.follow(db, user_id=user_id, kind=FollowKind.CATEGORY, value="cs.CV", now=now)
    follows_service.follow(db, user_id=user_id, kind=FollowKind.AUTHOR, value="Shanchuan Lin", now=now)
    saved_searches_service.save_search(db, user_id=user_id, query=SEARCH["q"], params=SEARCH, now=now)
    return True
