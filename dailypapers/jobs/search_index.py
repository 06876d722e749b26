"""The search indexes' upkeep: bring the on-disk keyword index up to the papers' text, embed papers added or
changed since the last run (imports too large to embed at once, papers fetched from arXiv on submission or on a
visit), then bring the vector index up to date."""

from __future__ import annotations

from dailypapers.search.embedding_model import ModelUnavailable
from dailypapers.search.keyword_mirror import KeywordIndexBusy
from dailypapers.services.container import Services
from dailypapers.services.indexing import index_papers, update_keyword_index


def index_new_papers(services: Services) -> str:
    indexes = services.search
    try:
        keyword = update_keyword_index(services.db, indexes.keyword)
        said = "" if keyword is None else f"keyword index: {keyword.applied:,} written, {keyword.count:,} held; "
    except KeywordIndexBusy as error:
        said = f"keyword index: {error}; "
    if not services.settings.semantic_search:
        return f"{said}semantic search is off (DAILYPAPERS_SEMANTIC_SEARCH=false): nothing to embed"
    try:
        report = index_papers(services.db, indexes, clock=services.clock)
    except ModelUnavailable as error:
        # Not a passing failure: retrying will not bring the model back. Said once per run, in the log.
        return f"{said}cannot embed: {error}"
    return (
        f"{said}{report.embedded:,} papers embedded, {report.unchanged:,} unchanged; {report.vectors:,} vectors, "
        f"searched by {report.index}; "
        f"{report.similar_lists:,} similar-paper lists worked out ({report.seconds:.1f} s)"
    )
