"""One crawl shared by several processes through Redis: the connection, the keys, the workers.

Each `scrapy crawl related -s RELATED_BACKEND=redis` process is a worker. It registers itself
(host, process, run file), keeps a heartbeat key alive, and runs the crawl's steps as the Lua
scripts of crawler/backends/redis/lua.py. Every Redis call goes through one client that counts
its round trips (stat redis/round_trips) and retries while Redis restarts.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self
from weakref import WeakKeyDictionary

import redis
from redis.backoff import ExponentialBackoff
from redis.commands.core import Script
from redis.retry import Retry
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from crawler.backends import BackendError
from crawler.backends.redis import lua

logger = logging.getLogger(__name__)


class CountingRedis(redis.Redis):
    """A Redis client that counts the commands it sends (a script call or a pipeline is one
    round trip)."""

    round_trips = 0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        """Send one command, counted."""
        self.round_trips += 1
        return super().execute_command(*args, **options)  # type: ignore[no-untyped-call]


def connect(url: str, retry_seconds: float) -> CountingRedis:
    """A client for `url` that retries a failed command (connection refused or lost, Redis
    loading its data after a restart) for about `retry_seconds` before giving up."""
    backoff = ExponentialBackoff(cap=1.0, base=0.05)
    retries = max(1, int(retry_seconds) + 6)  # 50 ms doubling to 1 s, then one a second
    client = CountingRedis.from_url(
        url,
        decode_responses=True,
        socket_timeout=30,
        socket_connect_timeout=5,
        retry=Retry(backoff, retries),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
        health_check_interval=30,
    )
    assert isinstance(client, CountingRedis)
    return client


def check_connection(settings: BaseSettings) -> str:
    """REDIS_URL, once Redis answered on it; BackendError with one line for the user else."""
    url = str(settings.get("REDIS_URL") or "")
    if not url:
        raise BackendError("RELATED_BACKEND=redis needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    except ValueError as exc:
        raise BackendError(f"REDIS_URL {url!r}: {exc}") from exc
    try:
        client.ping()
    except redis.RedisError as exc:
        raise BackendError(f"cannot reach Redis at {url}: {exc}") from exc
    finally:
        client.close()
    return url


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="ascii").strip()
    except OSError:
        return ""


def machine_id() -> str:
    """What tells whether two workers see the same processes: the boot of the machine and the
    process-id namespace (two containers on one host have the same boot, not the same pids)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{_read('/proc/sys/kernel/random/boot_id')}/{namespace}"


def process_start(pid: int) -> str:
    """The start time of process `pid` in clock ticks since boot ("" when there is none): with
    the pid, it names a process (a pid alone is reused)."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return ""
    # The command name (2nd field) may hold spaces and parentheses: split after its last ")".
    return stat.rpartition(")")[2].split()[19]


@dataclass(frozen=True)
class Worker:
    """A registered worker: where it runs and where its items go."""

    id: str
    host: str
    machine: str
    pid: int
    start: str
    run_id: str
    feed: str | None
    """Absolute path of the local file its items go to (its run file), or None."""

    def to_json(self) -> str:
        """As stored in the registry."""
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Worker:
        """From the registry."""
        data = json.loads(text)
        return cls(**data)

    def gone(self) -> bool | None:
        """True when this machine sees that its process has ended, None when it cannot tell
        (another machine: only the heartbeat tells)."""
        if self.machine != machine_id():
            return None
        return process_start(self.pid) != self.start


class SharedCrawl:
    """The crawl's Redis keys and steps, for one crawler (built once, see `for_crawler`).

    Settings: REDIS_URL; RELATED_REDIS_PREFIX (key prefix, default the spider name: "related");
    scrapy-redis's SCHEDULER_QUEUE_KEY, SCHEDULER_DUPEFILTER_KEY and REDIS_START_URLS_KEY;
    RELATED_REDIS_RETRY_SECONDS (how long a step waits for Redis to come back, default 120).
    """

    _by_crawler: ClassVar[WeakKeyDictionary[Crawler, SharedCrawl]] = WeakKeyDictionary()

    def __init__(self, settings: BaseSettings, name: str = "related") -> None:
        """Connect and load the scripts; the worker registers later (`register`)."""
        self.url = check_connection(settings)
        self.client = connect(self.url, settings.getfloat("RELATED_REDIS_RETRY_SECONDS", 120))
        prefix = str(settings.get("RELATED_REDIS_PREFIX") or name)
        spider = {"spider": name, "name": name}
        names = {
            "queue": str(settings.get("SCHEDULER_QUEUE_KEY") or "%(spider)s:requests") % spider,
            "dupefilter": str(settings.get("SCHEDULER_DUPEFILTER_KEY") or "%(spider)s:dupefilter")
            % spider,
            "start_urls": str(settings.get("REDIS_START_URLS_KEY") or "%(name)s:start_urls")
            % spider,
            "articles": f"{prefix}:state:articles",
            "urls": f"{prefix}:state:urls",
            "workers": f"{prefix}:workers",
        }
        self.keys: dict[str, str] = {
            key: names.get(key, f"{prefix}:{key}") for key in lua.KEY_NAMES
        }
        self.prefix = prefix
        self._key_list = [self.keys[key] for key in lua.KEY_NAMES]
        self._scripts: dict[str, Script] = {
            name: self.client.register_script(text)
            for name, text in (
                ("offer_seed", lua.OFFER_SEED),
                ("follow", lua.FOLLOW),
                ("pop", lua.POP),
                ("page_done", lua.PAGE_DONE),
                ("finish", lua.FINISH),
                ("requeue", lua.REQUEUE),
                ("reap", lua.REAP),
                ("settle_claim", lua.SETTLE_CLAIM),
                ("state_write", lua.STATE_WRITE),
                ("drop_claim", lua.DROP_CLAIM),
                ("finish_crawl", lua.FINISH_CRAWL),
            )
        }
        host = socket.gethostname()
        self.worker = Worker(
            id=f"{host}-{os.getpid()}-{secrets.token_hex(2)}",
            host=host,
            machine=machine_id(),
            pid=os.getpid(),
            start=process_start(os.getpid()),
            run_id="",
            feed=None,
        )

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> Self:
        """The crawler's shared crawl (connected on first use)."""
        shared = cls._by_crawler.get(crawler)
        if shared is None:
            name = crawler.spidercls.name if crawler.spidercls else "related"
            shared = cls._by_crawler[crawler] = cls(crawler.settings, name)
        return shared  # type: ignore[return-value]

    @property
    def round_trips(self) -> int:
        """Commands sent to Redis so far by this process."""
        return self.client.round_trips

    def run(self, script: str, *args: str | int | float) -> Any:
        """Run one of the crawl's steps (lua.py) with the crawl's keys."""
        return self._scripts[script](keys=self._key_list, args=list(args))

    # -- the worker registry -------------------------------------------------------------------
    def alive_key(self, worker: str) -> str:
        """The heartbeat key of a worker."""
        return f"{self.prefix}:alive:{worker}"

    def register(self, run_id: str, feed: str | None, timeout: float) -> None:
        """Enter the registry with the run file, and start the heartbeat."""
        self.worker = Worker(**{**self.worker.__dict__, "run_id": run_id, "feed": feed})
        self.client.hset(self.keys["workers"], self.worker.id, self.worker.to_json())
        self.beat(timeout)

    def beat(self, timeout: float) -> bool:
        """Renew the heartbeat; False when this worker is no longer registered (taken for dead
        by another: its keys went to others)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.set(self.alive_key(self.worker.id), "1", px=int(timeout * 1000))
        pipe.hexists(self.keys["workers"], self.worker.id)
        self.client.round_trips += 1
        _, registered = pipe.execute()
        return bool(registered)

    def leave(self) -> None:
        """Leave the registry (a worker that stops cleanly)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.hdel(self.keys["workers"], self.worker.id)
        pipe.delete(self.alive_key(self.worker.id))
        self.client.round_trips += 1
        pipe.execute()

    def workers(self) -> list[Worker]:
        """The registered workers."""
        raw = self.client.hgetall(self.keys["workers"])
        return [Worker.from_json(str(text)) for text in raw.values()]

    def dead_workers(self, timeout: float) -> list[Worker]:
        """Registered workers that are gone: their process ended (seen from their machine), or
        their heartbeat expired (a process blocked or on a machine that went away) while Redis
        has been up for longer than `timeout` (after a Redis restart every worker gets that
        long to beat again)."""
        others = [w for w in self.workers() if w.id != self.worker.id]
        dead = [w for w in others if w.gone()]
        rest = [w for w in others if not w.gone()]
        if rest:
            pipe = self.client.pipeline(transaction=False)
            for worker in rest:
                pipe.exists(self.alive_key(worker.id))
            self.client.round_trips += 1
            silent = [w for w, alive in zip(rest, pipe.execute(), strict=True) if not alive]
            if silent and self.uptime() > timeout:
                dead += silent
        return dead

    def uptime(self) -> float:
        """Seconds since the Redis server started."""
        return float(self.client.info("server")["uptime_in_seconds"])

    def run_id_of_server(self) -> str:
        """The Redis server's run id (a new one after each restart)."""
        return str(self.client.info("server")["run_id"])

    # -- the crawl -----------------------------------------------------------------------------
    def finish_crawl(self, end: bool) -> tuple[bool, list[int]]:
        """Whether the crawl is over (no seed waiting, nothing queued or leased, no open export
        claim), and its status; with `end`, an over crawl's keys are deleted."""
        over, status = self.run("finish_crawl", "1" if end else "0")
        return bool(over), [int(n) for n in status]

    def add_seed_origin(self, url: str) -> None:
        """Remember a seed's URL for every worker: its local address may be crawled (see
        crawler/addresses.py, which asks `seed_urls`)."""
        self.client.sadd(f"{self.prefix}:seed_urls", url)
        self.client.round_trips += 1

    def seed_urls(self) -> list[str]:
        """The seeds any worker offered to the shared crawl."""
        self.client.round_trips += 1
        return [str(url) for url in self.client.smembers(f"{self.prefix}:seed_urls")]

    def counter(self, name: str) -> int:
        """A counter of the crawl (or of the last one, once it is over)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.hget(self.keys["counters"], name)
        pipe.hget(self.keys["counters"] + ":last", name)
        self.client.round_trips += 1
        now, last = pipe.execute()
        return int(now or last or 0)

    def seeds_waiting(self, count: int) -> list[str]:
        """Up to `count` entries of the start_urls list (removed only once offered)."""
        return [str(raw) for raw in self.client.lrange(self.keys["start_urls"], 0, count - 1)]

    def crawl_keys(self) -> list[str]:
        """The keys one crawl uses (deleted when it is over)."""
        return [self.keys[key] for key in lua.CRAWL_KEYS]

    def state_keys(self) -> list[str]:
        """The state store's keys (kept from run to run)."""
        return [self.keys["articles"], self.keys["urls"]]

    def claims(self) -> dict[str, dict[str, Any]]:
        """Open export claims: canonical URL -> claim."""
        raw = self.client.hgetall(self.keys["claims"])
        return {str(canonical): json.loads(text) for canonical, text in raw.items()}

    def requeue(self, keys: Sequence[str]) -> int:
        """Give this worker's leased keys back to the queue."""
        if not keys:
            return 0
        return int(self.run("requeue", self.worker.id, *keys))

    def wait_until_reachable(self, seconds: float) -> bool:
        """Ping until Redis answers (True) or `seconds` passed (False)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.client.ping()
                return True
            except redis.RedisError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.2)
