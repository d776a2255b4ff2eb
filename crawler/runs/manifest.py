"""The run manifest `<run id>.json` beside the run file: seeds, settings, counts, exit status."""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler.exporters import item_written
from crawler.monitors import run_figures
from crawler.runs.feeds import run_feed_template
from crawler.runs.identity import run_file, run_id

logger = logging.getLogger(__name__)


MANIFEST_SETTINGS: dict[str, str] = {
    "DEPTH_LIMIT": "int",
    "ROBOTSTXT_OBEY": "bool",
    "USER_AGENT": "str",
    "AUTOTHROTTLE_ENABLED": "bool",
    "CONCURRENT_REQUESTS": "int",
    "DOWNLOAD_DELAY": "float",
    "RELATED_MAX_FAILURE_RATIO": "float",
    "RELATED_MAX_LINKS_PER_PAGE": "int",
    "RELATED_MAX_PAGES_PER_SEED": "int",
    "RELATED_MAX_RETRY_AFTER": "float",
    "RELATED_ALLOW_PRIVATE_ADDRESSES": "bool",
    "DOWNLOAD_MAXSIZE": "int",
    "STATE_ENABLED": "bool",
    "STATE_DB_PATH": "str",
    "STATE_FULL_RECRAWL": "bool",
    "REVISIT_FIRST_DAY": "float",
    "REVISIT_FIRST_WEEK": "float",
    "REVISIT_OLDER": "float",
    "REVISIT_UNDATED": "float",
    "JOBDIR": "str",
    # "redis": this run is one worker of a shared crawl (its REDIS_URL may hold a password).
    "RELATED_BACKEND": "str",
}


# What went wrong or was refused on the way, in each manifest's counts (name: stat).
ROBUSTNESS_COUNTS: dict[str, str] = {
    "extract_errors": "related/extract_errors",
    "not_written": "feed/items_not_written",
    "refused_addresses": "related/refused_address",
    "off_site_redirects": "related/off_site_redirect",
    "too_large": "related/too_large",
    "empty_bodies": "related/empty",
    "retry_after_honoured": "retry_after/honoured",
    "retry_after_given_up": "retry_after/given_up",
    "links_capped_pages": "related/links_capped_pages",
    "page_budget_skipped": "related/page_budget_skipped",
    "canonical_other_site": "related/canonical_other_site",
    "canonical_claimed": "related/canonical_claimed",
    "workers_replaced": "workers/replaced",
}


def _setting(settings: BaseSettings, name: str, kind: str) -> Any:
    if settings.get(name) is None:
        return None
    if kind == "bool":
        return settings.getbool(name)
    if kind == "int":
        return settings.getint(name)
    if kind == "float":
        return settings.getfloat(name)
    return str(settings.get(name))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_json(path: Path, data: dict[str, Any], *, reserve: bool = False) -> None:
    """Write through a temporary file and rename: a reader never sees half a manifest. With
    `reserve`, the file is padded (JSON allows trailing white space) to twice its size: a full
    disk can then still take the final manifest, written in place over the reserved blocks when
    the temporary file cannot be."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if reserve:
        text += " " * (len(text.encode("utf-8")) + 4096) + "\n"
    raw = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(raw)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        if reserve or not path.is_file() or path.stat().st_size < len(raw):
            raise
        with path.open("r+b") as handle:  # the reserved blocks: no new space needed
            handle.write(raw)
            handle.truncate()


class RunManifest:
    """Writes `<run id>.json` next to the run file: seeds, the settings that matter, start and
    end, counts and the exit status. Written when the run starts (status "running") and again
    when it ends ("finished" or "failed"); a manifest still saying "running" is a killed run.
    """

    def __init__(self, crawler: Crawler) -> None:
        """Count exported items' date sources as they come."""
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.sources: dict[str, Counter[str]] = {
            "datePublished": Counter(),
            "dateModified": Counter(),
        }
        self.path: Path | None = None
        self.feed: Path | None = None
        self.started = datetime.now(UTC)
        self.attempts = 1

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Connected to spider_opened, item_written and spider_closed (after RunStatus)."""
        if run_feed_template(crawler.settings) is None:
            raise NotConfigured  # a one-off export: no run file, so no manifest beside it
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_written, signal=item_written)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Write the manifest with status "running"."""
        self.feed = run_file(self.crawler)
        if self.feed is None:
            logger.info("Run file is not a local file: no manifest written")
            return
        self.path = self.feed.with_name(run_id(self.crawler) + ".json")
        if self.path.is_file():  # a resumed run: keep its first start
            try:
                previous = json.loads(self.path.read_text(encoding="utf-8"))
                self.started = datetime.fromisoformat(previous["started"].replace("Z", "+00:00"))
                self.attempts = int(previous.get("attempts", 1)) + 1
            except (ValueError, KeyError, TypeError) as exc:
                logger.warning("Unreadable manifest %s (%s): starting a new one", self.path, exc)
        _write_json(self.path, self.manifest(spider, status="running"), reserve=True)

    def item_written(self, item: Any, uri: str, uri_template: str) -> None:
        """Count where the dates of an item written to the run file came from."""
        if uri_template != run_feed_template(self.crawler.settings):
            return
        adapter = ItemAdapter(item)
        for name, counter in self.sources.items():
            if adapter.get(name) is not None:
                counter[str(adapter.get(f"{name}Source") or "unknown")] += 1
            else:
                counter["none"] += 1

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Rewrite the manifest with the run's outcome."""
        if self.path is None:
            return
        code = int(self.stats.get_value("run/exit_code", 0) or 0)
        status = "finished" if code == 0 else "failed"
        try:
            _write_json(self.path, self.manifest(spider, status=status, reason=reason))
        except OSError as exc:
            logger.error("Could not write the run manifest %s: %s", self.path, exc)
            return
        logger.info("Run manifest: %s (%s)", self.path, status)

    def manifest(self, spider: Spider, *, status: str, reason: str | None = None) -> dict[str, Any]:
        """The manifest as a JSON-ready dict."""
        get = self.stats.get_value
        settings = self.crawler.settings
        fetched = (
            int(get("downloader/response_count", 0) or 0)
            - int(get("state/not_due", 0) or 0)
            - int(get("related/replayed", 0) or 0)
        )
        ended = status != "running"
        failed_statuses = {
            key.removeprefix("related/http_"): value
            for key, value in self.stats.get_stats().items()
            if key.startswith("related/http_")
        }
        return {
            "run_id": run_id(self.crawler),
            "spider": spider.name,
            "status": status,
            "close_reason": reason,
            "exit_code": int(get("run/exit_code", 0) or 0) if ended else None,
            "failure_reasons": list(get("run/failure_reasons", []) or []) if ended else [],
            "seeds": list(getattr(spider, "seeds", [])),
            "started": _utc(self.started),
            "ended": _utc(datetime.now(UTC)) if ended else None,
            "attempts": self.attempts,
            "feed": str(self.feed) if self.feed else None,
            "settings": {
                name: _setting(settings, name, kind) for name, kind in MANIFEST_SETTINGS.items()
            },
            "counts": {
                "responses": fetched,
                "pages_ok": int(get("related/pages_ok", 0) or 0),
                "pages_failed": int(get("related/failed_pages", 0) or 0),
                "http_errors": failed_statuses,
                "ignored": int(get("related/ignored", 0) or 0),
                "not_articles": int(get("related/not_article", 0) or 0),
                "items": int(get("item_scraped_count", 0) or 0),
                "items_in_file": _count_lines(self.feed) if ended and self.feed else None,
                "new": int(get("state/new", 0) or 0),
                "updated": int(get("state/updated", 0) or 0),
                "unchanged": int(get("state/unchanged", 0) or 0),
                "not_modified_304": int(get("state/not_modified_304", 0) or 0),
                "not_due": int(get("state/not_due", 0) or 0),
                "dropped_invalid": int(get("validation/dropped", 0) or 0),
                # Addresses learned after their article's line: in <run id>.addresses.ndjson.
                "late_addresses": int(get("graph/late_addresses", 0) or 0),
                "errors_logged": int(get("log_count/ERROR", 0) or 0),
                **{name: int(get(stat, 0) or 0) for name, stat in ROBUSTNESS_COUNTS.items()},
            },
            "date_sources": {
                name: dict(sorted(counter.items())) for name, counter in self.sources.items()
            },
            # Date quality, page shares and monitor results (crawler/monitors.py).
            **run_figures(self.stats.get_stats()),
        }


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.endswith(b"\n"))
