"""No request to a private, loopback, link-local, multicast or reserved address.

A news page is on the public internet; a link or a redirect that leads to 10.0.0.1, to the
cloud metadata address 169.254.169.254 or to another port of 127.0.0.1 is someone trying to make
the crawler reach inside the network it runs in. Every request (every redirect hop and robots.txt
too, since each is a request) is checked on the addresses its host resolves to, IPv4 and IPv6,
not only on literals: `PrivateAddressMiddleware` refuses it before anything is sent, and
`GuardedResolver`, the resolver the connection itself uses, refuses such an answer again at
connect time, so a name that resolved to a public address for the check and to a private one
for the connection (DNS rebinding) is refused too.

Allowed: the addresses (with their port) the seeds themselves resolve to, so that a crawl of a
local copy (the offline sites of the demo and the tests, on 127.0.0.1) works, and everything
when `RELATED_ALLOW_PRIVATE_ADDRESSES` is set (a crawl of an intranet). Stats: addresses/refused.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.statscollectors import StatsCollector
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from crawler.meta import META_SEED

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(IgnoreRequest):
    """A request whose host is (or resolves to) an address the crawl must not reach."""


def non_public_kind(address: str) -> str | None:
    """Why `address` is not a public internet address ("loopback", "private", "link-local",
    "multicast", "reserved", "unspecified", "not global"), or None when it is public."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "not global"
    return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver (the one its connections use) that fails a name resolving to a
    non-public address, unless the crawl allows that address (its seeds' addresses, registered by
    PrivateAddressMiddleware) or every address (RELATED_ALLOW_PRIVATE_ADDRESSES). Scrapy builds
    the resolver once per process, before any crawler: the allowed addresses are per process."""

    allowed: ClassVar[set[str]] = set()
    allow_all: ClassVar[bool] = False
    # On only in a crawl run, where PrivateAddressMiddleware is: `scrapy fetch` or `shell` of an
    # address the user typed resolves as in any Scrapy project.
    active: ClassVar[bool] = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> Self:
        """Scrapy's resolver, plus the RELATED_ALLOW_PRIVATE_ADDRESSES switch."""
        resolver = super().from_crawler(crawler, reactor)
        GuardedResolver.allow_all = crawler.settings.getbool("RELATED_ALLOW_PRIVATE_ADDRESSES")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        """Resolve as Scrapy does, then refuse a non-public answer."""
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    @classmethod
    def _check(cls, address: str, name: str) -> str:
        kind = non_public_kind(address)
        if kind is not None and cls.active and not cls.allow_all and address not in cls.allowed:
            raise DNSLookupError(f"{name} resolves to {address} ({kind} address): refused")
        return address


class PrivateAddressMiddleware:
    """Refuses requests to non-public addresses (see the module docstring) with RefusedAddress,
    which the spider counts as refused, not failed. Put it first: before RobotsTxtMiddleware,
    so that not even a robots.txt is fetched from a refused host."""

    def __init__(self, crawler: Crawler, allow_all: bool) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.allow_all = allow_all
        GuardedResolver.active = True
        self.allowed: set[tuple[str, int]] | None = None
        self.resolved: dict[tuple[str, int], list[str]] = {}
        self.verdicts: dict[tuple[str, int], str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read RELATED_ALLOW_PRIVATE_ADDRESSES."""
        allow_all = crawler.settings.getbool("RELATED_ALLOW_PRIVATE_ADDRESSES")
        if allow_all:
            logger.info("RELATED_ALLOW_PRIVATE_ADDRESSES: private addresses may be crawled")
        return cls(crawler, allow_all)

    async def process_request(self, request: Request) -> None:
        """Raise RefusedAddress when the request's host is, or resolves to, an address the crawl
        must not reach."""
        if self.allow_all:
            return
        parts = _host_port(request.url)
        if parts is None:
            return  # not http(s), or unparsable: the downloader reports it
        if self.allowed is None:
            await self._learn_seeds(getattr(self.crawler.spider, "seeds", []))
        assert self.allowed is not None
        if request.meta.get(META_SEED) and parts not in self.verdicts:
            # A seed that arrives later (pushed to a shared crawl's start_urls) is a seed too.
            await self._learn_seeds([request.url])
        if parts not in self.verdicts:
            self.verdicts[parts] = self._verdict(parts, await self._resolve(*parts))
        refusal = self.verdicts[parts]
        if refusal is not None and getattr(self.crawler.spider, "frontier", None) is not None:
            # A worker of a shared crawl: the seeds another worker was given count too.
            frontier = self.crawler.spider.frontier  # type: ignore[union-attr]
            if getattr(frontier, "shared", False):
                await self._learn_seeds(frontier.seed_urls())
                refusal = self.verdicts[parts] = self._verdict(parts, await self._resolve(*parts))
        if refusal is not None:
            self.stats.inc_value("addresses/refused")
            raise RefusedAddress(refusal)

    def _verdict(self, parts: tuple[str, int], addresses: list[str]) -> str | None:
        """Why a host (resolving to `addresses`) is refused, or None."""
        assert self.allowed is not None
        for address in addresses:
            kind = non_public_kind(address)
            if kind is not None and (address, parts[1]) not in self.allowed:
                return (
                    f"{parts[0]} is {address}, a {kind} address (only the seeds' own local "
                    f"addresses are crawled; RELATED_ALLOW_PRIVATE_ADDRESSES allows all)"
                )
        return None

    async def _learn_seeds(self, seeds: Iterable[str]) -> None:
        """The non-public addresses the seeds resolve to: a crawl of a local site is allowed."""
        allowed: set[tuple[str, int]] = set()
        for seed in seeds:
            parts = _host_port(seed)
            if parts is None:
                continue
            for address in await self._resolve(*parts):
                if non_public_kind(address) is not None:
                    allowed.add((address, parts[1]))
        self.allowed = (self.allowed or set()) | allowed
        GuardedResolver.allowed.update(address for address, _ in allowed)
        if allowed:
            logger.info(
                "Seeds on local addresses: %s may be crawled, no other non-public address",
                ", ".join(sorted(f"{a}:{p}" for a, p in allowed)),
            )

    async def _resolve(self, host: str, port: int) -> list[str]:
        """Every address `host` resolves to (cached for the crawl); [] when it does not."""
        key = (host, port)
        if key not in self.resolved:
            try:
                ipaddress.ip_address(host)
                addresses = [host]
            except ValueError:
                loop = asyncio.get_running_loop()
                try:
                    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
                except (OSError, UnicodeError):
                    infos = []
                addresses = sorted({str(info[4][0]) for info in infos})
            self.resolved[key] = addresses
        return self.resolved[key]


def _host_port(url: str) -> tuple[str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.rstrip("."), port or (443 if scheme == "https" else 80)
