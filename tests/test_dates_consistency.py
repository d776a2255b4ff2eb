"""Every page of every corpus the tests have: dates that never contradict themselves, items that
match the JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from crawler.extract.article import extract_article
from crawler.extract.dates import item_date_problems
from crawler.extract.page import parse_page
from crawler.extract.urls import is_loopback_url
from crawler.schema import load_schema
from tests.test_dates import CASES

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
# The address each date fixture is tested under (its site profile and zone depend on it).
DATE_URLS = {f"dates/{case.fixture}.html": case.url for case in CASES}
VALIDATOR = Draft202012Validator(load_schema())
# Raw texts are a date and its label: a longer one holds the text around it.
MAX_RAW = 100


def _item(body: bytes, url: str, encoding: str | None = None) -> dict[str, Any]:
    """The item `scrapy extract` prints for a page (whether it is an article or not)."""
    fields = extract_article(parse_page(body, url, encoding), now=NOW)
    context = {"depth": 0, "referrer": None, "crawledAt": "2026-01-01T00:00:00Z"}
    crawl = {"addresses": [url], "localCopy": is_loopback_url(url), "crawlNotes": []}
    return {**fields, **context, **crawl}


def _fixture_pages() -> Iterator[tuple[str, bytes, str, str | None]]:
    for path in sorted(FIXTURES.rglob("*.html")):
        name = path.relative_to(FIXTURES).as_posix()
        url = DATE_URLS.get(name, f"https://www.example.org/{path.stem}/")
        yield name, path.read_bytes(), url, None


def _site_pages(name: str, root: Path) -> Iterator[tuple[str, bytes, str, str | None]]:
    from devtools.offline import SITES

    SITES[name](root)
    routes = json.loads((root / "routes.json").read_text(encoding="utf-8"))
    for path, route in sorted(routes.items()):
        content_type = route.get("content_type") or ""
        if not content_type.startswith("text/html"):
            continue
        charset = content_type.split("charset=")[-1] if "charset=" in content_type else None
        body = (root / route["file"]).read_bytes()
        yield path, body, f"http://127.0.0.1:8000{path}", charset


def _problems(item: dict[str, Any]) -> list[str]:
    problems = item_date_problems(item)
    problems += [error.message for error in VALIDATOR.iter_errors(item)]
    for name in ("datePublishedRaw", "dateModifiedRaw", "dateFirstPublishedRaw"):
        raw = item.get(name)
        if raw is not None and len(raw) > MAX_RAW:
            problems.append(f"{name} holds more than a date: {raw!r}")
    return problems


@pytest.mark.integration
@pytest.mark.parametrize("corpus", ["fixtures", "lalibre", "dagelijksepost"])
def test_dates_never_contradict_themselves(corpus: str, tmp_path: Path) -> None:
    pages = _fixture_pages() if corpus == "fixtures" else _site_pages(corpus, tmp_path)
    checked = 0
    failures: list[str] = []
    for name, body, url, charset in pages:
        item = _item(body, url, charset)
        checked += 1
        failures += [f"{name}: {problem}" for problem in _problems(item)]
    assert checked >= 50
    assert failures == []


def test_the_check_catches_contradictions() -> None:
    base: dict[str, Any] = {"dateNotes": []}
    shifted = {
        **base,
        "datePublished": "2019-10-18T16:11:44Z",
        "datePublishedLocal": "2019-10-19",
    }
    assert item_date_problems(shifted)
    wrong_offset = {
        **base,
        "datePublished": "2023-09-12T14:41:00Z",
        "datePublishedLocal": "2023-09-12T16:41:00+01:00",
    }
    assert item_date_problems(wrong_offset)
    backwards = {
        **base,
        "datePublished": "2023-09-12T14:41:00Z",
        "datePublishedLocal": "2023-09-12T16:41:00+02:00",
        "dateModified": "2023-09-12T14:00:00Z",
        "dateModifiedLocal": "2023-09-12T16:00:00+02:00",
    }
    assert item_date_problems(backwards)
    assert not item_date_problems({**backwards, "dateNotes": ["published-after-modified"]})
    day_and_naive = {
        **base,
        "datePublished": "2023-09-12",
        "datePublishedLocal": "2023-09-12",
        "dateModified": "2023-09-12T16:00:00",
        "dateModifiedLocal": "2023-09-12T16:00:00",
    }
    assert not item_date_problems(day_and_naive)


@pytest.mark.integration
def test_seed_names_the_source_that_lost(tmp_path: Path) -> None:
    from devtools.offline import SITES

    truth = SITES["lalibre"](tmp_path)
    routes = json.loads((tmp_path / "routes.json").read_text(encoding="utf-8"))
    seed = truth["seed_path"]
    item = _item((tmp_path / routes[seed]["file"]).read_bytes(), f"http://127.0.0.1:8000{seed}")
    assert item["datePublished"] == "2023-09-12T14:41:00Z"
    assert item["dateAgreement"] == "resolved"
    assert {
        "role": "published",
        "value": "2023-09-13T14:50:00Z",
        "source": "embedded:publish_date",
        "raw": "2023-09-13T14:50:00.037Z",
    } in item["dateCandidates"]
