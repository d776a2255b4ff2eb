"""The candidates of a page: the sources of the table, each when its gate opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.extract.dates.candidates import (
    MODIFIED,
    PUBLISHED,
    Candidate,
    Gate,
    ParseContext,
    Scratch,
)
from crawler.extract.dates.readings import FUTURE_MARGIN, OLDEST, SHOWN_SOURCES
from crawler.extract.dates.sources import SOURCES, TEXT_RANK, read
from crawler.extract.dates.sources.text import byline_bounds
from crawler.extract.dates.zones import ZoneHint, zone_for
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.types import DateSource


def _wall_clock_shown(page: Page, value: datetime) -> bool:
    """Whether the page's byline region (where labelled text is read: the only witness rule 3
    takes) shows this wall-clock time as text: "7:47", "07:47", "7h47" or "07h47". Occurrences
    right after a "T" are machine values ("2023-09-12T07:47:00Z" in a JSON-LD block), and those
    after another digit are other times ("17:47"): neither counts. One substring scan per
    separator, from the hour's last digit."""
    html = page.html
    start, stop = byline_bounds(page)
    hour = f"{value.hour:02d}"
    for separator in ":h":
        shown = f"{hour[1]}{separator}{value.minute:02d}"
        pos = html.find(shown, start, stop)
        while pos >= 0:
            # The characters before the hour's last digit: "07:47" has "0", "7:47" none.
            before = html[max(0, pos - 2) : pos]
            if hour[0] != "0" or before[-1:] == "0":
                lead = before[:-1] if before[-1:] == hour[0] else None
            else:
                lead = before[-1:]
            if lead is not None and lead != "T" and not lead.isdigit():
                return True
            pos = html.find(shown, pos + 1, stop)
    return False


def _needs_text(candidates: list[Candidate], hint: ZoneHint, page: Page) -> bool:
    """Whether labelled visible text must be read: machine values leave the publication open, or
    rules 3, 6 or the zone evidence (page_zone) need the visible times as witnesses. Reading
    the text costs a scan of the whole page; most pages with full metadata skip it."""
    machine = [c for c in candidates if c.parsed.has_time]
    published = [c for c in machine if c.role == PUBLISHED]
    if not published:
        return True
    if hint.zone is None and not any(
        c.parsed.tz is not None and c.parsed.tz.utcoffset(c.parsed.value) for c in machine
    ):
        return True  # no zone: the visible time may show the newsroom's offset
    best_published = min(published, key=lambda c: c.rank)
    modified = [c for c in machine if c.role == MODIFIED]
    if modified:
        best_modified = min(modified, key=lambda c: c.rank)
        a, b = best_published.parsed, best_modified.parsed
        if a.tz is not None and b.tz is not None:
            if a.value.replace(tzinfo=a.tz) > b.value.replace(tzinfo=b.tz):
                return True  # rule 6 needs another witness
        elif a.value > b.value:
            return True
    # Rule 3: the best UTC values whose wall-clock time the page shows may be local time.
    return any(
        c.parsed.tz is not None
        and not c.parsed.tz.utcoffset(c.parsed.value)
        and _wall_clock_shown(page, c.parsed.value)
        for c in (best_published, *(modified and [min(modified, key=lambda c: c.rank)]))
    )


def _machine_days_differ(candidates: list[Candidate]) -> bool:
    """Whether the best machine publication and update fall on different days (UTC days; a
    cheap test deciding whether rule 9 needs the visible dates)."""
    machine = [c for c in candidates if c.rank < TEXT_RANK]
    published = [c for c in machine if c.role == PUBLISHED]
    modified = [c for c in machine if c.role == MODIFIED]
    if not published or not modified:
        return False
    a = min(published, key=lambda c: c.rank).parsed
    b = min(modified, key=lambda c: c.rank).parsed
    return a.value.date() != b.value.date()


def _plausible(candidate: Candidate, now: datetime | None) -> bool:
    """Whether rule 1 can keep this candidate whatever its zone (a cheap pre-test: a value that
    rule 1 will reject cannot settle the publication)."""
    value = candidate.parsed.value
    if value.date() < OLDEST:
        return False
    if now is None:
        return True
    # A naive value can be up to 14 hours behind UTC: the latest zone.
    naive = value.replace(tzinfo=None) - (
        candidate.parsed.tz.utcoffset(value) or timedelta(0)
        if candidate.parsed.tz is not None
        else timedelta(hours=14)
    )
    return naive <= now.replace(tzinfo=None) + FUTURE_MARGIN


@dataclass
class _Gates:
    """The gates of the sources table (candidates.Gate), opened in table order as the page's
    candidates come in. What rule 9 needs is decided once the machine values are in (the first
    OPEN_QUESTION gate) and settled after the labelled text and the URL (the first gate after)."""

    page: Page
    hint: ZoneHint
    now: datetime | None
    shown_needed: bool = False
    """Whether rule 9 needs the dates the page shows."""
    settled: bool = False

    def open(self, gate: Gate, candidates: list[Candidate]) -> bool:
        """Whether a source behind this gate runs, given the candidates found so far."""
        if gate is Gate.ALWAYS:
            return True
        if gate is Gate.OPEN_QUESTION:
            machine = [c for c in candidates if _plausible(c, self.now)]
            self.shown_needed = _machine_days_differ(machine)
            return self.shown_needed or _needs_text(machine, self.hint, self.page)
        self._settle(candidates)
        if gate is Gate.NO_PUBLICATION:
            return self.shown_needed or not any(
                c.role == PUBLISHED or c.source == DateSource.TIME for c in candidates
            )
        return self.shown_needed or not any(c.role != MODIFIED for c in candidates)

    def _settle(self, candidates: list[Candidate]) -> None:
        """Rule 9 cannot apply once the page shows the publication's day (UTC day here: a cheap
        test; rule 9 itself compares local days): the bylines need no further search."""
        if self.settled:
            return
        self.settled = True
        if self.shown_needed:
            published = min((c for c in candidates if c.role == PUBLISHED), key=lambda c: c.rank)
            day = published.parsed.value.date()
            self.shown_needed = not any(
                c.source in SHOWN_SOURCES and c.parsed.value.date() == day for c in candidates
            )


def collect_candidates(
    page: Page,
    site: SiteProfile | None,
    ctx: ParseContext,
    hint: ZoneHint | None = None,
    now: datetime | None = None,
) -> list[Candidate]:
    """Every date candidate of the page that arbitration needs, from the sources of SOURCES in
    its order, cheapest first: whole-page searches (labelled text, date-classed elements,
    datelines) run only when the metadata leaves a question open (no plausible publication, a
    zone to find, rules 3, 6 or 9), the last resorts only when nothing else dates the page.
    `now` (aware UTC) tells which machine values rule 1 will reject."""
    gates = _Gates(page, hint or zone_for(page, site), now)
    scratch = Scratch()  # the short texts, selected once for the datelines and the last resorts
    candidates: list[Candidate] = []
    for name, source in SOURCES.items():
        if source.runs is Gate.LAST_RESORT:
            continue
        if source.switch is not None and not getattr(ctx.rules, source.switch):
            continue
        if gates.open(source.runs, candidates):
            candidates += read(name, page, ctx, scratch)
    if not any(c.role != MODIFIED for c in candidates):
        candidates += _last_resort(page, ctx, scratch)
    return candidates


def _last_resort(page: Page, ctx: ParseContext, scratch: Scratch) -> list[Candidate]:
    """Rule 10: the first of the last resorts Rules.fallbacks names that finds a date."""
    for name in ctx.rules.fallbacks:
        found = read(name, page, ctx, scratch)
        if found:
            return found
    return []
