"""The daily harvest: arXiv's new and changed papers since the last run, through OAI-PMH (as `dailypapers harvest`)."""

from __future__ import annotations

from dailypapers.services.container import Services
from dailypapers.services.harvest import HarvestStopped, harvest_options, harvest_papers, open_oai_client


def harvest_new_papers(services: Services) -> str:
    settings = services.settings
    with open_oai_client(settings) as client:
        report = harvest_papers(services.db, client, harvest_options(settings), clock=services.clock)
    if report.stopped:
        # Recorded as failed, so the worker tries again in a few minutes and the run resumes at its last page.
        raise HarvestStopped(report.summary())
    return report.summary()
