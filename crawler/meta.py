"""The request meta keys `related` sets and reads, one name each (Scrapy's own stay literal)."""

from __future__ import annotations

# Set by the spider on every page request.
META_KEY = "key"
"""The URL the frontier knows the page by (the link as found, before redirects)."""
META_SEED = "seed"
"""True for the run's seed articles."""
META_KIND = "kind"
"""How the page was reached: a relatedLinks kind, "listing" or "seed"."""
META_REFERRER = "referrer"
"""The canonical URL of the page that linked to it (None for a seed)."""
META_DECISION = "decision"
"""The pending export decision a follow-up request carries back to the spider."""

# Set by the incremental middleware (crawler/incremental/middleware.py), read by the spider and
# monitors.
META_INCREMENTAL = "incremental"
""""not-due" (not fetched) or "not-modified" (304): the stored article stands."""
META_CACHED_CANONICAL = "cached_canonical"
META_CACHED_LINKS = "cached_links"
"""[(url, kind), ...] of the stored article."""
META_CACHED_HASH = "cached_hash"
META_CONDITIONAL = "incremental_conditional"
"""The canonical URL of the stored article a conditional GET asks about."""
META_DONT_INCREMENTAL = "dont_incremental"
"""Set by a caller to fetch the page whatever the state says."""

# Set by the spider, read by the middlewares (crawler/middlewares.py), and back.
META_REPLAY = "related_replay"
"""The headers of a response already fetched, to answer the request with again."""
META_RETRY_AFTER_REFUSED = "retry_after_refused"
"""The Retry-After (seconds) of an answer given up on, for the error report."""
