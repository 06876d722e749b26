"""Papers members asked to index, fetched from arXiv every few minutes."""

from __future__ import annotations

from dailypapers.services.container import Services
from dailypapers.services.index_requests import index_requested_papers


def index_requested(services: Services) -> str:
    return index_requested_papers(services.db, services.arxiv_indexer, clock=services.clock).summary()
