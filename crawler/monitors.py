"""Monitors: the run watches its own data, and a run below a threshold fails with one log line.

Each monitor is a minimum over a figure of the run, set by a Scrapy setting (0 turns it off):

- RELATED_MIN_ITEMS (1): articles the run covered, exported or known and unchanged (same
  content, a 304, not due for a revisit);
- RELATED_MIN_DATED_RATIO (0.5): share of exported articles with a publication date (a day
  counts);
- RELATED_MIN_INSTANT_RATIO (0, off): share of exported articles published at an exact instant;
- RELATED_MIN_LINKED_RATIO (0, off): share of exported articles with a related link.

A ratio is not judged on a run that exported nothing (an incremental run with nothing new).
A failed monitor sets the exit code to 1, adds its reason to the manifest's failure reasons
and logs one line: "Monitor RELATED_MIN_ITEMS failed: 3 articles covered, below 10".

Spidermon (1.27) runs under Scrapy 2.19 but is not used: its results go to actions (e-mail,
Slack), not to the exit code a cron job or scrapyd acts on, so we would write that part anyway;
it reports as a unittest transcript of some twenty lines (a traceback per failure) where one
line is wanted; it calls Spider.log(), deprecated in 2.19, on every run; and our monitors are
four comparisons over stats the run already keeps. Our stats are namespaced (`quality/*`,
`monitors/*`), so a Spidermon suite can still read them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector

from crawler.incremental import UnchangedArticle
from crawler.meta import META_CACHED_CANONICAL, META_INCREMENTAL
from crawler.report.quality import QualityCounter, share

logger = logging.getLogger(__name__)

EXIT_MONITOR = 1


def _stat(stats: Mapping[str, Any], name: str) -> int:
    value = stats.get(name, 0)
    return int(value) if isinstance(value, int | float) else 0


def page_figures(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Shares of pages that failed and that were not articles, each with what it is a share
    of (articles without related links are in the date-quality figures)."""
    ok = _stat(stats, "related/pages_ok")
    failed = _stat(stats, "related/failed_pages")
    read = ok - _stat(stats, "state/not_due") - _stat(stats, "state/not_modified_304")
    not_articles = _stat(stats, "related/not_article")
    return {
        "attempted": ok + failed,
        "failed": {"count": failed, "of": "pages attempted", "share": share(failed, ok + failed)},
        "not_articles": {
            "count": not_articles,
            "of": "pages read",
            "share": share(not_articles, max(read, 0)),
        },
    }


def run_figures(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest's data figures: date quality of the exported articles, page shares, and
    the monitors' results (when they ran)."""
    quality = QualityCounter.from_stats(stats).figures()
    return {
        "data_quality": {**quality, "pages": page_figures(stats)},
        "monitors": list(stats.get("monitors/results") or []),
    }


def _covered(stats: Mapping[str, Any]) -> float:
    # A worker of a shared crawl (crawler/backends/redis) may find every page taken by the
    # others: the shared crawl's own count of pages read is what covered anything.
    return float(
        max(_stat(stats, "monitors/articles_covered"), _stat(stats, "shared/crawl_pages_ok"))
    )


def _instant_ratio(stats: Mapping[str, Any]) -> float | None:
    instants = _stat(stats, "quality/datePublished/instant_page_offset") + _stat(
        stats, "quality/datePublished/instant_site_zone"
    )
    return share(instants, _stat(stats, "quality/items"))


def _dated_ratio(stats: Mapping[str, Any]) -> float | None:
    items = _stat(stats, "quality/items")
    return share(items - _stat(stats, "quality/datePublished/undated"), items)


def _linked_ratio(stats: Mapping[str, Any]) -> float | None:
    items = _stat(stats, "quality/items")
    return share(items - _stat(stats, "quality/without_related_links"), items)


@dataclass(frozen=True)
class Monitor:
    """A minimum over one figure of the run."""

    setting: str
    default: float
    what: str
    """The figure, in words, for the log line ("articles covered")."""
    value: Callable[[Mapping[str, Any]], float | None]


MONITORS = (
    Monitor("RELATED_MIN_ITEMS", 1, "articles covered", _covered),
    Monitor("RELATED_MIN_DATED_RATIO", 0.5, "share with a publication date", _dated_ratio),
    Monitor("RELATED_MIN_INSTANT_RATIO", 0.0, "share with an exact instant", _instant_ratio),
    Monitor("RELATED_MIN_LINKED_RATIO", 0.0, "share with related links", _linked_ratio),
)


def evaluate(stats: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[dict[str, Any]]:
    """Each monitor's result: name, threshold, value, passed (None: not judged, no data)."""
    results = []
    for monitor in MONITORS:
        threshold = thresholds[monitor.setting]
        value = monitor.value(stats)
        passed = None if value is None else value >= threshold
        results.append(
            {
                "name": monitor.setting,
                "what": monitor.what,
                "threshold": threshold,
                "value": value,
                "passed": passed,
            }
        )
    return results


class DataMonitors:
    """Counts the date quality of exported items (stats `quality/*`) and, when the spider
    closes, judges the monitors (stats `monitors/*`); a failed monitor fails the run.

    Runs after RunStatus (which sets `run/exit_code`) and before RunManifest (which writes
    it): see EXTENSIONS in settings.py."""

    def __init__(self, stats: StatsCollector, thresholds: Mapping[str, float]) -> None:
        self.stats = stats
        self.thresholds = dict(thresholds)
        self.counter = QualityCounter()
        # Canonical URLs of the articles covered: exported, found unchanged, answered 304 or
        # not due. A set, as one article can come by several URLs (an old address, a copy).
        self.covered: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Thresholds from the settings; off for spiders other than `related` (shell, fetch)."""
        from crawler.spiders.related import RelatedSpider

        if not issubclass(crawler.spidercls, RelatedSpider):
            raise NotConfigured("monitors watch the related spider's runs")
        assert crawler.stats is not None
        thresholds = {}
        for monitor in MONITORS:
            try:
                thresholds[monitor.setting] = crawler.settings.getfloat(
                    monitor.setting, monitor.default
                )
            except ValueError as exc:
                raise ValueError(
                    f"{monitor.setting} must be a number: {crawler.settings.get(monitor.setting)!r}"
                ) from exc
        ext = cls(crawler.stats, thresholds)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        """Count the exported item's date kinds, sources, notes and links."""
        adapter = ItemAdapter(item)
        self.counter.add(adapter)
        self.covered.add(str(adapter.get("canonicalUrl")))

    def item_dropped(
        self, item: Any, response: Response, exception: Exception, spider: Spider
    ) -> None:
        """An article whose exported version is current is covered too."""
        if isinstance(exception, UnchangedArticle):
            self.covered.add(str(ItemAdapter(item).get("canonicalUrl")))

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """A known article answered from the state (304, or not due: see
        crawler/incremental/middleware.py)."""
        canonical = (
            response.meta.get(META_CACHED_CANONICAL)
            if response.meta.get(META_INCREMENTAL)
            else None
        )
        if canonical:
            self.covered.add(str(canonical))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Store the figures, judge the monitors, fail the run on a failed one."""
        for key, value in self.counter.to_stats().items():
            self.stats.set_value(key, value)
        self.stats.set_value("monitors/articles_covered", len(self.covered))
        results = evaluate(self.stats.get_stats(), self.thresholds)
        failed = [r for r in results if r["passed"] is False]
        self.stats.set_value("monitors/results", results)
        self.stats.set_value("monitors/failed", len(failed))
        if not failed:
            return
        reasons = list(self.stats.get_value("run/failure_reasons") or [])
        for result in failed:
            text = _describe(result)
            logger.error("Monitor %s failed: %s", result["name"], text)
            reasons.append(f"monitor {result['name']}: {text}")
        code = int(self.stats.get_value("run/exit_code", 0) or 0)
        self.stats.set_value("run/exit_code", code or EXIT_MONITOR)
        self.stats.set_value("run/failure_reasons", reasons)


def _describe(result: Mapping[str, Any]) -> str:
    value, threshold = result["value"], result["threshold"]
    if result["name"] == "RELATED_MIN_ITEMS":
        return f"{int(value)} {result['what']}, below {threshold:g}"
    return f"{result['what']} {value:.3f}, below {threshold:g}"
