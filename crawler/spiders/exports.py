"""One item per article in the `related` spider: which page's item a canonical URL gets, and the
addresses learned too late for the article's line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler.backends.frontier import Frontier, LocalFrontier
from crawler.extract.urls import normalize_url
from crawler.graph import AddressLog, merge_addresses
from crawler.identity import Claim, ClaimBook, Decision, Identity, owns
from crawler.items import ArticleItem, article_item
from crawler.meta import META_DECISION, META_REPLAY
from crawler.spiders.failures import count_failure


class ArticleExports(scrapy.Spider):
    """The export half of RelatedSpider (crawler/spiders/related.py): a fresh page's item is
    exported once per canonical URL (the rules are crawler/identity.py's), a claimant decided
    after its own callback is exported from its replayed response, and addresses resolved to an
    article after its line was written go to the run's address file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The claim book and the addresses listed; the frontier comes with the crawl."""
        super().__init__(*args, **kwargs)
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

    @property
    def stats(self) -> StatsCollector:
        """The crawl's stats."""
        stats = self.crawler.stats
        assert stats is not None
        return stats

    def _export(
        self, response: Response, record: dict[str, Any], identity: Identity, *, export: bool
    ) -> Iterator[ArticleItem | scrapy.Request]:
        """The item of a fresh page, once per article: decided by the shared crawl's frontier
        (`export`), else by this process's claim book (the page that is its canonical URL
        wins; a page claiming another's URL waits for it, or for the end of the crawl)."""
        canonical = identity.canonical
        fields = record["fields"]
        if self.frontier.shared:
            if export:
                yield self._item(record, canonical, None)
            else:
                self._same_article(record)
        elif owns(identity, [*response.meta.get("redirect_urls", []), response.url]):
            if self.claims.is_taken(canonical):
                self._same_article(record)
                return
            decisions = self.claims.take(canonical, fields.get("contentHash"))
            # Claimants that are this article by other addresses: their addresses are its.
            same = [d.claim.payload["addresses"] for d in decisions if d.canonical is None]
            yield self._item(record, canonical, None, merge_addresses(*same))
            for decision in decisions:
                if decision.canonical is None:
                    self._same_article(decision.claim.payload, late=False)
                yield from self._replay(decision)
        else:
            verdict = self.claims.claim(self._claim(response, record))
            if verdict is None:
                self.stats.inc_value("related/canonical_claims_waiting")
            else:
                yield from self._decided(verdict)

    def _claim(self, response: Response, record: dict[str, Any]) -> Claim:
        """A page that claims a canonical URL it is not fetched from, with what its export needs
        later (its record, and the response data a replay answers with)."""
        return Claim(
            canonical=record["canonical"],
            own_url=normalize_url(response.url) or response.url,
            content_hash=record["fields"].get("contentHash"),
            order=(record["depth"], 0),
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

    def _known_article(self, canonical: str, content_hash: str | None) -> Iterator[scrapy.Request]:
        """A known article unchanged since an earlier run holds its canonical URL in this
        crawl: claimants waiting for it are decided (replayed when exported)."""
        if self.frontier.shared or self.claims.is_taken(canonical):
            return
        for decision in self.claims.take(canonical, content_hash):
            if decision.canonical is None:  # the article of an earlier run's line
                self._same_article(decision.claim.payload)
            yield from self._replay(decision)

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
        stats = self.stats
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
        stats = self.stats
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
        stats = self.stats
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
            stats = self.stats
            stats.inc_value("related/claims_unsettled", waiting)
            self.logger.error(
                "%d fetched article(s) not exported: the crawl ended (%s) before their "
                "canonical URL was settled",
                waiting,
                reason,
            )

    def on_error(self, failure: Failure) -> None:
        """Count failures; a seed that cannot be fetched fails the run (see RunStatus)."""
        count_failure(failure, self.stats, self.logger)
