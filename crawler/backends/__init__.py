"""Where a crawl keeps its bookkeeping and state: this process and SQLite, or Redis (shared).

RELATED_BACKEND="sqlite" (the default): depths, links and exports in the crawl process
(crawler/backends/frontier.py), the incremental state in SQLite (crawler/incremental/store.py).
RELATED_BACKEND="redis" with REDIS_URL: any number of `scrapy crawl related` processes, on one
host or several, share one crawl through Redis (crawler/backends/redis/): the request queue
(scrapy-redis's scheduler), the depths, the exports and the incremental state.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from crawler.backends.frontier import Frontier, LocalFrontier

if TYPE_CHECKING:  # crawler.incremental imports this module
    from crawler.incremental.store import ArticleState, Fetch

BACKENDS = ("sqlite", "redis")


class BackendError(ValueError):
    """A backend setting the crawl cannot start with; the message is one line for the user."""


def backend_of(settings: BaseSettings) -> str:
    """RELATED_BACKEND, checked: "sqlite" (default) or "redis"."""
    name = str(settings.get("RELATED_BACKEND") or "sqlite").strip().lower()
    if name not in BACKENDS:
        raise BackendError(
            f"RELATED_BACKEND={settings.get('RELATED_BACKEND')!r}: one of {', '.join(BACKENDS)}"
        )
    return name


def check_backend(settings: BaseSettings) -> None:
    """Check the backend settings before a crawl starts; BackendError with one line else. A
    shared crawl needs Redis to answer on REDIS_URL, and no JOBDIR (the crawl's state is in
    Redis: a worker stopped and started again just joins it)."""
    if backend_of(settings) != "redis":
        return
    if settings.get("JOBDIR"):
        raise BackendError(
            "JOBDIR with RELATED_BACKEND=redis: a shared crawl keeps its queue in Redis, and a "
            "worker started again joins it; drop -s JOBDIR"
        )
    from crawler.backends.redis.shared import check_connection

    check_connection(settings)


def is_shared(settings: BaseSettings) -> bool:
    """Whether this crawl is one worker of a crawl shared through Redis: RELATED_BACKEND=redis
    for a `scrapy crawl related` run (other commands, `scrapy shell` or `parse`, stay local)."""
    return backend_of(settings) == "redis" and settings.getbool("RELATED_RUN")


def frontier_for(crawler: Crawler, depth_limit: int) -> Frontier:
    """The crawl's depth bookkeeping: shared through Redis, or in this process."""
    if is_shared(crawler.settings):
        from crawler.backends.redis.frontier import RedisFrontier

        return RedisFrontier.for_crawler(crawler, depth_limit)
    return LocalFrontier(depth_limit)


class Store(Protocol):
    """The incremental state store's interface (crawler/incremental/store.py's StateStore, or
    Redis's)."""

    def article(self, canonical_url: str) -> ArticleState | None:
        """The article stored under its canonical URL."""

    def article_for_url(self, url: str) -> ArticleState | None:
        """The article a request URL led to last time."""

    def count(self) -> int:
        """Number of articles stored."""

    def record_fetch(self, fetch: Fetch) -> None:
        """A fetch whose version is already exported (or is not to be)."""

    def record_export(self, fetch: Fetch, run_id: str) -> None:
        """A fetch whose item was written to the run file `run_id`."""

    def touch(self, canonical_url: str, fetched_at: datetime) -> None:
        """An answer said the article is unchanged (HTTP 304)."""

    def close(self) -> None:
        """Close the store at the end of the crawl."""


def open_state_store(crawler: Crawler) -> tuple[Store, str]:
    """The crawl's state store and where it is (for the log): the SQLite file STATE_DB_PATH,
    or the state in Redis of a shared crawl."""
    if is_shared(crawler.settings):
        from crawler.backends.redis.state import RedisStateStore

        store = RedisStateStore.for_crawler(crawler)
        return store, store.where
    from crawler.incremental.store import StateStore

    path = str(crawler.settings.get("STATE_DB_PATH", "output/state.sqlite3"))
    return StateStore(path, timeout=crawler.settings.getfloat("STATE_DB_TIMEOUT", 30.0)), path
