"""A site's time zone set by the user: RELATED_SITE_TIMEZONES, `-a timezone=`, `--timezone`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.extract.article import extract_html
from crawler.extract.dates.zones import ZoneError, check_site_zones, site_zone
from crawler.extract.page import parse_page
from crawler.spiders.arguments import check_arguments, site_timezones
from tests.conftest import ROOT, ServedSite, read_items, run_crawl

NOW = datetime(2024, 6, 1, tzinfo=UTC)
US_PAGE = Path(__file__).parent / "fixtures" / "dates" / "us_naive_byline.html"
US_URL = "https://www.riversideledger.com/news/county-board-approves-new-bus-routes/"


def _published(timezones: dict[str, str] | None) -> tuple[str, str, list[str]]:
    fields = extract_html(US_PAGE.read_bytes(), US_URL, now=NOW, timezones=timezones)
    assert fields is not None
    return fields["datePublished"], fields["datePublishedLocal"], fields["dateNotes"]


def test_us_page_is_naive_without_a_zone() -> None:
    assert _published(None) == (
        "2024-03-05T16:41:00",
        "2024-03-05T16:41:00",
        ["naive-time-no-zone"],
    )


@pytest.mark.parametrize(
    "timezones",
    [
        {"riversideledger.com": "America/New_York"},
        {"www.riversideledger.com": "America/New_York"},
        {"": "America/New_York"},
        {"com": "Europe/Paris", "riversideledger.com": "America/New_York"},  # longest wins
    ],
)
def test_site_zone_reads_the_page_in_it(timezones: dict[str, str]) -> None:
    assert _published(timezones) == ("2024-03-05T21:41:00Z", "2024-03-05T16:41:00-05:00", [])


@pytest.mark.parametrize(
    ("suffix", "url", "matches"),
    [
        ("example.com", "https://example.com/a", True),
        ("example.com", "https://news.example.com/a", True),
        ("example.com", "https://badexample.com/a", False),
        ("example.com", "https://example.com.evil.org/a", False),
        ("", "https://anything.org/a", True),
    ],
)
def test_site_zone_matches_host_suffixes(suffix: str, url: str, matches: bool) -> None:
    page = parse_page("<html><body></body></html>", url)
    found = site_zone(page, {suffix: "Asia/Tokyo"})
    assert found == ("Asia/Tokyo" if matches else None)


def test_user_zone_beats_the_site_profile() -> None:
    html = "<html><body><article><h1>Titre</h1><p>Publié le 12-09-2023 à 16h41</p></article>"
    url = "https://www.lalibre.be/actu/belgique/un-article-5c1a2b3c4d5e6f7a8b9c0d1e"
    fields = extract_html(
        f'<html><head><meta property="og:type" content="article"></head>{html[6:]}',
        url,
        now=NOW,
        timezones={"lalibre.be": "America/New_York"},
    )
    assert fields is not None
    assert fields["datePublishedLocal"] == "2023-09-12T16:41:00-04:00"


def test_settings_and_argument() -> None:
    settings = Settings({"RELATED_SITE_TIMEZONES": {".Example.com": "America/Chicago"}})
    assert site_timezones(None, settings) == {"example.com": "America/Chicago"}
    assert site_timezones("Asia/Tokyo", settings) == {"": "Asia/Tokyo"}  # the argument wins
    as_json = Settings({"RELATED_SITE_TIMEZONES": '{"example.com": "America/Chicago"}'})
    assert site_timezones(None, as_json) == {"example.com": "America/Chicago"}
    assert site_timezones(None, None) == {}


@pytest.mark.parametrize(
    "zones", [{"example.com": "America/New_Yrok"}, {"example.com": 5}, ["America/New_York"]]
)
def test_bad_zones_are_refused(zones: object) -> None:
    with pytest.raises(ZoneError, match="RELATED_SITE_TIMEZONES"):
        check_site_zones(zones)
    with pytest.raises(ZoneError):
        check_arguments({"url": US_URL}, Settings({"RELATED_SITE_TIMEZONES": zones}))


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-a", "timezone=America/New_Yrok"), "error: -a timezone: 'America/New_Yrok' is not"),
        (
            ("-s", 'RELATED_SITE_TIMEZONES={"example.com": "Mars/Olympus"}'),
            "error: RELATED_SITE_TIMEZONES['example.com']: 'Mars/Olympus' is not",
        ),
        (
            ("-s", "RELATED_SITE_TIMEZONES={oops"),
            "error: setting RELATED_SITE_TIMEZONES: '{oops' is not a JSON object",
        ),
    ],
)
def test_crawl_with_a_bad_zone_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    run = _scrapy("crawl", "related", "-a", f"url={US_URL}", *args)
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(message)


@pytest.mark.integration
def test_extract_command_timezone() -> None:
    run = _scrapy("extract", "--timezone", "America/New_York", "--url", US_URL, str(US_PAGE))
    assert run.returncode == 0, run.stderr
    item = json.loads(run.stdout)
    assert item["datePublishedLocal"] == "2024-03-05T16:41:00-05:00"
    setting = 'RELATED_SITE_TIMEZONES={"riversideledger.com": "America/Los_Angeles"}'
    run = _scrapy("extract", "-s", setting, "--url", US_URL, str(US_PAGE))
    assert json.loads(run.stdout)["datePublished"] == "2024-03-06T00:41:00Z"
    run = _scrapy("extract", "--timezone", "Nowhere", str(US_PAGE))
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "error: --timezone: 'Nowhere' is not an IANA time zone (e.g. America/New_York)"
    ]


@pytest.mark.integration
def test_crawl_reads_dates_in_the_set_zone(lalibre_site: ServedSite, tmp_path: Path) -> None:
    # Through the worker processes: the seed's instants stay, their local form is New York's.
    out = tmp_path / "items.jsonl"
    run = run_crawl(
        lalibre_site.url(lalibre_site.truth["seed_path"]),
        out,
        "-s",
        'RELATED_SITE_TIMEZONES={"lalibre.be": "America/New_York"}',
        "-s",
        "RELATED_EXTRACT_PROCESSES=1",
        depth=1,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seed = next(item for item in read_items(out) if item["depth"] == 0)
    assert seed["datePublished"] == "2023-09-12T14:41:00Z"
    assert seed["datePublishedLocal"] == "2023-09-12T10:41:00-04:00"
