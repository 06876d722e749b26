"""Streaming JSONL dumps, plain or gzipped, in the formats the importer knows; one result per line.

A line that cannot be used becomes a `BadLine` with its number and the reason, and reading goes on.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

from dailypapers.domain.papers import DailyRecord, PaperRecord
from dailypapers.sources import arxiv_listing, arxiv_snapshot, hf_daily
from dailypapers.sources.fields import RecordError
from dailypapers.sources.record_limits import check_record

Format = Literal["arxiv-listing", "arxiv-snapshot", "hf-daily"]
FORMATS: tuple[Format, ...] = ("arxiv-listing", "arxiv-snapshot", "hf-daily")
_DETECT_LINES = 50


class UnknownFormat(ValueError):
    """No line of the file's head looks like a known format."""


@dataclass(frozen=True, slots=True)
class GoodLine:
    line: int
    paper: PaperRecord
    daily: DailyRecord | None


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    reason: str


def _parse_hf(record: dict[str, Any]) -> tuple[PaperRecord, DailyRecord | None]:
    return hf_daily.parse_record(record)


def _parse_listing(record: dict[str, Any]) -> tuple[PaperRecord, DailyRecord | None]:
    return arxiv_listing.parse_record(record), None


def _parse_snapshot(record: dict[str, Any]) -> tuple[PaperRecord, DailyRecord | None]:
    return arxiv_snapshot.parse_record(record), None


_PARSERS: dict[Format, Callable[[dict[str, Any]], tuple[PaperRecord, DailyRecord | None]]] = {
    "hf-daily": _parse_hf,
    "arxiv-listing": _parse_listing,
    "arxiv-snapshot": _parse_snapshot,
}
_KEYS: dict[Format, frozenset[str]] = {
    "hf-daily": hf_daily.KEYS,
    "arxiv-snapshot": arxiv_snapshot.KEYS,
    "arxiv-listing": arxiv_listing.KEYS,
}


class JsonlFile:
    """One dump file: its format and its lines, read once from start to end."""

    def __init__(self, path: Path, *, format: Format | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.format: Format = format or detect_format(path)
        self._raw: IO[bytes] | None = None

    @property
    def bytes_read(self) -> int:
        """How far into the file on disk reading has come (compressed bytes for a .gz), for progress."""
        return self._raw.tell() if self._raw is not None and not self._raw.closed else self.size

    def __iter__(self) -> Iterator[GoodLine | BadLine]:
        parse = _PARSERS[self.format]
        number = 0
        with _open_binary(self.path) as (raw, stream):
            self._raw = raw
            try:
                for number, line in enumerate(stream, start=1):
                    if line.strip():
                        yield _parse_line(number, line, parse)
            except (EOFError, OSError, zlib.error) as error:
                yield BadLine(number + 1, f"the file ends here, truncated or corrupt ({error})")


def _parse_line(
    number: int, line: bytes, parse: Callable[[dict[str, Any]], tuple[PaperRecord, DailyRecord | None]]
) -> GoodLine | BadLine:
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise RecordError(f"a JSON {type(record).__name__}, not an object")
        paper, daily = parse(record)
        check_record(paper, daily)
    except json.JSONDecodeError as error:
        return BadLine(number, f"invalid JSON: {error.msg} at column {error.colno}")
    except UnicodeDecodeError as error:
        return BadLine(number, f"not UTF-8: {error.reason}")
    except RecordError as error:
        return BadLine(number, str(error))
    return GoodLine(number, paper, daily)


def detect_format(path: Path) -> Format:
    """The format of the first of the file's head lines that names one by its keys."""
    read = 0
    try:
        with _open_binary(path) as (_, stream):
            for line in stream:
                if read >= _DETECT_LINES:
                    break
                read += 1
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                if isinstance(record, dict):
                    for name, keys in _KEYS.items():
                        if keys & record.keys():
                            return name
    except (EOFError, OSError, zlib.error) as error:
        raise UnknownFormat(
            f"{path}: the file is truncated or corrupt after {read} lines ({error}), before any line named a format"
        ) from None
    raise UnknownFormat(
        f"{path}: none of the first {_DETECT_LINES} lines looks like {', '.join(FORMATS)}; "
        "name the format with --format"
    )


@contextmanager
def _open_binary(path: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """The raw file (for its position) and the decompressed bytes to read lines from."""
    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        if not compressed:
            yield raw, raw
            return
        with gzip.GzipFile(fileobj=raw) as stream:
            yield raw, cast("IO[bytes]", stream)
