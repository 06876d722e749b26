"""The demo admin's starting point: given once, from the papers the instance has."""

from collections.abc import Callable

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from dailypapers.services import follows as follows_service
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.services.demo_member import start_demo_member
from tests.factories import NOW


def test_the_demo_member_starts_with_a_list_follows_and_a_search_once(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    for arxiv_id in ("2506.09350", "2506.08009"):  # two of the list's papers; the others are not indexed here
        make_paper(arxiv_id=arxiv_id)
    member = make_user()
    assert start_demo_member(db, user_id=member.id, now=NOW)
    (collection,) = collections_service.list_own_collections(db, user_id=member.id)
    contents = collections_service.get_contents(db, collection_id=collection.id, viewer=member)
    assert [item.paper.arxiv_id for item in contents.items] == ["2506.09350", "2506.08009"]
    assert contents.items[1].note == "Compare with adversarial post-training."
    follows = {(follow.kind, follow.label) for follow in follows_service.list_follows(db, user_id=member.id)}
    assert follows == {("category", "cs.CV"), ("author", "Shanchuan Lin")}
    assert [saved.query for saved in saved_searches_service.list_saved_searches(db, user_id=member.id)] == [
        "video diffusion"
    ]
    assert not start_demo_member(db, user_id=member.id, now=NOW)  # a second demo run leaves the member as they are
    assert len(collections_service.list_own_collections(db, user_id=member.id)) == 1
