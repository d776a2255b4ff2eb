"""What the date sources produce (Candidate), what they are given, and a row of their table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crawler.extract.dates.parse import Parsed, parse_text, parse_value
from crawler.extract.dates.rules import DEFAULT_RULES, Rules
from crawler.extract.page import Page
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
    """A types.DateSource: "json-ld", "meta:<name>", "time", "itemprop", "embedded:<key>", ..."""
    rank: int
    """Trust when sources disagree; lower wins (sources.SOURCES gives each source's)."""


@dataclass(frozen=True)
class ParseContext:
    """What parsing a page's visible dates needs to know about the page."""

    languages: tuple[str, ...]
    day_first: bool
    now_year: int
    rules: Rules = DEFAULT_RULES

    def value(self, text: str) -> Parsed | None:
        """A machine value (meta content, datetime attribute, JSON field) read as this page's."""
        return parse_value(text, day_first=self.day_first, now_year=self.now_year)

    def text(self, text: str) -> Parsed | None:
        """The first date in visible text, read as this page writes dates."""
        return parse_text(text, day_first=self.day_first, now_year=self.now_year)


class Gate(StrEnum):
    """When a source runs (the `runs` column of sources.SOURCES); collect.py opens each gate in
    table order, as the candidates found so far allow."""

    ALWAYS = "always"
    """Every page: declared values, cheap to look up."""
    OPEN_QUESTION = "open-question"
    """The machine values leave the publication open, or rules 3, 6, 9 or the zone (rule 2) need
    a visible witness."""
    NO_PUBLICATION = "no-publication"
    """No publication and no <time> yet, or rule 9 needs the dates the page shows."""
    NO_DATE = "no-date"
    """No date but updates yet, or rule 9 needs the dates the page shows."""
    LAST_RESORT = "last-resort"
    """Rule 10: no date but updates after every other source; read in Rules.fallbacks' order,
    the first that answers wins."""


Collector = Callable[[Page, "SourceContext"], list[Candidate]]


@dataclass(frozen=True)
class Source:
    """One row of sources.SOURCES: a source's collector, its rank and when it runs."""

    collect: Collector
    rank: int
    """Rule 4's precedence of its dates (lower wins); a source adds a small offset for the
    strength of each name or key it reads (meta tag names, JSON-LD entities)."""
    runs: Gate = Gate.ALWAYS
    switch: str | None = None
    """The Rules field that turns the source off (Rules.classed, Rules.datelines)."""
    weaker: int | None = None
    """The rank of its weaker readings: JSON-LD creation dates and media entities, the bare
    "date" meta tag of a TYPO3 page."""
    limit: int = 0
    """How many elements, texts or labels it reads at most (0: no such bound)."""


@dataclass
class Scratch:
    """What the sources of one page share: its short texts, selected once (datelines and last
    resorts)."""

    texts: list[Any] | None = None


@dataclass(frozen=True)
class SourceContext:
    """What a source is given besides the page: how to parse, its row of the table, the page's
    scratch."""

    parse: ParseContext
    source: Source
    scratch: Scratch

    @property
    def rules(self) -> Rules:
        """The rules in force."""
        return self.parse.rules

    @property
    def rank(self) -> int:
        """The source's rank (see Source.rank)."""
        return self.source.rank

    @property
    def weaker(self) -> int:
        """The rank of the source's weaker readings (see Source.weaker)."""
        assert self.source.weaker is not None
        return self.source.weaker

    @property
    def limit(self) -> int:
        """How many elements the source reads at most (see Source.limit)."""
        return self.source.limit
