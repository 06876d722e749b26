"""`/api/v1/subscriptions` (subscribe an address: double opt-in) and `/api/v1/subscription` (a member's own,
once confirmed while signed in): the same services as the pages."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from dailypapers.domain.subscriptions import Subscription, TopicKind
from dailypapers.services import subscriptions as subscriptions_service
from dailypapers.services.errors import NotFound
from dailypapers.services.rate_limits import email_key
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, LinksDep, MailerDep, NowDep
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import enforce_rate_limit

router = APIRouter(prefix="/api/v1", tags=["Email digests"])
Cadence = Literal["daily", "weekly"]


class SubscribeIn(BaseModel):
    email: str = Field(max_length=320, description="The address to send digests to.")
    cadence: Cadence = Field("daily", description="`daily` (weekdays) or `weekly` (Mondays).")


class SubscribeOut(BaseModel):
    email: str
    status: Literal["confirmation_sent"]
    detail: str


class SubscriptionOut(BaseModel):
    email: str
    status: Literal["pending", "active", "unsubscribed"]
    cadence: Cadence
    paused: bool
    suspended: bool
    keywords: list[str]
    categories: list[str]
    authors: list[str]

    @classmethod
    def of(cls, subscription: Subscription) -> SubscriptionOut:
        def values(kind: TopicKind) -> list[str]:
            return [topic.value for topic in subscription.topics if topic.kind is kind]

        return cls(
            email=subscription.email,
            status=subscription.status.value,
            cadence=subscription.cadence.value,
            paused=subscription.paused,
            suspended=subscription.suspended_at is not None,
            keywords=values(TopicKind.KEYWORD),
            categories=values(TopicKind.CATEGORY),
            authors=values(TopicKind.AUTHOR),
        )


class SubscriptionPatch(BaseModel):
    cadence: Cadence | None = None
    paused: bool | None = None
    keywords: list[str] | None = None
    categories: list[str] | None = None
    authors: list[str] | None = None


@router.post(
    "/subscriptions",
    status_code=202,
    summary="Subscribe an address to the digest (a confirmation link is emailed to it)",
    responses={422: {"description": "Not an email address"}, 429: {"description": "Too many requests"}},
)
def subscribe(
    request: Request, body: SubscribeIn, db: DatabaseDep, mailer: MailerDep, links: LinksDep, now: NowDep
) -> SubscribeOut:
    """Answers the same whether or not the address was subscribed already, so it reveals nothing about it."""
    enforce_rate_limit(request, action="subscribe", extra_keys=[email_key(body.email)])
    subscriptions_service.subscribe(db, mailer, links, email=body.email, cadence=body.cadence, now=now)
    detail = "unless the address receives digests already, a confirmation link is on its way to it"
    return SubscribeOut(email=body.email.strip().lower(), status="confirmation_sent", detail=detail)


@router.get(
    "/subscription",
    summary="Your digest subscription (tied to your account when you confirmed it)",
    responses=problem_responses(404, texts={404: "No digest subscription is tied to your account."}),
)
def get_subscription(user: RequireUser, db: DatabaseDep) -> SubscriptionOut:
    return SubscriptionOut.of(_require_own(db, user.id))


@router.patch(
    "/subscription",
    summary="Change cadence, topics or pause; fields left out stay as they are",
    responses=problem_responses(404, 422, texts={404: "No digest subscription is tied to your account."}),
)
def update_subscription(user: RequireUser, body: SubscriptionPatch, db: DatabaseDep, now: NowDep) -> SubscriptionOut:
    own = _require_own(db, user.id)
    current = SubscriptionOut.of(own)
    updated = subscriptions_service.update_subscription_settings(
        db,
        subscription_id=own.id,
        cadence=body.cadence or current.cadence,
        keywords="\n".join(body.keywords if body.keywords is not None else current.keywords),
        categories="\n".join(body.categories if body.categories is not None else current.categories),
        authors="\n".join(body.authors if body.authors is not None else current.authors),
        paused=body.paused if body.paused is not None else current.paused,
        now=now,
    )
    return SubscriptionOut.of(updated)


@router.delete(
    "/subscription",
    status_code=204,
    summary="Unsubscribe, at once",
    responses=problem_responses(404, texts={404: "No digest subscription is tied to your account."}),
)
def delete_subscription(user: RequireUser, db: DatabaseDep, now: NowDep) -> Response:
    subscriptions_service.unsubscribe(db, subscription_id=_require_own(db, user.id).id, now=now)
    return Response(status_code=204)


def _require_own(db: DatabaseDep, user_id: int) -> Subscription:
    subscription = subscriptions_service.get_subscription_for_user(db, user_id=user_id)
    if subscription is None:
        raise NotFound("no digest subscription is tied to your account; confirm one while signed in")
    return subscription
