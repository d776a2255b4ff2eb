"""The dataset from the run files: their lines in run order, the latest version (or every one) of
each article, and the coverage graph's join over it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from crawler.extract.urls import is_loopback_url
from crawler.graph import Sighting, fold_addresses, item_sightings, link_edges, resolve

_STAMP = re.compile(r"(\d{8}T\d{6}Z)")
_HTTP_URL = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """One item line of a run file, with where it came from."""

    item: dict[str, Any]
    run: int
    """Position of its run file in run order (oldest first)."""
    line: int
    """Line number in the run file (1-based)."""

    @property
    def canonical(self) -> str:
        """The article's identity."""
        return str(self.item["canonicalUrl"])

    @property
    def local(self) -> bool:
        """A local copy (fetched from a loopback address), never merged with live lines."""
        return is_local_copy(self.item)

    @property
    def version(self) -> tuple[str, str]:
        """What makes a new version: the content hash and dateModified."""
        return (str(self.item.get("contentHash") or ""), str(self.item.get("dateModified") or ""))

    @property
    def when(self) -> tuple[str, int, int]:
        """Order of versions: crawl time, then run order, then line."""
        return (str(self.item.get("crawledAt") or ""), self.run, self.line)


def is_local_copy(item: dict[str, Any]) -> bool:
    """Whether a line is a local copy: marked `localCopy`, or (run files written before that
    field) fetched from a loopback address."""
    return bool(item.get("localCopy")) or is_loopback_url(str(item.get("url") or ""))


def run_files(runs_dir: Path | Sequence[Path]) -> list[Path]:
    """The run files (*.jsonl) of `runs_dir` (or of several directories: the workers of a shared
    crawl on several hosts), oldest run first: by the UTC start time in the run id
    ("related-20261124T101500Z", "related-host-1234-20261124T101500Z"), then by name."""
    dirs = [runs_dir] if isinstance(runs_dir, Path) else list(runs_dir)
    files = [p for d in dirs for p in d.glob("*.jsonl") if p.is_file()]
    return sorted(files, key=lambda p: (m.group(1) if (m := _STAMP.search(p.stem)) else "", p.name))


def read_runs(runs_dir: Path | Sequence[Path], warn: TextIO | None = None) -> list[Record]:
    """Every item of every run file of `runs_dir` (or of several directories), in run order
    (see read_files)."""
    return read_files(run_files(runs_dir), warn)


def read_files(paths: Iterable[Path], warn: TextIO | None = None) -> list[Record]:
    """Every item of the run files `paths` (in that order); lines that are not a whole JSON item
    with a canonicalUrl (the torn last line of a killed run) are skipped with a warning on
    `warn`."""
    records: list[Record] = []
    for run, path in enumerate(paths):
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                try:
                    item = json.loads(raw)
                except ValueError:
                    item = None
                if not isinstance(item, dict) or not item.get("canonicalUrl"):
                    if warn is not None:
                        torn = "" if raw.endswith(b"\n") else " (torn last line of a killed run?)"
                        print(
                            f"warning: skipped {path}:{number}: not a whole item{torn}", file=warn
                        )
                    continue
                canonical = item["canonicalUrl"]
                if not isinstance(canonical, str) or not _HTTP_URL.match(canonical):
                    # An item keyed on a list or an object would break the ordering, and a
                    # key that is not a URL identifies nothing.
                    if warn is not None:
                        print(
                            f"warning: skipped {path}:{number}: canonicalUrl is not an http(s) "
                            f"URL string ({type(canonical).__name__} {str(canonical)[:80]!r})",
                            file=warn,
                        )
                    continue
                records.append(Record(item, run, number))
    return records


def build(records: Iterable[Record], *, history: bool = False) -> list[dict[str, Any]]:
    """The dataset: per canonical URL its latest version (history=False: the most recent line
    by crawledAt, then run order), or every distinct version (history=True: (contentHash,
    dateModified) pairs, each as first seen). Ordered by canonicalUrl, then crawledAt. A local
    copy is never merged with a live line of the same canonicalUrl."""
    chosen: dict[tuple[str, bool, tuple[str, str] | None], Record] = {}
    for record in records:
        key = (record.canonical, record.local, record.version if history else None)
        held = chosen.get(key)
        if held is None or (record.when < held.when if history else record.when > held.when):
            chosen[key] = record
    ordered = sorted(chosen.values(), key=lambda r: (r.canonical, r.local, r.when))
    return [r.item for r in ordered]


def join_addresses(
    rows: Sequence[dict[str, Any]], records: Iterable[Record], sightings: Iterable[Sighting] = ()
) -> dict[tuple[str, bool], str]:
    """The coverage graph's join over the dataset (see crawler/graph.py): every address that
    led to an article, from every line (`records`, all versions) and address file
    (`sightings`), goes to the article it led to last among those `rows` hold; each row's
    `addresses` becomes that article's set. Returns the join: (address, localCopy) -> canonical
    URL."""
    articles = {(str(row["canonicalUrl"]), is_local_copy(row)) for row in rows}
    seen = [s for r in records for s in item_sightings(r.item, r.local, r.when)]
    book = resolve([*seen, *sightings], articles)
    fold_addresses(rows, [is_local_copy(row) for row in rows], book)
    return book


def edges_of(
    rows: Sequence[dict[str, Any]], book: dict[tuple[str, bool], str]
) -> list[dict[str, Any]]:
    """The edge list of `rows` by the join `book` (see crawler.graph.link_edges)."""
    return link_edges(rows, [is_local_copy(row) for row in rows], book)
