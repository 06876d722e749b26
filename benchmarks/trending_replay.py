"""Trending on the real archive: replay the Daily Papers upvotes as votes over time, then look at what trends.

    .venv/bin/python -m benchmarks.trending_replay [--from 2024-05-27] [--to 2026-08-21] [--postgres URL]

The archive holds each paper's upvote count at capture time (about 07:50 UTC on its list day) and when it joined
the list, not when each vote came. The model: a paper's n votes arrive at times drawn uniformly at random between
joining the list and the capture (one hour after joining when the capture came first), from n distinct members
drawn from a pool as large as the largest count; seed fixed. Votes after the capture are unknown and not replayed.

Papers are imported with their counts zeroed (the product's import), then every vote goes through
`services.votes.cast_vote` in time order, one transaction each, with the clock at the vote's time. At 12:00 UTC
each day, and every hour of a few sample days, the trending list (7-day window) is read as the site would read
it then, beside "most upvoted in the window". Printed: what trending shows on real days, its stability (top-10
overlap and Kendall tau between consecutive snapshots), its agreement with most-upvoted, and votes per second:
through the replay, one at a time, and in a burst from several threads (each vote taken back and cast again).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from benchmarks.databases import fresh_database
from dailypapers.db.engine import Database
from dailypapers.domain.periods import Period
from dailypapers.domain.users import Role
from dailypapers.services.daily import get_daily_list
from dailypapers.services.imports import import_file
from dailypapers.services.trending import TrendingList, get_trending
from dailypapers.services.votes import cast_vote, withdraw_vote
from dailypapers.store.users import insert_user

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"
WINDOW_DAYS = 7
TOP = 10
SAMPLE_DAYS = (date(2024, 9, 12), date(2025, 6, 12), date(2026, 8, 20))


@dataclass(frozen=True, slots=True)
class Vote:
    at: datetime
    arxiv_id: str
    member: int


def load_rows(path: Path, *, first: date, last: date) -> list[dict[str, object]]:
    with gzip.open(path, "rt") as lines:
        rows = [json.loads(line) for line in lines]
    return [row for row in rows if first <= date.fromisoformat(str(row["daily_date"])) <= last]


def plan_votes(rows: list[dict[str, object]], *, seed: int) -> tuple[list[Vote], int]:
    """The votes of the model above, in time order, and how many members cast them."""
    rng = random.Random(seed)
    counts: dict[str, tuple[int, datetime, datetime]] = {}
    for row in rows:
        joined = datetime.fromisoformat(str(row["submitted_on_daily_at"]).replace("Z", "+00:00"))
        captured = datetime.fromisoformat(f"{row['daily_date']}T07:50:00+00:00")
        if captured <= joined:
            captured = joined + timedelta(hours=1)
        upvotes = int(row.get("upvotes") or 0)  # type: ignore[call-overload]
        arxiv_id = str(row["arxiv_id"])
        if upvotes > counts.get(arxiv_id, (0, joined, captured))[0]:
            counts[arxiv_id] = (upvotes, joined, captured)
    members = max((upvotes for upvotes, _, _ in counts.values()), default=0)
    votes = []
    for arxiv_id, (upvotes, joined, captured) in counts.items():
        span = (captured - joined).total_seconds()
        for member in rng.sample(range(members), upvotes):
            votes.append(Vote(joined + timedelta(seconds=rng.uniform(0, span)), arxiv_id, member))
    votes.sort(key=lambda vote: vote.at)
    return votes, members


def prepare(db: Database, rows: list[dict[str, object]], *, members: int, directory: Path) -> list[int]:
    """Import the papers and lists with every count at zero, and make the members; returns their ids."""
    zeroed = directory / "zeroed.jsonl"
    with zeroed.open("w") as out:
        for row in rows:
            out.write(json.dumps({**row, "upvotes": 0, "num_comments": 0}) + "\n")
    import_file(db, path=zeroed)
    created = datetime(2024, 1, 1, tzinfo=UTC)
    with db.transaction() as connection:
        users = [
            insert_user(
                connection,
                email=f"m{n}@example.org",
                username=f"m{n}",
                role=Role.MEMBER,
                password_hash=None,
                now=created,
            )
            for n in range(members)
        ]
    return [user.id for user in users if user is not None]


def snapshot(db: Database, at: datetime) -> tuple[TrendingList, list[str]]:
    trending = get_trending(db, now=at, window_days=WINDOW_DAYS, limit=2 * TOP)
    window = Period("week", trending.start, trending.end)  # any span: the service reads start and end
    upvoted = get_daily_list(db, period=window, sort="upvotes", limit=2 * TOP)
    return trending, [entry.paper.arxiv_id for entry in upvoted.entries]


def ids(listing: TrendingList) -> list[str]:
    return [item.entry.paper.arxiv_id for item in listing.items]


def overlap(first: Sequence[str], second: Sequence[str], k: int = TOP) -> float:
    return len(set(first[:k]) & set(second[:k])) / k


def kendall_tau(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Kendall's tau between two rankings, over the papers both contain (None with fewer than two)."""
    common = [paper for paper in first if paper in set(second)]
    if len(common) < 2:
        return None
    position = {paper: index for index, paper in enumerate(second)}
    concordant = discordant = 0
    for i, a in enumerate(common):
        for b in common[i + 1 :]:
            if position[a] < position[b]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (concordant + discordant)


def summary(name: str, values: list[float | None]) -> str:
    found = sorted(value for value in values if value is not None)
    if not found:
        return f"{name}: no data"
    quartile = found[len(found) // 4]
    return f"{name}: median {statistics.median(found):.2f}, lower quartile {quartile:.2f}, n={len(found)}"


def show_day(db: Database, day: date, titles: dict[str, str]) -> None:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    trending, upvoted = snapshot(db, at)
    print(f"\n{day:%A %d %B %Y}, 12:00 UTC — trending, {WINDOW_DAYS}-day window (most-upvoted rank in brackets)")
    for rank, item in enumerate(trending.items[:5], 1):
        paper = item.entry.paper
        place = upvoted.index(paper.arxiv_id) + 1 if paper.arxiv_id in upvoted else "-"
        print(f"  {rank}. [{place}] {titles.get(paper.arxiv_id, '')[:70]}")
        print(f"     listed {item.entry.day}, {paper.upvote_count} upvotes, score {item.score:.2f}")
        for line in item.explanation.contributions:
            print(f"       {line.label}: {line.count} -> +{line.points:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=ARCHIVE)
    parser.add_argument("--from", dest="first", type=date.fromisoformat, default=date(2024, 5, 27))
    parser.add_argument("--to", dest="last", type=date.fromisoformat, default=date(2026, 8, 21))
    parser.add_argument("--postgres", help="replay into this PostgreSQL database (it is emptied) instead of SQLite")
    parser.add_argument("--seed", type=int, default=20240527)
    parser.add_argument("--threads", type=int, default=8, help="threads of the concurrent burst")
    parser.add_argument("--burst", type=int, default=4000, help="votes the concurrent burst changes")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent")
        return

    rows = load_rows(args.file, first=args.first, last=args.last)
    titles = {str(row["arxiv_id"]): str(row["title"]) for row in rows}
    votes, members = plan_votes(rows, seed=args.seed)
    print(f"{len(rows):,} list entries, {len(votes):,} votes by {members} members, {args.first} .. {args.last}")

    with tempfile.TemporaryDirectory() as directory:
        url = args.postgres or f"sqlite:///{directory}/replay.sqlite3"
        db = fresh_database(url)
        member_ids = prepare(db, rows, members=members, directory=Path(directory))

        first_day = min(vote.at for vote in votes).date() + timedelta(days=WINDOW_DAYS)
        moments = [datetime(day.year, day.month, day.day, 12, tzinfo=UTC) for day in _days(first_day, args.last)]
        hourly = [
            datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(days=offset)
            for day in SAMPLE_DAYS
            if args.first <= day <= args.last
            for offset in (0, 1)
            for hour in range(24)
        ]
        schedule = sorted(set(moments) | set(hourly))
        snapshots: dict[datetime, tuple[list[str], list[str]]] = {}
        voting_seconds = 0.0
        next_vote = 0
        for moment in schedule:
            started = time.perf_counter()
            while next_vote < len(votes) and votes[next_vote].at <= moment:
                vote = votes[next_vote]
                cast_vote(db, arxiv_id=vote.arxiv_id, user_id=member_ids[vote.member], now=vote.at)
                next_vote += 1
            voting_seconds += time.perf_counter() - started
            trending, upvoted = snapshot(db, moment)
            snapshots[moment] = (ids(trending), upvoted)
            if moment.hour == 12 and moment.date() in SAMPLE_DAYS:
                show_day(db, moment.date(), titles)
        print(
            f"\nvotes cast: {next_vote:,} in {voting_seconds:.1f} s = {next_vote / voting_seconds:,.0f} votes/s "
            f"({db.engine.dialect.name}, one transaction per vote through services.votes.cast_vote)"
        )

        burst = burst_throughput(db, votes[-args.burst :], member_ids, threads=args.threads)
        print(f"votes taken back and cast again from {args.threads} threads at once: {burst:,.0f} votes/s")

        daily = [snapshots[moment] for moment in moments]
        pairs = list(pairwise(daily))
        print(f"\nstability, consecutive days at 12:00 UTC ({len(pairs)} pairs):")
        print("  " + summary("top-10 overlap", [overlap(a[0], b[0]) for a, b in pairs]))
        print("  " + summary("Kendall tau (top-20, common papers)", [kendall_tau(a[0], b[0]) for a, b in pairs]))
        print("  " + summary("most upvoted, top-10 overlap", [overlap(a[1], b[1]) for a, b in pairs]))
        print("  " + summary("most upvoted, Kendall tau", [kendall_tau(a[1], b[1]) for a, b in pairs]))
        hours = [snapshots[moment] for moment in hourly]
        hour_pairs = list(pairwise(hours))
        print(f"stability, consecutive hours on {', '.join(str(day) for day in SAMPLE_DAYS)} and the day after:")
        print("  " + summary("top-10 overlap", [overlap(a[0], b[0]) for a, b in hour_pairs]))
        print("  " + summary("Kendall tau", [kendall_tau(a[0], b[0]) for a, b in hour_pairs]))
        print("trending against most upvoted in the same window, same moment (daily):")
        print("  " + summary("top-10 overlap", [overlap(t, u) for t, u in daily]))
        print("  " + summary("Kendall tau", [kendall_tau(t, u) for t, u in daily]))
        fresh = [
            sum(1 for paper in t[:TOP] if paper in _listed_since(rows, moment))
            for (t, _), moment in zip(daily, moments, strict=True)
        ]
        fresh_upvoted = [
            sum(1 for paper in u[:TOP] if paper in _listed_since(rows, moment))
            for (_, u), moment in zip(daily, moments, strict=True)
        ]
        print(
            "papers of the last two list days among the top 10 (median): "
            f"trending {statistics.median(fresh):.0f}, most upvoted {statistics.median(fresh_upvoted):.0f}"
        )
        db.engine.dispose()


def burst_throughput(db: Database, votes: list[Vote], member_ids: list[int], *, threads: int) -> float:
    """Votes per second when several web workers change votes at once: each vote withdrawn, then cast again."""

    def change(vote: Vote) -> None:
        user_id = member_ids[vote.member]
        withdraw_vote(db, arxiv_id=vote.arxiv_id, user_id=user_id)
        cast_vote(db, arxiv_id=vote.arxiv_id, user_id=user_id, now=vote.at)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(change, votes))
    return 2 * len(votes) / (time.perf_counter() - started)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


_RECENT: dict[datetime, set[str]] = {}


def _listed_since(rows: list[dict[str, object]], moment: datetime) -> set[str]:
    """Papers whose list day is within the two days up to `moment`."""
    if moment not in _RECENT:
        since = moment.date() - timedelta(days=1)
        _RECENT[moment] = {
            str(row["arxiv_id"]) for row in rows if since <= date.fromisoformat(str(row["daily_date"])) <= moment.date()
        }
    return _RECENT[moment]


if __name__ == "__main__":
    sys.exit(main())
