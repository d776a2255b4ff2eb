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
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from crawler.addresses import RefusedAddress
from crawler.backends import frontier_for
from crawler.backends.frontier import Frontier, Hop, LocalFrontier
from crawler.extract.article import site_for
from crawler.extract.listing import listing_article_links
from crawler.extract.page import parse_page
from crawler.extract.types import LinkKind
from crawler.extract.urls import is_loopback_url, normalize_url, site_of
from crawler.extract.zones import ZoneError, check_site_zones, check_zone
from crawler.graph import AddressLog, merge_addresses, page_addresses
from crawler.identity import Claim, ClaimBook, Decision, Identity, identity_of, owns
from crawler.items import ArticleItem, article_item
from crawler.meta import (
    META_CACHED_CANONICAL,
    META_CACHED_HASH,
    META_CACHED_LINKS,
    META_DECISION,
    META_INCREMENTAL,
    META_KEY,
    META_KIND,
    META_REFERRER,
    META_REPLAY,
    META_RETRY_AFTER_REFUSED,
    META_SEED,
)
from crawler.middlewares import BadBody
from crawler.workers import Extractor

DEFAULT_SEED = (
    "https://www.lalibre.be/international/europe/guerre-ukraine-russie/2023/09/12/"
    "la-rencontre-entre-poutine-et-kim-jong-un-est-une-source-dinquietude-on-assiste-a-la-"
    "creation-dun-pole-de-force-ou-tous-les-coups-sont-permis-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
)
_WHITESPACE = re.compile(r"\s+")
# Related boxes are the editors' own choice of coverage: fetched before body links and embedded
# data at the same depth, and every depth before the next (see _priority).
_KIND_BONUS = {LinkKind.RELATED_BOX.value: 2, LinkKind.BODY.value: 1, LinkKind.EMBEDDED.value: 0}


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
    """The seed without the whitespace a line wrap or a paste put inside its path or query, and
    whether any was removed. Raises SeedError when what remains is not an absolute http(s) URL,
    or when the whitespace is in the host name ("http://exa mple.com/": two words glued
    together would be another host, so it is refused rather than guessed)."""
    stripped = raw.strip()
    scheme_end = stripped.find("://")
    authority = stripped[scheme_end + 3 :] if scheme_end >= 0 else ""
    authority = re.split(r"[/?#]", authority, maxsplit=1)[0]
    if _WHITESPACE.search(authority):
        raise SeedError(f"white space in the host name: {stripped!r}")
    cleaned = _WHITESPACE.sub("", stripped)
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError as exc:  # "http://[::1" (unclosed IPv6 literal), "http://x:99999/"
        raise SeedError(f"not a valid URL ({exc}): {stripped!r}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {stripped!r}")
    if port == 0:
        raise SeedError(f"port 0 is not a port: {stripped!r}")
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
        except UnicodeDecodeError as exc:
            raise SeedError(
                f"seed file {urls} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                f"offset {exc.start})"
            ) from exc
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
    fails the run); `timezone`: the zone of every page of this run. Settings: DEPTH_LIMIT (hops
    from the seed, default 2), RELATED_MAX_LINKS_PER_PAGE (related links followed from one
    page), RELATED_MAX_PAGES_PER_SEED (pages requested per seed, the bound of DEPTH_LIMIT=0).

    Depth is the length of the shortest chain of related links from a seed. Requests run
    nearest-first, but with concurrency an article can be reached by a longer chain before a
    shorter one; when a shorter chain turns up later, the article's related links (kept from its
    page) are scheduled again from the shorter depth, so the set exported at DEPTH_LIMIT=d is
    exactly the articles within d hops, whatever the order responses arrive in.

    Scope and identity (see crawler/identity.py): the crawl stays on its seeds' sites (a page
    redirected to another site is not exported or followed), a page's links count only on its
    own site, and the canonical URL a page claims is its identity only when it is on the fetched
    URL's site; of two pages claiming one canonical URL, the one fetched from it wins.
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
        self.seeds: list[str] = []
        for raw in read_seeds(url, urls):
            seed, had_space = clean_seed(raw)
            if had_space:
                self.logger.warning("Removed whitespace from seed URL: %r -> %s", raw, seed)
            self.seeds.append(seed)
        # Depths, links and exports (crawler/backends): replaced by from_crawler with the
        # crawl's own, in this process or shared by several (RELATED_BACKEND).
        self.frontier: Frontier = LocalFrontier(1 << 30)
        # Canonical URLs exported (or known unchanged) and the pages waiting to claim one, in a
        # crawl of this process (a shared crawl settles exports in its frontier).
        self.claims = ClaimBook()
        # The addresses each item built in this process lists, by canonical URL: an address
        # resolved to an article later, and not among them, goes to the run's address file.
        self.listed: dict[str, set[str]] = {}
        self.address_log: AddressLog | None = None
        # The sites the crawl may fetch pages from: the seeds' (and where a seed redirects).
        self.scope: set[str] = set()
        self.requested = 0
        # Replaced by from_crawler with the crawl's configured extractor.
        self.extractor = Extractor(0)

    @property
    def depth_limit(self) -> int:
        """DEPTH_LIMIT, with Scrapy's meaning: 0 (or less) is no limit."""
        limit = self.settings.getint("DEPTH_LIMIT", 2)
        return limit if limit > 0 else 1 << 30

    @property
    def max_links(self) -> int:
        """RELATED_MAX_LINKS_PER_PAGE: related links kept and followed per page (0: no cap)."""
        return self.settings.getint("RELATED_MAX_LINKS_PER_PAGE", 50)

    @property
    def page_budget(self) -> int:
        """Pages the crawl may request: RELATED_MAX_PAGES_PER_SEED per seed (0: no budget)."""
        return self.settings.getint("RELATED_MAX_PAGES_PER_SEED", 10_000) * len(self.seeds)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per seed, recorded at depth 0: a link back to a seed is not fetched a
        second time."""
        for seed in self.seeds:
            key = normalize_url(seed) or seed
            self.scope.add(site_of(key) or key)
            for hop in self.frontier.seed(key):
                self.requested += 1
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
            meta={
                "depth": depth,
                META_REFERRER: referrer,
                META_KEY: url,
                META_SEED: seed,
                META_KIND: kind,
            },
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """The spider, with the extractor that runs pages through crawler.extract (in worker
        processes when RELATED_EXTRACT_PROCESSES allows, see crawler/workers.py)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extractor = Extractor.from_crawler(crawler)
        spider.timezones = site_timezones(spider.timezone, crawler.settings)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        spider.frontier = frontier_for(crawler, spider.depth_limit)
        spider.address_log = AddressLog.for_crawler(crawler)
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
        """What `scrapy parse --spider related URL` runs: parse_article, the URL taken as a
        seed (its site is the crawl's)."""
        response.meta.setdefault(META_SEED, True)
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
        cached = response.meta.get(META_INCREMENTAL)
        if not isinstance(response, TextResponse) and not cached:
            stats.inc_value("related/not_html")
            return
        key = response.meta.get(META_KEY) or response.url
        final = normalize_url(response.url) or response.url
        # Pages stay on the crawl's sites: a seed's site (and where it redirects) joins them; any
        # other page must land on the site it was requested on (its link was judged same-site).
        landed = site_of(final) or final
        if response.meta.get(META_SEED):
            self.scope.add(landed)
        elif landed not in self.scope and landed != (site_of(key) or key):
            stats.inc_value("related/off_site_redirect")
            self.logger.info("Redirected off the crawl's sites, not followed: %s", response.url)
            return
        depth = self.frontier.settle(key, final, response.meta.get("depth", 0))
        if cached:
            # Known and unchanged (not due for a revisit, or a 304; see
            # crawler/incremental/middleware.py): nothing to export, but its related links, kept
            # in the state store, are followed exactly like fresh ones.
            links = [(str(url), str(kind)) for url, kind in response.meta[META_CACHED_LINKS]]
            canonical = response.meta[META_CACHED_CANONICAL]
            redirects = response.meta.get("redirect_urls")
            if redirects:
                # A new address (an old URL) that redirected to a known article: its line is in
                # an earlier run file, without this address.
                addresses = page_addresses(key, redirects, response.url)
                self._late(addresses, canonical, is_loopback_url(response.url))
            _, _, hops = self.frontier.page(
                response,
                key=key,
                final=final,
                depth=depth,
                canonical=canonical,
                links=links,
                fresh=False,
            )
            if not self.frontier.shared and not self.claims.is_taken(canonical):
                for decision in self.claims.take(canonical, response.meta.get(META_CACHED_HASH)):
                    if decision.canonical is None:  # the article of an earlier run's line
                        self._same_article(decision.claim.payload)
                    for replay in self._replay(decision):
                        yield replay
            for request in self._requests(hops):
                yield request
            return
        assert isinstance(response, TextResponse)
        # The charset the server declares, not Scrapy's guess: a UTF-8 page with a few bad bytes
        # is UTF-8 with those bytes replaced (crawler/extract/page.py), not cp1252 throughout.
        content_type = response.headers.get("Content-Type") or b""
        declared = http_content_type_encoding(content_type.decode("latin-1"))
        try:
            fields = await self.extractor.extract(
                response.body, response.url, declared, datetime.now(UTC), self.timezones
            )
        except Exception as exc:  # noqa: BLE001 (one page's extraction bug costs that page only)
            stats.inc_value("related/extract_errors")
            self.logger.error(
                "Extraction failed, page not exported: %s (%s: %s)",
                response.url,
                type(exc).__name__,
                str(exc)[:300],
            )
            return
        if fields is None:
            stats.inc_value("related/not_article")
            if response.meta.get(META_SEED):
                for request in self._listing_seed(response):
                    yield request
            else:
                self.logger.debug("Not an article, not exported or followed: %s", response.url)
            return
        identity, notes = self._settle(fields, response.url)
        canonical = identity.canonical
        links = [(link["url"], link["kind"]) for link in fields["relatedLinks"]]
        # A shorter chain may have reached this page while it was being extracted. A shared crawl
        # settles the export in its frontier (the first page of a canonical URL); this process's
        # crawl in its claim book (the page that is the canonical URL wins, see identity.py).
        shared = self.frontier.shared
        depth, export, hops = self.frontier.page(
            response,
            key=key,
            final=final,
            depth=depth,
            canonical=canonical,
            links=links,
            fresh=shared,
        )
        record = {
            "fields": fields,
            "notes": notes,
            "depth": depth,
            "referrer": response.meta.get(META_REFERRER),
            "crawledAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "localCopy": is_loopback_url(response.url),
            "addresses": page_addresses(key, response.meta.get("redirect_urls", []), response.url),
            "canonical": canonical,
        }
        fetched = [*response.meta.get("redirect_urls", []), response.url]
        if shared:
            if export:
                yield self._item(record, canonical, None)
            else:
                self._same_article(record)
        elif owns(identity, fetched):
            if self.claims.is_taken(canonical):
                self._same_article(record)
            else:
                decisions = self.claims.take(canonical, fields.get("contentHash"))
                # Claimants that are this article by other addresses: their addresses are its.
                same = [d.claim.payload["addresses"] for d in decisions if d.canonical is None]
                yield self._item(record, canonical, None, merge_addresses(*same))
                for decision in decisions:
                    if decision.canonical is None:
                        self._same_article(decision.claim.payload, late=False)
                    for replay in self._replay(decision):
                        yield replay
        else:
            claim = Claim(
                canonical=canonical,
                own_url=final,
                content_hash=fields.get("contentHash"),
                order=(depth, 0),
                payload={
                    **record,
                    "url": response.url,
                    "redirect_urls": list(response.meta.get("redirect_urls", [])),
                    "headers": {
                        name: value
                        for name in ("ETag", "Last-Modified")
                        if (value := response.headers.get(name)) is not None
                    },
                },
            )
            verdict = self.claims.claim(claim)
            if verdict is None:
                stats.inc_value("related/canonical_claims_waiting")
            else:
                for item in self._decided(verdict):
                    yield item
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

    def _settle(self, fields: dict[str, Any], url: str) -> tuple[Identity, list[str]]:
        """Apply the scope rule to the page's canonical URL and links, and the fan-out cap; the
        page's identity and the notes for its item."""
        stats = self.crawler.stats
        assert stats is not None
        identity = identity_of(fields.get("canonicalUrl"), url)
        notes: list[str] = []
        if identity.note is not None:
            notes.append(identity.note)
            stats.inc_value("related/canonical_other_site")
            self.logger.info(
                "Canonical URL on another site ignored: %s claims %s",
                url,
                fields.get("canonicalUrl"),
            )
        fields["canonicalUrl"] = identity.canonical
        links = [link for link in fields["relatedLinks"] if site_of(link["url"]) == identity.site]
        if len(links) < len(fields["relatedLinks"]):
            stats.inc_value("related/links_off_site", len(fields["relatedLinks"]) - len(links))
        cap = self.max_links
        if cap > 0 and len(links) > cap:
            notes.append("related-links-capped")
            stats.inc_value("related/links_capped_pages")
            stats.inc_value("related/links_capped", len(links) - cap)
            self.logger.info(
                "%d related links on %s: the first %d are kept (RELATED_MAX_LINKS_PER_PAGE)",
                len(links),
                url,
                cap,
            )
            links = links[:cap]
        fields["relatedLinks"] = links
        return identity, notes

    def _item(
        self,
        record: dict[str, Any],
        canonical: str,
        note: str | None,
        others: list[str] | None = None,
    ) -> ArticleItem:
        """The item of a page exported under `canonical`; `others`: addresses of the same
        article resolved before its line (see ArticleItem.addresses)."""
        fields = {**record["fields"], "canonicalUrl": canonical}
        notes = [*record["notes"], *([note] if note else [])]
        addresses = merge_addresses(record["addresses"], [canonical], others or [])
        self.listed.setdefault(canonical, set()).update(addresses)
        return article_item(
            fields,
            depth=record["depth"],
            referrer=record["referrer"],
            addresses=addresses,
            crawledAt=record["crawledAt"],
            localCopy=record["localCopy"],
            crawlNotes=notes,
        )

    def _decided(self, decision: Decision) -> Iterator[ArticleItem]:
        """The item of a claimant decided in its own callback (or its replay's)."""
        stats = self.crawler.stats
        assert stats is not None
        claim = decision.claim
        if decision.canonical is None:
            self._same_article(claim.payload)
            return
        if decision.note is not None:
            stats.inc_value("related/canonical_claimed")
            self.logger.warning(
                "%s claims the canonical URL of another fetched page (%s): kept under its own URL",
                claim.payload["url"],
                claim.canonical,
            )
        yield self._item(claim.payload, decision.canonical, decision.note)

    def _same_article(self, record: dict[str, Any], *, late: bool = True) -> None:
        """The same article by another address (tracking copy, old URL): no second item; the
        addresses of the page (`record`, or a claimant's payload) are the article's, late
        unless the caller gives them to the article's item (`late` False)."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("related/same_article_other_url")
        if late:
            self._late(record["addresses"], record["canonical"], record["localCopy"])

    def _late(self, addresses: list[str], canonical: str, local: bool) -> None:
        """Addresses resolved to `canonical` after its item was built (or whose article's line
        is another run's or another worker's): those its item does not list go to the run's
        address file, where `scrapy dataset` finds them."""
        listed = self.listed.setdefault(canonical, set())
        new = [address for address in addresses if address not in listed]
        if new and self.address_log is not None:
            self.address_log.record(new, canonical, local)
        listed.update(new)

    def _replay(self, decision: Decision) -> Iterator[scrapy.Request]:
        """A claimant decided in another page's callback is exported from its own response,
        replayed from memory (crawler.middlewares.ReplayMiddleware): its item then goes through
        the pipelines with the response it came from. A claimant that is the same article
        (canonical None) has nothing to export: the caller gave its addresses to the holder."""
        if decision.canonical is None:
            return
        claim = decision.claim
        yield scrapy.Request(
            claim.payload["url"],
            callback=self.parse_replay,
            errback=self.on_error,
            dont_filter=True,
            priority=100,
            meta={
                META_REPLAY: claim.payload["headers"],
                META_DECISION: decision,
                "redirect_urls": claim.payload["redirect_urls"],
                "dont_obey_robotstxt": True,
            },
        )

    def parse_replay(self, response: Response) -> Iterator[ArticleItem]:
        """Export a claimant once its canonical URL is decided."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("related/replayed")
        yield from self._decided(response.meta[META_DECISION])

    def spider_idle(self) -> None:
        """Nothing else will arrive: claimants of canonical URLs no fetched page owns are
        decided (the first takes the URL) and exported."""
        decisions = self.claims.flush()
        if not decisions:
            return
        assert self.crawler.engine is not None
        # The first claimant of each URL takes it; the others with its text are that article by
        # other addresses, which its item (replayed below) lists.
        holders = {
            d.claim.canonical: d.claim for d in decisions if d.canonical == d.claim.canonical
        }
        for decision in decisions:
            if decision.canonical is not None:
                continue
            holder = holders.get(decision.claim.canonical)
            if holder is None:
                self._same_article(decision.claim.payload)
                continue
            self._same_article(decision.claim.payload, late=False)
            holder.payload["addresses"] = merge_addresses(
                holder.payload["addresses"], decision.claim.payload["addresses"]
            )
        for decision in decisions:
            for request in self._replay(decision):
                self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def closed(self, reason: str) -> None:
        """Claimants still waiting when the crawl stops early are articles not exported."""
        waiting = self.claims.pending()
        if waiting:
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value("related/claims_unsettled", waiting)
            self.logger.error(
                "%d fetched article(s) not exported: the crawl ended (%s) before their "
                "canonical URL was settled",
                waiting,
                reason,
            )

    def _requests(self, hops: Iterable[Hop]) -> Iterator[scrapy.Request]:
        """The requests for the hops the frontier leaves to the spider, within the page budget
        (RELATED_MAX_PAGES_PER_SEED per seed, counted in this process)."""
        budget = self.page_budget
        for hop in hops:
            if budget > 0 and self.requested >= budget:
                self._over_budget(hop.url)
                continue
            self.requested += 1
            yield self._request(hop.url, depth=hop.depth, referrer=hop.referrer, kind=hop.kind)

    def _over_budget(self, url: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if not stats.get_value("related/page_budget_skipped"):
            self.logger.warning(
                "Page budget reached (%d pages: RELATED_MAX_PAGES_PER_SEED %d x %d seed(s)): "
                "no new pages are requested, the first left out is %s",
                self.page_budget,
                self.page_budget // max(1, len(self.seeds)),
                len(self.seeds),
                url,
            )
        stats.inc_value("related/page_budget_skipped")

    def on_error(self, failure: Failure) -> None:
        """Count failures; a seed that cannot be fetched fails the run (see RunStatus)."""
        stats = self.crawler.stats
        assert stats is not None
        request: scrapy.Request | None = getattr(failure, "request", None)
        error = failure.value
        failed = True
        if isinstance(error, HttpError):
            status = error.response.status
            stats.inc_value(f"related/http_{status}")
            reason = f"HTTP {status}"
            asked = error.response.meta.get(META_RETRY_AFTER_REFUSED)
            if asked is not None:
                reason += f" with Retry-After {asked:g} s, above RELATED_MAX_RETRY_AFTER"
        elif isinstance(error, RefusedAddress):
            # A link that leads to a private or local address: refused, not a failure.
            stats.inc_value("related/refused_address")
            failed = False
            reason = f"refused ({error})"
        elif isinstance(error, BadBody):
            stats.inc_value(f"related/{error.stat}")
            reason = str(error)
        elif isinstance(error, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(error):
            # Cut by the size limit (a decompression bomb, or a page far larger than news).
            stats.inc_value("related/too_large")
            reason = f"too large: {error}"
        elif isinstance(error, IgnoreRequest):
            # robots.txt said no: the site's wish, not a failure.
            stats.inc_value("related/ignored")
            failed = False
            reason = f"ignored ({error})"
        else:
            reason = f"{type(error).__name__}: {error}"
        if failed:
            stats.inc_value("related/failed_pages")
        url = request.url if request is not None else "?"
        if request is not None and request.meta.get(META_SEED):
            stats.inc_value("related/seed_failed")
            self.logger.error("Seed could not be fetched: %s (%s)", url, reason)
        else:
            self.logger.info("Not fetched: %s (%s)", url, reason)
