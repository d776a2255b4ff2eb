"""Publication and update dates of a page: candidates, normalization, arbitration.

Candidates come from datecands.py (JSON-LD, meta, <time>/itemprop, embedded app data, labelled
visible text, date-classed elements, datelines, the page's own URL), are parsed by dateparse.py
and read in the zone zones.py finds. Arbitration applies these rules, in this order:

1. Validity. A candidate more than a day after the crawl time ("now") or before 1995-01-01 is
   dropped (note "future-date-rejected" / "old-date-rejected"): no news page predates the web's
   news sites, and a future date is a scheduled event, an embargo template or a parse error.
2. Zones. A value's own offset wins ("...Z", "+02:00"). A naive value is read in the site's
   zone (the user's RELATED_SITE_TIMEZONES or -a timezone, else the site profile), else in the
   offset the page itself shows (page_zone: a non-zero offset on its machine values, or a
   labelled visible time against the same instant), else in the zone its language/locale/TLD
   suggests (countries from tzdata's zone1970.tab, see zones.py). With no zone at all it stays
   naive and is flagged ("naive-time-no-zone") rather than silently becoming UTC.
3. Local time labelled UTC. When a labelled visible time ("Publié le ... à 07h47") read in a
   zone with a non-zero offset shows the same wall-clock time as a machine value ending in
   Z/+00:00, the machine value is the newsroom's local time mislabelled as UTC (Sudinfo): it is
   dropped and the visible reading speaks ("meta-local-time-labelled-utc"). Reason: a true UTC
   value cannot equal the local wall clock to the minute when the offset is not zero.
4. Default precedence when sources disagree (lower rank wins): JSON-LD of the page's main
   entity, meta tags (Open Graph article:* first), JSON-LD creation/upload dates and media
   entities, microdata itemprop, <time>, embedded application data, labelled visible text,
   date-classed elements, the URL, unlabelled datelines. Reason: machine fields are written by
   the CMS from the stored instant with an offset and to the second; visible text is formatted
   for humans; date-classed elements and datelines carry no label saying which date they are;
   the URL gives only the day it was filed under. Exception: a machine value without a time of
   day comes after labelled visible text (a CMS's day-only "date" is often a document date).
   4b. With nothing saying "published", a labelled or declared update beats an unlabelled
   dateline (a version line, an archive banner): it is certainly about the page and bounds its
   publication ("published-from-modified").
5. Day-only upgrade. When the winner gives only a day and another candidate with a time of day
   falls on that same local day, the timestamp is taken: both say the same, one says more.
   5b. An update shown as a time alone ("bijgewerkt om 16.40 uur", "Mis à jour à 16h50") is a
   same-day update: it is dated by the publication's local day, and dropped if that puts it
   before the publication.
6. Published after modified. When the chosen publication is later than the update by more than
   one edit's rounding (5 minutes: "16:06" vs "16:06:50"), a candidate that says "published"
   from another source and is not later than the update is taken instead (Libération: JSON-LD
   datePublished is the latest republication, the visible "publié le" the first), unless a
   visible date (text, <time>) shows the chosen instant and none shows the earlier one (a
   scheduled publication after the last save); "published-after-modified" is noted.
7. Provenance. Each chosen date keeps its raw text (the date and its label, nothing after) and
   source; `agreement` is "agreed" when every publication candidate gives the same instant (or
   the same day, for day-only ones and the URL), "single" with one candidate, "resolved" when
   rules 3-6, 8, 9 or precedence had to choose. The candidates that lost (a different instant, or
   a different day for day-only ones) are kept with their role, value, source and raw text
   (the item's dateCandidates): a user sees which source said what.
8. Shown day over a guessed zone. When the zone was only guessed (or is unknown) and the day
   the page shows (a labelled or <time> day; the URL's day when no zone is known) contradicts
   the publication instant's local day, yet lies within the offsets the Earth uses of it (-12 h
   to +14 h), the shown day is the publication, a day alone ("published-day-shown-over-guessed-
   zone"): readers see that day, the guessed zone is what is wrong, and the instant, whose
   local day is unknown, stays among the candidates. A local value is always the instant (or
   day) of its field: never one fact in the field that claims to be the other.

9. Shown day of a refreshed page. When the publication comes from machine data, the update is
   on a later day, no date the page shows (labelled text, bylines, datelines, <time>, visible
   microdata) falls on the publication's day and one falls after it and not after the update,
   that shown date is the publication ("published-shown-day"): evergreen pages keep their URL's
   first CMS date hidden in metadata and show "Updated June 13, 2019". The machine value is kept
   as `first_published` (the item's dateFirstPublished). On the dev pages this rule gets 12
   pages' day right and one wrong (a page showing only its update under its 2017 metadata).

10. Last resort. Only when no source above gave a publication or an unlabelled date, a cheap-
   first chain is read, the first that answers wins (datecands.fallback_candidates): inline
   application data keys ("publishDate", "createdAt": the first of the most specific key), on a
   forum thread's page (by its address) the first post's date (forum software marks the opening
   post up as a comment, like the replies), a date opening or closing the <title>, a short
   visible date in the month the page's own URL files it under (side columns included, comments
   not), a machine instant in an attribute (title="2020-09-20T14:20:02Z" behind "15 minutes
   ago"), a short body script writing a date (showDate("2020/04/17 01:43:09")), the upload day
   in the share image's URL (og:image ".../2016/05/04/..."), a full date in a copyright line
   ("Copyright © 19.12.2019 - 12:14 h": when the template generated the page; a year alone is
   the copyright period and never read). Each is weaker evidence than any source above; all but
   the application data carry no label, and the choice is noted "unlabelled-fallback". Shipped:
   application data, threads, the URL's month and the share image; the <title>, attribute,
   script and copyright sources gained no held-out page (devtools/cv_dates.py) and are off.

Every rule that decides a day, each last resort and the thresholds are data (datecands.Rules):
devtools/cv_dates.py chooses them by cross-validation over sites; DEFAULT_RULES is its choice.
After arbitration, an update earlier than the publication is always noted: "published-after-
modified", or "modified-same-edit-before-published" within one edit's rounding.

Dates are never read from other articles: related widgets, teasers, comments and navigation
are skipped by datecands.py, URLs other than the page's own are never read, and copyright lines
carry no label or date class and are filtered from datelines (only rule 10's last link reads
one, and only a full date in it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from crawler.extract.dates.candidates import (
    MODIFIED,
    PUBLISHED,
    RANK_DATELINE,
    RANK_FALLBACK,
    RANK_TEXT,
    UNKNOWN,
    Candidate,
    ParseContext,
)
from crawler.extract.dates.rules import DEFAULT_RULES, Rules
from crawler.extract.dates.sources.fallback import fallback_candidates
from crawler.extract.dates.sources.markup import (
    classed_candidates,
    embedded_candidates,
    markup_candidates,
)
from crawler.extract.dates.sources.structured import jsonld_candidates, meta_candidates
from crawler.extract.dates.sources.text import (
    byline_bounds,
    dateline_candidates,
    short_texts,
    text_candidates,
)
from crawler.extract.dates.sources.url import url_candidates, url_month
from crawler.extract.dates.zones import ZoneHint, day_first_for, languages_for, zone_for
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile

OLDEST = date(1995, 1, 1)
FUTURE_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class DateValue:
    """One chosen date with its provenance."""

    utc: str
    """"2023-09-12T14:41:00Z"; "2023-09-12" for a day only; naive "2023-09-12T16:41:00" when no
    zone could be found."""
    local: str | None
    """"2023-09-12T16:41:00+02:00" in the site's zone; the day alone for a day only; the naive
    wall-clock time when no zone could be found."""
    raw: str
    """The text as it stands in the page."""
    source: str
    """"json-ld", "meta:<name>", "time", "itemprop", "embedded:<key>", "text", "url"; last
    resorts (rule 10): "title", "attribute", "script", "meta:og:image"."""


@dataclass(frozen=True)
class DateCandidate:
    """A date the page states that lost to the chosen one: what it said and where."""

    role: str
    """"published", "modified", or "date" (a date the page shows without saying which)."""
    value: str
    """Same forms as DateValue.utc."""
    source: str
    """Same vocabulary as DateValue.source."""
    raw: str
    """The text as it stands in the page."""


@dataclass
class PageDates:
    """The dates of one page."""

    published: DateValue | None = None
    modified: DateValue | None = None
    agreement: str | None = None
    """"agreed", "single", "resolved", or None when there is no date."""
    notes: list[str] = field(default_factory=list)
    first_published: DateValue | None = None
    """The machine-declared first publication when rule 9 replaced it by the day the page shows
    (a republished or refreshed page); None otherwise."""
    candidates: list[DateCandidate] = field(default_factory=list)
    """The dates the page states that the chosen ones are not (rule 7): the losers, with their
    sources; empty when every source agreed."""


@dataclass(frozen=True)
class _Reading:
    """A candidate read in a zone: its instant when one can be known, and its local day."""

    candidate: Candidate
    instant: datetime | None
    """Aware instant; None for a day only or a naive time with no zone."""
    day: date
    """The day as the page's readers see it."""
    local: datetime | None
    """The instant in the site zone (or the value's own offset), or the naive wall time."""
    precedence: tuple[int, int]
    """Rule 4's order (lower wins), see _precedence."""
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


def _read(candidate: Candidate, zone: tzinfo | None, rules: Rules) -> _Reading:
    """Rule 2: the candidate's instant (own offset first, else the zone) and local day."""
    parsed = candidate.parsed
    order = _precedence(candidate, rules)
    edit = timedelta(minutes=rules.same_edit_minutes)
    if not parsed.has_time:
        return _Reading(candidate, None, parsed.value.date(), None, order, edit)
    if parsed.tz is not None:
        instant = parsed.value.replace(tzinfo=parsed.tz)
        local = instant.astimezone(zone) if zone is not None else instant
        return _Reading(candidate, instant, local.date(), local, order, edit)
    if zone is not None:
        # zoneinfo gives each instant its own offset: CEST in summer, CET in winter; an
        # ambiguous autumn hour is read as its first occurrence (fold=0), as clocks show it first.
        local = parsed.value.replace(tzinfo=zone)
        return _Reading(candidate, local.astimezone(UTC), local.date(), local, order, edit)
    return _Reading(candidate, None, parsed.value.date(), parsed.value, order, edit)


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
        if candidate.rank < RANK_TEXT and parsed.tz is not None and parsed.has_time:
            offset = parsed.tz.utcoffset(parsed.value)
            if offset:
                observed = (parsed.value, offset)
                break
    if observed is None:
        machine = [
            c
            for c in candidates
            if c.rank < RANK_TEXT and c.parsed.tz is not None and c.parsed.has_time
        ]
        for seen in candidates:
            if seen.rank != RANK_TEXT or not seen.parsed.has_time or seen.parsed.tz is not None:
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


def _valid(reading: _Reading, now: datetime) -> str | None:
    """Rule 1: None when plausible, else the note explaining the rejection."""
    if reading.day < OLDEST:
        return "old-date-rejected"
    if reading.instant is not None:
        if reading.instant > now + FUTURE_MARGIN:
            return "future-date-rejected"
    elif reading.day > (now + FUTURE_MARGIN).date():
        return "future-date-rejected"
    return None


def _mislabelled_utc(readings: list[_Reading], notes: list[str]) -> list[_Reading]:
    """Rule 3: drop machine values that are the visible local time labelled UTC, so that the
    visible reading (or a correctly labelled machine value) speaks instead."""
    visible = [
        r.candidate.parsed.value.replace(second=0)
        for r in readings
        if r.candidate.rank == RANK_TEXT
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
            reading.candidate.rank < RANK_TEXT
            and parsed.has_time
            and parsed.tz is not None
            and parsed.tz.utcoffset(parsed.value) == timedelta(0)
            and parsed.value.replace(second=0) in visible
        ):
            if "meta-local-time-labelled-utc" not in notes:
                notes.append("meta-local-time-labelled-utc")
            continue
        out.append(reading)
    return out


def _precedence(candidate: Candidate, rules: Rules) -> tuple[int, int]:
    """Rule 4's order: rank, except that a machine value without a time of day comes after
    labelled visible text (a CMS's day-only "date" is often a document or index date)."""
    rank = candidate.rank
    if rank < RANK_TEXT and not candidate.parsed.has_time and rules.day_only_machine_after_text:
        return RANK_TEXT + 1, rank
    return rank, 0


def _best(readings: list[_Reading]) -> _Reading | None:
    """Rule 4: the reading of highest precedence (stable: earlier in page order on ties)."""
    return min(readings, key=lambda r: r.precedence) if readings else None


def _upgrade_day(chosen: _Reading, pool: list[_Reading]) -> _Reading:
    """Rule 5: a day-only winner yields to a timestamp on the same local day."""
    if chosen.has_time:
        return chosen
    timed = [r for r in pool if r.has_time and r.day == chosen.day]
    return _best(timed) or chosen


def _later(a: _Reading, b: _Reading) -> bool:
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


def _before(a: _Reading, b: _Reading) -> bool:
    """Whether `a` is strictly earlier than `b`, compared as the item shows them: instants when
    both have one (or both are naive times), else the local days."""
    if a.instant is not None and b.instant is not None:
        return a.instant < b.instant
    if a.has_time and b.has_time and a.instant is None and b.instant is None:
        return a.local is not None and b.local is not None and a.local < b.local
    return a.day < b.day


def _value(reading: _Reading, zone: tzinfo | None, notes: list[str]) -> DateValue:
    """The output form: UTC instant, local instant with offset, or the day alone."""
    candidate = reading.candidate
    if not reading.has_time:
        day = reading.day.isoformat()
        return DateValue(day, day, candidate.raw, candidate.source)
    if reading.instant is not None:
        utc = reading.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        local = reading.instant.astimezone(zone) if zone is not None else reading.instant
        return DateValue(utc, local.isoformat(timespec="seconds"), candidate.raw, candidate.source)
    if "naive-time-no-zone" not in notes:
        notes.append("naive-time-no-zone")
    naive = candidate.parsed.value.isoformat(timespec="seconds")
    return DateValue(naive, naive, candidate.raw, candidate.source)


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


def _shown_day(
    chosen: _Reading, readings: list[_Reading], hint: ZoneHint, zone: tzinfo | None
) -> _Reading | None:
    """Rule 8: the day the page shows, when it contradicts the chosen instant's day in a zone
    that was only guessed (or is unknown) and lies within the offsets the Earth uses of that
    instant. A visible day (labelled text, <time>; the URL's day when no zone is known at all)
    is what readers see: it becomes the publication, a day without a time (its offset is not
    known), and the instant is kept among the item's candidates."""
    if chosen.instant is None or hint.source == "site" or (zone is None and hint.zone is not None):
        return None
    if zone is not None and zone is not hint.zone:
        return None  # the zone came from the page's own offsets, not a guess
    sources = ("text", "time", "url") if zone is None else ("text", "time")
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


def _earlier_publication(
    published: _Reading, modified: _Reading, pool: list[_Reading], readings: list[_Reading]
) -> _Reading | None:
    """Rule 6: the publication to take when the chosen one is later than the update. The page's
    visible dates (labelled text, <time>) are the witness: when one shows the chosen instant
    (Tagblatt's <time> "19.10.2019, 05:00 Uhr" for a datePublished scheduled after the last
    save), the publication stands and the update is the stale one; otherwise the best candidate
    saying "published" that is not later than the update is taken (Libération: JSON-LD
    datePublished is the latest republication, the visible "publié le" the first)."""
    earlier = [r for r in pool if not _later(r, modified)]
    witnesses = [
        r
        for r in readings
        if r.candidate.source in _SHOWN_SOURCES
        and r.candidate.role != MODIFIED
        and r.candidate is not published.candidate
    ]

    def shows(reading: _Reading) -> bool:
        return any(
            w.key() == reading.key() if w.has_time else w.day == reading.day for w in witnesses
        )

    if shows(published) and not any(shows(r) for r in earlier):
        return None
    return _best(earlier)


def _machine_days_differ(candidates: list[Candidate]) -> bool:
    """Whether the best machine publication and update fall on different days (UTC days; a
    cheap test deciding whether rule 9 needs the visible dates)."""
    machine = [c for c in candidates if c.rank < RANK_TEXT]
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


def collect_candidates(
    page: Page,
    site: SiteProfile | None,
    ctx: ParseContext,
    hint: ZoneHint | None = None,
    now: datetime | None = None,
) -> list[Candidate]:
    """Every date candidate of the page that arbitration needs, cheapest sources first: whole-page
    searches (microdata, labelled text, date-classed elements, datelines) run only when the
    metadata leaves a question open (no plausible publication, a zone to find, rules 3, 6 or
    9). `now` (aware UTC) tells which machine values rule 1 will reject."""
    hint = hint or zone_for(page, site)
    rules = ctx.rules
    candidates = jsonld_candidates(page, ctx)
    candidates += meta_candidates(page, ctx)
    candidates += embedded_candidates(page, ctx)
    candidates += markup_candidates(page, ctx)
    machine = [c for c in candidates if _plausible(c, now)]
    shown_needed = _machine_days_differ(machine)
    if shown_needed or _needs_text(machine, hint, page):
        candidates += text_candidates(page, ctx)
    candidates += url_candidates(page, ctx.day_first)
    if shown_needed:
        # Rule 9 cannot apply once the page shows the publication's day (UTC day here: a cheap
        # test; rule 9 itself compares local days): the bylines need no further search.
        published = min((c for c in candidates if c.role == PUBLISHED), key=lambda c: c.rank)
        day = published.parsed.value.date()
        shown_needed = not any(
            c.source in _SHOWN_SOURCES and c.parsed.value.date() == day for c in candidates
        )
    if rules.classed and (
        shown_needed or not any(c.role == PUBLISHED or c.source == "time" for c in candidates)
    ):
        candidates += classed_candidates(page, ctx)
    texts: list[Any] | None = None
    if rules.datelines and (shown_needed or not any(c.role != MODIFIED for c in candidates)):
        texts = short_texts(page)  # one selection for the datelines and the last resorts
        candidates += dateline_candidates(page, ctx, url_month(page), texts=texts)
    if not any(c.role != MODIFIED for c in candidates):
        candidates += fallback_candidates(page, ctx, texts)
    return candidates


def _date_time_only(
    candidates: list[Candidate], published: _Reading | None, zone: tzinfo | None, rules: Rules
) -> list[_Reading]:
    """Rule 5b: an update shown as a time alone ("bijgewerkt om 16.40 uur") is on the day of the
    publication as the page shows it (a page writes the time alone only for a same-day update);
    it is dropped when that would put it before the publication."""
    out: list[_Reading] = []
    if published is None:
        return out
    day = published.local.date() if published.local is not None else published.day
    for candidate in candidates:
        parsed = candidate.parsed
        if not parsed.time_only:
            continue
        value = datetime.combine(day, parsed.value.time())
        dated = replace(candidate, parsed=replace(parsed, value=value, time_only=False))
        reading = _read(dated, zone, rules)
        if published.has_time and _later(published, reading):
            continue
        out.append(reading)
    return out


# Sources a reader sees: labelled and unlabelled visible text, <time> elements, and microdata on
# visible elements (<span itemprop="datePublished">; <meta itemprop> goes to meta_candidates).
_SHOWN_SOURCES = ("text", "time", "itemprop")


def _shown_republication(
    published: _Reading, modified: _Reading | None, readings: list[_Reading]
) -> _Reading | None:
    """Rule 9: the date a refreshed page shows instead of its hidden first publication.

    When the publication comes from machine data, the page was updated on a later day, no date
    the page shows its readers (labelled text, a date-classed byline, a dateline, a <time>)
    falls on the publication's day, and one falls after it and no later than the update, the
    page presents its content as of that shown day: recipes, guides and evergreen articles keep
    the URL's first CMS date in their metadata ("2004-01-01") and show "Updated June 13, 2019",
    and a republished story shows its new date. The shown date is returned; the machine value is
    kept as the first publication."""
    if modified is None or published.candidate.rank >= RANK_TEXT:
        return None
    if modified.day <= published.day:
        return None
    shown = [
        r
        for r in readings
        if r.candidate.source in _SHOWN_SOURCES and not r.candidate.parsed.time_only
    ]
    if any(r.day == published.day for r in shown):
        return None
    between = [
        r
        for r in shown
        if published.day < r.day <= modified.day
        and not (r.instant is not None and modified.instant is not None and _later(r, modified))
    ]
    return _best(between)


def _fallback_publication(
    fallback: _Reading | None, modified: _Reading | None, notes: list[str]
) -> _Reading | None:
    """Rule 4b: with nothing saying "published", an unlabelled dateline (a version line, an
    archive banner, an event) is weaker evidence than a labelled or declared update, which is
    certainly about the page and bounds its publication: the update's date is then the page's
    (noted "published-from-modified"). A byline, <time> or URL date keeps the lead."""
    if modified is None:
        return fallback
    if fallback is not None and fallback.candidate.rank < RANK_DATELINE:
        return fallback
    if fallback is not None and not _later(fallback, modified) and fallback.day == modified.day:
        return fallback
    notes.append("published-from-modified")
    return modified


def _agrees(reading: _Reading, chosen: _Reading) -> bool:
    """Whether a reading says what the chosen date says: the same minute when both are instants
    (or both naive times), else the same day as the page's readers see it."""
    if reading.has_time and chosen.has_time:
        return reading.key() == chosen.key()
    return reading.day == chosen.day


def _losing(
    readings: list[_Reading],
    published: _Reading | None,
    modified: _Reading | None,
    zone: tzinfo | None,
) -> list[DateCandidate]:
    """The dates the page states that the chosen ones are not, each once, in page order of
    trust: publication and unlabelled dates against the publication, updates against the
    update (what a user needs to see which source lost, and what it said)."""
    out: list[DateCandidate] = []
    seen: set[tuple[str, str, str]] = set()
    for reading in sorted(readings, key=lambda r: r.precedence):
        role = reading.candidate.role
        chosen = modified if role == MODIFIED else published
        if chosen is not None and (reading is chosen or _agrees(reading, chosen)):
            continue
        value = _value(reading, zone, [])
        key = (role, value.utc, value.source)
        if key not in seen:
            seen.add(key)
            out.append(DateCandidate(role, value.utc, value.source, value.raw))
    return out


def extract_dates(
    page: Page,
    *,
    site: SiteProfile | None,
    now: datetime | None = None,
    rules: Rules = DEFAULT_RULES,
) -> PageDates:
    """Publication and update dates of `page`, arbitrated by the rules in this module's docstring.
    `site` gives the newsroom's zone and languages; `now` (aware; default: the clock) bounds
    future dates; `rules` turns rules on and off and sets their thresholds (for
    devtools/cv_dates.py: the defaults are the chosen ones)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    hint = zone_for(page, site)
    ctx = ParseContext(languages_for(page, site), day_first_for(page, site), now.year, rules)
    notes: list[str] = []
    candidates = collect_candidates(page, site, ctx, hint, now.astimezone(UTC))
    zone = page_zone(hint, candidates) if rules.zone_from_page else hint.zone

    readings: list[_Reading] = []
    for candidate in candidates:
        if candidate.parsed.time_only:
            continue  # dated once the publication is known (rule 5b)
        reading = _read(candidate, zone, rules)
        problem = _valid(reading, now)
        if problem is None:
            readings.append(reading)
        elif problem not in notes:
            notes.append(problem)
    stated = readings
    if rules.mislabelled_utc:
        readings = _mislabelled_utc(readings, notes)

    published_pool = [r for r in readings if r.candidate.role == PUBLISHED]
    fallback_pool = [r for r in readings if r.candidate.role == UNKNOWN]
    modified_pool = [r for r in readings if r.candidate.role == MODIFIED]

    published = _best(published_pool)
    resolved = False
    if published is None:
        fallback, modified_best = _best(fallback_pool), _best(modified_pool)
        if rules.published_from_modified:
            fallback = _fallback_publication(fallback, modified_best, notes)
        resolved = fallback is not None and fallback.candidate.role == MODIFIED
        published = fallback
    if published is not None and rules.upgrade_day:
        upgraded = _upgrade_day(published, published_pool + fallback_pool)
        resolved = resolved or upgraded is not published
        published = upgraded
    if rules.time_only_update:
        dated = _date_time_only(candidates, published, zone, rules)
        dated = [r for r in dated if _valid(r, now) is None]
        modified_pool += dated
        stated = stated + dated
    modified = _best(modified_pool)

    if published is not None and modified is not None and _later(published, modified):
        if "published-after-modified" not in notes:
            notes.append("published-after-modified")
        if rules.earlier_publication:
            replacement = _earlier_publication(published, modified, published_pool, readings)
            if replacement is not None:
                published, resolved = replacement, True

    first_published: _Reading | None = None
    if published is not None and rules.shown_republication:
        shown = _shown_republication(published, modified, readings)
        if shown is not None:
            first_published = published
            published = shown
            if rules.upgrade_day:
                published = _upgrade_day(shown, published_pool + fallback_pool + modified_pool)
            resolved = True
            notes.append("published-shown-day")

    if published is not None and rules.shown_day and first_published is None:
        shown_day = _shown_day(published, readings, hint, zone)
        if shown_day is not None:
            published, resolved = shown_day, True
            notes.append("published-day-shown-over-guessed-zone")

    if published is not None and published.candidate.rank >= RANK_FALLBACK:
        notes.append("unlabelled-fallback")
    if (
        published is not None
        and modified is not None
        and _before(modified, published)
        and "published-after-modified" not in notes
    ):
        # Within one edit's rounding ("16:06" for "16:06:50"), or a publication the page's
        # sources put after its update (rule 6 kept it): the note says which.
        late = _later(published, modified)
        notes.append("published-after-modified" if late else "modified-same-edit-before-published")
    result = PageDates(notes=notes)
    if first_published is not None:
        result.first_published = _value(first_published, zone, notes)
    if published is not None:
        result.published = _value(published, zone, notes)
        keys = {r.key() for r in published_pool if r.has_time}
        days = {
            r.day
            for r in published_pool + [r for r in fallback_pool if r.candidate.source == "url"]
        }
        count = len(published_pool) + sum(1 for r in fallback_pool if r.candidate.source == "url")
        resolved = resolved or "meta-local-time-labelled-utc" in notes
        if count <= 1 and not resolved:
            result.agreement = "single"
        elif not resolved and len(keys) <= 1 and days <= {published.day}:
            result.agreement = "agreed"
        else:
            result.agreement = "resolved"
    if modified is not None:
        result.modified = _value(modified, zone, notes)
        if result.agreement is None:
            result.agreement = "single"
    hidden = first_published.candidate if first_published is not None else None
    result.candidates = _losing(
        [r for r in stated if r.candidate is not hidden], published, modified, zone
    )
    return result


def _moment(value: str) -> datetime | date:
    """An item's date field as Python: an aware instant, a naive time, or a day."""
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _same(utc: str, local: str) -> bool:
    """Whether a date field and its Local denote the same instant (or day, or naive time)."""
    a, b = _moment(utc), _moment(local)
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return a == b
    return not isinstance(a, datetime) and not isinstance(b, datetime) and a == b


# Notes that explain an update earlier than the publication.
_ORDER_NOTES = frozenset({"published-after-modified", "modified-same-edit-before-published"})


def item_date_problems(fields: dict[str, Any]) -> list[str]:
    """What makes an item's dates contradict themselves (empty when nothing does): a Local that
    is not the instant (or day) of its field, or an update before the publication with no note
    saying why. Publication and update are compared as instants when both have one, else by
    the local days the item shows."""
    problems = []
    for name in ("datePublished", "dateModified", "dateFirstPublished"):
        value, local = fields.get(name), fields.get(f"{name}Local")
        if (value is None) != (local is None):
            problems.append(f"{name} {value!r} with {name}Local {local!r}")
        elif value is not None and local is not None and not _same(value, local):
            problems.append(f"{name} {value} is not {name}Local {local}")
    published, modified = fields.get("datePublishedLocal"), fields.get("dateModifiedLocal")
    if published and modified and not _ORDER_NOTES & set(fields.get("dateNotes") or ()):
        a, b = _moment(published), _moment(modified)
        if (
            isinstance(a, datetime)
            and isinstance(b, datetime)
            and (a.tzinfo is None) == (b.tzinfo is None)
        ):
            earlier = b < a
        else:
            earlier = modified[:10] < published[:10]
        if earlier:
            problems.append(f"dateModified {modified} before datePublished {published}, no note")
    return problems
