"""Page extraction off the crawl's core: a pool of worker processes, or the crawl process itself.

Scrapy runs on one core, and our extraction (parse, dates, links, text) costs about as much CPU
per page as Scrapy itself. With RELATED_EXTRACT_PROCESSES >= 1 the pages are extracted in that
many worker processes while the crawl process goes on fetching: on a machine with two cores the
crawl then runs at close to the rate of a spider that extracts nothing. 0 extracts in the crawl
process (what the tests of extraction errors and a one-core machine want).

A worker that dies (the OOM killer, a kill) breaks its whole pool: every page in flight fails
with BrokenProcessPool. The pool is then replaced and those pages are extracted again; a page
that breaks RELATED_EXTRACT_ATTEMPTS pools in a row fails (the spider counts it as an extraction
error), and when pools keep breaking (RELATED_EXTRACT_MAX_BREAKS in a row with no page extracted
in between) the crawl stops, failed, rather than lose every page after. Stats: workers/*.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.utils.defer import deferred_from_coro

from crawler.extract.article import extract_html
from crawler.extract.links.model import parse_min_confidence

logger = logging.getLogger(__name__)


def default_processes() -> int:
    """As many workers as cores (at most 4) when there are two or more, else none. One worker
    is not enough even on two cores: pages then wait in line for it while the crawl process
    idles (`make bench` on 2 cores: 147-162 pages/s with one worker, 201 with two)."""
    cores = os.cpu_count() or 1
    return min(cores, 4) if cores >= 2 else 0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: leave when the crawl process is gone. A crawl killed with SIGKILL
    (a scheduler's timeout) cannot stop its pool, and the workers, blocked on their task queue,
    would wait forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm_up() -> bool:
    """First call in a worker: imports done and lazy tables built before the first page."""
    extract_html(b"<html><body><p>warm</p></body></html>", "https://example.org/a/")
    return True


# What a worker is told besides the page: the user's time zones and link threshold.
_Options = tuple[dict[str, str] | None, float | None]


class ExtractionError(RuntimeError):
    """A page whose extraction could not be completed (its workers kept dying)."""


class Extractor:
    """Runs `crawler.extract.article.extract_html` in worker processes or in this one.

    Built once per crawl by `from_crawler`; the pool starts when the spider opens (so that the
    workers are warm when the first page arrives) and stops when it closes. Workers are started
    with "spawn": forking a process that runs the Twisted reactor would copy its sockets.
    """

    def __init__(
        self,
        processes: int,
        crawler: Crawler | None = None,
        *,
        attempts: int = 3,
        max_breaks: int = 5,
        min_confidence: float | None = None,
    ) -> None:
        self.processes = max(0, processes)
        self.min_confidence = min_confidence
        """RELATED_MIN_CONFIDENCE: the related-link threshold (None: the model's)."""
        self.pool: ProcessPoolExecutor | None = None
        self.crawler = crawler
        self.attempts = max(1, attempts)
        self.max_breaks = max(1, max_breaks)
        self.breaks_in_a_row = 0
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read RELATED_EXTRACT_PROCESSES ("auto": one worker when there is a second core),
        RELATED_EXTRACT_ATTEMPTS, RELATED_EXTRACT_MAX_BREAKS and RELATED_MIN_CONFIDENCE."""
        settings = crawler.settings
        raw = settings.get("RELATED_EXTRACT_PROCESSES", "auto")
        processes = default_processes() if str(raw).lower() == "auto" else int(raw)
        try:
            min_confidence = parse_min_confidence(settings.get("RELATED_MIN_CONFIDENCE"))
        except ValueError as exc:
            raise UsageError(f"RELATED_MIN_CONFIDENCE: {exc}", print_help=False) from exc
        extractor = cls(
            processes,
            crawler,
            attempts=settings.getint("RELATED_EXTRACT_ATTEMPTS", 3),
            max_breaks=settings.getint("RELATED_EXTRACT_MAX_BREAKS", 5),
            min_confidence=min_confidence,
        )
        crawler.signals.connect(extractor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extractor.spider_closed, signal=signals.spider_closed)
        return extractor

    def _start_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
        for _ in range(self.processes):
            pool.submit(_warm_up)
        return pool

    def spider_opened(self) -> None:
        """Start and warm up the workers."""
        if self.processes and self.pool is None:
            self.pool = self._start_pool()
            logger.info("Extracting pages in %d worker process(es)", self.processes)

    def spider_closed(self) -> None:
        """Stop the workers."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def extract(
        self,
        body: bytes,
        url: str,
        encoding: str | None,
        now: datetime,
        timezones: dict[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """The page's item fields, or None when it is not an article. `timezones`: the zones
        the user set by host suffix (see crawler.extract.dates.zones.site_zone)."""
        if self.pool is None and not self.stopping:
            return extract_html(
                body,
                url,
                encoding=encoding,
                now=now,
                timezones=timezones,
                min_confidence=self.min_confidence,
            )
        loop = asyncio.get_running_loop()
        for _ in range(self.attempts):
            pool = self.pool
            if pool is None or self.stopping:
                break
            try:
                fields = await loop.run_in_executor(
                    pool,
                    _extract_in_worker,
                    body,
                    url,
                    encoding,
                    now,
                    (timezones, self.min_confidence),
                )
            except BrokenProcessPool:
                self._replace(pool)
                continue
            self.breaks_in_a_row = 0
            return fields
        raise ExtractionError(
            "extraction workers stopped"
            if self.stopping
            else f"the extraction worker died on this page {self.attempts} times"
        )

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A worker of `broken` died: start a new pool (once, however many pages were in
        flight), or stop the crawl when pools keep breaking."""
        if self.pool is not broken:
            return  # another page in flight already replaced it
        broken.shutdown(wait=False, cancel_futures=True)
        self.breaks_in_a_row += 1
        stats = self.crawler.stats if self.crawler is not None else None
        if stats is not None:
            stats.inc_value("workers/pool_broken")
        if self.breaks_in_a_row >= self.max_breaks:
            self.pool = None
            self.stopping = True
            logger.error(
                "Extraction workers died %d times in a row: the crawl stops, failed "
                "(RELATED_EXTRACT_MAX_BREAKS)",
                self.breaks_in_a_row,
            )
            if self.crawler is not None and self.crawler.engine is not None:
                deferred_from_coro(
                    self.crawler.engine.close_spider_async(reason="extraction_workers_died")
                )
            return
        logger.warning(
            "An extraction worker died (killed, out of memory?): starting new workers and "
            "extracting its pages again"
        )
        self.pool = self._start_pool()
        if stats is not None:
            stats.inc_value("workers/replaced")


def _extract_in_worker(
    body: bytes, url: str, encoding: str | None, now: datetime, options: _Options
) -> dict[str, Any] | None:
    """What a worker runs: module-level, so that it pickles by name. `options`: the user's
    time zones and link threshold."""
    timezones, min_confidence = options
    return extract_html(
        body, url, encoding=encoding, now=now, timezones=timezones, min_confidence=min_confidence
    )
