"""Publication and update dates of a page: the public API of the date extraction."""

from crawler.extract.dates.collect import collect_candidates
from crawler.extract.dates.consistency import item_date_problems
from crawler.extract.dates.readings import page_zone
from crawler.extract.dates.resolve import DateCandidate, DateValue, PageDates, extract_dates
from crawler.extract.dates.rules import DEFAULT_RULES, FALLBACKS, SHIPPED_FALLBACKS, Rules

__all__ = [
    "DEFAULT_RULES",
    "FALLBACKS",
    "SHIPPED_FALLBACKS",
    "DateCandidate",
    "DateValue",
    "PageDates",
    "Rules",
    "collect_candidates",
    "extract_dates",
    "item_date_problems",
    "page_zone",
]
