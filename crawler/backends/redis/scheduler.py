"""scrapy-redis's scheduler for the shared crawl, with a queue that leases instead of popping.

`SharedScheduler` is scrapy-redis's Scheduler (connection, dupefilter, queue class, stats), kept
persistent: a worker that stops must not flush the queue the others crawl from (the crawl's keys
go when the crawl is over, see crawler/backends/redis/worker.py).

`LeasedQueue` is its queue class (SCHEDULER_QUEUE_CLASS). scrapy-redis's queues pop for good: a
worker killed with SIGKILL loses every request it had popped. Here a pop leases the request's
key to the worker (crawler/backends/redis/lua.py, POP) and the lease ends only when its page is
done; a dead worker's leases go back to the queue. The queue holds request keys (normalized
URLs) with their depth and link kind, not pickled requests: the worker builds the request with
the spider's own `_request`, so a request from Redis never runs code, and a shorter chain found
later moves a queued key up the queue in place. Retries and redirects of a leased page stay in
the worker that holds it.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler
from twisted.python.failure import Failure

from crawler.backends.redis.frontier import RedisFrontier
from crawler.backends.redis.shared import SharedCrawl
from crawler.meta import META_KEY, META_KIND, META_REFERRER, META_SEED


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's Scheduler, persistent, without its deprecated stats calls."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """scrapy-redis's construction; the queue outlives this worker (persist)."""
        scheduler: Self = super().from_crawler(crawler)
        scheduler.persist = True
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        """scrapy-redis's enqueue (dupefilter, then the queue)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """The next request this worker holds, leasing more when it runs short."""
        request: Request | None = self.queue.pop()
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class LeasedQueue(Base):  # type: ignore[misc]
    """The shared crawl's queue as scrapy-redis's queue class (see the module docstring).

    Settings: CONCURRENT_REQUESTS (a worker holds up to 1.5 times as many leases),
    RELATED_REDIS_POLL_INTERVAL (seconds between two looks at an empty or gated queue, 0.05).
    """

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        """scrapy-redis's queue construction, on the spider's shared crawl."""
        super().__init__(server, spider, key, serializer)
        crawler: Crawler = spider.crawler
        self.crawler = crawler
        self.crawl = SharedCrawl.for_crawler(crawler)
        frontier = spider.frontier
        assert isinstance(frontier, RedisFrontier)
        self.frontier = frontier
        concurrency = crawler.settings.getint("CONCURRENT_REQUESTS", 16)
        self.target = max(2, concurrency + concurrency // 2)
        self.batch = max(1, concurrency // 4)
        self.poll_interval = crawler.settings.getfloat("RELATED_REDIS_POLL_INTERVAL", 0.05)
        self.local: deque[Request] = deque()
        self.next_poll = 0.0
        # The crawl's status as the last pop saw it: queued, pending, claims, seeds, pages.
        self.status: list[int] = [0, 0, 0, 0, 0]
        # Called with (url, state row) for each key leased (the state store's prefetch).
        self.prime: Any = None

    def __len__(self) -> int:
        """Requests this worker holds and has not started."""
        return len(self.local)

    def push(self, request: Request) -> None:
        """A retry or redirect of a page this worker holds stays here; any other request is
        offered to the shared crawl as a link (or a seed) at its depth."""
        key = request.meta.get(META_KEY) or request.url
        if key in self.frontier.held:
            self.local.append(request)
            return
        kind = str(request.meta.get(META_KIND) or "body")
        depth = int(request.meta.get("depth") or 0)
        if request.meta.get(META_SEED) or depth == 0:
            self.frontier.seed(key)
        else:
            referrer = str(request.meta.get(META_REFERRER) or "")
            self.frontier.follow([(key, kind)], depth - 1, referrer)

    def pop(self, timeout: float = 0) -> Request | None:
        """The next request held here; leases more from the shared crawl when none is left."""
        if not self.local:
            self.refill()
        return self.local.popleft() if self.local else None

    def refill(self, *, force: bool = False) -> int:
        """Lease keys from the shared crawl, up to the worker's share; returns how many.
        After a look that found nothing, the next waits for the poll interval (unless `force`)."""
        now = time.monotonic()
        if self.frontier.fenced or (not force and now < self.next_poll):
            return 0
        wanted = self.target - len(self.frontier.held)
        if wanted <= 0 or (self.frontier.held and wanted < self.batch and not force):
            return 0
        entries, status = self.crawl.run("pop", self.crawl.worker.id, wanted)
        self.status = [int(n) for n in status]
        spider = self.spider
        for key, depth, entry, row in entries:
            referrer, kind = json.loads(entry) if entry else ("", "body")
            self.frontier.held.add(key)
            if self.prime is not None:
                self.prime(key, row)
            request = spider._request(
                key, depth=int(depth), referrer=referrer or None, kind=kind, seed=kind == "seed"
            )
            self.local.append(self._held(request, key))
        if not entries:
            self.next_poll = now + self.poll_interval
        return len(entries)

    def _held(self, request: Request, key: str) -> Request:
        """The request with its callback and errback releasing the key's lease when its page
        is done without an article step (the article step releases it itself)."""
        parse = request.callback
        on_error = request.errback
        assert callable(parse)
        assert callable(on_error)
        frontier = self.frontier

        async def callback(response: Response, **kwargs: Any) -> AsyncIterator[Any]:
            try:
                async for output in parse(response, **kwargs):
                    yield output
            finally:
                frontier.finish(key, "pages")

        def errback(failure: Failure) -> Any:
            try:
                return on_error(failure)
            finally:
                frontier.finish(key, "failed")

        return request.replace(callback=callback, errback=errback)

    def give_back(self) -> int:
        """Return every key held here and not done to the shared crawl (a worker stopping)."""
        self.local.clear()
        keys = sorted(self.frontier.held)
        self.frontier.held.clear()
        return self.crawl.requeue(keys)

    def clear(self) -> None:
        """SCHEDULER_FLUSH_ON_START: the crawl starts over (its keys deleted; the state store
        stays)."""
        self.crawl.client.delete(*self.crawl.crawl_keys())
