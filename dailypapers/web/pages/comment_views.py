"""View models of a paper's comment thread: each comment with what the reader may do to it, already decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from dailypapers.domain import urls
from dailypapers.domain.avatars import Avatar, avatar_for
from dailypapers.domain.comments import Comment, CommentState, ThreadNode
from dailypapers.domain.users import Role, User

MAX_DEPTH = 6  # deeper replies are drawn at this indent, so a long exchange stays readable on a phone


@dataclass(frozen=True, slots=True)
class CommentForm:
    """A comment form sent back with a problem: which form (`new`, `reply-<id>`, `edit-<id>`), its text, the message."""

    target: str
    body: str
    message: str


@dataclass(frozen=True, slots=True)
class FormState:
    body: str = ""
    message: str | None = None
    open: bool = False  # a reply or edit form shown unfolded, because it came back with a message


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    anchor: str
    author: str | None
    author_url: str | None
    author_avatar: Avatar | None
    created_at: datetime
    edited: bool
    state: str
    html: Markup
    placeholder: str | None  # "[deleted]" or "hidden by a curator: …"
    depth: int
    reply: FormState | None  # None: the reader may not reply
    edit: FormState | None  # None: the reader may not edit
    edit_url: str
    delete_url: str | None
    hide_url: str | None
    hide: FormState | None  # the curator's reason form
    replies: list[CommentView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ThreadView:
    count: int
    imported: int  # comments counted by an imported archive, whose text is not here
    imported_url: str  # where those comments are: the paper's page on Hugging Face
    post_url: str
    signed_in: bool
    new: FormState
    comments: list[CommentView]


def build_thread_view(
    *,
    arxiv_id: str,
    comments: list[Comment],
    tree: tuple[ThreadNode, ...],
    count: int,
    user: User | None,
    form: CommentForm | None = None,
) -> ThreadView:
    def state(target: str, *, default: str = "") -> FormState:
        if form is not None and form.target == target:
            return FormState(form.body, form.message, open=True)
        return FormState(default)

    def view(node: ThreadNode, depth: int) -> CommentView:
        comment = node.comment
        visible = comment.state is CommentState.VISIBLE
        own = user is not None and comment.user_id == user.id
        curator = user is not None and user.role.includes(Role.CURATOR)
        placeholder = {
            CommentState.DELETED: "[deleted]",
            CommentState.HIDDEN: f"hidden by a curator: {comment.hidden_reason}",
        }.get(comment.state)
        return CommentView(
            id=comment.id,
            anchor=f"comment-{comment.id}",
            author=(comment.author_display_name or comment.author_username) if comment.deleted_at is None else None,
            author_url=urls.user_path(comment.author_username) if comment.author_username else None,
            author_avatar=avatar_for(comment.author_username, comment.author_display_name)
            if comment.author_username and comment.deleted_at is None
            else None,
            created_at=comment.created_at,
            edited=comment.edited_at is not None and visible,
            state=comment.state.value,
            # Sanitised by nh3 when written (domain/markdown.py); the one place stored HTML is trusted.
            html=Markup(comment.body_html) if visible else Markup(""),  # noqa: S704
            placeholder=placeholder,
            depth=min(depth, MAX_DEPTH),
            reply=state(f"reply-{comment.id}") if user is not None and comment.deleted_at is None else None,
            edit=state(f"edit-{comment.id}", default=comment.body) if own and visible else None,
            edit_url=urls.comment_edit_path(comment.id),
            delete_url=urls.comment_delete_path(comment.id) if own and comment.deleted_at is None else None,
            hide_url=urls.comment_hide_path(comment.id) if curator and visible else None,
            hide=state(f"hide-{comment.id}") if curator and visible else None,
            replies=[view(child, depth + 1) for child in node.replies],
        )

    visible = sum(1 for comment in comments if comment.is_visible)
    return ThreadView(
        count=count,
        imported=max(count - visible, 0),
        imported_url=urls.hugging_face_paper_url(arxiv_id),
        post_url=urls.paper_comments_path(arxiv_id),
        signed_in=user is not None,
        new=state("new"),
        comments=[view(node, 0) for node in tree],
    )
