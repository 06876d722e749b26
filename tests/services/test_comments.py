from collections.abc import Callable
from datetime import date, timedelta

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.comments import CommentState
from dailypapers.domain.users import User
from dailypapers.services.comments import add_comment, delete_comment, edit_comment, get_thread, hide_comment
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound
from dailypapers.services.papers import require_paper
from tests.factories import NOW


def comment_count(db: Database, arxiv_id: str) -> int:
    return require_paper(db, arxiv_id=arxiv_id).comment_count


def test_comments_add_to_the_imported_count_and_render_markdown(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, user = make_paper(day=date(2025, 6, 12), comments=4), make_user()
    comment = add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="Nice *ablation*\x00.", now=NOW)
    assert comment.body == "Nice *ablation*." and comment.body_html == "<p>Nice <em>ablation</em>.</p>\n"
    assert comment.author_username == user.username and comment_count(db, arxiv_id) == 5


def test_replies_thread_under_their_parent(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, user = make_paper(), make_user()
    first = add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="first", now=NOW)
    reply = add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="reply", parent_id=first.id, now=NOW)
    add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="second", now=NOW + timedelta(minutes=1))
    tree = get_thread(db, arxiv_id=arxiv_id).tree
    assert [node.comment.body for node in tree] == ["first", "second"]
    assert [node.comment.id for node in tree[0].replies] == [reply.id]


def test_a_reply_must_be_to_a_comment_on_the_same_paper(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    user = make_user()
    elsewhere = add_comment(db, arxiv_id=make_paper(), user_id=user.id, body="elsewhere", now=NOW)
    with pytest.raises(InvalidInput) as error:
        add_comment(db, arxiv_id=make_paper(), user_id=user.id, body="hi", parent_id=elsewhere.id, now=NOW)
    assert "parent_id" in error.value.errors


@pytest.mark.parametrize("body", ["", "   \n\t", "\x00\x01", "x" * 10_001])
def test_empty_or_huge_comments_are_refused(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User], body: str
) -> None:
    arxiv_id = make_paper()
    with pytest.raises(InvalidInput) as error:
        add_comment(db, arxiv_id=arxiv_id, user_id=make_user().id, body=body, now=NOW)
    assert "body" in error.value.errors and comment_count(db, arxiv_id) == 0


def test_only_the_author_edits_or_deletes(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, author, other = make_paper(), make_user(), make_user(role="admin")
    comment = add_comment(db, arxiv_id=arxiv_id, user_id=author.id, body="mine", now=NOW)
    with pytest.raises(Forbidden):
        edit_comment(db, comment_id=comment.id, user_id=other.id, body="theirs", now=NOW)
    with pytest.raises(Forbidden):
        delete_comment(db, comment_id=comment.id, user_id=other.id, now=NOW)
    edited = edit_comment(db, comment_id=comment.id, user_id=author.id, body="mine, **edited**", now=NOW)
    assert edited.edited_at == NOW and "<strong>edited</strong>" in edited.body_html


def test_deleting_keeps_a_placeholder_only_while_replies_remain(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, user = make_paper(), make_user()
    parent = add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="parent", now=NOW)
    reply = add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="reply", parent_id=parent.id, now=NOW)
    delete_comment(db, comment_id=parent.id, user_id=user.id, now=NOW)
    delete_comment(db, comment_id=parent.id, user_id=user.id, now=NOW)  # twice: nothing more happens
    (node,) = get_thread(db, arxiv_id=arxiv_id).tree
    assert node.comment.state is CommentState.DELETED and node.comment.body == "" and node.replies
    assert comment_count(db, arxiv_id) == 1
    delete_comment(db, comment_id=reply.id, user_id=user.id, now=NOW)
    assert get_thread(db, arxiv_id=arxiv_id).tree == () and comment_count(db, arxiv_id) == 0
    with pytest.raises(NotFound):
        edit_comment(db, comment_id=reply.id, user_id=user.id, body="back", now=NOW)


def test_curators_hide_with_a_reason_and_the_count_drops_once(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, author, curator = make_paper(comments=2), make_user(), make_user(role="curator")
    comment = add_comment(db, arxiv_id=arxiv_id, user_id=author.id, body="spam", now=NOW)
    with pytest.raises(Forbidden):
        hide_comment(db, comment_id=comment.id, curator=author, reason="no", now=NOW)
    with pytest.raises(InvalidInput):
        hide_comment(db, comment_id=comment.id, curator=curator, reason="  ", now=NOW)
    hidden = hide_comment(db, comment_id=comment.id, curator=curator, reason="advertising", now=NOW)
    hide_comment(db, comment_id=comment.id, curator=curator, reason="again", now=NOW)
    assert hidden.state is CommentState.HIDDEN and hidden.hidden_reason == "advertising"
    assert comment_count(db, arxiv_id) == 2
    with pytest.raises(Forbidden):
        edit_comment(db, comment_id=comment.id, user_id=author.id, body="sneaky", now=NOW)
    delete_comment(db, comment_id=comment.id, user_id=author.id, now=NOW)
    assert comment_count(db, arxiv_id) == 2
