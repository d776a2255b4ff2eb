"""A date a page states (Candidate), what parsing it needs (ParseContext), and its ranks."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract.dates.parse import Parsed
from crawler.extract.dates.rules import DEFAULT_RULES, Rules
from crawler.extract.types import DateRole

# Plain strings, as the items carry them (types.DateRole is the one definition).
PUBLISHED = DateRole.PUBLISHED.value
MODIFIED = DateRole.MODIFIED.value
UNKNOWN = DateRole.UNKNOWN.value
"""A date the page shows without saying which one it is (a date-classed byline, a URL)."""


@dataclass(frozen=True)
class Candidate:
    """One date the page states, where it states it and what it is said to be."""

    role: str
    """PUBLISHED, MODIFIED or UNKNOWN."""
    parsed: Parsed
    raw: str
    source: str
    """"json-ld", "meta:<name>", "time", "itemprop", "embedded:<key>", "text", "url"."""
    rank: int
    """Trust when sources disagree; lower wins (see dates.py for the order and its reasons)."""


@dataclass(frozen=True)
class ParseContext:
    """What parsing a page's visible dates needs to know about the page."""

    languages: tuple[str, ...]
    day_first: bool
    now_year: int
    rules: Rules = DEFAULT_RULES


# Ranks: machine-readable declarations of the main entity first, then markup, embedded data,
# labelled visible text, date-classed elements, and the URL. dates.py documents why.
RANK_JSONLD = 0
RANK_META = 20
RANK_JSONLD_SECONDARY = 28
RANK_ITEMPROP = 30
RANK_TIME = 35
RANK_EMBEDDED = 40
RANK_TEXT = 50
RANK_CLASSED = 60
RANK_URL = 70
RANK_DATELINE = 80
RANK_FALLBACK = 90
