"""Date strings to datetimes: ISO and common numeric/month-name forms fast, dateparser last."""

from crawler.extract.dates.parse.base import Parsed
from crawler.extract.dates.parse.slow import parse_slow
from crawler.extract.dates.parse.text import parse_text, parse_time_only
from crawler.extract.dates.parse.values import parse_iso, parse_value

__all__ = [
    "Parsed",
    "parse_iso",
    "parse_slow",
    "parse_text",
    "parse_time_only",
    "parse_value",
]
