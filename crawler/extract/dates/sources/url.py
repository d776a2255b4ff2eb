"""The day the page's own URL files it under."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.extract.dates.candidates import UNKNOWN, Candidate, SourceContext
from crawler.extract.dates.parse import Parsed
from crawler.extract.page import Page
from crawler.extract.types import DateSource

# "/2023/09/12/slug", "/2023-09-12-slug", "/20230912/": the day the CMS filed the article under.
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)


_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


def url_month(page: Page) -> tuple[int, int] | None:
    """The year and month the page's own URL files it under ("/2018/07/slug"), if any."""
    for url in (page.canonical, page.url):
        match = _URL_MONTH.search(url or "")
        if match is not None:
            return int(match.group(1)), int(match.group(2))
    return None


# Day first, as European CMSs name pages after the day they file them: "/meldungen/29-10-2021",
# "/aktuelles/08112021-online-fachtag". A segment must start with it; undelimited digits must end
# at a hyphen, slash or dot ("/08112021-slug"), as longer runs of digits are ids.
_URL_DAY_FIRST = re.compile(
    r"/(0[1-9]|[12]\d|3[01])(?:([._-])(0[1-9]|[12]\d|3[01])\2|(0[1-9]|1[0-2]))((?:19|20)\d{2})"
    r"(?=[/.-]|$)"
)


def _url_day_first(path: str, day_first: bool) -> tuple[datetime, str] | None:
    """The day of a "/dd-mm-yyyy" or "/ddmmyyyy" segment; "/mm-dd-yyyy" on month-first pages, and
    wherever the first number cannot be a month ("/04-17-2020")."""
    for match in _URL_DAY_FIRST.finditer(path):
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
        match = _URL_DATE.search(path)
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
