"""The state store and the revisit policy (crawler/incremental/store.py), and torn-line repair."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.incremental.store import (
    ArticleState,
    Fetch,
    RevisitPolicy,
    StateStore,
    parse_item_date,
)
from crawler.runs import cut_torn_line

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
URL = "https://www.lalibre.be/international/2026/11/24/un-article-AAAAAAAAAAAAAAAAAAAAAAAAAA/"


def fetch(**changes: object) -> Fetch:
    values: dict[str, object] = {
        "canonical_url": URL,
        "url": "http://127.0.0.1:8000/international/2026/11/24/un-article-AAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "request_urls": ["http://127.0.0.1:8000/actu/old-address.html"],
        "content_hash": "h1",
        "date_published": "2026-11-24T08:00:00Z",
        "date_modified": None,
        "links": [
            ("https://www.lalibre.be/b/", "related-box"),
            ("https://www.lalibre.be/c/", "body"),
        ],
        "etag": '"abc"',
        "last_modified": "Tue, 24 Nov 2026 08:00:00 GMT",
        "fetched_at": NOW,
    }
    values.update(changes)
    return Fetch(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-12T14:41:00Z", datetime(2023, 9, 12, 14, 41, tzinfo=UTC)),
        ("2023-09-12", datetime(2023, 9, 12, tzinfo=UTC)),
        ("2023-09-12T14:41:00", datetime(2023, 9, 12, 14, 41, tzinfo=UTC)),
        (None, None),
        ("", None),
        ("hier", None),
    ],
)
def test_parse_item_date(value: str | None, expected: datetime | None) -> None:
    assert parse_item_date(value) == expected


POLICY = RevisitPolicy(first_day=3_600, first_week=86_400, older=30 * 86_400, undated=7_200)


@pytest.mark.parametrize(
    ("published", "fetched_ago", "due"),
    [
        # Less than a day old: every hour.
        ("2026-11-24T08:00:00Z", timedelta(minutes=59), False),
        ("2026-11-24T08:00:00Z", timedelta(minutes=60), True),
        # First week: daily.
        ("2026-11-20T08:00:00Z", timedelta(hours=23), False),
        ("2026-11-20T08:00:00Z", timedelta(hours=24), True),
        # Older: monthly.
        ("2026-09-01T08:00:00Z", timedelta(days=29), False),
        ("2026-09-01T08:00:00Z", timedelta(days=30), True),
        # A day-only date counts from its midnight UTC.
        ("2026-11-24", timedelta(minutes=30), False),
        # No publication date: the REVISIT_UNDATED interval.
        (None, timedelta(hours=1), False),
        (None, timedelta(hours=2), True),
    ],
)
def test_revisit_policy_by_age(published: str | None, fetched_ago: timedelta, due: bool) -> None:
    store = StateStore(":memory:")
    store.record_fetch(fetch(date_published=published, fetched_at=NOW - fetched_ago))
    article = store.article(URL)
    assert article is not None
    assert POLICY.is_due(article, NOW) is due


def test_zero_intervals_make_everything_due() -> None:
    store = StateStore(":memory:")
    store.record_fetch(fetch(fetched_at=NOW))
    article = store.article(URL)
    assert article is not None
    assert RevisitPolicy(0, 0, 0, 0).is_due(article, NOW)


def test_store_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.sqlite3"
    store = StateStore(path)
    store.record_fetch(fetch())
    store.close()
    again = StateStore(path)
    article = again.article(URL)
    assert isinstance(article, ArticleState)
    assert article.links == [
        ("https://www.lalibre.be/b/", "related-box"),
        ("https://www.lalibre.be/c/", "body"),
    ]
    assert (article.etag, article.content_hash, article.last_fetched) == ('"abc"', "h1", NOW)
    assert not article.exported
    assert again.count() == 1


def test_every_request_url_leads_to_the_article() -> None:
    store = StateStore(":memory:")
    store.record_fetch(fetch())
    for url in (
        "http://127.0.0.1:8000/actu/old-address.html",
        "http://127.0.0.1:8000/international/2026/11/24/un-article-AAAAAAAAAAAAAAAAAAAAAAAAAA/",
    ):
        found = store.article_for_url(url)
        assert found is not None
        assert found.canonical_url == URL
    assert store.article_for_url("http://127.0.0.1:8000/never-seen/") is None


def test_fetch_does_not_touch_the_exported_version() -> None:
    store = StateStore(":memory:")
    store.record_export(fetch(), "related-20261124T120000Z")
    store.record_fetch(fetch(content_hash="h2", date_modified="2026-11-24T10:00:00Z"))
    article = store.article(URL)
    assert article is not None
    assert (article.exported_hash, article.exported_modified) == ("h1", None)
    assert article.exported_run == "related-20261124T120000Z"
    assert article.content_hash == "h2"


@pytest.mark.parametrize(
    ("content_hash", "date_modified", "new_version"),
    [
        ("h1", None, False),
        ("h2", None, True),
        ("h1", "2026-11-24T10:00:00Z", True),
    ],
)
def test_new_version_is_another_hash_or_date(
    content_hash: str, date_modified: str | None, new_version: bool
) -> None:
    store = StateStore(":memory:")
    store.record_export(fetch(), "run")
    article = store.article(URL)
    assert article is not None
    assert article.is_new_version(content_hash, date_modified) is new_version


def test_touch_moves_only_the_fetch_time() -> None:
    store = StateStore(":memory:")
    store.record_export(fetch(), "run")
    store.touch(URL, NOW + timedelta(hours=5))
    article = store.article(URL)
    assert article is not None
    assert article.last_fetched == NOW + timedelta(hours=5)
    assert article.exported_hash == "h1"


def test_wal_journal(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.sqlite3")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b"", b""),
        (b'{"a": 1}\n', b'{"a": 1}\n'),
        (b'{"a": 1}\n{"b": 2}\n{"c": 3', b'{"a": 1}\n{"b": 2}\n'),
        (b'{"c": 3', b""),
    ],
)
def test_cut_torn_line(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "run.jsonl"
    path.write_bytes(content)
    assert cut_torn_line(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


def test_cut_torn_line_of_a_missing_file(tmp_path: Path) -> None:
    assert cut_torn_line(tmp_path / "none.jsonl") == 0
