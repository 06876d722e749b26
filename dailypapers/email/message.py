"""An email as the site composes it, before any sender turns it into MIME."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None
    # Extra headers such as List-Unsubscribe; the sender adds From and Date.
    headers: Mapping[str, str] = field(default_factory=dict)
    # A stable `<...@domain>` id lets receivers drop a copy sent twice; None: the sender makes one up.
    message_id: str | None = None
