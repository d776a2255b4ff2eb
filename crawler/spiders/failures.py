"""What a request that failed counts as: a failed page, a refused address, a robots.txt no."""

from __future__ import annotations

import logging

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler.addresses import RefusedAddress
from crawler.meta import META_RETRY_AFTER_REFUSED, META_SEED
from crawler.middlewares import BadBody


def count_failure(
    failure: Failure, stats: StatsCollector, logger: logging.LoggerAdapter[logging.Logger]
) -> None:
    """Count a failed request in the stats and log it; a seed that cannot be fetched fails the
    run (stat related/seed_failed, see crawler/runs/status.py)."""
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
        logger.error("Seed could not be fetched: %s (%s)", url, reason)
    else:
        logger.info("Not fetched: %s (%s)", url, reason)
