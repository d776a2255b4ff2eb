"""The incremental state store (SQLite): every article as last fetched and as last exported.

One row per article (its normalized canonical URL): content hash, both dates, when it was last
fetched, the ETag and Last-Modified of that fetch, its related links (so that an unchanged
article's coverage is still followed without fetching it again) and the version last written to a
run file. A second table maps every request URL that led to an article (seed spelling, old URL
that redirects, final URL) to its canonical URL.

Revisit policy, by the article's age (from datePublished; see `RevisitPolicy`): an article is
fetched again once `REVISIT_FIRST_DAY` seconds have passed since its last fetch while it is less
than a day old, `REVISIT_FIRST_WEEK` while less than a week old, `REVISIT_OLDER` after that (and
`REVISIT_UNDATED` when it has no publication date). A due article is fetched with If-None-Match /
If-Modified-Since, so an unchanged one costs a 304.

The store has one writer at a time (SQLite's lock, WAL journal); every write is its own
transaction, committed at once, so a killed crawl leaves the database as of its last write.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
DAY = 86_400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url     TEXT PRIMARY KEY,
    url               TEXT NOT NULL,      -- the URL last fetched (after redirects)
    content_hash      TEXT,
    date_published    TEXT,
    date_modified     TEXT,
    last_fetched      TEXT NOT NULL,      -- UTC, ISO 8601 with microseconds
    etag              TEXT,               -- validators of the last 200 answer for `url`
    last_modified     TEXT,
    links             TEXT NOT NULL,      -- JSON [[url, kind], ...]
    exported_hash     TEXT,               -- the version last written to a run file
    exported_modified TEXT,
    exported_run      TEXT,
    exported_at       TEXT
);
CREATE TABLE IF NOT EXISTS urls (
    url           TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class ArticleState:
    """An article as the state store remembers it."""

    canonical_url: str
    url: str
    content_hash: str | None
    date_published: str | None
    date_modified: str | None
    last_fetched: datetime
    etag: str | None
    last_modified: str | None
    links: list[tuple[str, str]]
    exported_hash: str | None
    exported_modified: str | None
    exported_run: str | None
    exported_at: str | None

    @property
    def exported(self) -> bool:
        """Whether some version of the article was written to a run file."""
        return self.exported_at is not None

    def is_new_version(self, content_hash: str | None, date_modified: str | None) -> bool:
        """True when (content hash, dateModified) differ from the exported version's."""
        return (content_hash, date_modified) != (self.exported_hash, self.exported_modified)


@dataclass(frozen=True)
class Fetch:
    """What one successful fetch of an article told us (the input of a state update)."""

    canonical_url: str
    url: str
    request_urls: Sequence[str]
    content_hash: str | None
    date_published: str | None
    date_modified: str | None
    links: Sequence[tuple[str, str]]
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


def parse_item_date(value: str | None) -> datetime | None:
    """An item date ("2023-09-12T14:41:00Z", "2023-09-12", naive "...T14:41:00") as an aware
    UTC datetime (a day is its midnight UTC, a naive time is taken as UTC); None when absent
    or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RevisitPolicy:
    """How long to wait before fetching a known article again, by its age (seconds)."""

    first_day: float = 3_600.0
    first_week: float = DAY
    older: float = 30 * DAY
    undated: float = DAY

    def interval(self, date_published: str | None, now: datetime) -> float:
        """Seconds between two fetches of an article published at `date_published`."""
        published = parse_item_date(date_published)
        if published is None:
            return self.undated
        age = now - published
        if age < timedelta(days=1):
            return self.first_day
        if age < timedelta(days=7):
            return self.first_week
        return self.older

    def is_due(self, article: ArticleState, now: datetime) -> bool:
        """Whether `article` should be fetched again now."""
        waited = (now - article.last_fetched).total_seconds()
        return waited >= self.interval(article.date_published, now)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class StateError(Exception):
    """The state database cannot be used (not a database, another schema, locked, unreadable);
    the message is one line for the user."""


# The columns of each table of SCHEMA_VERSION: an existing database must have exactly these.
_COLUMNS = {
    "articles": [
        "canonical_url",
        "url",
        "content_hash",
        "date_published",
        "date_modified",
        "last_fetched",
        "etag",
        "last_modified",
        "links",
        "exported_hash",
        "exported_modified",
        "exported_run",
        "exported_at",
    ],
    "urls": ["url", "canonical_url"],
    "meta": ["key", "value"],
}


class StateStore:
    """The SQLite state database at `path` (created with its directory when missing).

    Opening checks what is there: a file that is not a SQLite database (garbage, zeroes), a
    directory, a database of another application or of another schema version, or one locked
    by another process for longer than `timeout` seconds raises StateError, never a half-used
    database; a database of another application is never written to."""

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        """Open (or create) the database; WAL journal, one writer at a time."""
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                if self.path.is_dir():
                    raise StateError(f"state database {self.path} is a directory")
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE), so each
            # write is committed at once and a killed crawl never leaves one half done.
            self.db = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open state database {self.path}: {exc}") from exc
        try:
            self._open()
        except sqlite3.OperationalError as exc:
            self.db.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StateError(
                    f"state database {self.path} is locked by another process (waited "
                    f"{timeout:g} s)"
                ) from exc
            raise StateError(f"cannot use state database {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            self.db.close()
            raise StateError(f"{self.path} is not a usable state database: {exc}") from exc
        except StateError:
            self.db.close()
            raise

    def _open(self) -> None:
        tables = {
            str(name)
            for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if tables and tables != set(_COLUMNS):
            raise StateError(
                f"{self.path} is not a related-crawler state database (its tables: "
                f"{', '.join(sorted(tables))})"
            )
        for table in tables:
            columns = [str(row[1]) for row in self.db.execute(f"PRAGMA table_info({table})")]
            if columns != _COLUMNS[table]:
                raise StateError(
                    f"{self.path}: table {table} has the columns {', '.join(columns)}, not "
                    f"those of state schema version {SCHEMA_VERSION}"
                )
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL under WAL: a committed write survives the process being killed (not a power
        # cut), without an fsync per item.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None and tables:
            raise StateError(f"{self.path}: a state database without its schema version")
        if row is None:
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        elif str(row[0]) != str(SCHEMA_VERSION):
            raise StateError(
                f"{self.path}: state schema version {row[0]}, this code reads {SCHEMA_VERSION}"
            )
        # A writer must be able to write: wait (up to the timeout) for another process's write
        # lock now, not in the middle of the crawl.
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed into the main file)."""
        self.db.close()

    # -- reads ---------------------------------------------------------------------------------
    def article(self, canonical_url: str) -> ArticleState | None:
        """The article stored under its canonical URL."""
        row = self.db.execute(
            "SELECT * FROM articles WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return _article(row) if row else None

    def article_for_url(self, url: str) -> ArticleState | None:
        """The article a request URL led to last time (None for a URL never seen)."""
        row = self.db.execute(
            "SELECT a.* FROM urls u JOIN articles a USING (canonical_url) WHERE u.url = ?", (url,)
        ).fetchone()
        return _article(row) if row else None

    def count(self) -> int:
        """Number of articles stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # -- writes --------------------------------------------------------------------------------
    def record_fetch(self, fetch: Fetch) -> None:
        """Remember a fetch whose version is already exported (or is not to be): dates, hash,
        links, validators; the exported version stays as it was."""
        with self._transaction():
            self._upsert(fetch)

    def record_export(self, fetch: Fetch, run_id: str) -> None:
        """Remember a fetch whose item was written to the run file `run_id`: the same update
        as record_fetch plus the exported version, in one transaction."""
        with self._transaction():
            self._upsert(fetch, run_id)

    def touch(self, canonical_url: str, fetched_at: datetime) -> None:
        """An answer said the article is unchanged (HTTP 304): only its fetch time moves."""
        with self._transaction():
            self.db.execute(
                "UPDATE articles SET last_fetched = ? WHERE canonical_url = ?",
                (_iso(fetched_at), canonical_url),
            )

    def _upsert(self, fetch: Fetch, exported_run: str | None = None) -> None:
        """Insert or update the article's row; with `exported_run`, its exported version too
        (one statement: a statement costs as much as the row it writes)."""
        columns = _COLUMNS["articles"][:9]  # up to links; the exported version follows
        values: list[str | None] = [
            fetch.canonical_url,
            fetch.url,
            fetch.content_hash,
            fetch.date_published,
            fetch.date_modified,
            _iso(fetch.fetched_at),
            fetch.etag,
            fetch.last_modified,
            json.dumps([list(link) for link in fetch.links], ensure_ascii=False),
        ]
        if exported_run is not None:
            columns += ["exported_hash", "exported_modified", "exported_run", "exported_at"]
            values += [
                fetch.content_hash,
                fetch.date_modified,
                exported_run,
                _iso(fetch.fetched_at),
            ]
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
        self.db.execute(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT (canonical_url) DO UPDATE SET {updates}",
            values,
        )
        urls = dict.fromkeys([*fetch.request_urls, fetch.url])
        self.db.executemany(
            "INSERT INTO urls (url, canonical_url) VALUES (?, ?)"
            " ON CONFLICT (url) DO UPDATE SET canonical_url = excluded.canonical_url",
            [(url, fetch.canonical_url) for url in urls],
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _article(row: Iterable[Any]) -> ArticleState:
    (
        canonical_url,
        url,
        content_hash,
        date_published,
        date_modified,
        last_fetched,
        etag,
        last_modified,
        links,
        exported_hash,
        exported_modified,
        exported_run,
        exported_at,
    ) = row
    return ArticleState(
        canonical_url=canonical_url,
        url=url,
        content_hash=content_hash,
        date_published=date_published,
        date_modified=date_modified,
        last_fetched=datetime.fromisoformat(last_fetched),
        etag=etag,
        last_modified=last_modified,
        links=[(str(u), str(k)) for u, k in json.loads(links)],
        exported_hash=exported_hash,
        exported_modified=exported_modified,
        exported_run=exported_run,
        exported_at=exported_at,
    )
