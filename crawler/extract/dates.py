"""Publication and update dates of a page: candidates, normalization, arbitration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile


@dataclass(frozen=True)
class DateValue:
    """One chosen date with its provenance."""

    utc: str
    """"2023-09-12T14:41:00Z"; "2023-09-12" for a day only; naive "2023-09-12T16:41:00" when no
    zone could be found."""
    local: str | None
    """"2023-09-12T16:41:00+02:00" in the site's zone; the day alone for a day only."""
    raw: str
    """The text as it stands in the page."""
    source: str
    """"json-ld", "meta:<name>", "time", "embedded:<key>", "text", "url"."""


@dataclass
class PageDates:
    """The dates of one page."""

    published: DateValue | None = None
    modified: DateValue | None = None
    agreement: str | None = None
    """"agreed", "single", "resolved", or None when there is no date."""
    notes: list[str] = field(default_factory=list)


def extract_dates(page: Page, *, site: SiteProfile | None, now: datetime | None = None) -> PageDates:
    """Publication and update dates of `page` (INTERFACE STUB: being implemented)."""
    del page, site, now
    return PageDates()
