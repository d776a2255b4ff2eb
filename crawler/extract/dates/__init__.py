"""Publication and update dates of a page: the public API of the date extraction."""

from crawler.extract.dates.resolve import (
    DateCandidate,
    DateValue,
    PageDates,
    collect_candidates,
    extract_dates,
    item_date_problems,
    page_zone,
)

__all__ = [
    "DateCandidate",
    "DateValue",
    "PageDates",
    "collect_candidates",
    "extract_dates",
    "item_date_problems",
    "page_zone",
]
