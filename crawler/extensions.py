"""Extensions: the run's exit status, from what happened during the crawl."""

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
    reasons in `run/failure_reasons`: non-zero when a seed failed, when no page could be fetched,
    or when the share of failed pages exceeds RELATED_MAX_FAILURE_RATIO."""

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

    def reasons(self) -> list[str]:
        """Why the run failed; empty when it did not."""
        get = self.stats.get_value
        out = []
        if get("related/seed_failed", 0):
            out.append(f"{get('related/seed_failed')} seed(s) could not be fetched")
        ok_pages = get("related/pages_ok", 0) or 0
        failed = get("related/failed_pages", 0) or 0
        if ok_pages <= 0:
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
