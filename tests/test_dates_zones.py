"""Time zone and language hints of a page: site data, html lang, og:locale, TLD, language."""

from __future__ import annotations

import pytest

from crawler.extract.dates.zones import (
    country_zone,
    country_zones,
    day_first_for,
    languages_for,
    zone_for,
)
from crawler.extract.page import parse_page
from crawler.extract.sites import profile_for_host


@pytest.mark.parametrize(
    ("head", "url", "zone", "source"),
    [
        ("", "https://www.lalibre.be/a", "Europe/Brussels", "site"),
        ("", "https://www.exemple.be/a", "Europe/Brussels", "tld"),
        ("", "https://www.beispiel.de/a", "Europe/Berlin", "tld"),
        ("", "https://www.exemple.fr/a", "Europe/Paris", "tld"),
        # tzdata's zone1970.tab: the Netherlands keep Brussels' clock (the same since 1970).
        ("", "https://www.voorbeeld.nl/a", "Europe/Brussels", "tld"),
        ("", "https://www.example.com.ng/a", "Africa/Lagos", "tld"),
        ("", "https://www.example.com.au/a", None, "none"),  # several clocks: no guess
        ("", "https://www.example.com.br/a", None, "none"),
        ("", "https://www.beispiel.at/a", "Europe/Vienna", "tld"),
        ("", "https://www.beispiel.ch/a", "Europe/Zurich", "tld"),
        ("", "https://www.example.co.uk/a", "Europe/London", "tld"),
        ("", "https://www.esempio.it/a", "Europe/Rome", "tld"),
        ("", "https://www.ejemplo.es/a", "Europe/Madrid", "tld"),
        ("<html lang='fr-BE'>", "https://www.example.com/a", "Europe/Brussels", "lang"),
        (
            "<html><head><meta property='og:locale' content='nl_BE'></head>",
            "https://www.example.com/a",
            "Europe/Brussels",
            "locale",
        ),
        ("<html lang='de'>", "https://www.example.com/a", "Europe/Berlin", "language"),
        ("<html lang='en'>", "https://www.example.com/a", None, "none"),
        ("<html lang='en-US'>", "https://www.example.com/a", None, "none"),
        ("<html lang='en'>", "https://www.example.co/a", None, "none"),  # .co is generic
        ("<html lang='en'>", "http://127.0.0.1:8000/a", None, "none"),
    ],
)
def test_zone_for(head: str, url: str, zone: str | None, source: str) -> None:
    page = parse_page(f"{head or '<html>'}<body><p>x</p></body></html>", url)
    hint = zone_for(page, profile_for_host(page.url.split("/")[2]))
    assert (hint.zone.key if hint.zone else None, hint.source) == (zone, source)


def test_zone_from_canonical_host_of_a_local_copy() -> None:
    html = "<html><head><link rel='canonical' href='https://www.exemple.be/a'></head></html>"
    page = parse_page(html, "http://127.0.0.1:8000/a")
    assert zone_for(page, None).source == "tld"


@pytest.mark.parametrize(
    ("html", "url", "languages"),
    [
        ("<html lang='de-AT'>", "https://www.example.com/", ("de", "en")),
        ("<html>", "https://www.exemple.be/", ("fr", "nl", "en")),
        ("<html>", "https://www.example.com/", ("en",)),
        ("<html>", "https://www.lalibre.be/", ("fr", "en")),
    ],
)
def test_languages_for(html: str, url: str, languages: tuple[str, ...]) -> None:
    page = parse_page(html + "<body></body></html>", url)
    assert languages_for(page, profile_for_host(url.split("/")[2])) == languages


@pytest.mark.parametrize(
    ("html", "url", "day_first"),
    [
        ("<html lang='en-US'>", "https://www.example.com/", False),
        ("<html lang='en'>", "https://www.example.com/", False),
        ("<html lang='en'>", "https://www.example.co.uk/", True),
        ("<html lang='en-GB'>", "https://www.example.com/", True),
        ("<html lang='fr'>", "https://www.example.com/", True),
    ],
)
def test_day_first_for(html: str, url: str, day_first: bool) -> None:
    page = parse_page(html + "<body></body></html>", url)
    assert day_first_for(page, None) is day_first


def test_country_zones_come_from_tzdata() -> None:
    zones = country_zones()
    assert zones["de"] == "Europe/Berlin"
    assert zones["be"] == "Europe/Brussels"
    assert zones["es"] == "Europe/Madrid"  # the mainland: the Canaries are an hour behind
    for several in ("us", "ca", "au", "br", "mx"):
        assert several not in zones
    assert len(zones) > 150
    assert country_zone("uk") == "Europe/London"
