"""The `related` spider: from seed articles, follow related coverage on the same site."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from w3lib.encoding import http_content_type_encoding

from crawler.backends import frontier_for
from crawler.backends.frontier import Hop
from crawler.extract.article import site_for
from crawler.extract.listing import listing_article_links
from crawler.extract.page import parse_page
from crawler.extract.types import LinkKind
from crawler.extract.urls import is_loopback_url, normalize_url, site_of
from crawler.graph import AddressLog, page_addresses
from crawler.identity import Identity, identity_of
from crawler.items import ArticleItem
from crawler.meta import (
    META_CACHED_CANONICAL,
    META_CACHED_HASH,
    META_CACHED_LINKS,
    META_INCREMENTAL,
    META_KEY,
    META_KIND,
    META_REFERRER,
    META_SEED,
)
from crawler.spiders.arguments import (
    DEFAULT_SEED,
    check_unknown_arguments,
    clean_seed,
    flag_argument,
    read_seeds,
    site_timezones,
)
from crawler.spiders.exports import ArticleExports
from crawler.workers import Extractor

# Related boxes are the editors' own choice of coverage: fetched before body links and embedded
# data at the same depth, and every depth before the next (see _priority).
_KIND_BONUS = {LinkKind.RELATED_BOX.value: 2, LinkKind.BODY.value: 1, LinkKind.EMBEDDED.value: 0}


class RelatedSpider(ArticleExports):
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
        stats = self.stats
        stats.inc_value("related/pages_ok")
        cached = response.meta.get(META_INCREMENTAL)
        if not isinstance(response, TextResponse) and not cached:
            stats.inc_value("related/not_html")
            return
        key = response.meta.get(META_KEY) or response.url
        final = normalize_url(response.url) or response.url
        if not self._in_scope(response, key, final):
            return
        depth = self.frontier.settle(key, final, response.meta.get("depth", 0))
        if cached:
            for request in self._known_page(response, key, final, depth):
                yield request
            return
        assert isinstance(response, TextResponse)
        try:
            fields = await self._extract(response)
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
        for output in self._fresh_page(response, fields, key=key, final=final, depth=depth):
            yield output

    def _in_scope(self, response: Response, key: str, final: str) -> bool:
        """Pages stay on the crawl's sites: a seed's site (and where it redirects) joins them;
        any other page must land on the site it was requested on (its link was judged
        same-site)."""
        landed = site_of(final) or final
        if response.meta.get(META_SEED):
            self.scope.add(landed)
        elif landed not in self.scope and landed != (site_of(key) or key):
            self.stats.inc_value("related/off_site_redirect")
            self.logger.info("Redirected off the crawl's sites, not followed: %s", response.url)
            return False
        return True

    def _known_page(
        self, response: Response, key: str, final: str, depth: int
    ) -> Iterator[scrapy.Request]:
        """Known and unchanged (not due for a revisit, or a 304; see
        crawler/incremental/middleware.py): nothing to export, but its related links, kept in
        the state store, are followed exactly like fresh ones."""
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
        yield from self._known_article(canonical, response.meta.get(META_CACHED_HASH))
        yield from self._requests(hops)

    async def _extract(self, response: TextResponse) -> dict[str, Any] | None:
        """The page's fields, None when it is not an article."""
        # The charset the server declares, not Scrapy's guess: a UTF-8 page with a few bad bytes
        # is UTF-8 with those bytes replaced (crawler/extract/page.py), not cp1252 throughout.
        content_type = response.headers.get("Content-Type") or b""
        declared = http_content_type_encoding(content_type.decode("latin-1"))
        return await self.extractor.extract(
            response.body, response.url, declared, datetime.now(UTC), self.timezones
        )

    def _fresh_page(
        self, response: Response, fields: dict[str, Any], *, key: str, final: str, depth: int
    ) -> Iterator[ArticleItem | scrapy.Request]:
        """A page fetched and extracted: its item (once per article) and its related links."""
        identity, notes = self._settle(fields, response.url)
        canonical = identity.canonical
        links = [(link["url"], link["kind"]) for link in fields["relatedLinks"]]
        # A shorter chain may have reached this page while it was being extracted. A shared crawl
        # settles the export in its frontier (the first page of a canonical URL); this process's
        # crawl in its claim book (the page that is the canonical URL wins, see identity.py).
        depth, export, hops = self.frontier.page(
            response,
            key=key,
            final=final,
            depth=depth,
            canonical=canonical,
            links=links,
            fresh=self.frontier.shared,
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
        yield from self._export(response, record, identity, export=export)
        yield from self._requests(hops)

    def _listing_seed(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """A seed that is not an article: with follow_listing, its article links, one hop away;
        else an error that fails the run (stat related/seed_not_article)."""
        stats = self.stats
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
        stats = self.stats
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
        stats = self.stats
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
