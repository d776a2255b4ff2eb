"""Resuming a run kept in JOBDIR: same run id, same run file, after a stop or a kill."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.incremental import IncrementalState
from crawler.runs.feeds import cut_torn_line
from crawler.runs.identity import RUN_ID_FILE, run_file, run_id, run_of

logger = logging.getLogger(__name__)


class JobResume:
    """With JOBDIR, a run that is started again after being stopped (SIGINT, SIGTERM or SIGKILL)
    continues the same run: same run id, same run file (appended to, after cutting a torn last
    line a kill may have left).

    Scrapy's own JOBDIR request queue is only written when the crawl closes cleanly, so after a
    SIGKILL it cannot be trusted. The resumed run therefore starts again from the seeds with
    Scrapy's queue and seen-requests file emptied; the state store (crawler/incremental/) answers
    the articles the stopped attempt already exported without fetching them again (or with a
    304), so the run file ends up holding every article (once, unless the kill fell between
    writing a line and recording it: the dataset keeps one line per version). A run that
    finishes clears its run id, so the next run in the same JOBDIR is a new run (a fixed JOBDIR
    in a cron line is fine). Off (plain Scrapy JOBDIR) when the run has no state store.
    """

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        """Resume the run kept in `jobdir`, if any (before the scheduler and feeds open)."""
        self.crawler = crawler
        self.jobdir = jobdir
        self.id_file = jobdir / RUN_ID_FILE
        run = run_of(crawler)  # RunIdentity read the id file: resumed or not is decided
        if run.resumed:
            logger.warning(
                "Resuming run %s from %s: starting again from the seeds; the state store "
                "skips what the stopped attempt exported",
                run.id,
                jobdir,
            )
            feed = run_file(crawler)
            if feed is not None:
                cut_torn_line(feed)
        else:
            # The id file is written when the spider opens.
            jobdir.mkdir(parents=True, exist_ok=True)
        # Scrapy's queue and seen requests: untrustworthy after a kill, and after a finished
        # run they would filter out the next run's seeds.
        for name in ("requests.queue", "requests.seen"):
            target = jobdir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """NotConfigured without JOBDIR, or without the state store (then JOBDIR works as in
        plain Scrapy)."""
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured  # the usual case: nothing to say
        if IncrementalState.for_crawler(crawler) is None:
            raise NotConfigured("no incremental state: Scrapy's own JOBDIR resume")
        ext = cls(crawler, Path(jobdir))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Keep the run id until the run finishes."""
        self.id_file.write_text(run_id(self.crawler), encoding="utf-8")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """A finished run is over: the next start in this JOBDIR is a new run."""
        if reason == "finished":
            self.id_file.unlink(missing_ok=True)
