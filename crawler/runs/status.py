"""The run's exit status: non-zero whenever an article was lost, whatever else went well."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1


class RunStatus:
    """Decides the exit status a scheduler acts on, stored in the stat `run/exit_code` with the
    reasons in `run/failure_reasons`. Non-zero when an article was lost: fetched but not
    exported (its extraction failed, its line could not be written to a feed, its identity was
    still unsettled when the crawl stopped), whatever their number; when a seed failed; when no
    page could be fetched; when the share of failed pages (HTTP errors, network errors, bodies
    empty or too large, extraction errors) exceeds RELATED_MAX_FAILURE_RATIO; or when the crawl
    ended before its frontier did."""

    def __init__(self, stats: StatsCollector, max_failure_ratio: float) -> None:
        self.stats = stats
        self.max_failure_ratio = max_failure_ratio

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Connect to spider_closed."""
        assert crawler.stats is not None
        ext = cls(crawler.stats, crawler.settings.getfloat("RELATED_MAX_FAILURE_RATIO", 0.5))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _count(self, name: str) -> int:
        return int(self.stats.get_value(name, 0) or 0)

    def reasons(self) -> list[str]:
        """Why the run failed; empty when it did not."""
        get = self.stats.get_value
        out = []
        if get("feed/failure"):
            out.append(str(get("feed/failure")))
        not_written = max(self._count("feed/items_not_written"), self._count("state/not_written"))
        if not_written:
            out.append(
                f"{not_written} article(s) not written to the run file (the next run exports them)"
            )
        addresses = self._count("graph/addresses_not_written")
        if addresses:
            out.append(
                f"{addresses} address(es) not written to the address file (the next run "
                "learns them again)"
            )
        extract_errors = self._count("related/extract_errors")
        if extract_errors:
            out.append(f"{extract_errors} fetched page(s) lost: their extraction failed")
        unsettled = self._count("related/claims_unsettled")
        if unsettled:
            out.append(
                f"{unsettled} fetched article(s) lost: the crawl stopped before their "
                "canonical URL was settled"
            )
        if get("related/seed_failed", 0):
            out.append(f"{get('related/seed_failed')} seed(s) could not be fetched")
        if get("related/seed_not_article", 0):
            out.append(f"{get('related/seed_not_article')} seed(s) are not articles")
        ok_pages = self._count("related/pages_ok") - extract_errors
        failed = self._count("related/failed_pages") + extract_errors
        # A worker of a shared crawl (crawler/backends/redis) may find every page taken by
        # others: the crawl's own count says whether any page could be fetched.
        if max(ok_pages, get("shared/crawl_pages_ok", 0) or 0) <= 0:
            out.append("no page could be fetched")
        attempted = failed + ok_pages
        if attempted and failed / attempted > self.max_failure_ratio:
            out.append(
                f"{failed} of {attempted} pages failed (> RELATED_MAX_FAILURE_RATIO "
                f"{self.max_failure_ratio})"
            )
        return out

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record the exit code when the crawl ends."""
        reasons = self.reasons()
        if reason not in ("finished",):
            reasons.append(f"crawl ended early: {reason}")
        self.stats.set_value("run/exit_code", EXIT_FAILED if reasons else EXIT_OK)
        self.stats.set_value("run/failure_reasons", reasons)
        for why in reasons:
            logger.error("Run failed: %s", why)


# Settings recorded in each run's manifest (what decides which articles a run exports), with the
# type to read them as (a -s value is a string).
