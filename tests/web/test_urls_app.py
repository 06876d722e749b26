"""Every kind of path domain.urls builds reaches a route of the app, so the builder and the routes cannot drift."""

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.authors import author_key
from dailypapers.domain.periods import parse_period
from dailypapers.domain.users import User
from dailypapers.email.message import OutgoingEmail
from dailypapers.email.senders import FileSender
from dailypapers.services.collections import add_paper, create_collection
from dailypapers.services.comments import add_comment
from dailypapers.settings import Settings
from tests.factories import NOW

DAY = date(2025, 6, 12)
AUTHORS = ("Ada Lovelace", "Zoë Ångström", "李 明")


def test_every_page_path_answers(
    client: TestClient,
    db: Database,
    settings: Settings,
    make_paper: Callable[..., str],
    sign_in: Callable[..., User],
) -> None:
    for path in (urls.signin_path(), urls.signup_path(), urls.password_forgot_path()):  # pages for the signed-out
        assert client.get(path).status_code == 200, path
    admin = sign_in(role="admin")
    new_style = make_paper(day=DAY, authors=AUTHORS)
    old_style = make_paper(day=DAY, arxiv_id="cs/0112017")
    comment = add_comment(db, arxiv_id=old_style, user_id=admin.id, body="A comment.", now=NOW)
    collection = create_collection(db, user_id=admin.id, title="Reading list", private=True, now=NOW)
    add_paper(db, collection_id=collection.id, user_id=admin.id, arxiv_id=old_style, now=NOW)
    FileSender(from_address="noreply@papers.test", outbox=settings.outbox_dir).send(
        OutgoingEmail(to="ada@example.org", subject="Hello", text="one\n")
    )
    outbox_name = next(settings.outbox_dir.iterdir()).name
    pages = [
        urls.home_path(),
        urls.api_docs_path(),
        urls.related_path(),
        urls.search_path(),
        urls.search_path({"q": "diffusion", "page": "2"}),
        urls.trending_path(),
        urls.trending_path(window=3, as_of=DAY, page=2),
        urls.day_path(DAY),
        urls.day_path(DAY, sort="added"),
        urls.period_path(parse_period("week", "2025-W24")),
        urls.period_path(parse_period("month", "2025-06"), page=2),
        urls.submit_path(),
        urls.paper_path(new_style),
        urls.paper_path(old_style),
        *(urls.author_path(name) for name in AUTHORS),
        urls.user_path(admin.username),
        urls.api_comment_path(comment.id),
        urls.admin_claims_path(),
        urls.admin_claims_path(status="approved"),
        urls.admin_outbox_path(),
        urls.admin_outbox_message_path(outbox_name),
        urls.account_path(),
        urls.for_you_path(),
        urls.for_you_path(daily_only=False, published_from=DAY, published_to=DAY, page=2),
        urls.subscribe_path(email="a@example.org", cadence="weekly"),
        urls.member_collections_path(admin.username),
        urls.collection_path(admin.username, collection.slug),
        *(urls.collection_export_path(admin.username, collection.slug, kind) for kind in ("bib", "ris", "json")),
        urls.paper_save_path(old_style),
        urls.api_collection_path(collection.id),
        urls.following_path(),
        urls.category_path("cs.CL"),
        urls.category_path("hep-th", page=2),
        urls.daily_feed_path(),
        urls.daily_feed_path("rss", day=DAY),
        urls.period_feed_path(parse_period("week", "2025-W24")),
        urls.period_feed_path(parse_period("month", "2025-06"), "rss"),
        urls.trending_feed_path(window=3),
        urls.search_feed_path({"q": "diffusion", "mode": "keyword", "page": "2"}, "rss"),
        *(urls.author_feed_path(author_key(name)) for name in AUTHORS),
        urls.category_feed_path("cs.CL", "rss"),
    ]
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_every_form_and_link_target_has_a_route(client: TestClient) -> None:
    """Sent as they are used, without a token or a CSRF field: anything but "no such route" (404, 405) will do."""
    targets = [
        ("GET", urls.date_picker_path()),
        ("GET", urls.password_reset_path(token="x")),
        ("GET", urls.subscription_confirm_path(token="x")),
        ("GET", urls.subscription_settings_path(token="x", done="saved")),
        ("GET", urls.unsubscribe_path(token="x")),
        ("POST", urls.paper_vote_path("cs/0112017")),
        ("PUT", urls.api_vote_path("cs/0112017")),
        ("DELETE", urls.api_vote_path("2406.01234")),
        ("GET", urls.email_confirm_path(token="x")),
        ("POST", urls.email_confirm_path()),
        ("POST", urls.paper_comments_path("2406.01234")),
        ("POST", urls.comment_edit_path(1)),
        ("POST", urls.comment_delete_path(1)),
        ("POST", urls.comment_hide_path(1)),
        ("POST", urls.day_entries_path(DAY)),
        ("POST", urls.day_curation_path(DAY)),
        ("POST", urls.submit_path()),
        ("POST", urls.claims_path()),
        ("POST", urls.claim_withdraw_path(1)),
        ("POST", urls.admin_claim_approve_path(1)),
        ("POST", urls.admin_claim_reject_path(1)),
        ("POST", urls.signin_path()),
        ("POST", urls.signup_path()),
        ("POST", urls.signout_path()),
        ("POST", urls.account_profile_path()),
        ("POST", urls.account_password_path()),
        ("POST", urls.api_tokens_path()),
        ("POST", urls.api_token_revoke_path(1)),
        ("POST", urls.password_forgot_path()),
        ("POST", urls.password_reset_path()),
        ("POST", urls.subscribe_path()),
        ("POST", urls.subscription_confirm_path()),
        ("POST", urls.subscription_settings_path()),
        ("POST", urls.unsubscribe_path(token="x")),
        ("POST", urls.related_path()),
        ("POST", urls.new_collection_path()),
        ("POST", urls.collection_edit_path(1)),
        ("POST", urls.collection_delete_path(1)),
        ("POST", urls.collection_import_path(1)),
        ("POST", urls.collection_item_path(1, "cs/0112017")),
        ("POST", urls.paper_save_path("cs/0112017")),
        ("POST", urls.api_collection_items_path(1)),
        ("PATCH", urls.api_collection_item_path(1, "cs/0112017")),
        ("DELETE", urls.api_collection_item_path(1, "2406.01234")),
        ("POST", urls.follow_path()),
        ("POST", urls.saved_searches_path()),
        ("GET", urls.saved_search_path(1)),
        ("POST", urls.saved_search_delete_path(1)),
        ("POST", urls.paper_dismiss_path("cs/0112017")),
        ("PUT", urls.api_dismissal_path("2406.01234")),
        ("DELETE", urls.api_dismissal_path("cs/0112017")),
        ("POST", urls.feed_token_path()),
        ("POST", urls.feed_token_revoke_path()),
    ]
    for method, path in targets:
        assert client.request(method, path).status_code not in (404, 405), (method, path)
