"""Choosing a digest's papers for one subscriber: the period's trending papers, then "for you" picks (a member's own
For you ranking, or else taken in turn from their topics), each paper once per email and never one the subscriber
was sent before. Pure: the lists come in ranked."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dailypapers.domain.subscriptions import Topic, TopicKind, keyword_words


class Section(StrEnum):
    TRENDING = "trending"
    FOR_YOU = "for_you"


@dataclass(frozen=True, slots=True)
class CandidatePaper:
    """A paper of the period, with what topics match against."""

    id: int
    title: str
    abstract: str
    categories: tuple[str, ...]
    author_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pick:
    paper_id: int
    section: Section
    reason: str | None  # why a "for you" paper is there: the topic it matched, or the member's signal


def match_topics(topics: Collection[Topic], papers: Sequence[CandidatePaper]) -> dict[Topic, list[int]]:
    """The papers each topic matches, in the order given (best first): every word of a keyword in the title or
    abstract, a category among the paper's, an author among its authors."""
    words = {paper.id: frozenset(keyword_words(f"{paper.title} {paper.abstract}")) for paper in papers}
    categories = {paper.id: frozenset(category.lower() for category in paper.categories) for paper in papers}
    authors = {paper.id: frozenset(paper.author_keys) for paper in papers}
    matches: dict[Topic, list[int]] = {}
    for topic in topics:
        if topic.kind is TopicKind.KEYWORD:
            wanted = topic.key.split()
            matches[topic] = [paper.id for paper in papers if all(word in words[paper.id] for word in wanted)]
        elif topic.kind is TopicKind.CATEGORY:
            matches[topic] = [paper.id for paper in papers if topic.key in categories[paper.id]]
        else:
            matches[topic] = [paper.id for paper in papers if topic.key in authors[paper.id]]
    return matches


def pick_digest_papers(
    *,
    trending: Sequence[int],
    topics: Sequence[Topic],
    topic_matches: Mapping[Topic, Sequence[int]],
    already_sent: Collection[int],
    trending_count: int,
    for_you_count: int,
    personal: Sequence[tuple[int, str]] = (),
) -> list[Pick]:
    """Trending first, then "for you": the best unseen papers of `personal` (a member's For you ranking, with each
    paper's reason) when it has any, else taken in turn from each topic's best unseen match."""
    chosen: set[int] = set()
    picks: list[Pick] = []
    for paper_id in trending:
        if len(picks) == trending_count:
            break
        if paper_id not in already_sent and paper_id not in chosen:
            chosen.add(paper_id)
            picks.append(Pick(paper_id, Section.TRENDING, None))
    if personal:
        skipped = set(already_sent) | chosen
        unseen = [(paper_id, reason) for paper_id, reason in personal if paper_id not in skipped]
        return picks + [Pick(paper_id, Section.FOR_YOU, reason) for paper_id, reason in unseen[:for_you_count]]
    queues = [(topic, list(topic_matches.get(topic, ()))) for topic in topics]
    picked_for_you = 0
    while picked_for_you < for_you_count and any(queue for _, queue in queues):
        for topic, queue in queues:
            while queue and (queue[0] in already_sent or queue[0] in chosen):
                queue.pop(0)
            if queue and picked_for_you < for_you_count:
                paper_id = queue.pop(0)
                chosen.add(paper_id)
                picks.append(Pick(paper_id, Section.FOR_YOU, f"Matches your {topic.label}"))
                picked_for_you += 1
    return picks
