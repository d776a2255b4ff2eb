"""Candidates read in a zone (rules 1, 2 and 4): their instants, days and precedence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from crawler.extract.dates.candidates import Candidate
from crawler.extract.dates.rules import Rules
from crawler.extract.dates.sources import TEXT_RANK
from crawler.extract.dates.zones import ZoneHint
from crawler.extract.types import DateNote, DateSource

OLDEST = date(1995, 1, 1)
FUTURE_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class Reading:
    """A candidate read in a zone: its instant when one can be known, and its local day."""

    candidate: Candidate
    instant: datetime | None
    """Aware instant; None for a day only or a naive time with no zone."""
    day: date
    """The day as the page's readers see it."""
    local: datetime | None
    """The instant in the site zone (or the value's own offset), or the naive wall time."""
    precedence: tuple[int, int]
    """Rule 4's order (lower wins), see precedence."""
    edit: timedelta
    """Two instants closer than this are one edit written twice (Rules.same_edit_minutes)."""

    @property
    def has_time(self) -> bool:
        """Whether the candidate gave a time of day."""
        return self.candidate.parsed.has_time

    def key(self) -> str:
        """What two readings must share to agree: the UTC minute, else the day."""
        if self.instant is not None:
            return self.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
        if self.has_time and self.local is not None:
            return self.local.strftime("%Y-%m-%dT%H:%M")
        return self.day.isoformat()


def read_candidate(candidate: Candidate, zone: tzinfo | None, rules: Rules) -> Reading:
    """Rule 2: the candidate's instant (own offset first, else the zone) and local day."""
    parsed = candidate.parsed
    order = precedence(candidate, rules)
    edit = timedelta(minutes=rules.same_edit_minutes)
    if not parsed.has_time:
        return Reading(candidate, None, parsed.value.date(), None, order, edit)
    if parsed.tz is not None:
        instant = parsed.value.replace(tzinfo=parsed.tz)
        local = instant.astimezone(zone) if zone is not None else instant
        return Reading(candidate, instant, local.date(), local, order, edit)
    if zone is not None:
        # zoneinfo gives each instant its own offset: CEST in summer, CET in winter; an
        # ambiguous autumn hour is read as its first occurrence (fold=0), as clocks show it first.
        local = parsed.value.replace(tzinfo=zone)
        return Reading(candidate, local.astimezone(UTC), local.date(), local, order, edit)
    return Reading(candidate, None, parsed.value.date(), parsed.value, order, edit)


_MAX_OFFSET = timedelta(hours=14)


def _plausible_offset(delta: timedelta) -> bool:
    """Whether a difference between two clocks can be a UTC offset (quarter hours, <= 14 h)."""
    return abs(delta) <= _MAX_OFFSET and delta.total_seconds() % 900 == 0


def page_zone(hint: ZoneHint, candidates: list[Candidate]) -> tzinfo | None:
    """Rule 2's zone: the site profile's; else the page's own evidence of its newsroom offset, when
    the hint (language, locale, TLD) is missing or contradicts it; else the hint.

    Evidence, strongest first: a non-zero offset on the page's machine values ("-08:00": a CMS
    that writes its offset is telling it); the difference between a labelled visible time read
    as local and the same date's instant (visible "11:30 p.m." for 05:30Z is UTC-6). Zero offsets
    are no evidence: CMSs store UTC. The hint zone is kept whenever it gives the observed offset at
    that instant, so that other instants of the page still get their own DST offset."""
    if hint.source == "site":
        return hint.zone
    observed: tuple[datetime, timedelta] | None = None
    for candidate in sorted(candidates, key=lambda c: c.rank):
        parsed = candidate.parsed
        if candidate.rank < TEXT_RANK and parsed.tz is not None and parsed.has_time:
            offset = parsed.tz.utcoffset(parsed.value)
            if offset:
                observed = (parsed.value, offset)
                break
    if observed is None:
        machine = [
            c
            for c in candidates
            if c.rank < TEXT_RANK and c.parsed.tz is not None and c.parsed.has_time
        ]
        for seen in candidates:
            if seen.rank != TEXT_RANK or not seen.parsed.has_time or seen.parsed.tz is not None:
                continue
            for other in machine:
                if other.role != seen.role:
                    continue
                instant = other.parsed.value.replace(tzinfo=other.parsed.tz).astimezone(UTC)
                delta = seen.parsed.value.replace(second=0) - instant.replace(tzinfo=None, second=0)
                if delta and _plausible_offset(delta):
                    observed = (seen.parsed.value, delta)
                    break
            if observed is not None:
                break
    if observed is None:
        return hint.zone
    wall, offset = observed
    if hint.zone is not None and hint.zone.utcoffset(wall) == offset:
        return hint.zone
    return timezone(offset)


def valid(reading: Reading, now: datetime) -> DateNote | None:
    """Rule 1: None when plausible, else the note explaining the rejection."""
    if reading.day < OLDEST:
        return DateNote.OLD_REJECTED
    if reading.instant is not None:
        if reading.instant > now + FUTURE_MARGIN:
            return DateNote.FUTURE_REJECTED
    elif reading.day > (now + FUTURE_MARGIN).date():
        return DateNote.FUTURE_REJECTED
    return None


def precedence(candidate: Candidate, rules: Rules) -> tuple[int, int]:
    """Rule 4's order: rank, except that a machine value without a time of day comes after
    labelled visible text (a CMS's day-only "date" is often a document or index date)."""
    rank = candidate.rank
    if rank < TEXT_RANK and not candidate.parsed.has_time and rules.day_only_machine_after_text:
        return TEXT_RANK + 1, rank
    return rank, 0


def best(readings: list[Reading]) -> Reading | None:
    """Rule 4: the reading of highest precedence (stable: earlier in page order on ties)."""
    return min(readings, key=lambda r: r.precedence) if readings else None


def later(a: Reading, b: Reading) -> bool:
    """Whether reading `a` is later than `b` beyond the same edit's rounding (instants when both
    have one, else days): "16:06" and "16:06:50" are one moment written twice."""
    if a.instant is not None and b.instant is not None:
        return a.instant > b.instant + a.edit
    if (
        a.has_time
        and b.has_time
        and a.local is not None
        and b.local is not None
        and a.local.tzinfo is None
        and b.local.tzinfo is None
    ):
        return a.local > b.local + a.edit
    return a.day > b.day


def before(a: Reading, b: Reading) -> bool:
    """Whether `a` is strictly earlier than `b`, compared as the item shows them: instants when
    both have one (or both are naive times), else the local days."""
    if a.instant is not None and b.instant is not None:
        return a.instant < b.instant
    if a.has_time and b.has_time and a.instant is None and b.instant is None:
        return a.local is not None and b.local is not None and a.local < b.local
    return a.day < b.day


# Sources a reader sees: labelled and unlabelled visible text, <time> elements, and microdata on
# visible elements (<span itemprop="datePublished">; <meta itemprop> goes to meta_candidates).
SHOWN_SOURCES = (DateSource.TEXT, DateSource.TIME, DateSource.ITEMPROP)


def agrees(reading: Reading, chosen: Reading) -> bool:
    """Whether a reading says what the chosen date says: the same minute when both are instants
    (or both naive times), else the same day as the page's readers see it."""
    if reading.has_time and chosen.has_time:
        return reading.key() == chosen.key()
    return reading.day == chosen.day


def note(notes: list[str], what: DateNote) -> None:
    """Add a note to the page's notes, once, as the plain string the item carries."""
    if what not in notes:
        notes.append(what.value)
