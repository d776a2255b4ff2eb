"""Downloader middlewares: incremental crawling, Retry-After, bodies that came back empty, and
replays of pages already fetched.

Incremental crawling: the revisit policy and conditional requests (IncrementalMiddleware).

For a URL that led to a known article (see crawler/state.py):
- not due for a revisit (REVISIT_* settings): no network at all; a synthetic empty response is
  returned with `meta[META_INCREMENTAL] = "not-due"`;
- due: the request carries If-None-Match / If-Modified-Since from the last fetch; a 304 answer is
  passed on with `meta[META_INCREMENTAL] = "not-modified"`.
Both carry `meta[META_CACHED_CANONICAL]` and `meta[META_CACHED_LINKS]` ([(url, kind), ...] from the
state store): the spider exports nothing for them and follows the cached links like fresh ones.
Stats: state/not_due, state/conditional, state/not_modified_304.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar, Self
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.backends import Store, open_state_store
from crawler.meta import (
    META_CACHED_CANONICAL,
    META_CACHED_HASH,
    META_CACHED_LINKS,
    META_CONDITIONAL,
    META_DONT_INCREMENTAL,
    META_INCREMENTAL,
    META_KEY,
    META_REPLAY,
    META_RETRY_AFTER_REFUSED,
)
from crawler.runs import RUN_ID_PARAM, complete_feeds, run_feed_template
from crawler.state import ArticleState, RevisitPolicy

logger = logging.getLogger(__name__)


class IncrementalState:
    """The crawl's state store and revisit policy, shared by the middleware and the pipeline.

    Built once per crawler by `for_crawler`; None when incremental crawling is off: STATE_ENABLED
    is false, or the run writes no run file (a one-off `-o/-O FILE` export: FEEDS has no
    %(run_id)s feed), since the state must only say "exported" for what the run files hold.

    `complete_export`: the run also writes a feed that is not a run file (-o/-O FILE). That
    file must hold every article the crawl reaches, so every article is fetched (no revisit
    skips, no conditional requests) and passed to the feeds; the run file still gets only the
    new and changed ones (see crawler.pipelines.RunFileFilter).
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


# --- Pages already fetched, answered again from memory ---------------------------------------


class ReplayMiddleware:
    """Answers a request carrying meta[META_REPLAY] with a bodiless copy of a response the crawl
    already has (its URL and the given headers), without the network: the spider exports a page
    decided after its own callback (see crawler/identity.py) from its own response, so that
    the pipelines record it with its own URL and validators. Put it first."""

    def process_request(self, request: Request) -> Response | None:
        """The replayed response, or None for every other request."""
        headers = request.meta.get(META_REPLAY)
        if headers is None:
            return None
        return Response(request.url, status=200, headers=headers, request=request, flags=["replay"])


# --- Retry-After ---------------------------------------------------------------------------


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait: "120" or an HTTP date; None when absent or
    unreadable (a date in the past is 0)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Honours Retry-After on 429 and 503 answers, which Scrapy's RetryMiddleware ignores: the
    answer's download slot (its site) is paused that long, so the retry and every other request
    to the site wait. Above RELATED_MAX_RETRY_AFTER seconds the page is given up at once (no
    retry) with the reason logged, and fails like any HTTP error. Stats: retry_after/*.

    Sits before RetryMiddleware on the way back (a higher number than its 550)."""

    def __init__(self, crawler: Crawler, max_wait: float) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_wait = max_wait
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read RELATED_MAX_RETRY_AFTER."""
        return cls(crawler, crawler.settings.getfloat("RELATED_MAX_RETRY_AFTER", 300.0))

    def _slot(self, request: Request) -> str:
        engine = self.crawler.engine
        assert engine is not None
        return str(engine.downloader.get_slot_key(request))

    async def process_request(self, request: Request) -> None:
        """Hold the request while its slot is paused."""
        if not self.paused_until:
            return
        wait = self.paused_until.get(self._slot(request), 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        """Pause the slot for a 429/503's Retry-After, or give up when it asks too much."""
        if response.status not in (429, 503):
            return response
        seconds = retry_after_seconds(response.headers.get("Retry-After"))
        if seconds is None or request.meta.get("dont_retry"):
            return response
        if seconds > self.max_wait:
            request.meta["dont_retry"] = True
            request.meta[META_RETRY_AFTER_REFUSED] = seconds
            self.stats.inc_value("retry_after/given_up")
            logger.warning(
                "Giving up on %s: HTTP %d asks to come back in %g s (Retry-After), more than "
                "RELATED_MAX_RETRY_AFTER (%g s)",
                request.url,
                response.status,
                seconds,
                self.max_wait,
            )
            return response
        slot = self._slot(request)
        until = time.monotonic() + seconds
        if until > self.paused_until.get(slot, 0.0):
            self.paused_until[slot] = until
            logger.info(
                "HTTP %d with Retry-After %g s from %s: requests to %s wait",
                response.status,
                seconds,
                request.url,
                slot,
            )
        self.stats.inc_value("retry_after/honoured")
        return response


# --- Empty and truncated bodies --------------------------------------------------------------
class BadBody(IgnoreRequest):
    """A page whose body never came whole (empty after its retries)."""

    def __init__(self, message: str, stat: str) -> None:
        super().__init__(message)
        self.stat = stat


class BodyCheckMiddleware:
    """Retries, like a 5xx (RETRY_TIMES, retry/* stats), a page answered 200 with an empty body
    or with a body cut short: flagged "dataloss" by Scrapy (DOWNLOAD_FAIL_ON_DATALOSS off), or,
    for an answer delimited by the connection's end (neither Content-Length nor chunked
    encoding, so the protocol cannot tell), an HTML page without its closing tag. When the
    retries are spent, an empty page fails (BadBody, counted by the spider as failed) and a
    truncated one is taken as it is (what arrived may be the whole article), with a warning.

    Only the spider's page requests (meta "key") are checked, after decompression: between
    HttpCompressionMiddleware (590) and RetryMiddleware (550)."""

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built with the crawl (its spider is needed for retries)."""
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """A retry request for an incomplete body, else the response."""
        if (
            response.status != 200
            or request.method != "GET"
            or META_KEY not in request.meta
            or request.meta.get(META_INCREMENTAL)
            or META_REPLAY in request.meta
        ):
            return response
        problem = _incomplete(response)
        if problem is None:
            return response
        spider = self.crawler.spider
        assert spider is not None
        retry = get_retry_request(request, spider=spider, reason=problem)
        if retry is not None:
            return retry
        if problem == "empty body":
            raise BadBody(f"empty body, {request.meta.get('retry_times', 0)} retries", "empty")
        self.stats.inc_value("related/truncated_accepted")
        logger.warning("Body still %s after retries, taken as it is: %s", problem, request.url)
        return response


def _incomplete(response: Response) -> str | None:
    body = response.body
    if len(body) < 1024 and not body.strip():
        return "empty body"
    if "dataloss" in response.flags:
        return "truncated body"
    headers = response.headers
    delimited = (
        b"Content-Length" in headers
        or b"chunked" in (headers.get(b"Transfer-Encoding") or b"").lower()
    )
    if not delimited and b"<html" in body[:4096].lower():
        tail = body[-8192:].lower()
        if b"</html" not in tail and b"</body" not in tail:
            return "truncated body"
    return None
