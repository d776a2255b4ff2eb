"""A worker's life in the shared crawl: registry, heartbeat, seeds pushed to Redis, dead workers'
keys and export claims, and stopping when the crawl is over.

Every RELATED_REDIS_POLL_INTERVAL the worker leases work when it has room (and wakes the engine),
offers the seeds users pushed to the start_urls list (scrapy-redis's `redis_key` convention: a
URL, or JSON {"url": ...}), and notes whether the crawl is over. Every third of
RELATED_REDIS_WORKER_TIMEOUT (at most every second) it renews its heartbeat and looks for dead
workers: one whose process ended (seen from its own machine) or whose heartbeat expired. A dead
worker's leased keys go back to the queue; each of its open export claims is settled by reading
its run file: the line is there (the state records it) or the page is fetched again. A claim
whose run file this machine cannot read waits RELATED_REDIS_ORPHAN_TIMEOUT for a worker that
can, then its page is fetched again (the dataset folds a duplicate line, if there was one).

The crawl is over when no seed waits, nothing is queued or leased and no export claim is open:
after RELATED_REDIS_IDLE_CLOSE seconds of that, each worker stops with "finished" (the first
deletes the crawl's keys; the state store stays for the next run). 0 keeps workers waiting for
seeds until they are stopped.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from crawler.backends import is_shared
from crawler.backends.redis.claims import OrphanClaims
from crawler.backends.redis.frontier import RedisFrontier
from crawler.backends.redis.scheduler import LeasedQueue
from crawler.backends.redis.shared import SharedCrawl
from crawler.backends.redis.state import RedisStateStore
from crawler.extract.urls import normalize_url
from crawler.incremental import IncrementalState, UnchangedArticle
from crawler.runs import run_file, run_id
from crawler.spiders.arguments import SeedError, clean_seed

logger = logging.getLogger(__name__)


def seed_of(raw: str) -> str:
    """The URL of a start_urls entry: the URL itself, or JSON {"url": ...} (scrapy-redis's
    format). Raises SeedError when it holds no http(s) URL."""
    text = raw.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SeedError(f"not JSON: {raw!r}") from exc
        text = str(data.get("url") or "") if isinstance(data, dict) else ""
    url, _ = clean_seed(text)
    return normalize_url(url) or url


class SharedWorker:
    """The extension that makes this crawl process a worker of the shared crawl (see the
    module docstring). Stats: redis/round_trips, redis/reaped_workers, redis/requeued,
    redis/claims_written, redis/claims_refetched, redis/seeds_pushed, redis/bad_seeds."""

    def __init__(self, crawler: Crawler) -> None:
        """Read the shared crawl's settings (the run id, with this worker's host and process,
        is crawler/runs/identity.py's)."""
        assert crawler.stats is not None
        assert crawler.spider is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.crawl = SharedCrawl.for_crawler(crawler)
        settings = crawler.settings
        self.timeout = settings.getfloat("RELATED_REDIS_WORKER_TIMEOUT", 30)
        self.beat_every = max(0.2, min(1.0, self.timeout / 3))
        self.poll_interval = settings.getfloat("RELATED_REDIS_POLL_INTERVAL", 0.05)
        self.idle_close = settings.getfloat("RELATED_REDIS_IDLE_CLOSE", 5)
        self.orphan_timeout = settings.getfloat("RELATED_REDIS_ORPHAN_TIMEOUT", 600)
        self.loop: task.LoopingCall | None = None
        self.next_beat = 0.0
        self.idle_since: float | None = None
        self.closing = False
        self.server_run_id = ""
        self.orphans = OrphanClaims(self.crawl, self.stats, self.orphan_timeout)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Only for a worker of a shared crawl (RELATED_BACKEND=redis, scrapy crawl related)."""
        if not is_shared(crawler.settings):
            raise NotConfigured
        ext = cls(crawler)
        for handler, signal in (
            (ext.spider_opened, signals.spider_opened),
            (ext.spider_idle, signals.spider_idle),
            (ext.spider_closed, signals.spider_closed),
            (ext.item_scraped, signals.item_scraped),
            (ext.item_dropped, signals.item_dropped),
            (ext.item_error, signals.item_error),
        ):
            crawler.signals.connect(handler, signal=signal)
        return ext

    # -- the parts -----------------------------------------------------------------------------
    @property
    def spider(self) -> Spider:
        """The crawl's spider."""
        assert self.crawler.spider is not None
        return self.crawler.spider

    @property
    def frontier(self) -> RedisFrontier:
        """The spider's shared frontier."""
        frontier = getattr(self.spider, "frontier", None)
        assert isinstance(frontier, RedisFrontier)
        return frontier

    @property
    def queue(self) -> LeasedQueue | None:
        """The scheduler's leased queue, once the engine opened it."""
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None) if engine is not None else None
        queue = getattr(scheduler, "queue", None)
        return queue if isinstance(queue, LeasedQueue) else None

    def state(self) -> IncrementalState | None:
        """The run's incremental state (None when off)."""
        return IncrementalState.for_crawler(self.crawler)

    # -- signals -------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        """Register (with the run file), connect the state store's prefetch, start ticking."""
        feed = run_file(self.crawler)
        self.crawl.register(
            run_id(self.crawler), str(feed.resolve()) if feed else None, self.timeout
        )
        self.server_run_id = self.crawl.run_id_of_server()
        if not self.same_settings():
            return
        state = self.state()
        if state is not None and isinstance(state.store, RedisStateStore):
            self.frontier.prime = state.store.prime_canonical
            self.frontier.forget = state.store.forget_url
            queue = self.queue
            if queue is not None and not (state.full_recrawl or state.complete_export):
                queue.prime = state.store.prime_url
        logger.info(
            "Worker %s of the shared crawl at %s (queue %s, start URLs %s)",
            self.crawl.worker.id,
            self.crawl.url,
            self.crawl.keys["queue"],
            self.crawl.keys["start_urls"],
        )
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.poll_interval, now=False).addErrback(self._tick_failed)

    def same_settings(self) -> bool:
        """Whether this worker crawls with the DEPTH_LIMIT the crawl's first worker set (two
        limits in one crawl would make its depths and exports depend on who fetched what);
        else it stops, failed."""
        key = self.crawl.keys["settings"]
        limit = str(self.frontier.depth_limit)
        self.crawl.client.hsetnx(key, "DEPTH_LIMIT", limit)
        crawl_limit = str(self.crawl.client.hget(key, "DEPTH_LIMIT"))
        if crawl_limit == limit:
            return True
        shown = {str(1 << 30): "0 (no limit)"}
        logger.error(
            "The shared crawl runs with DEPTH_LIMIT=%s (set by its first worker); this worker "
            "has %s: give all workers of one crawl the same DEPTH_LIMIT",
            shown.get(crawl_limit, crawl_limit),
            shown.get(limit, limit),
        )
        self.closing = True
        self.crawl.leave()
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="shared_crawl_settings"))
        return False

    def spider_idle(self, spider: Spider) -> None:
        """Nothing to do here now: wait for the shared crawl, unless it is over."""
        if not self.closing and not self.frontier.fenced:
            raise DontCloseSpider

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Stop ticking, give back what was not done, leave the registry, count."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        queue = self.queue
        if queue is not None and not self.frontier.fenced:
            given = queue.give_back()
            if given:
                logger.info("Gave %d unfinished requests back to the shared crawl", given)
                self.stats.inc_value("redis/given_back", given)
        if not self.frontier.fenced:
            self.crawl.leave()
        self.stats.set_value("shared/crawl_pages_ok", self.crawl.counter("pages"))
        self.stats.set_value("redis/round_trips", self.crawl.round_trips)

    def _settle_own(self, item: Any) -> None:
        canonical = ItemAdapter(item).get("canonicalUrl")
        if canonical:
            self.crawl.run("drop_claim", str(canonical))

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        """The line is written: without a state store (which records it and settles the
        claim), the export claim is settled here."""
        if self.state() is None:
            self._settle_own(item)

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Spider
    ) -> None:
        """No line: the article is handled (an unchanged one is settled by the state store)."""
        if not (isinstance(exception, UnchangedArticle) and self.state() is not None):
            self._settle_own(item)

    def item_error(self, item: Any, response: Response, spider: Spider, failure: Any) -> None:
        """A pipeline failed on the item: it is not exported (the error is logged, and fails
        the run as in a single process); its claim is closed."""
        self._settle_own(item)

    # -- the tick ------------------------------------------------------------------------------
    def _tick_failed(self, failure: Any) -> None:
        logger.error("Shared crawl worker stopped: %s", failure.getErrorMessage())
        self.stats.inc_value("redis/errors")
        if self.crawler.engine is not None and not self.closing:
            self.closing = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="shared_crawl_error"))

    def tick(self) -> None:
        """Heartbeat and dead workers, seeds pushed, leases, and whether the crawl is over."""
        if self.closing or self.frontier.fenced:
            return
        now = time.monotonic()
        if now >= self.next_beat:
            self.next_beat = now + self.beat_every
            if not self.crawl.beat(self.timeout):
                self.frontier.fence("(registry)")
                return
            self.reap()
        queue = self.queue
        if queue is None:
            return
        if queue.status[3]:
            self.take_seeds()
        if not queue.local and queue.refill(force=not self.frontier.held):
            self.wake(queue)
        self.check_over(queue, now)

    def wake(self, queue: LeasedQueue) -> None:
        """Have the engine ask the scheduler again (a request handed back through it)."""
        engine = self.crawler.engine
        if engine is not None and queue.local:
            engine.crawl(queue.local.popleft())

    def take_seeds(self) -> None:
        """Offer the seeds users pushed to the start_urls list (each removed as it is offered)."""
        for raw in self.crawl.seeds_waiting(16):
            try:
                key = seed_of(raw)
            except SeedError as exc:
                logger.error("Seed pushed to %s refused: %s", self.crawl.keys["start_urls"], exc)
                self.stats.inc_value("redis/bad_seeds")
                self.crawl.run("offer_seed", "", self.frontier.depth_limit, raw)
                continue
            queued = int(self.crawl.run("offer_seed", key, self.frontier.depth_limit, raw))
            self.crawl.add_seed_origin(key)
            self.stats.inc_value("redis/seeds_pushed")
            logger.info("Seed pushed to the shared crawl: %s%s", key, "" if queued else " (known)")

    def check_over(self, queue: LeasedQueue, now: float) -> None:
        """Stop once the shared crawl has been over for RELATED_REDIS_IDLE_CLOSE seconds (this
        worker idle, its seeds offered, nothing left anywhere)."""
        spider_seeds = len(getattr(self.spider, "seeds", []))
        busy = (
            queue.local
            or self.frontier.held
            or self.frontier.seeds_offered < spider_seeds
            or any(queue.status[:4])
        )
        if busy or self.idle_close <= 0:
            self.idle_since = None
            return
        if self.idle_since is None:
            self.idle_since = now
            return
        if now - self.idle_since < self.idle_close:
            return
        over, status = self.crawl.finish_crawl(end=True)
        queue.status = status
        if not over:
            self.idle_since = None
            return
        logger.info("The shared crawl is over: this worker stops")
        self.closing = True
        engine = self.crawler.engine
        assert engine is not None
        deferred_from_coro(engine.close_spider_async(reason="finished"))

    # -- dead workers --------------------------------------------------------------------------
    def reap(self) -> None:
        """Give a dead worker's keys back to the queue, settle its export claims; and after a
        Redis restart, give back any lease this worker lost track of."""
        for dead in self.crawl.dead_workers(self.timeout):
            given = int(self.crawl.run("reap", dead.id))
            self.stats.inc_value("redis/reaped_workers")
            self.stats.inc_value("redis/requeued", given)
            logger.warning(
                "Worker %s (%s, pid %d) is gone: %d of its requests back in the queue",
                dead.id,
                dead.host,
                dead.pid,
                given,
            )
        self.orphans.settle(self.state())
        server = self.crawl.run_id_of_server()
        if server != self.server_run_id:
            self.server_run_id = server
            self.reconcile_leases()

    def reconcile_leases(self) -> None:
        """After a Redis restart: a lease this worker holds in Redis but not here (a pop whose
        answer was lost with the connection) goes back to the queue."""
        leases = self.crawl.client.hgetall(self.crawl.keys["leases"])
        mine = [str(key) for key, worker in leases.items() if worker == self.crawl.worker.id]
        lost = [key for key in mine if key not in self.frontier.held]
        if lost:
            self.crawl.run("requeue", self.crawl.worker.id, *lost)
            logger.warning("Redis restarted: %d lost leases back in the queue", len(lost))
