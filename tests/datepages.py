"""Small hand-written pages for the date tests: a page around a body, its dates, its shown day."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.extract.dates import PageDates, extract_dates
from crawler.extract.dates.rules import DEFAULT_RULES, Rules
from crawler.extract.page import parse_page

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
URL = "https://www.example.org/pages/a-story"


def dates_of(html: str, url: str = URL, rules: Rules = DEFAULT_RULES) -> PageDates:
    """The dates of a page with no site profile."""
    return extract_dates(parse_page(html, url), site=None, now=NOW, rules=rules)


def page(body: str, head: str = "<title>A story about a river</title>", lang: str = "de") -> str:
    """A whole page around `body`."""
    return f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def published_day(dates: PageDates) -> str | None:
    """The publication's local day, as readers see it."""
    value = dates.published
    return None if value is None else (value.local or value.utc)[:10]
