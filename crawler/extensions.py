"""Extensions: the run's exit status, its manifest, and resuming a run kept in JOBDIR."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler.exporters import item_written
from crawler.incremental import IncrementalState
from crawler.monitors import run_figures
from crawler.runs import run_feed_template

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


def run_feed_path(crawler: Crawler, run_id: str) -> Path | None:
    """The local file the run's items go to (FEEDS entry with %(run_id)s), or None when there
    is none or it is not a local file."""
    template = run_feed_template(crawler.settings)
    if template is None:
        return None
    parts = urlsplit(template)
    if parts.scheme == "file":
        template = parts.path
    elif parts.scheme and len(parts.scheme) > 1:  # s3://, ftp://... (one letter: a drive)
        return None
    return Path(template.replace("%(run_id)s", run_id))


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

    RUN_ID_FILE = "related-run-id"

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        """Resume the run kept in `jobdir`, if any (before the scheduler and feeds open)."""
        self.crawler = crawler
        self.jobdir = jobdir
        self.id_file = jobdir / self.RUN_ID_FILE
        spider = crawler.spider
        assert spider is not None
        if self.id_file.is_file():
            run_id = self.id_file.read_text(encoding="utf-8").strip()
            logger.warning(
                "Resuming run %s from %s: starting again from the seeds; the state store "
                "skips what the stopped attempt exported",
                run_id,
                jobdir,
            )
            spider.run_id = run_id  # type: ignore[attr-defined]
            feed = run_feed_path(crawler, run_id)
            if feed is not None:
                cut_torn_line(feed)
            assert crawler.stats is not None
            crawler.stats.set_value("run/resumed", True)
        else:
            # Written when the spider opens: RunManifest may still rename a colliding run.
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
        self.id_file.write_text(str(getattr(spider, "run_id", spider.name)), encoding="utf-8")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """A finished run is over: the next start in this JOBDIR is a new run."""
        if reason == "finished":
            self.id_file.unlink(missing_ok=True)


def cut_torn_line(path: Path) -> int:
    """Truncate `path` after its last newline (a killed write can leave part of a line);
    returns the number of bytes cut."""
    if not path.is_file():
        return 0
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        # Lines are at most a few hundred KB; read back in blocks until a newline.
        pos = size
        while pos > 0:
            step = min(65_536, pos)
            handle.seek(pos - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = pos - step + newline + 1
                break
            pos -= step
        else:
            keep = 0
        if keep == size:
            return 0
        handle.truncate(keep)
    logger.warning("Cut a torn last line (%d bytes) from %s", size - keep, path)
    return size - keep


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
        ext.avoid_run_id_collision()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_written, signal=item_written)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def avoid_run_id_collision(self) -> None:
        """A new run whose id (the spider name and its start, to the second) is already taken
        by a run file becomes "<run id>-2" (-3, ...), instead of appending to the other run."""
        spider = self.crawler.spider
        assert spider is not None
        if self.stats.get_value("run/resumed") or not hasattr(spider, "run_id"):
            return
        base = str(spider.run_id)
        run_id, n = base, 1
        while (feed := run_feed_path(self.crawler, run_id)) is not None and (
            feed.exists() or feed.with_name(run_id + ".json").exists()
        ):
            n += 1
            run_id = f"{base}-{n}"
        if run_id != base:
            logger.warning("Run id %s is taken by an earlier run: this run is %s", base, run_id)
            spider.run_id = run_id

    def spider_opened(self, spider: Spider) -> None:
        """Write the manifest with status "running"."""
        run_id = str(getattr(spider, "run_id", spider.name))
        self.feed = run_feed_path(self.crawler, run_id)
        if self.feed is None:
            logger.info("Run file is not a local file: no manifest written")
            return
        self.path = self.feed.with_name(run_id + ".json")
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
            "run_id": str(getattr(spider, "run_id", spider.name)),
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
