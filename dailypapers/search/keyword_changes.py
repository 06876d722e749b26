"""The log of papers whose searchable text was written (keyword_changes, kept by triggers), read and pruned for
the on-disk keyword index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update

from dailypapers.db.schema import keyword_changes, papers, search_counters
from dailypapers.search.embeddings import INSTANCE_COUNTER

KEYWORD_COUNTER = "keyword"
PRUNED_COUNTER = "keyword_pruned"


@dataclass(frozen=True, slots=True)
class KeywordState:
    instance: int  # the database's identity
    sequence: int  # the last change number handed out: an index holding it is current
    pruned: int  # changes up to this number are no longer in the log


@dataclass(frozen=True, slots=True)
class PaperWords:
    paper_id: int
    title: str | None  # None: the paper is gone
    abstract: str | None


# Read by every keyword search (twice: the leg and the "about N" count): built once, it costs a fifth as much.
_STATE_QUERY = select(search_counters.c.name, search_counters.c.value).where(
    search_counters.c.name.in_([INSTANCE_COUNTER, KEYWORD_COUNTER, PRUNED_COUNTER])
)


def read_keyword_state(connection: Connection) -> KeywordState:
    rows = dict(connection.execute(_STATE_QUERY).all())
    return KeywordState(
        instance=int(rows.get(INSTANCE_COUNTER, 0)),
        sequence=int(rows.get(KEYWORD_COUNTER, 0)),
        pruned=int(rows.get(PRUNED_COUNTER, 0)),
    )


def list_changed_papers(
    connection: Connection, *, after_sequence: int, through_sequence: int, limit: int
) -> tuple[list[PaperWords], int]:
    """The papers changed after `after_sequence` (up to `through_sequence`), each once with its text as it is now;
    and the last sequence number the batch covers (the caller's next `after_sequence`)."""
    changes = connection.execute(
        select(keyword_changes.c.sequence, keyword_changes.c.paper_id)
        .where(keyword_changes.c.sequence > after_sequence, keyword_changes.c.sequence <= through_sequence)
        .order_by(keyword_changes.c.sequence)
        .limit(limit)
    ).all()
    if not changes:
        return [], through_sequence
    ids = sorted({int(row[1]) for row in changes})
    texts = {
        int(row[0]): (row[1], row[2])
        for row in connection.execute(
            select(papers.c.id, papers.c.title, papers.c.abstract).where(papers.c.id.in_(ids))
        )
    }
    words = [PaperWords(paper_id, *texts.get(paper_id, (None, None))) for paper_id in ids]
    last = int(changes[-1][0]) if len(changes) == limit else through_sequence
    return words, last


def iterate_paper_words(connection: Connection, *, batch_size: int = 5000) -> Iterator[list[PaperWords]]:
    """Every paper's title and abstract, in id order, a batch at a time."""
    after = 0
    while True:
        rows = connection.execute(
            select(papers.c.id, papers.c.title, papers.c.abstract)
            .where(papers.c.id > after)
            .order_by(papers.c.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        after = int(rows[-1][0])
        yield [PaperWords(int(row[0]), row[1], row[2]) for row in rows]


def count_papers(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(papers)).scalar_one())


def count_changes_after(connection: Connection, *, after_sequence: int) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(keyword_changes).where(keyword_changes.c.sequence > after_sequence)
        ).scalar_one()
    )


def prune_keyword_changes(connection: Connection, *, through_sequence: int) -> int:
    """Drop the log's rows up to `through_sequence` (an index has applied them); returns how many went."""
    removed = connection.execute(delete(keyword_changes).where(keyword_changes.c.sequence <= through_sequence))
    connection.execute(
        update(search_counters)
        .where(search_counters.c.name == PRUNED_COUNTER, search_counters.c.value < through_sequence)
        .values(value=through_sequence)
    )
    return int(removed.rowcount or 0)
