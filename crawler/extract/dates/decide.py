"""The rules that choose between a page's readings when they disagree (rules 3 to 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo

from crawler.extract.dates.candidates import MODIFIED, PUBLISHED, UNKNOWN, Candidate
from crawler.extract.dates.readings import (
    SHOWN_SOURCES,
    Reading,
    best,
    later,
    note,
    read_candidate,
)
from crawler.extract.dates.rules import Rules
from crawler.extract.dates.sources import DATELINE_RANK, TEXT_RANK
from crawler.extract.dates.zones import ZoneHint
from crawler.extract.types import DateNote, DateSource


def mislabelled_utc(readings: list[Reading], notes: list[str]) -> list[Reading]:
    """Rule 3: drop machine values that are the visible local time labelled UTC, so that the
    visible reading (or a correctly labelled machine value) speaks instead."""
    visible = [
        r.candidate.parsed.value.replace(second=0)
        for r in readings
        if r.candidate.rank == TEXT_RANK
        and r.has_time
        and r.candidate.parsed.tz is None
        and r.local is not None
        and r.local.utcoffset()
    ]
    if not visible:
        return readings
    out = []
    for reading in readings:
        parsed = reading.candidate.parsed
        if (
            reading.candidate.rank < TEXT_RANK
            and parsed.has_time
            and parsed.tz is not None
            and parsed.tz.utcoffset(parsed.value) == timedelta(0)
            and parsed.value.replace(second=0) in visible
        ):
            note(notes, DateNote.LOCAL_LABELLED_UTC)
            continue
        out.append(reading)
    return out


def upgrade_day(chosen: Reading, pool: list[Reading]) -> Reading:
    """Rule 5: a day-only winner yields to a timestamp on the same local day."""
    if chosen.has_time:
        return chosen
    timed = [r for r in pool if r.has_time and r.day == chosen.day]
    return best(timed) or chosen


def shown_day(
    chosen: Reading, readings: list[Reading], hint: ZoneHint, zone: tzinfo | None
) -> Reading | None:
    """Rule 8: the day the page shows, when it contradicts the chosen instant's day in a zone
    that was only guessed (or is unknown) and lies within the offsets the Earth uses of that
    instant. A visible day (labelled text, <time>; the URL's day when no zone is known at all)
    is what readers see: it becomes the publication, a day without a time (its offset is not
    known), and the instant is kept among the item's candidates."""
    if chosen.instant is None or hint.source == "site" or (zone is None and hint.zone is not None):
        return None
    if zone is not None and zone is not hint.zone:
        return None  # the zone came from the page's own offsets, not a guess
    sources: tuple[DateSource, ...] = (DateSource.TEXT, DateSource.TIME)
    if zone is None:
        sources += (DateSource.URL,)
    witnesses = [
        r
        for r in readings
        if not r.has_time
        and r.candidate.source in sources
        and r.candidate.role in (PUBLISHED, UNKNOWN)
    ]
    if not witnesses or any(w.day == chosen.day for w in witnesses):
        return None
    witness = min(witnesses, key=lambda r: r.precedence)
    instant = chosen.instant.astimezone(UTC)
    earliest = (instant - timedelta(hours=12)).date()
    latest = (instant + timedelta(hours=14)).date()
    return witness if earliest <= witness.day <= latest else None


def earlier_publication(
    published: Reading, modified: Reading, pool: list[Reading], readings: list[Reading]
) -> Reading | None:
    """Rule 6: the publication to take when the chosen one is later than the update. The page's
    visible dates (labelled text, <time>) are the witness: when one shows the chosen instant
    (Tagblatt's <time> "19.10.2019, 05:00 Uhr" for a datePublished scheduled after the last
    save), the publication stands and the update is the stale one; otherwise the best candidate
    saying "published" that is not later than the update is taken (Libération: JSON-LD
    datePublished is the latest republication, the visible "publié le" the first)."""
    earlier = [r for r in pool if not later(r, modified)]
    witnesses = [
        r
        for r in readings
        if r.candidate.source in SHOWN_SOURCES
        and r.candidate.role != MODIFIED
        and r.candidate is not published.candidate
    ]

    def shows(reading: Reading) -> bool:
        return any(
            w.key() == reading.key() if w.has_time else w.day == reading.day for w in witnesses
        )

    if shows(published) and not any(shows(r) for r in earlier):
        return None
    return best(earlier)


def date_time_only(
    candidates: list[Candidate], published: Reading | None, zone: tzinfo | None, rules: Rules
) -> list[Reading]:
    """Rule 5b: an update shown as a time alone ("bijgewerkt om 16.40 uur") is on the day of the
    publication as the page shows it (a page writes the time alone only for a same-day update);
    it is dropped when that would put it before the publication."""
    out: list[Reading] = []
    if published is None:
        return out
    day = published.local.date() if published.local is not None else published.day
    for candidate in candidates:
        parsed = candidate.parsed
        if not parsed.time_only:
            continue
        value = datetime.combine(day, parsed.value.time())
        dated = replace(candidate, parsed=replace(parsed, value=value, time_only=False))
        reading = read_candidate(dated, zone, rules)
        if published.has_time and later(published, reading):
            continue
        out.append(reading)
    return out


def shown_republication(
    published: Reading, modified: Reading | None, readings: list[Reading]
) -> Reading | None:
    """Rule 9: the date a refreshed page shows instead of its hidden first publication.

    When the publication comes from machine data, the page was updated on a later day, no date
    the page shows its readers (labelled text, a date-classed byline, a dateline, a <time>)
    falls on the publication's day, and one falls after it and no later than the update, the
    page presents its content as of that shown day: recipes, guides and evergreen articles keep
    the URL's first CMS date in their metadata ("2004-01-01") and show "Updated June 13, 2019",
    and a republished story shows its new date. The shown date is returned; the machine value is
    kept as the first publication."""
    if modified is None or published.candidate.rank >= TEXT_RANK:
        return None
    if modified.day <= published.day:
        return None
    shown = [
        r
        for r in readings
        if r.candidate.source in SHOWN_SOURCES and not r.candidate.parsed.time_only
    ]
    if any(r.day == published.day for r in shown):
        return None
    between = [
        r
        for r in shown
        if published.day < r.day <= modified.day
        and not (r.instant is not None and modified.instant is not None and later(r, modified))
    ]
    return best(between)


def fallback_publication(
    fallback: Reading | None, modified: Reading | None, notes: list[str]
) -> Reading | None:
    """Rule 4b: with nothing saying "published", an unlabelled dateline (a version line, an
    archive banner, an event) is weaker evidence than a labelled or declared update, which is
    certainly about the page and bounds its publication: the update's date is then the page's
    (noted "published-from-modified"). A byline, <time> or URL date keeps the lead."""
    if modified is None:
        return fallback
    if fallback is not None and fallback.candidate.rank < DATELINE_RANK:
        return fallback
    if fallback is not None and not later(fallback, modified) and fallback.day == modified.day:
        return fallback
    note(notes, DateNote.PUBLISHED_FROM_MODIFIED)
    return modified
