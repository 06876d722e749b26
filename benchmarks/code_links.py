"""Code links found in the shipped arXiv listings, and what finding them costs.

    .venv/bin/python -m benchmarks.code_links [--runs 3] [--file PATH]

Prints how many papers' abstract or comment yield a code link (by host), then the median time to read every
paper's texts for one, beside a baseline measured in the same process: the same loop doing only the cheap test
for a code host's name. Skips cleanly when the shared data folder is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from dailypapers.domain.code_links import find_code_link

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
HOSTS = ("github.com", "gitlab.com", "huggingface.co")


def load(path: Path) -> list[tuple[str, str | None]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [(row["abstract"], row.get("comment")) for row in map(json.loads, lines)]


def timed(texts: list[tuple[str, str | None]], work: object) -> float:
    started = time.perf_counter()
    for abstract, comment in texts:
        work(abstract, comment)  # type: ignore[operator]
    return time.perf_counter() - started


def mentions_host(abstract: str, comment: str | None) -> bool:
    text = abstract + (comment or "")
    return any(host in text for host in HOSTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent")
        sys.exit(0)
    texts = load(args.file)
    links = [find_code_link(abstract, comment) for abstract, comment in texts]
    found = [link for link in links if link]
    hosts = Counter(link.split("/")[2] for link in found)
    print(f"{len(texts):,} papers, {len(found):,} with a code link ({len(found) / len(texts):.1%}): {dict(hosts)}")
    baseline = [timed(texts, mentions_host) for _ in range(args.runs)]
    finding = [timed(texts, find_code_link) for _ in range(args.runs)]
    base, cost = statistics.median(baseline), statistics.median(finding)
    print(f"host-name test (baseline): {len(texts) / base:,.0f} papers/s (median of {args.runs})")
    print(f"find_code_link:            {len(texts) / cost:,.0f} papers/s, {cost / len(texts) * 1e6:.1f} µs a paper")
    print(f"ratio to the baseline: {cost / base:.1f}×")


if __name__ == "__main__":
    main()
