"""A dead worker's export claims: settled from its run file, where its line is or is not."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.statscollectors import StatsCollector

from crawler.backends.redis.shared import SharedCrawl, machine_id, process_start
from crawler.incremental import Fetch, IncrementalState
from crawler.runs import cut_torn_line

logger = logging.getLogger(__name__)


def feed_items(path: Path) -> dict[str, dict[str, Any]]:
    """The whole item lines of a run file, by canonical URL."""
    items: dict[str, dict[str, Any]] = {}
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                continue
            try:
                item = json.loads(raw)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("canonicalUrl"):
                items[str(item["canonicalUrl"])] = item
    return items


def fetch_from_line(item: dict[str, Any], claim: dict[str, Any]) -> Fetch:
    """The state update of an item line a dead worker wrote (with the validators its claim
    kept from the response)."""
    crawled = str(item.get("crawledAt") or "")
    try:
        fetched_at = datetime.fromisoformat(crawled.replace("Z", "+00:00"))
    except ValueError:
        fetched_at = datetime.now(UTC)
    return Fetch(
        canonical_url=str(item["canonicalUrl"]),
        url=str(claim.get("url") or item.get("url")),
        request_urls=list(claim.get("redirect_urls") or []),
        content_hash=item.get("contentHash"),
        date_published=item.get("datePublished"),
        date_modified=item.get("dateModified"),
        links=[(str(link["url"]), str(link["kind"])) for link in item.get("relatedLinks") or []],
        etag=claim.get("etag"),
        last_modified=claim.get("last_modified"),
        fetched_at=fetched_at,
    )


class OrphanClaims:
    """The export claims of workers that left the registry (see the worker's module docstring):
    a claim whose line is in the dead worker's run file is recorded as written (in the state
    store, with the validators the claim kept), else its page is fetched again. A run file this
    machine cannot read waits RELATED_REDIS_ORPHAN_TIMEOUT for a worker that can."""

    def __init__(self, crawl: SharedCrawl, stats: StatsCollector, orphan_timeout: float) -> None:
        """The shared crawl, the stats to count in, how long an unreadable claim waits."""
        self.crawl = crawl
        self.stats = stats
        self.orphan_timeout = orphan_timeout
        self.waiting: set[str] = set()

    def settle(self, state: IncrementalState | None) -> None:
        """Export claims of workers that left the registry: written (the line is in its run
        file) or fetched again."""
        claims = self.crawl.claims()
        if not claims:
            return
        registered = {w.id for w in self.crawl.workers()}
        orphans = {c: claim for c, claim in claims.items() if claim["worker"] not in registered}
        by_feed: dict[str | None, list[tuple[str, dict[str, Any]]]] = {}
        for canonical, claim in orphans.items():
            by_feed.setdefault(claim.get("feed"), []).append((canonical, claim))
        here = machine_id()
        for feed, group in by_feed.items():
            path = Path(feed) if feed else None
            first = group[0][1]
            local = first.get("machine") == here
            items: dict[str, dict[str, Any]] | None = None
            if path is not None and (local or path.is_file()):
                if local and process_start(int(first.get("pid") or 0)) != first.get("start"):
                    cut_torn_line(path)  # its process has ended: no write is under way
                items = feed_items(path) if path.is_file() else {}
            for canonical, claim in group:
                self.settle_claim(canonical, claim, items, state)

    def settle_claim(
        self,
        canonical: str,
        claim: dict[str, Any],
        items: dict[str, dict[str, Any]] | None,
        state: IncrementalState | None,
    ) -> None:
        """One dead worker's claim, with its run file's lines (None: unreadable here)."""
        if items is None:
            waited = time.time() - float(claim.get("at") or 0)
            if waited < self.orphan_timeout:
                if canonical not in self.waiting:
                    self.waiting.add(canonical)
                    logger.warning(
                        "Export claim on %s by gone worker %s: its run file %s is not readable "
                        "here; waiting up to RELATED_REDIS_ORPHAN_TIMEOUT for a worker on its "
                        "host",
                        canonical,
                        claim["worker"],
                        claim.get("feed"),
                    )
                return
            logger.warning(
                "Export claim on %s by gone worker %s unsettled after %.0f s: fetched again "
                "(its run file may hold it too; the dataset keeps one line)",
                canonical,
                claim["worker"],
                waited,
            )
        item = items.get(canonical) if items is not None else None
        if item is not None and state is not None and claim.get("run_id"):
            state.store.record_export(fetch_from_line(item, claim), str(claim["run_id"]))
            self.crawl.run("settle_claim", canonical, claim["worker"], "written")
        else:
            self.crawl.run(
                "settle_claim", canonical, claim["worker"], "written" if item else "lost"
            )
        self.stats.inc_value("redis/claims_written" if item else "redis/claims_refetched")
        logger.warning(
            "Export claim on %s by gone worker %s: %s",
            canonical,
            claim["worker"],
            "its line is in its run file" if item else "no line in its run file, fetched again",
        )
