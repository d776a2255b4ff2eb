"""Item pipelines: cross-item concerns (validation, one item per article); the incremental
state's pipeline is in crawler/incremental/pipeline.py."""

from __future__ import annotations

import re
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.graph import AddressLog, record_item_addresses

_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z?)?$")
_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?)?$")


class ValidationPipeline:
    """Drops items a dataset user could not trust: no URL, malformed dates. Stats: validation/*."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built by Scrapy with the crawl's stats."""
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Check the fields that downstream code keys on."""
        adapter = ItemAdapter(item)
        problems = []
        if not adapter.get("url") or not adapter.get("canonicalUrl"):
            problems.append("no url")
        for name in ("datePublished", "dateModified"):
            value = adapter.get(name)
            if value is not None and not _UTC.match(value):
                problems.append(f"bad {name} {value!r}")
            local = adapter.get(f"{name}Local")
            if local is not None and not _LOCAL.match(local):
                problems.append(f"bad {name}Local {local!r}")
        if problems:
            self.stats.inc_value("validation/dropped")
            raise DropItem("; ".join(problems))
        self.stats.inc_value("validation/ok")
        return item


class DedupePipeline:
    """One item per canonical URL in a run, whatever address led to it. Stats: dedupe/*.

    The spider exports each canonical URL once on every path but one, and there this pipeline is
    the only guard: a page that loses the canonical URL it claims to a page with other text is
    exported under its own fetched URL ("canonical-claimed-by-other-page", see ClaimBook in
    crawler/identity.py), and the claim book decides each fetch of such a page on its own,
    without asking whether that URL is free. The spider deduplicates requests, not the URLs
    they land on: a page reached by two addresses (an old URL that redirects to it, and its
    own) is fetched twice and decided twice, two items under one URL. The second is dropped
    here, and its addresses go to the run's address file. Elsewhere the spider's own guarantee
    holds: its claim book for owners and waiting claimants, the frontier in Redis for a shared
    crawl (one export per canonical URL across the workers), the state store across the
    attempts of a resumed run; this pipeline, per process, could not see those anyway."""

    def __init__(self, stats: StatsCollector, addresses: AddressLog | None = None) -> None:
        self.stats = stats
        self.seen: set[str] = set()
        self.addresses = addresses

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built by Scrapy with the crawl's stats and address log."""
        assert crawler.stats is not None
        return cls(crawler.stats, AddressLog.for_crawler(crawler))

    def process_item(self, item: Any) -> Any:
        """Drop a second item for an article already exported in this run (its addresses are
        the article's)."""
        key = ItemAdapter(item)["canonicalUrl"]
        if key in self.seen:
            self.stats.inc_value("dedupe/dropped")
            record_item_addresses(self.addresses, item)
            raise DropItem(f"duplicate article {key}")
        self.seen.add(key)
        return item
