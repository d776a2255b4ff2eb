"""End to end: a real `scrapy crawl related` against the offline seed site, checked on output."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from crawler.schema import load_schema
from tests.conftest import ServedSite, read_items, run_crawl

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

DATE_FIELDS = ("datePublished", "datePublishedLocal", "dateModified", "dateModifiedLocal")


@pytest.fixture(scope="module")
def crawl_depth2(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("crawl") / "items.jsonl"
    seed = lalibre_site.url(lalibre_site.truth["seed_path_with_space"])
    run = run_crawl(seed, out, depth=2)
    return run, read_items(out) if out.exists() else []


def test_crawl_exits_0(crawl_depth2: Any) -> None:
    run, _ = crawl_depth2
    assert run.returncode == 0, run.stderr[-3000:]


def test_seed_with_line_wrap_space_is_cleaned_with_a_warning(crawl_depth2: Any) -> None:
    run, items = crawl_depth2
    assert "Removed whitespace from seed URL" in run.stderr
    seeds = [i for i in items if i["depth"] == 0]
    assert len(seeds) == 1
    assert seeds[0]["canonicalUrl"].endswith("-LS2PZRXO4JENNG3CMTBUBWR6GQ/")


def test_exactly_the_expected_articles(crawl_depth2: Any, lalibre_site: ServedSite) -> None:
    _, items = crawl_depth2
    got = [i["canonicalUrl"] for i in items]
    assert len(got) == len(set(got)), "an article was exported twice"
    expected = set(lalibre_site.truth["depth_limits"]["2"])
    assert set(got) - expected == set(), "exported articles outside the ground truth"
    assert expected - set(got) == set(), "articles missing from the export"


def test_dates_exact_to_the_second(crawl_depth2: Any, lalibre_site: ServedSite) -> None:
    _, items = crawl_depth2
    wrong = []
    for item in items:
        truth = lalibre_site.truth["articles"][item["canonicalUrl"]]
        for field in DATE_FIELDS:
            if item[field] != truth[field]:
                wrong.append((item["canonicalUrl"], field, item[field], truth[field]))
    assert wrong == []


def test_seed_dates(crawl_depth2: Any) -> None:
    _, items = crawl_depth2
    seed = next(i for i in items if i["depth"] == 0)
    assert seed["datePublished"] == "2023-09-12T14:41:00Z"
    assert seed["datePublishedLocal"] == "2023-09-12T16:41:00+02:00"
    assert seed["dateModified"] == "2023-09-13T14:50:00Z"
    assert seed["dateModifiedLocal"] == "2023-09-13T16:50:00+02:00"


def test_related_links_match_truth_page_by_page(
    crawl_depth2: Any, lalibre_site: ServedSite
) -> None:
    _, items = crawl_depth2
    for item in items:
        truth = lalibre_site.truth["articles"][item["canonicalUrl"]]["relatedLinks"]
        expected = {(link["path"], link["kind"]) for link in truth}
        got = set()
        for link in item["relatedLinks"]:
            parts = urlsplit(link["url"])
            got.add((parts.path + (f"?{parts.query}" if parts.query else ""), link["kind"]))
        assert got == expected, item["canonicalUrl"]


def test_every_line_is_valid_against_the_schema(crawl_depth2: Any) -> None:
    _, items = crawl_depth2
    validator = jsonschema.Draft202012Validator(load_schema())
    assert items
    for item in items:
        errors = sorted(e.message for e in validator.iter_errors(item))
        assert errors == [], item["url"]


def test_depth_and_referrer(crawl_depth2: Any) -> None:
    _, items = crawl_depth2
    exported = {i["canonicalUrl"] for i in items}
    for item in items:
        assert 0 <= item["depth"] <= 2
        if item["depth"] == 0:
            assert item["referrer"] is None
        else:
            assert item["referrer"] in exported


@pytest.mark.parametrize("depth", [1, 3])
def test_depth_limit_bounds_the_crawl(depth: int, lalibre_site: ServedSite, tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    run = run_crawl(lalibre_site.url(lalibre_site.truth["seed_path"]), out, depth=depth)
    assert run.returncode == 0, run.stderr[-3000:]
    got = {i["canonicalUrl"] for i in read_items(out)}
    assert got == set(lalibre_site.truth["depth_limits"][str(depth)])


def test_unfetchable_seed_fails_the_run(lalibre_site: ServedSite, tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    run = run_crawl(
        lalibre_site.url("/this/article/does/not/exist-AAAAAAAAAAAAAAAAAAAAAAAAAA/"), out
    )
    assert run.returncode != 0
    assert "Seed could not be fetched" in run.stderr


def test_items_fetched_from_loopback_are_marked_local_copies(crawl_depth2: Any) -> None:
    _, items = crawl_depth2
    assert items
    assert all(item["localCopy"] is True for item in items)
    # Their identity still names the real site: the mark is what tells them apart.
    assert all(item["canonicalUrl"].startswith("https://www.lalibre.be/") for item in items)


def test_article_fields_follow_schema_org_and_zyte(crawl_depth2: Any) -> None:
    _, items = crawl_depth2
    seed = next(i for i in items if i["depth"] == 0)
    assert seed["authors"]
    assert set(seed["authors"][0]) == {"name", "url"}
    assert seed["publisher"] == {"name": "La Libre", "url": None}
    assert seed["mainImage"]["url"].startswith("https://www.lalibre.be/resizer/")
    assert seed["articleSection"]
    assert seed["keywords"]
    crumbs = seed["breadcrumbs"]
    assert crumbs[0]["url"].startswith("https://www.lalibre.be/")
    assert {"section", "tags"}.isdisjoint(seed)
