"""The add-on that turns `scrapy crawl related` into a worker of a crawl shared through Redis."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from crawler.backends import is_shared

# scrapy-redis's scheduler and dupefilter, with our leased queue (crawler/backends/redis/
# scheduler.py), and the worker extension (its spider_opened registers the run file before the
# run's own extensions see the spider open).
SHARED_SETTINGS = {
    "SCHEDULER": "crawler.backends.redis.scheduler.SharedScheduler",
    "SCHEDULER_QUEUE_CLASS": "crawler.backends.redis.scheduler.LeasedQueue",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
}
WORKER_EXTENSION = "crawler.backends.redis.worker.SharedWorker"
WORKER_PRIORITY = 50


class RedisBackend:
    """Scrapy add-on: with RELATED_BACKEND=redis, a `scrapy crawl related` run (RELATED_RUN,
    see crawler/addons.py) takes its requests from the shared crawl in Redis; nothing changes
    otherwise."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Set the scheduler, the queue, the dupefilter and the worker extension."""
        if not settings.getbool("RELATED_RUN") or not is_shared(settings):
            return
        for name, value in SHARED_SETTINGS.items():
            settings.set(name, value, priority="addon")
        worker = load_object(WORKER_EXTENSION)
        settings.set_in_component_priority_dict("EXTENSIONS", worker, WORKER_PRIORITY)
