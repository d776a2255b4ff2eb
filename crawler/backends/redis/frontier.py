"""The depth bookkeeping shared through Redis: the spider's frontier, one Lua step per page.

Where LocalFrontier hands the spider the links to request, this one queues them in Redis in the
same atomic step that settles the page's depth and claims its export (crawler/backends/redis/
lua.py), so that no worker, whenever it is killed, leaves the crawl half-updated.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from crawler.backends.frontier import Hop
from crawler.backends.redis.shared import SharedCrawl
from crawler.meta import META_REFERRER

logger = logging.getLogger(__name__)

FENCED = "shared_crawl_fenced"
"""Close reason of a worker the others took for dead (its keys were given to them)."""


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class RedisFrontier:
    """Frontier on the shared crawl; `held` is the keys this worker leased and has not done."""

    shared = True

    def __init__(self, crawler: Crawler, crawl: SharedCrawl, depth_limit: int) -> None:
        """Use the crawler's shared crawl."""
        self.crawler = crawler
        self.crawl = crawl
        self.depth_limit = depth_limit
        self.held: set[str] = set()
        self.seeds_offered = 0
        self.fenced = False
        # Rows the page step brought back, for the state store, and the prefetched row of a
        # key to forget when its page ends without being asked (set by the worker extension).
        self.prime: Any = None
        self.forget: Any = None

    @classmethod
    def for_crawler(cls, crawler: Crawler, depth_limit: int) -> Self:
        """The frontier of the crawler's shared crawl."""
        return cls(crawler, SharedCrawl.for_crawler(crawler), depth_limit)

    def seed(self, key: str) -> list[Hop]:
        """Queue the seed in the shared crawl (a seed another worker gave already is not
        fetched twice): the spider requests nothing itself."""
        queued = int(self.crawl.run("offer_seed", key, self.depth_limit))
        self.crawl.add_seed_origin(key)
        self.seeds_offered += 1
        logger.info(
            "Seed %s %s the shared crawl", key, "queued in" if queued else "already known to"
        )
        return []

    def seed_urls(self) -> list[str]:
        """Every seed of the shared crawl, whichever worker offered it."""
        return self.crawl.seed_urls()

    def settle(self, key: str, final: str, requested: int) -> int:
        """The depth the request was made at: the page's step settles it (page)."""
        return requested

    def page(
        self,
        response: Response,
        *,
        key: str,
        final: str,
        depth: int,
        canonical: str,
        links: Sequence[tuple[str, str]],
        fresh: bool,
    ) -> tuple[int, bool, list[Hop]]:
        """One step: depth settled, links kept and queued, export claimed, lease released."""
        worker = self.crawl.worker
        claim = {
            "worker": worker.id,
            "machine": worker.machine,
            "pid": worker.pid,
            "start": worker.start,
            "feed": worker.feed,
            "run_id": worker.run_id,
            "key": key,
            "referrer": response.meta.get(META_REFERRER) or "",
            "url": response.url,
            "redirect_urls": list(response.meta.get("redirect_urls", [])),
            "etag": _header(response, "ETag"),
            "last_modified": _header(response, "Last-Modified"),
            "at": time.time(),
        }
        result = self.crawl.run(
            "page_done",
            worker.id,
            key,
            final,
            depth,
            canonical,
            json.dumps([list(link) for link in links]),
            "1" if fresh else "0",
            json.dumps(claim),
            self.depth_limit,
        )
        if int(result[0]) < 0:
            self.fence(key)
            return depth, False, []
        self.held.discard(key)
        depth, export, queued = int(result[0]), bool(result[1]), int(result[2])
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("redis/queued", queued)
        if export and self.prime is not None:
            self.prime(canonical, result[3])
        return depth, export, []

    def follow(self, links: Iterable[tuple[str, str]], depth: int, referrer: str) -> list[Hop]:
        """Queue a listing seed's links in the shared crawl."""
        encoded = json.dumps([list(link) for link in links])
        self.crawl.run("follow", encoded, depth, referrer, self.depth_limit)
        return []

    def finish(self, key: str, counter: str) -> None:
        """The page of a held key is done without an article step (not an article, failed,
        refused): release its lease. `counter`: "pages" or "failed"."""
        if self.forget is not None:
            self.forget(key)
        if key in self.held:
            self.held.discard(key)
            if not int(self.crawl.run("finish", self.crawl.worker.id, key, counter)):
                self.fence(key)

    def fence(self, key: str) -> None:
        """This worker's lease on `key` is gone: the others took it for dead. It stops (what it
        holds is theirs now)."""
        self.held.discard(key)
        if self.fenced:
            return
        self.fenced = True
        logger.error(
            "This worker's lease on %s was given to another worker (it was taken for dead: "
            "blocked longer than RELATED_REDIS_WORKER_TIMEOUT?); stopping",
            key,
        )
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=FENCED))
