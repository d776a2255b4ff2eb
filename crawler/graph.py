"""The coverage graph's join: the addresses that lead to each article, and the edge list."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, ClassVar, TextIO
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.extract.urls import normalize_url

logger = logging.getLogger(__name__)

ADDRESS_FILE_SUFFIX = ".addresses.ndjson"
"""The address file of run file `<run id>.jsonl` is `<run id>.addresses.ndjson` (not *.jsonl:
it holds no items, and whatever reads the run files by that suffix must not take it for one)."""

EDGE_COLUMNS = ("source", "target", "kind", "text", "confidence", "heading", "url", "localCopy")
"""The edge list's columns: the linking article's canonical URL, the linked article's (null
when no exported article has the link's address), the link's kind, text, confidence and block
heading (null when the item does not give them), the link's URL as written, and localCopy."""


def page_addresses(key: str | None, redirect_urls: Sequence[str], url: str) -> list[str]:
    """The addresses one fetch reached a page by, normalized, in order: the URL requested (a
    link's relatedLinks[].url, a seed), every redirect hop, the URL fetched."""
    # The key as requested first: it is the link's relatedLinks[].url, character for character.
    raw = [*redirect_urls, url]
    return merge_addresses([key] if key else [], [normalize_url(u) or u for u in raw])


def merge_addresses(*groups: Iterable[str]) -> list[str]:
    """The addresses of every group, each once, in first-seen order."""
    return list(dict.fromkeys(a for group in groups for a in group if a))


def address_file_of(run_file: Path) -> Path:
    """The address file beside a run file."""
    return run_file.with_name(run_file.stem + ADDRESS_FILE_SUFFIX)


class AddressLog:
    """The run's address file: addresses resolved to an article whose line this run does not
    write with them. A line cannot be amended once written, and the crawl learns some addresses
    too late for it: an old URL that redirects to an article exported earlier, a copy answered
    after its original, a new address of an article an earlier run exported (unchanged now), a
    page another worker of a shared crawl exported. `scrapy dataset` folds these files and the
    lines' own addresses together (`resolve`, `fold_addresses`): in the dataset every link URL
    the crawl fetched and exported is in exactly one article's addresses (README, "The coverage
    graph"). Opened on the first address, so a run that
    learns none late writes no file; lines are written whole and at once (a kill leaves whole
    lines; a resumed run cuts a torn last one first). A write that fails is logged once,
    counted (graph/addresses_not_written) and fails the run (see RunStatus): the state must not
    say "known" of an address no file holds. Stats: graph/late_addresses.

    One per crawler (`for_crawler`); None when the run writes no local run file (a one-off
    -o/-O export with FEEDS={}, `scrapy parse`): there is no address file without a run file.
    """

    _by_crawler: ClassVar[WeakKeyDictionary[Crawler, AddressLog | None]] = WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        """Remember the crawler: the run id (the file's name) and the stats are settled when
        the crawl starts."""
        self.crawler = crawler
        self.path: Path | None = None
        self.handle: IO[bytes] | None = None
        self.failed = False

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> AddressLog | None:
        """The crawler's address log, built on first use."""
        if crawler in cls._by_crawler:
            return cls._by_crawler[crawler]
        from crawler.runs import run_feed_template

        log: AddressLog | None = None
        if run_feed_template(crawler.settings) is not None:
            log = cls(crawler)
            crawler.signals.connect(log.close, signal=signals.spider_closed)
        cls._by_crawler[crawler] = log
        return log

    def _open(self) -> IO[bytes] | None:
        if self.handle is not None or self.failed:
            return self.handle
        from crawler.runs import cut_torn_line, run_file

        feed = run_file(self.crawler)
        if feed is None:  # a run file on s3:// or ftp://: no local file to sit beside
            self.failed = True
            logger.warning("Run file is not a local file: no address file written")
            return None
        self.path = address_file_of(feed)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        cut_torn_line(self.path)  # a resumed run's, killed in the middle of a line
        self.handle = self.path.open("ab", buffering=0)
        return self.handle

    def record(self, addresses: Iterable[str], canonical: str, local: bool) -> bool:
        """Write that each of `addresses` led to the article `canonical`; False when the file
        could not take them."""
        lines = [
            {
                "address": address,
                "canonicalUrl": canonical,
                "localCopy": local,
                "crawledAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            for address in merge_addresses(addresses)
        ]
        if not lines:
            return True
        data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        try:
            handle = self._open()
            if handle is None:
                return False
            handle.write(data.encode("utf-8"))
        except OSError as exc:
            self._stats().inc_value("graph/addresses_not_written", len(lines))
            if not self.failed:
                logger.error("Could not write the address file %s: %s", self.path, exc)
            self.failed = True
            return False
        self._stats().inc_value("graph/late_addresses", len(lines))
        return True

    def _stats(self) -> StatsCollector:
        stats = self.crawler.stats
        assert stats is not None
        return stats

    def close(self) -> None:
        """Close the file when the crawl ends."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def record_item_addresses(
    log: AddressLog | None, item: Any, known: Callable[[str, str], bool] | None = None
) -> bool:
    """An item whose line this run file will not hold: its addresses go to the run's address
    file, but those `known(address, canonical)` says a line or an address file holds already;
    False when that file could not take them."""
    if log is None:
        return True
    adapter = ItemAdapter(item)
    canonical = str(adapter["canonicalUrl"])
    addresses = item_addresses(adapter)
    if known is not None:
        addresses = [a for a in addresses if not known(a, canonical)]
    return log.record(addresses, canonical, bool(adapter.get("localCopy")))


# --- Reading: the dataset's joins -----------------------------------------------------------


@dataclass(frozen=True)
class Sighting:
    """One observation that `address` led to the article `canonical` (of a local copy or not),
    made at `when`: (crawledAt, run order, line), the order of the dataset's versions."""

    address: str
    canonical: str
    local: bool
    when: tuple[str, int, int]


def item_addresses(item: Mapping[str, Any]) -> list[str]:
    """The addresses an item line gives: its `addresses`, or for lines written before that
    field, its url and canonicalUrl."""
    given = item.get("addresses")
    if isinstance(given, list):
        listed = [a for a in given if isinstance(a, str)]
    else:
        listed = [str(item.get("url") or "")]
    return merge_addresses(listed, [str(item.get("canonicalUrl") or "")])


def item_sightings(
    item: Mapping[str, Any], local: bool, when: tuple[str, int, int]
) -> Iterator[Sighting]:
    """Every address of an item line, as sightings of its article."""
    canonical = str(item.get("canonicalUrl") or "")
    for address in item_addresses(item):
        yield Sighting(address, canonical, local, when)


def read_address_files(run_files: Sequence[Path], warn: TextIO | None = None) -> list[Sighting]:
    """The sightings in the address files beside `run_files` (run order as given: the index is
    the run's, as in crawler.dataset.read_files). Lines that are not a whole address
    record are skipped with a warning on `warn`."""
    sightings: list[Sighting] = []
    for run, run_file in enumerate(run_files):
        path = address_file_of(run_file)
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                try:
                    line = json.loads(raw)
                except ValueError:
                    line = None
                if (
                    not isinstance(line, dict)
                    or not isinstance(line.get("address"), str)
                    or not isinstance(line.get("canonicalUrl"), str)
                ):
                    if warn is not None:
                        print(f"warning: skipped {path}:{number}: not an address line", file=warn)
                    continue
                when = (str(line.get("crawledAt") or ""), run, number)
                sightings.append(
                    Sighting(
                        line["address"], line["canonicalUrl"], bool(line.get("localCopy")), when
                    )
                )
    return sightings


def resolve(
    sightings: Iterable[Sighting], articles: set[tuple[str, bool]]
) -> dict[tuple[str, bool], str]:
    """(address, localCopy) -> the canonical URL of the article it led to last, among
    `articles` ((canonicalUrl, localCopy) pairs the dataset holds): one article per address."""
    latest: dict[tuple[str, bool], Sighting] = {}
    for sighting in sightings:
        if (sighting.canonical, sighting.local) not in articles:
            continue
        key = (sighting.address, sighting.local)
        held = latest.get(key)
        if held is None or sighting.when > held.when:
            latest[key] = sighting
    return {key: sighting.canonical for key, sighting in latest.items()}


def fold_addresses(
    rows: Sequence[dict[str, Any]],
    locals_: Sequence[bool],
    book: Mapping[tuple[str, bool], str],
) -> None:
    """Set each row's `addresses` (rows[i] a local copy when locals_[i]) to every address that
    leads to its article by `book`: the row's own ones first, in their order, then the others
    sorted."""
    by_article: dict[tuple[str, bool], list[str]] = {}
    for (address, local), canonical in sorted(book.items()):
        by_article.setdefault((canonical, local), []).append(address)
    for row, local in zip(rows, locals_, strict=True):
        mine = by_article.get((str(row.get("canonicalUrl") or ""), local), [])
        own = [a for a in item_addresses(row) if a in mine]
        row["addresses"] = merge_addresses(own, mine)


def link_edges(
    rows: Sequence[Mapping[str, Any]],
    locals_: Sequence[bool],
    book: Mapping[tuple[str, bool], str],
) -> list[dict[str, Any]]:
    """The edge list: one edge per related link of each row, in row then page order, with the
    target article's canonical URL by the join rule (None when no article of the dataset has
    the link's address: not fetched, failed, or not an article)."""
    edges: list[dict[str, Any]] = []
    for row, local in zip(rows, locals_, strict=True):
        source = str(row.get("canonicalUrl") or "")
        links = row.get("relatedLinks")
        for link in links if isinstance(links, list) else []:
            if not isinstance(link, Mapping) or not isinstance(link.get("url"), str):
                continue
            block = link.get("block")
            heading = link.get("heading")
            if heading is None and isinstance(block, Mapping):
                heading = block.get("heading")
            confidence = link.get("confidence")
            edges.append(
                {
                    "source": source,
                    "target": book.get((link["url"], local)),
                    "kind": link.get("kind"),
                    "text": link.get("text"),
                    "confidence": float(confidence)
                    if isinstance(confidence, int | float) and not isinstance(confidence, bool)
                    else None,
                    "heading": heading if isinstance(heading, str) else None,
                    "url": link["url"],
                    "localCopy": local,
                }
            )
    return edges
