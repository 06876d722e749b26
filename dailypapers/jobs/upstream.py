"""Following the upstream: pull its days since the last complete pull, and the two before again."""

from __future__ import annotations

from dailypapers.services.container import Services
from dailypapers.services.upstream import pull_upstream


def pull_upstream_days(services: Services) -> str:
    source = services.upstream
    if source is None:
        return "no upstream followed (DAILYPAPERS_UPSTREAM_URL is empty): nothing to pull"
    report = pull_upstream(services.db, source=source, clock=services.clock)
    skipped = report.skipped
    if skipped:
        shown = "; ".join(str(item) for item in skipped[:3])
        return f"{report.summary()} ({shown}{'; …' if len(skipped) > 3 else ''})"
    return report.summary()
