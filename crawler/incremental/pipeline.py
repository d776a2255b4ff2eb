"""The incremental state's pipeline: only new articles and new versions go to the run file, and
the state store learns what each run file holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.extensions.feedexport import FeedExporter, ItemFilter
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.exporters import item_written
from crawler.graph import AddressLog, record_item_addresses
from crawler.incremental.middleware import IncrementalState
from crawler.incremental.store import Fetch
from crawler.runs import RUN_ID_PARAM, run_feed_template, run_id


class UnchangedArticle(DropItem):
    """An article whose exported version is current: nothing to write (logged at DEBUG)."""

    def __init__(self, canonical_url: str) -> None:
        """Quiet drop: an unchanged article is the normal case of a scheduled run."""
        super().__init__(f"unchanged since last export: {canonical_url}", log_level="DEBUG")


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def fetch_of(item: Any, response: Response) -> Fetch:
    """The state update an item and the response it came from make."""
    adapter = ItemAdapter(item)
    links = []
    for link in adapter.get("relatedLinks") or []:
        link_adapter = ItemAdapter(link) if not isinstance(link, dict) else link
        links.append((str(link_adapter["url"]), str(link_adapter["kind"])))
    return Fetch(
        canonical_url=adapter["canonicalUrl"],
        url=response.url,
        request_urls=list(response.meta.get("redirect_urls", [])),
        content_hash=adapter.get("contentHash"),
        date_published=adapter.get("datePublished"),
        date_modified=adapter.get("dateModified"),
        links=links,
        etag=_header(response, "ETag"),
        last_modified=_header(response, "Last-Modified"),
        fetched_at=datetime.now(UTC),
    )


class StatePipeline:
    """Exports only new articles and new versions (another dateModified or contentHash) and
    keeps the state store up to date. Stats: state/new, state/updated, state/unchanged,
    state/not_written.

    An article is recorded as exported only once its line is in the run file: when the feed
    exporter confirms the write (crawler.exporters.item_written, for the run file's URI) of an
    item that has been scraped (`item_scraped` brings the response: URL, redirects, validators);
    whichever of the two comes second records it. An item whose line was never confirmed (a
    failed write, a killed run) stays unexported in the store, so the next run exports it. With
    STATE_FULL_RECRAWL every article is exported again.
    """

    def __init__(self, crawler: Crawler, state: IncrementalState) -> None:
        """Use the crawl's shared state."""
        assert crawler.stats is not None
        self.crawler = crawler
        self.state = state
        self.stats: StatsCollector = crawler.stats
        self.run_id = ""
        self.run_template: str | None = None
        self.pending: dict[str, str] = {}
        # Unchanged articles passed on for a -o/-O file only (see RunFileFilter).
        self.unchanged: set[str] = set()
        # id(item) -> (status, fetch) scraped but not yet confirmed; ids confirmed, not scraped.
        self.scraped: dict[int, tuple[str, Fetch]] = {}
        self.written: set[int] = set()
        self.addresses = AddressLog.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """NotConfigured when incremental crawling is off (see IncrementalState)."""
        state = IncrementalState.for_crawler(crawler)
        if state is None:
            raise NotConfigured  # logged once by IncrementalState
        pipeline = cls(crawler, state)
        if state.complete_export:
            RunFileFilter.install(crawler, pipeline.unchanged)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_written, signal=item_written)
        return pipeline

    def open_spider(self) -> None:
        """Learn the run id (the name of the run file the items go to)."""
        spider = self.crawler.spider
        assert spider is not None
        self.run_id = run_id(self.crawler)
        self.run_template = run_feed_template(self.crawler.settings)

    def close_spider(self) -> None:
        """Count the articles scraped whose line the run file never got."""
        if self.scraped:
            self.stats.inc_value("state/not_written", len(self.scraped))
            self.scraped.clear()

    def process_item(self, item: Any) -> Any:
        """Pass new and changed articles, drop unchanged ones."""
        adapter = ItemAdapter(item)
        canonical = adapter["canonicalUrl"]
        known = self.state.store.article(canonical)
        if known is None or not known.exported:
            status = "new"
        elif known.is_new_version(adapter.get("contentHash"), adapter.get("dateModified")):
            status = "updated"
        else:
            status = "unchanged"
            if self.state.complete_export and not self.state.full_recrawl:
                # Wanted by the -o/-O file, not by the run file (RunFileFilter).
                self.unchanged.add(canonical)
            elif not self.state.full_recrawl:
                self.stats.inc_value("state/unchanged")
                raise UnchangedArticle(canonical)
        self.pending[canonical] = status
        return item

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        """The item went through the pipelines: record it once its line is confirmed (an
        unchanged article passed on for a -o/-O file only is recorded as fetched: the run
        file's version stays the exported one)."""
        canonical = ItemAdapter(item)["canonicalUrl"]
        status = self.pending.pop(canonical, None)
        if status is None:
            return
        fetch = fetch_of(item, response)
        if canonical in self.unchanged:
            # Its line goes to the -o/-O file only: the run file's reader needs its addresses.
            if record_item_addresses(self.addresses, item, self.known):
                self.state.store.record_fetch(fetch)
            self.stats.inc_value(f"state/{status}")
            return
        if id(item) in self.written:
            self.written.discard(id(item))
            self._record(status, fetch)
        else:
            self.scraped[id(item)] = (status, fetch)

    def item_written(self, item: Any, uri: str, uri_template: str) -> None:
        """The feed exporter wrote the item's line to `uri` (FEEDS entry `uri_template`)."""
        if uri_template != self.run_template:
            return
        scraped = self.scraped.pop(id(item), None)
        if scraped is None:
            self.written.add(id(item))
        else:
            self._record(*scraped)

    def _record(self, status: str, fetch: Fetch) -> None:
        self.state.store.record_export(fetch, self.run_id)
        self.stats.inc_value(f"state/{status}")

    def known(self, address: str, canonical: str) -> bool:
        """Whether an earlier fetch recorded `address` as leading to `canonical` (its line, or
        the address file of its run, holds it), or `address` is the canonical URL of an article
        whose line was written."""
        if address == canonical:
            article = self.state.store.article(canonical)
            return article is not None and article.exported
        article = self.state.store.article_for_url(address)
        return article is not None and article.canonical_url == canonical

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Spider
    ) -> None:
        """An unchanged article: remember this fetch (time, validators, links), once the
        addresses that led to it are in the address file (its line is an earlier run's; an
        address the file could not take is learned again next run, the fetch not recorded)."""
        if isinstance(exception, UnchangedArticle) and record_item_addresses(
            self.addresses, item, self.known
        ):
            self.state.store.record_fetch(fetch_of(item, response))


class RunFileFilter(ItemFilter):
    """The item filter of the run files (FEEDS entries with %(run_id)s) when the run also
    writes a -o/-O file: that file gets every article, the run file only new and changed ones
    (an article StatePipeline found unchanged is refused here)."""

    def __init__(self, inner: ItemFilter, unchanged: set[str]) -> None:
        """Wrap the feed's own filter; `unchanged` is StatePipeline's set of canonical URLs."""
        super().__init__(inner.feed_options)
        self.inner = inner
        self.unchanged = unchanged

    @classmethod
    def install(cls, crawler: Crawler, unchanged: set[str]) -> None:
        """Put the filter on every run feed of the crawl's FeedExporter (built before the
        pipelines, its feed slots open after them, with the filters it holds then)."""
        exporter = crawler.get_extension(FeedExporter)
        if exporter is None:
            return
        for uri, inner in list(exporter.filters.items()):
            if RUN_ID_PARAM in uri:
                exporter.filters[uri] = cls(inner, unchanged)

    def accepts(self, item: Any) -> bool:
        """Refuse unchanged articles; else ask the feed's own filter."""
        if ItemAdapter(item).get("canonicalUrl") in self.unchanged:
            return False
        return self.inner.accepts(item)
