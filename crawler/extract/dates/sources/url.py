"""The day the page's own URL files it under."""

from __future__ import annotations

from datetime import datetime

from crawler.extract.dates.candidates import UNKNOWN, Candidate, SourceContext
from crawler.extract.dates.parse import Parsed
from crawler.extract.page import Page
from crawler.extract.types import DateSource
from crawler.extract.urls.dated import DAY_FIRST_DAY, YEAR_FIRST_DAY, YEAR_MONTH


def url_month(page: Page) -> tuple[int, int] | None:
    """The year and month the page's own URL files it under ("/2018/07/slug"), if any."""
    for url in (page.canonical, page.url):
        match = YEAR_MONTH.search(url or "")
        if match is not None:
            return int(match.group(1)), int(match.group(2))
    return None


def _url_day_first(path: str, day_first: bool) -> tuple[datetime, str] | None:
    """The day of a "/dd-mm-yyyy" or "/ddmmyyyy" segment; "/mm-dd-yyyy" on month-first pages, and
    wherever the first number cannot be a month ("/04-17-2020")."""
    for match in DAY_FIRST_DAY.finditer(path):
        first, second = int(match.group(1)), int(match.group(3) or match.group(4))
        year = int(match.group(5))
        orders = ((first, second), (second, first))
        for day, month in orders if day_first else orders[::-1]:
            if month <= 12:
                try:
                    return datetime(year, month, day), match.group(0)
                except ValueError:
                    break
    return None


def url_day(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The day in the page's own URL (canonical first); never a date from another URL. Year first
    ("/2023/09/12/", "/20230912/") is the common form; day first ("/29-10-2021") is read too."""
    for url in (page.canonical, page.url):
        if not url:
            continue
        path = url.split("?", 1)[0]
        match = YEAR_FIRST_DAY.search(path)
        if match is not None:
            y, _, m, d = match.groups()
            parsed = Parsed(datetime(int(y), int(m), int(d)), False, None, match.end())
            return [Candidate(UNKNOWN, parsed, match.group(0), DateSource.URL, ctx.rank)]
        found = _url_day_first(path, ctx.parse.day_first)
        if found is not None:
            value, raw = found
            parsed = Parsed(value, False, None, len(raw))
            return [Candidate(UNKNOWN, parsed, raw, DateSource.URL, ctx.rank)]
    return []
