"""Downloader middlewares: Retry-After, bodies that came back empty, and replays of pages already
fetched (incremental crawling's is in crawler/incremental/middleware.py)."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.meta import META_INCREMENTAL, META_KEY, META_REPLAY, META_RETRY_AFTER_REFUSED

logger = logging.getLogger(__name__)


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
