"""What `scrapy reset` deletes in Redis when the crawl is shared (RELATED_BACKEND=redis)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from crawler.backends import BackendError, backend_of


@dataclass
class SharedReset:
    """The shared crawl's keys that exist: the state store's, and a crawl's (queue, depths,
    exports, seeds waiting). Empty without the Redis backend."""

    url: str = ""
    keys: list[str] = field(default_factory=list)
    client: Any = None

    @classmethod
    def open(cls, settings: BaseSettings) -> Self:
        """Look at Redis (UsageError while workers run: their crawl would break)."""
        try:
            if backend_of(settings) != "redis":
                return cls()
            from crawler.backends.redis.shared import SharedCrawl

            shared = SharedCrawl(settings)
        except BackendError as exc:
            raise UsageError(str(exc), print_help=False) from exc
        running = shared.workers()
        if running:
            hosts = sorted({worker.host for worker in running})
            raise UsageError(
                f"{len(running)} workers of the shared crawl are running (on "
                f"{', '.join(hosts)}): stop them first",
                print_help=False,
            )
        names = [
            *shared.state_keys(),
            *shared.crawl_keys(),
            shared.keys["start_urls"],
            shared.keys["counters"] + ":last",
        ]
        return cls(shared.url, [key for key in names if shared.client.exists(key)], shared.client)

    def describe(self) -> list[str]:
        """One line per key, with its size."""
        lines = []
        for key in self.keys:
            kind = self.client.type(key)
            size = {
                "hash": self.client.hlen,
                "zset": self.client.zcard,
                "set": self.client.scard,
                "list": self.client.llen,
            }.get(kind)
            count = f" ({size(key)} entries)" if size is not None else ""
            lines.append(f"Redis {self.url} key {key}{count}")
        return lines

    def delete(self) -> None:
        """Delete the keys."""
        if self.keys:
            self.client.delete(*self.keys)
