"""How a process's log lines look: plain text for a terminal, or one JSON object a line
(`DAILYPAPERS_LOG_FORMAT=json`, python-json-logger) for a log collector. The CLI sets it up at start and each
web worker process again, since a server's workers do not inherit the parent's logging."""

from __future__ import annotations

import logging
import sys
from typing import Literal

from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_OURS = "dailypapers_handler"  # marks the handler installed here, so a second call replaces only it


def configure_logging(*, level: int, log_format: Literal["text", "json"]) -> None:
    """Log to standard error at `level` in `log_format`. Logging someone else set up (a test harness, an
    application embedding the site) is left alone, as `logging.basicConfig` would."""
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if getattr(handler, _OURS, False)]
    if len(ours) != len(root.handlers):
        return
    for handler in ours:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _OURS, True)
    if log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic narrates each step (and each schema check of /readyz) at INFO; operators need only its problems.
    logging.getLogger("alembic").setLevel(logging.DEBUG if level <= logging.DEBUG else logging.WARNING)
    # httpx logs each request at INFO: a harvest's thousand pages would bury its progress bar and its problems.
    logging.getLogger("httpx").setLevel(logging.DEBUG if level <= logging.DEBUG else logging.WARNING)
