"""How a delivery can fail: temporarily (try later) or permanently (this address refuses), as senders report it."""

from __future__ import annotations


class DeliveryFailed(Exception):
    """A message was not delivered; `code` is the SMTP reply code when the server gave one."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class TemporaryFailure(DeliveryFailed):
    """Worth trying again later: a 4xx reply, a connection that broke, or no server to talk to.
    `server_unreachable` says no connection could be had (or the server refuses us): the rest of a batch waits too."""

    def __init__(self, message: str, *, code: int | None = None, server_unreachable: bool = False) -> None:
        super().__init__(message, code=code)
        self.server_unreachable = server_unreachable


class PermanentFailure(DeliveryFailed):
    """The server refused this message for good (a 5xx reply): a bounce."""
