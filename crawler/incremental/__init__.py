"""Incremental crawling: the state store, the revisit middleware and the export pipeline.

A scheduled run fetches a known article only when it is due (conditionally), and writes to its
run file only new articles and new versions; the store remembers what every run file holds.
"""

from crawler.incremental.middleware import IncrementalMiddleware, IncrementalState
from crawler.incremental.pipeline import RunFileFilter, StatePipeline, UnchangedArticle, fetch_of
from crawler.incremental.store import (
    ArticleState,
    Fetch,
    RevisitPolicy,
    StateError,
    StateStore,
    parse_item_date,
)

__all__ = [
    "ArticleState",
    "Fetch",
    "IncrementalMiddleware",
    "IncrementalState",
    "RevisitPolicy",
    "RunFileFilter",
    "StateError",
    "StatePipeline",
    "StateStore",
    "UnchangedArticle",
    "fetch_of",
    "parse_item_date",
]
