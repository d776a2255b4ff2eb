"""A progress line every RELATED_PROGRESS_INTERVAL seconds, and a short human summary at the end."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call

from crawler.runs import RUN_ID_PARAM, run_feed_path, run_feed_template, run_id

logger = logging.getLogger(__name__)


def _n(value: Any) -> str:
    return f"{int(value or 0):,}"


def _elapsed(seconds: float) -> str:
    return str(timedelta(seconds=round(seconds)))


class RunProgress:
    """Logs where a `related` crawl stands every RELATED_PROGRESS_INTERVAL seconds (default
    30; 0 turns the line off) and, when it ends, a short summary: what was exported, what
    failed, the exit status, where the items are and how to make the report.

    Replaces Scrapy's LogStats (a line a minute, pages and items only; see settings.py). Runs
    after RunManifest, so the summary tells the final exit status, monitors included."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.interval = interval
        self.started = time.monotonic()
        self.last = (self.started, 0)
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Off for spiders other than `related` (shell, fetch)."""
        from crawler.spiders.related import RelatedSpider

        if not issubclass(crawler.spidercls, RelatedSpider):
            raise NotConfigured("progress lines are for the related spider's runs")
        ext = cls(crawler, crawler.settings.getfloat("RELATED_PROGRESS_INTERVAL", 30.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Start the clock and the periodic line."""
        self.started = time.monotonic()
        self.last = (self.started, 0)
        if self.interval > 0:
            self.task = create_looping_call(self.log_progress)
            self.task.start(self.interval, now=False)

    def progress_line(self) -> str:
        """Where the crawl stands now."""
        get = self.stats.get_value
        now = time.monotonic()
        pages = int(get("downloader/response_count", 0) or 0)
        since, before = self.last
        rate = (pages - before) / (now - since) if now > since else 0.0
        self.last = (now, pages)
        engine = self.crawler.engine
        queued = len(engine.scheduler) if engine and engine.scheduler is not None else 0  # type: ignore[arg-type]
        active = len(engine.downloader.active) if engine else 0
        known = sum(
            int(get(k, 0) or 0)
            for k in ("state/unchanged", "state/not_modified_304", "state/not_due")
        )
        return (
            f"Progress: {_n(pages)} pages ({rate:.1f}/s), {_n(get('item_scraped_count'))} "
            f"articles exported (new {_n(get('state/new'))}, updated "
            f"{_n(get('state/updated'))}), {_n(known)} known unchanged, "
            f"{_n(get('related/failed_pages'))} failed; {_n(queued)} waiting, {_n(active)} in "
            f"flight; {_elapsed(now - self.started)} elapsed"
        )  # fmt: skip

    def log_progress(self) -> None:
        """The periodic line."""
        logger.info(self.progress_line())

    def summary(self, spider: Spider, reason: str) -> list[str]:
        """The closing lines."""
        get = self.stats.get_value
        code = int(get("run/exit_code", 0) or 0)
        run = run_id(self.crawler)
        status = "finished" if code == 0 else "FAILED"
        errors = {
            key.removeprefix("related/http_"): value
            for key, value in self.stats.get_stats().items()
            if key.startswith("related/http_")
        }
        failed = _n(get("related/failed_pages"))
        if errors:
            failed += (
                " (" + ", ".join(f"HTTP {k}: {_n(v)}" for k, v in sorted(errors.items())) + ")"
            )
        lines = [
            f"Run {run} {status} ({reason}) in {_elapsed(time.monotonic() - self.started)}, "
            f"exit code {code}: {_n(get('item_scraped_count'))} articles exported (new "
            f"{_n(get('state/new'))}, updated {_n(get('state/updated'))}); unchanged "
            f"{_n(get('state/unchanged'))}, not modified (304) "
            f"{_n(get('state/not_modified_304'))}, not due {_n(get('state/not_due'))}; "
            f"pages fetched {_n(get('related/pages_ok'))}, failed {failed}, not articles "
            f"{_n(get('related/not_article'))}"
        ]
        for why in get("run/failure_reasons") or []:
            lines.append(f"Run failed: {why}")
        files = self.output_files(run, spider.name)
        if files:
            lines.append("Items: " + ", ".join(str(f) for f in files))
            local = [f for f in files if isinstance(f, Path) and f.suffix == ".jsonl"]
            if local:
                lines.append(
                    f"Report: scrapy report {local[0]} (writes {local[0].with_suffix('.html')})"
                )
        return lines

    def output_files(self, run: str, name: str) -> list[Path | str]:
        """The feeds this run wrote: local paths where they are local files, else the URI."""
        out: list[Path | str] = []
        run_template = run_feed_template(self.crawler.settings)
        for key in self.crawler.settings.getdict("FEEDS"):
            uri = str(key).replace("%(name)s", name)
            if key == run_template:
                path = run_feed_path(self.crawler.settings, run)
                out.append(path if path is not None else uri.replace(RUN_ID_PARAM, run))
            elif "://" in uri and not uri.startswith("file://"):
                out.append(uri)
            else:
                out.append(Path(uri.removeprefix("file://")))
        return out

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Stop the periodic line; log the summary."""
        if self.task is not None and self.task.running:
            self.task.stop()
        for line in self.summary(spider, reason):
            logger.info(line)
