"""Item pipelines: cross-item concerns (validation, one item per article)."""

from __future__ import annotations

import re
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

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
    """One item per canonical URL in a run, whatever address led to it. Stats: dedupe/*."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built by Scrapy with the crawl's stats."""
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Drop a second item for an article already exported in this run."""
        key = ItemAdapter(item)["canonicalUrl"]
        if key in self.seen:
            self.stats.inc_value("dedupe/dropped")
            raise DropItem(f"duplicate article {key}")
        self.seen.add(key)
        return item
