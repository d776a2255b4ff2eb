"""End to end on the second offline site (Dutch, WordPress-like, no site profile)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from crawler.extract.sites import profile_for_host
from crawler.schema import load_schema
from tests.conftest import ServedSite, link_key, read_items, run_crawl

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

DEPTH = 4
DATE_FIELDS = ("datePublished", "datePublishedLocal", "dateModified", "dateModifiedLocal")


@pytest.fixture(scope="module")
def crawl(dagelijksepost_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("crawl-dp") / "items.jsonl"
    run = run_crawl(
        dagelijksepost_site.url(dagelijksepost_site.truth["seed_path"]), out, depth=DEPTH
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return read_items(out)


def test_the_site_has_no_profile(dagelijksepost_site: ServedSite) -> None:
    assert profile_for_host("www.dagelijksepost.nl") is None


def test_exactly_the_expected_articles(crawl: Any, dagelijksepost_site: ServedSite) -> None:
    got = [i["canonicalUrl"] for i in crawl]
    assert len(got) == len(set(got))
    assert set(got) == set(dagelijksepost_site.truth["depth_limits"][str(DEPTH)])


def test_related_links_page_by_page(crawl: Any, dagelijksepost_site: ServedSite) -> None:
    for item in crawl:
        truth = dagelijksepost_site.truth["articles"][item["canonicalUrl"]]["relatedLinks"]
        expected = {(link["path"], link["kind"]) for link in truth}
        got = {(link_key(link["url"]), link["kind"]) for link in item["relatedLinks"]}
        assert got == expected, item["canonicalUrl"]


def test_dates_exact(crawl: Any, dagelijksepost_site: ServedSite) -> None:
    wrong = []
    for item in crawl:
        truth = dagelijksepost_site.truth["articles"][item["canonicalUrl"]]
        wrong += [
            (item["canonicalUrl"], f, item[f], truth[f]) for f in DATE_FIELDS if item[f] != truth[f]
        ]
    assert wrong == []


def test_lines_valid_against_schema(crawl: Any) -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    for item in crawl:
        assert list(validator.iter_errors(item)) == [], item["url"]
