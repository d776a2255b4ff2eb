"""Incremental crawling: the revisit policy and conditional requests (IncrementalMiddleware).

For a URL that led to a known article (see crawler/incremental/store.py):
- not due for a revisit (REVISIT_* settings): no network at all; a synthetic empty response is
  returned with `meta[META_INCREMENTAL] = "not-due"`;
- due: the request carries If-None-Match / If-Modified-Since from the last fetch; a 304 answer is
  passed on with `meta[META_INCREMENTAL] = "not-modified"`.
Both carry `meta[META_CACHED_CANONICAL]` and `meta[META_CACHED_LINKS]` ([(url, kind), ...] from the
state store): the spider exports nothing for them and follows the cached links like fresh ones.
Stats: state/not_due, state/conditional, state/not_modified_304.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import ClassVar, Self
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.backends import Store, open_state_store
from crawler.incremental.store import ArticleState, RevisitPolicy
from crawler.meta import (
    META_CACHED_CANONICAL,
    META_CACHED_HASH,
    META_CACHED_LINKS,
    META_CONDITIONAL,
    META_DONT_INCREMENTAL,
    META_INCREMENTAL,
)
from crawler.runs import RUN_ID_PARAM, complete_feeds, run_feed_template

logger = logging.getLogger(__name__)


class IncrementalState:
    """The crawl's state store and revisit policy, shared by the middleware and the pipeline.

    Built once per crawler by `for_crawler`; None when incremental crawling is off: STATE_ENABLED
    is false, or the run writes no run file (a one-off `-o/-O FILE` export: FEEDS has no
    %(run_id)s feed), since the state must only say "exported" for what the run files hold.

    `complete_export`: the run also writes a feed that is not a run file (-o/-O FILE). That
    file must hold every article the crawl reaches, so every article is fetched (no revisit
    skips, no conditional requests) and passed to the feeds; the run file still gets only the
    new and changed ones (see crawler.incremental.pipeline.RunFileFilter).
    """

    _by_crawler: ClassVar[WeakKeyDictionary[Crawler, IncrementalState | None]] = WeakKeyDictionary()

    def __init__(
        self,
        store: Store,
        policy: RevisitPolicy,
        full_recrawl: bool,
        complete_export: bool = False,
    ) -> None:
        """Keep the store and the policy; `full_recrawl` fetches and exports everything;
        `complete_export` fetches everything for a -o/-O file."""
        self.store = store
        self.policy = policy
        self.full_recrawl = full_recrawl
        self.complete_export = complete_export

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> IncrementalState | None:
        """The crawler's shared state (opened on first use, closed when the spider closes)."""
        if crawler in cls._by_crawler:
            return cls._by_crawler[crawler]
        settings = crawler.settings
        state: IncrementalState | None = None
        if not settings.getbool("STATE_ENABLED", True):
            logger.info("Incremental state off (STATE_ENABLED=False): every article is exported")
        elif run_feed_template(settings) is None:
            logger.info(
                "Incremental state off: this run writes no run file (no %s feed in FEEDS, "
                "e.g. a one-off -o/-O export): every article is exported",
                RUN_ID_PARAM,
            )
        else:
            policy = RevisitPolicy(
                first_day=settings.getfloat("REVISIT_FIRST_DAY", 3_600),
                first_week=settings.getfloat("REVISIT_FIRST_WEEK", 86_400),
                older=settings.getfloat("REVISIT_OLDER", 30 * 86_400),
                undated=settings.getfloat("REVISIT_UNDATED", 86_400),
            )
            store, path = open_state_store(crawler)  # SQLite, or Redis (crawler/backends)
            complete = complete_feeds(settings)
            state = cls(store, policy, settings.getbool("STATE_FULL_RECRAWL"), bool(complete))
            crawler.signals.connect(state.close, signal=signals.spider_closed)
            logger.info(
                "Incremental state: %s (%d articles known)%s",
                path,
                state.store.count(),
                ", full re-crawl"
                if state.full_recrawl
                else f", every article fetched for {', '.join(complete)}"
                if complete
                else "",
            )
        cls._by_crawler[crawler] = state
        return state

    def close(self) -> None:
        """Close the store at the end of the crawl."""
        self.store.close()


def _mark(request: Request, flag: str, article: ArticleState) -> None:
    request.meta[META_INCREMENTAL] = flag
    request.meta[META_CACHED_CANONICAL] = article.canonical_url
    request.meta[META_CACHED_LINKS] = list(article.links)
    request.meta[META_CACHED_HASH] = article.content_hash


class IncrementalMiddleware:
    """Skips known articles that are not due, and asks due ones conditionally."""

    def __init__(self, state: IncrementalState, stats: StatsCollector) -> None:
        """Use the crawl's shared state."""
        self.state = state
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """NotConfigured when incremental crawling is off, STATE_FULL_RECRAWL is set, or a
        -o/-O file wants every article."""
        state = IncrementalState.for_crawler(crawler)
        if state is None or state.full_recrawl or state.complete_export:
            raise NotConfigured  # logged once by IncrementalState
        assert crawler.stats is not None
        return cls(state, crawler.stats)

    def process_request(self, request: Request) -> Response | None:
        """Answer a not-due article from the state store, or add the validators."""
        if request.method != "GET" or request.meta.get(META_DONT_INCREMENTAL):
            return None
        article = self.state.store.article_for_url(request.url)
        if article is None:
            return None
        now = datetime.now(UTC)
        if not self.state.policy.is_due(article, now):
            self.stats.inc_value("state/not_due")
            _mark(request, "not-due", article)
            return Response(request.url, status=200, request=request, flags=["not-due"])
        # The validators belong to the URL they were served for: an old address that
        # redirects is asked plainly, its target conditionally.
        if request.url == article.url and (article.etag or article.last_modified):
            if article.etag:
                request.headers.setdefault("If-None-Match", article.etag)
            if article.last_modified:
                request.headers.setdefault("If-Modified-Since", article.last_modified)
            request.meta[META_CONDITIONAL] = article.canonical_url
            allowed = list(request.meta.get("handle_httpstatus_list", []))
            request.meta["handle_httpstatus_list"] = [*allowed, 304]
            self.stats.inc_value("state/conditional")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """Flag a 304 to a conditional request as not modified, with the cached links."""
        canonical = request.meta.get(META_CONDITIONAL)
        if canonical is None or response.status != 304:
            return response
        article = self.state.store.article(canonical)
        if article is None:  # rows are never deleted during a crawl
            logger.warning("304 for %s but its state row is gone", request.url)
            return response
        self.state.store.touch(canonical, datetime.now(UTC))
        self.stats.inc_value("state/not_modified_304")
        _mark(request, "not-modified", article)
        return response
