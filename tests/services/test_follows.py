"""Follows and saved searches in the services: idempotent, normalised, private to their member."""

from collections.abc import Callable

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.follows import FollowKind
from dailypapers.domain.users import User
from dailypapers.services import follows as follows_service
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.services.errors import InvalidInput, NotFound
from tests.factories import NOW


def test_following_twice_is_following_once_and_spellings_share_a_key(
    db: Database, make_user: Callable[..., User]
) -> None:
    user = make_user()
    first = follows_service.follow(db, user_id=user.id, kind=FollowKind.AUTHOR, value="Zoë  Müller-Lee", now=NOW)
    second = follows_service.follow(db, user_id=user.id, kind=FollowKind.AUTHOR, value="Zoe Muller-Lee", now=NOW)
    follows_service.follow(db, user_id=user.id, kind=FollowKind.CATEGORY, value="cs.CL", now=NOW)
    assert first == second == "zoe-muller-lee"
    listed = follows_service.list_follows(db, user_id=user.id)
    assert [(follow.kind, follow.target, follow.label) for follow in listed] == [
        (FollowKind.AUTHOR, "zoe-muller-lee", "Zoë Müller-Lee"),
        (FollowKind.CATEGORY, "cs.CL", "cs.CL"),
    ]
    assert follows_service.is_following(db, user_id=user.id, kind=FollowKind.AUTHOR, value="ZOE MULLER LEE")
    assert not follows_service.is_following(db, user_id=None, kind=FollowKind.AUTHOR, value="Zoe Muller-Lee")


def test_unfollow_removes_only_that_follow_and_twice_is_no_error(db: Database, make_user: Callable[..., User]) -> None:
    user, other = make_user(), make_user()
    for member in (user, other):
        follows_service.follow(db, user_id=member.id, kind=FollowKind.CATEGORY, value="cs.LG", now=NOW)
    assert follows_service.unfollow(db, user_id=user.id, kind=FollowKind.CATEGORY, value="cs.LG")
    assert not follows_service.unfollow(db, user_id=user.id, kind=FollowKind.CATEGORY, value="cs.LG")
    assert follows_service.list_follows(db, user_id=user.id) == []
    assert [follow.target for follow in follows_service.list_follows(db, user_id=other.id)] == ["cs.LG"]


@pytest.mark.parametrize(("kind", "value"), [(FollowKind.CATEGORY, "not a category!"), (FollowKind.AUTHOR, "   ")])
def test_a_target_that_names_nothing_is_invalid_input(
    db: Database, make_user: Callable[..., User], kind: FollowKind, value: str
) -> None:
    user = make_user()
    with pytest.raises(InvalidInput):
        follows_service.follow(db, user_id=user.id, kind=kind, value=value, now=NOW)
    assert follows_service.list_follows(db, user_id=user.id) == []


def test_following_a_member_needs_the_member_to_exist(db: Database, make_user: Callable[..., User]) -> None:
    user, ada = make_user(), make_user(username="ada")
    follows_service.follow(db, user_id=user.id, kind=FollowKind.MEMBER, value="Ada", now=NOW)
    assert [follow.target for follow in follows_service.list_follows(db, user_id=user.id)] == [ada.username]
    with pytest.raises(NotFound):
        follows_service.follow(db, user_id=user.id, kind=FollowKind.MEMBER, value="nobody-here", now=NOW)


def test_a_saved_search_keeps_its_parameters_and_reruns_exactly(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    saved = saved_searches_service.save_search(
        db,
        user_id=user.id,
        query="  diffusion models ",
        params={"mode": "keyword", "sort": "relevance", "category": "cs.CV", "has_code": "true", "page": "3", "x": "y"},
        now=NOW,
    )
    assert saved.name == "diffusion models"
    assert saved.search_query() == {"q": "diffusion models", "mode": "keyword", "category": "cs.CV", "has_code": "true"}
    again = saved_searches_service.require_saved_search(db, saved_search_id=saved.id, user_id=user.id)
    assert again == saved


def test_another_members_saved_search_is_not_found_for_reading_or_deleting(
    db: Database, make_user: Callable[..., User]
) -> None:
    owner, other = make_user(), make_user()
    saved = saved_searches_service.save_search(db, user_id=owner.id, query="graphs", params={}, now=NOW)
    with pytest.raises(NotFound):
        saved_searches_service.require_saved_search(db, saved_search_id=saved.id, user_id=other.id)
    with pytest.raises(NotFound):
        saved_searches_service.delete_saved_search(db, saved_search_id=saved.id, user_id=other.id)
    saved_searches_service.delete_saved_search(db, saved_search_id=saved.id, user_id=owner.id)
    assert saved_searches_service.list_saved_searches(db, user_id=owner.id) == []


def test_an_empty_query_is_not_saved(db: Database, make_user: Callable[..., User]) -> None:
    user = make_user()
    with pytest.raises(InvalidInput) as raised:
        saved_searches_service.save_search(db, user_id=user.id, query="  ", params={}, now=NOW)
    assert "q" in raised.value.errors
    assert saved_searches_service.list_saved_searches(db, user_id=user.id) == []
