"""The signed links emails carry: a subscription's confirm (expires) and manage / unsubscribe (last as long as the
subscription), and a new member's address confirmation (expires). Signed with keys derived from the site's secret
key; a rotated key retires every link already sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dailypapers.domain import urls
from dailypapers.domain.signed_links import check_link, sign_link
from dailypapers.domain.signing import Purpose
from dailypapers.domain.subscriptions import Subscription
from dailypapers.settings import Settings

CONFIRM = Purpose.SUBSCRIPTION_CONFIRM
MANAGE = Purpose.SUBSCRIPTION_MANAGE
# A sign-up's link to confirm the address; the account page sends a fresh one whenever asked.
EMAIL_CONFIRM_LIFETIME = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class EmailLinks:
    secret: bytes
    base_url: str
    confirm_lifetime: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> EmailLinks:
        return cls(
            secret=settings.secret_key.get_secret_value().encode(),
            base_url=settings.base_url.rstrip("/"),
            confirm_lifetime=timedelta(hours=settings.subscription_confirm_hours),
        )

    def confirm_token(self, *, subscription_id: int, email: str, now: datetime) -> str:
        return sign_link(
            secret=self.secret,
            purpose=CONFIRM,
            subject_id=subscription_id,
            binding=email,
            expires_at=now + self.confirm_lifetime,
        )

    def manage_token(self, *, subscription_id: int, email: str) -> str:
        return sign_link(secret=self.secret, purpose=MANAGE, subject_id=subscription_id, binding=email, expires_at=None)

    def check(self, subscription: Subscription, *, purpose: Purpose, token: str, now: datetime) -> bool:
        return check_link(secret=self.secret, purpose=purpose, token=token, binding=subscription.email, now=now)

    def email_confirm_url(self, *, user_id: int, email: str, now: datetime) -> str:
        token = sign_link(
            secret=self.secret,
            purpose=Purpose.EMAIL_CONFIRM,
            subject_id=user_id,
            binding=email,
            expires_at=now + EMAIL_CONFIRM_LIFETIME,
        )
        return urls.absolute(self.base_url, urls.email_confirm_path(token=token))

    def check_email_confirm(self, *, token: str, email: str, now: datetime) -> bool:
        return check_link(secret=self.secret, purpose=Purpose.EMAIL_CONFIRM, token=token, binding=email, now=now)

    def confirm_url(self, *, subscription_id: int, email: str, now: datetime) -> str:
        token = self.confirm_token(subscription_id=subscription_id, email=email, now=now)
        return urls.absolute(self.base_url, urls.subscription_confirm_path(token=token))

    def settings_url(self, *, subscription_id: int, email: str) -> str:
        token = self.manage_token(subscription_id=subscription_id, email=email)
        return urls.absolute(self.base_url, urls.subscription_settings_path(token=token))

    def unsubscribe_url(self, *, subscription_id: int, email: str) -> str:
        token = self.manage_token(subscription_id=subscription_id, email=email)
        return urls.absolute(self.base_url, urls.unsubscribe_path(token=token))
