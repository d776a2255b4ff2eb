"""The `related` spider: from seed articles, follow related coverage on the same site."""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from crawler.backends import frontier_for
from crawler.backends.frontier import Frontier, Hop, LocalFrontier
from crawler.extract.article import site_for
from crawler.extract.listing import listing_article_links
from crawler.extract.page import parse_page
from crawler.extract.urls import is_loopback_url, normalize_url
from crawler.extract.zones import ZoneError, check_site_zones, check_zone
from crawler.items import ArticleItem, article_item
from crawler.workers import Extractor

DEFAULT_SEED = (
    "https://www.lalibre.be/international/europe/guerre-ukraine-russie/2023/09/12/"
    "la-rencontre-entre-poutine-et-kim-jong-un-est-une-source-dinquietude-on-assiste-a-la-"
    "creation-dun-pole-de-force-ou-tous-les-coups-sont-permis-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
)
_WHITESPACE = re.compile(r"\s+")
# Related boxes are the editors' own choice of coverage: fetched before body links and embedded
# data at the same depth, and every depth before the next (see _priority).
_KIND_BONUS = {"related-box": 2, "body": 1, "embedded": 0}


class SeedError(ValueError):
    """A seed argument the crawl cannot start from; the message is one line for the user."""


class ArgumentError(SeedError):
    """A spider argument the spider does not take, or a value it cannot read."""


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def spider_arguments() -> list[str]:
    """The arguments the `related` spider takes (-a NAME=VALUE): its __init__ parameters.
    Names starting with "_" (scrapyd's _job) are passed through as in any Scrapy spider."""
    params = inspect.signature(RelatedSpider.__init__).parameters.values()
    return [p.name for p in params if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD]


def check_unknown_arguments(kwargs: dict[str, Any]) -> None:
    """Raise ArgumentError naming the valid arguments when one is not among them."""
    valid = spider_arguments()
    unknown = [name for name in kwargs if name not in valid and not name.startswith("_")]
    if unknown:
        raise ArgumentError(
            f"unknown spider argument {', '.join(map(repr, unknown))}: the related spider "
            f"takes {', '.join(valid)} (-a url=ARTICLE_URL)"
        )


def flag_argument(name: str, value: str | None) -> bool:
    """A yes/no spider argument ("1", "true", "yes", "on" / "0", "false", "no", "off")."""
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ArgumentError(f"-a {name}={value!r}: give 1 or 0 (true/false, yes/no)")


def clean_seed(raw: str) -> tuple[str, bool]:
    """The seed without the whitespace a line wrap or a paste put inside it, and whether any was
    removed. Raises SeedError when what remains is not an absolute http(s) URL."""
    stripped = raw.strip()
    cleaned = _WHITESPACE.sub("", stripped)
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {raw.strip()!r}")
    return cleaned, cleaned != stripped


def read_seeds(url: str | None, urls: str | None) -> list[str]:
    """The raw seed strings from `-a url=` and `-a urls=FILE` (one per line, # comments)."""
    seeds: list[str] = []
    if url is not None:
        seeds.append(url)
    if urls is not None:
        path = Path(urls)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SeedError(f"cannot read seed file {urls}: {exc.strerror}") from exc
        seeds += [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not seeds:
            raise SeedError(f"seed file {urls} holds no URL")
    return seeds or [DEFAULT_SEED]


def check_arguments(kwargs: dict[str, Any], settings: Settings | None = None) -> None:
    """Validate spider arguments (and the settings they go with) before the crawl starts (used
    by our `crawl` command). Raises SeedError, or ZoneError for a time zone."""
    check_unknown_arguments(kwargs)
    flag_argument("follow_listing", kwargs.get("follow_listing"))
    for raw in read_seeds(kwargs.get("url"), kwargs.get("urls")):
        clean_seed(raw)
    site_timezones(kwargs.get("timezone"), settings)


def site_timezones(
    timezone: str | None, settings: Settings | None, option: str = "-a timezone"
) -> dict[str, str]:
    """The zones dates are read in, by host suffix: `-a timezone=ZONE` (named `option` in errors)
    for every page of this run, else the RELATED_SITE_TIMEZONES setting. Raises ZoneError on a
    name that is no IANA zone."""
    if timezone is not None:
        return {"": check_zone(timezone, option)}
    if settings is None:
        return {}
    try:
        zones = settings.getdict("RELATED_SITE_TIMEZONES")
    except ValueError as exc:
        raise ZoneError("RELATED_SITE_TIMEZONES: not a JSON object of host: zone") from exc
    return check_site_zones(zones)


class RelatedSpider(scrapy.Spider):
    """Crawl the related coverage around seed articles.

    Arguments: `url` (one seed article; default: the La Libre seed) or `urls` (a file of seeds,
    one per line); `follow_listing=1` reads a seed that is not an article (a home or section
    page) as a list of seeds: its article links are followed one hop (without it, such a seed
    fails the run). Settings: DEPTH_LIMIT (hops from the seed, default 2).

    Depth is the length of the shortest chain of related links from a seed. Requests run
    nearest-first, but with concurrency an article can be reached by a longer chain before a
    shorter one; when a shorter chain turns up later, the article's related links (kept from its
    page) are scheduled again from the shorter depth, so the set exported at DEPTH_LIMIT=d is
    exactly the articles within d hops, whatever the order responses arrive in.
    """

    name = "related"

    def __init__(
        self,
        url: str | None = None,
        urls: str | None = None,
        timezone: str | None = None,
        follow_listing: str | None = None,
        **kwargs: Any,
    ) -> None:
        check_unknown_arguments(kwargs)
        super().__init__(**kwargs)
        self.timezone = timezone
        # Host suffix -> IANA zone for the dates, set in from_crawler (see site_timezones).
        self.timezones = site_timezones(timezone, None)
        self.follow_listing = flag_argument("follow_listing", follow_listing)
        # No seed: the default one, unless the crawl is shared (see from_crawler).
        self.seeds_given = url is not None or urls is not None
        self.started_at = datetime.now(UTC)
        self.run_id = f"{self.name}-{self.started_at:%Y%m%dT%H%M%SZ}"
        self.seeds: list[str] = []
        for raw in read_seeds(url, urls):
            seed, had_space = clean_seed(raw)
            if had_space:
                self.logger.warning("Removed whitespace from seed URL: %r -> %s", raw, seed)
            self.seeds.append(seed)
        # Depths, links and exports (crawler/backends): replaced by from_crawler with the
        # crawl's own, in this process or shared by several (RELATED_BACKEND).
        self.frontier: Frontier = LocalFrontier(1 << 30)
        # Replaced by from_crawler with the crawl's configured extractor.
        self.extractor = Extractor(0)

    @property
    def depth_limit(self) -> int:
        """DEPTH_LIMIT, with Scrapy's meaning: 0 (or less) is no limit."""
        limit = self.settings.getint("DEPTH_LIMIT", 2)
        return limit if limit > 0 else 1 << 30

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per seed, recorded at depth 0: a link back to a seed is not fetched a
        second time."""
        for seed in self.seeds:
            for hop in self.frontier.seed(normalize_url(seed) or seed):
                yield self._request(hop.url, depth=0, referrer=None, kind="seed", seed=True)

    def _priority(self, depth: int, kind: str) -> int:
        return -10 * depth + _KIND_BONUS.get(kind, 0)

    def _request(
        self, url: str, *, depth: int, referrer: str | None, kind: str, seed: bool = False
    ) -> scrapy.Request:
        # The spider deduplicates by itself (best_depth), not through Scrapy's dupefilter: a
        # redirect to an article already requested from a longer chain must still arrive, or
        # the shorter chain through the old URL would be lost.
        return scrapy.Request(
            url,
            callback=self.parse_article,
            dont_filter=True,
            errback=self.on_error,
            priority=self._priority(depth, kind),
            meta={"depth": depth, "referrer": referrer, "key": url, "seed": seed, "kind": kind},
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """The spider, with the extractor that runs pages through crawler.extract (in worker
        processes when RELATED_EXTRACT_PROCESSES allows, see crawler/workers.py)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extractor = Extractor.from_crawler(crawler)
        spider.timezones = site_timezones(spider.timezone, crawler.settings)
        spider.frontier = frontier_for(crawler, spider.depth_limit)
        if not spider.seeds_given:
            if spider.frontier.shared:
                # A worker of a shared crawl: it takes its work from the others' seeds.
                spider.seeds = []
            else:
                spider.logger.warning(
                    "No seed given (-a url=ARTICLE_URL or -a urls=FILE): starting from the "
                    "default seed, the La Libre article %s",
                    DEFAULT_SEED,
                )
        return spider

    async def parse(
        self, response: Response, **kwargs: Any
    ) -> AsyncIterator[ArticleItem | scrapy.Request]:
        """What `scrapy parse --spider related URL` runs: parse_article."""
        async for output in self.parse_article(response):
            yield output

    async def parse_article(
        self, response: Response
    ) -> AsyncIterator[ArticleItem | scrapy.Request]:
        """Export the article and schedule its related coverage.

        Contracts (`scrapy check related`, against the seed: -a url=ARTICLE_URL for another):
        @seed
        @returns items 1 1
        @returns requests 1
        @filled url canonicalUrl headline articleBody datePublished datePublishedLocal
        @filled relatedLinks contentHash
        """
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("related/pages_ok")
        cached = response.meta.get("incremental")
        if not isinstance(response, TextResponse) and not cached:
            stats.inc_value("related/not_html")
            return
        key = response.meta.get("key") or response.url
        final = normalize_url(response.url) or response.url
        depth = self.frontier.settle(key, final, response.meta.get("depth", 0))
        if cached:
            # Known and unchanged (not due for a revisit, or a 304; see crawler/middlewares.py):
            # nothing to export, but its related links, kept in the state store, are followed
            # exactly like fresh ones.
            links = [(str(url), str(kind)) for url, kind in response.meta["cached_links"]]
            canonical = response.meta["cached_canonical"]
            _, _, hops = self.frontier.page(
                response,
                key=key,
                final=final,
                depth=depth,
                canonical=canonical,
                links=links,
                fresh=False,
            )
            for request in self._requests(hops):
                yield request
            return
        assert isinstance(response, TextResponse)
        # The charset the server declares, not Scrapy's guess: a UTF-8 page with a few bad bytes
        # is UTF-8 with those bytes replaced (crawler/extract/page.py), not cp1252 throughout.
        content_type = response.headers.get("Content-Type") or b""
        declared = http_content_type_encoding(content_type.decode("latin-1"))
        fields = await self.extractor.extract(
            response.body, response.url, declared, datetime.now(UTC), self.timezones
        )
        if fields is None:
            stats.inc_value("related/not_article")
            if response.meta.get("seed"):
                for request in self._listing_seed(response):
                    yield request
            else:
                self.logger.debug("Not an article, not exported or followed: %s", response.url)
            return
        canonical = fields["canonicalUrl"]
        links = [(link["url"], link["kind"]) for link in fields["relatedLinks"]]
        # A shorter chain may have reached this page while it was being extracted.
        depth, export, hops = self.frontier.page(
            response,
            key=key,
            final=final,
            depth=depth,
            canonical=canonical,
            links=links,
            fresh=True,
        )
        if not export:
            # The same article by another address (tracking copy, old URL): no second item.
            stats.inc_value("related/same_article_other_url")
        else:
            yield article_item(
                fields,
                depth=depth,
                referrer=response.meta.get("referrer"),
                crawledAt=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                localCopy=is_loopback_url(response.url),
            )
        for request in self._requests(hops):
            yield request

    def _listing_seed(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """A seed that is not an article: with follow_listing, its article links, one hop away;
        else an error that fails the run (stat related/seed_not_article)."""
        stats = self.crawler.stats
        assert stats is not None
        links: list[str] = []
        if self.follow_listing:
            page = parse_page(response.body, response.url, response.encoding)
            links = listing_article_links(page, site_for(page))
        if not links:
            stats.inc_value("related/seed_not_article")
            self.logger.error(
                "Seed is not an article: %s (a home, section or tag page?). Give an article "
                "URL, or -a follow_listing=1 to start from the articles a listing links to%s",
                response.url,
                " (this page links to none)" if self.follow_listing else "",
            )
            return
        stats.inc_value("related/listing_seeds")
        self.logger.info(
            "Seed %s is a listing: following its %d article links", response.url, len(links)
        )
        referrer = normalize_url(response.url) or response.url
        hops = self.frontier.follow([(url, "listing") for url in links], 0, referrer)
        yield from self._requests(hops)

    def _requests(self, hops: Iterable[Hop]) -> Iterator[scrapy.Request]:
        """The requests for the hops the frontier leaves to the spider."""
        for hop in hops:
            yield self._request(hop.url, depth=hop.depth, referrer=hop.referrer, kind=hop.kind)

    def on_error(self, failure: Failure) -> None:
        """Count failures; a seed that cannot be fetched fails the run (see RunStatus)."""
        stats = self.crawler.stats
        assert stats is not None
        request: scrapy.Request | None = getattr(failure, "request", None)
        error = failure.value
        if isinstance(error, HttpError):
            status = error.response.status
            stats.inc_value(f"related/http_{status}")
            stats.inc_value("related/failed_pages")
            reason = f"HTTP {status}"
        elif isinstance(error, IgnoreRequest):
            # robots.txt said no: the site's wish, not a failure.
            stats.inc_value("related/ignored")
            reason = f"ignored ({error})"
        else:
            stats.inc_value("related/failed_pages")
            reason = f"{type(error).__name__}: {error}"
        url = request.url if request is not None else "?"
        if request is not None and request.meta.get("seed"):
            stats.inc_value("related/seed_failed")
            self.logger.error("Seed could not be fetched: %s (%s)", url, reason)
        else:
            self.logger.info("Not fetched: %s (%s)", url, reason)
