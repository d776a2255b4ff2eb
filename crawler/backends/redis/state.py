"""The incremental state store in Redis: crawler/incremental/store.py's StateStore, shared by
the workers.

Two hashes: `<prefix>:state:articles` (canonical URL -> the article's row as JSON, the columns of
the SQLite table) and `<prefix>:state:urls` (request URL -> canonical URL). Each write is one Lua
step (a row merged field by field, its URLs mapped); recording an export also turns the crawl's
export claim on the article into an export, in the same step (see crawler/backends/redis/lua.py).
Rows the crawl's own steps already brought back (a popped request's, an article page's) are
answered without asking Redis again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Self

from scrapy.crawler import Crawler

from crawler.backends.redis.shared import SharedCrawl
from crawler.incremental.store import ArticleState, Fetch

_MISSING = object()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def article_of(text: str | None) -> ArticleState | None:
    """An ArticleState from its JSON row (None for none)."""
    if not text:
        return None
    row: dict[str, Any] = json.loads(text)
    return ArticleState(
        canonical_url=row["canonical_url"],
        url=row["url"],
        content_hash=row.get("content_hash"),
        date_published=row.get("date_published"),
        date_modified=row.get("date_modified"),
        last_fetched=datetime.fromisoformat(row["last_fetched"]),
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        links=[(str(url), str(kind)) for url, kind in row.get("links") or []],
        exported_hash=row.get("exported_hash"),
        exported_modified=row.get("exported_modified"),
        exported_run=row.get("exported_run"),
        exported_at=row.get("exported_at"),
    )


def fetch_fields(fetch: Fetch, exported_run: str | None = None) -> dict[str, Any]:
    """The row fields a fetch sets (and its exported version, with `exported_run`)."""
    fields: dict[str, Any] = {
        "canonical_url": fetch.canonical_url,
        "url": fetch.url,
        "content_hash": fetch.content_hash,
        "date_published": fetch.date_published,
        "date_modified": fetch.date_modified,
        "last_fetched": _iso(fetch.fetched_at),
        "etag": fetch.etag,
        "last_modified": fetch.last_modified,
        "links": [list(link) for link in fetch.links],
    }
    if exported_run is not None:
        fields.update(
            exported_hash=fetch.content_hash,
            exported_modified=fetch.date_modified,
            exported_run=exported_run,
            exported_at=_iso(fetch.fetched_at),
        )
    return fields


class RedisStateStore:
    """StateStore's interface on the shared crawl's Redis (see the module docstring)."""

    def __init__(self, shared: SharedCrawl) -> None:
        """Use the crawl's connection and keys."""
        self.shared = shared
        self.where = f"Redis {shared.url} (keys {shared.keys['articles']}, {shared.keys['urls']})"
        # Rows brought back by the crawl's steps, each answered once: URL -> row, canonical ->.
        self._by_url: dict[str, str | None] = {}
        self._by_canonical: dict[str, str | None] = {}

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> Self:
        """The store on the crawler's shared crawl."""
        return cls(SharedCrawl.for_crawler(crawler))

    def prime_url(self, url: str, row: str | None) -> None:
        """The row a request URL leads to, as a popped request brought it."""
        self._by_url[url] = row

    def forget_url(self, url: str) -> None:
        """A request URL's prefetched row that was not asked for (its request never reached the
        incremental middleware: refused by robots.txt, say)."""
        self._by_url.pop(url, None)

    def prime_canonical(self, canonical_url: str, row: str | None) -> None:
        """An article's row, as its page's step brought it."""
        self._by_canonical[canonical_url] = row

    # -- reads ---------------------------------------------------------------------------------
    def article(self, canonical_url: str) -> ArticleState | None:
        """The article stored under its canonical URL."""
        row = self._by_canonical.pop(canonical_url, _MISSING)
        if row is _MISSING:
            row = self.shared.client.hget(self.shared.keys["articles"], canonical_url)
        return article_of(row)  # type: ignore[arg-type]

    def article_for_url(self, url: str) -> ArticleState | None:
        """The article a request URL led to last time (None for a URL never seen)."""
        row = self._by_url.pop(url, _MISSING)
        if row is _MISSING:
            canonical = self.shared.client.hget(self.shared.keys["urls"], url)
            if canonical is None:
                return None
            row = self.shared.client.hget(self.shared.keys["articles"], canonical)
        return article_of(row)  # type: ignore[arg-type]

    def count(self) -> int:
        """Number of articles stored."""
        return int(self.shared.client.hlen(self.shared.keys["articles"]))

    def rows(self) -> dict[str, ArticleState]:
        """Every article stored, by canonical URL (for tests and tools)."""
        raw = self.shared.client.hgetall(self.shared.keys["articles"])
        return {
            str(canonical): state
            for canonical, text in raw.items()
            if (state := article_of(str(text))) is not None
        }

    def urls(self) -> dict[str, str]:
        """Every request URL and the canonical URL it led to."""
        raw = self.shared.client.hgetall(self.shared.keys["urls"])
        return {str(url): str(canonical) for url, canonical in raw.items()}

    # -- writes --------------------------------------------------------------------------------
    def _write(self, canonical: str, fields: dict[str, Any], settle: bool, urls: list[str]) -> None:
        self.shared.run("state_write", canonical, json.dumps(fields), "1" if settle else "0", *urls)

    def record_fetch(self, fetch: Fetch) -> None:
        """Remember a fetch whose version is already exported (or is not to be); the crawl's
        claim on the article is over."""
        urls = list(dict.fromkeys([*fetch.request_urls, fetch.url]))
        self._write(fetch.canonical_url, fetch_fields(fetch), True, urls)

    def record_export(self, fetch: Fetch, run_id: str) -> None:
        """Remember a fetch whose item was written to the run file `run_id`, and the export."""
        urls = list(dict.fromkeys([*fetch.request_urls, fetch.url]))
        self._write(fetch.canonical_url, fetch_fields(fetch, run_id), True, urls)

    def touch(self, canonical_url: str, fetched_at: datetime) -> None:
        """An answer said the article is unchanged (HTTP 304): only its fetch time moves."""
        self._write(canonical_url, {"last_fetched": _iso(fetched_at)}, False, [])

    def close(self) -> None:
        """Nothing to close: the connection is the shared crawl's."""
