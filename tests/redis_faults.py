"""Test-only components that stop a worker of a shared crawl at a chosen moment of an export, so
that a test can kill it there: RELATED_TEST_PAUSE_AT "before_write" (the export is claimed, its
line not written) or "after_write" (the line written, the export not recorded), after
RELATED_TEST_PAUSE_AFTER items; RELATED_TEST_PAUSE_MARKER is created when it stops."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class Pause:
    """Sleeps (blocking the whole process) at the configured moment, once."""

    def __init__(self, crawler: Crawler, moment: str) -> None:
        settings = crawler.settings
        self.moment = moment
        self.after = settings.getint("RELATED_TEST_PAUSE_AFTER", 5)
        self.marker = Path(str(settings.get("RELATED_TEST_PAUSE_MARKER")))
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        moment = crawler.settings.get("RELATED_TEST_PAUSE_AT")
        if not moment:
            raise NotConfigured
        pause = cls(crawler, str(moment))
        if moment == "after_write":
            # Connected after the feed exporter (an extension built earlier) has written the
            # line, before the state pipeline (built later) records it.
            crawler.signals.connect(pause.item_scraped, signal=signals.item_scraped)
        return pause

    def stop_here(self) -> None:
        self.seen += 1
        if self.seen == self.after:
            self.marker.touch()
            time.sleep(60)

    def process_item(self, item: Any) -> Any:
        """As an item pipeline: before the line is written."""
        if self.moment == "before_write":
            self.stop_here()
        return item

    def item_scraped(self, item: Any, **kwargs: Any) -> None:
        """After the line is written."""
        self.stop_here()
