"""The arbitration of a page's dates, rule by rule, and the dates it chooses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from crawler.extract.dates.candidates import (
    MODIFIED,
    PUBLISHED,
    UNKNOWN,
    Candidate,
    ParseContext,
)
from crawler.extract.dates.collect import collect_candidates
from crawler.extract.dates.decide import (
    date_time_only,
    earlier_publication,
    fallback_publication,
    mislabelled_utc,
    shown_day,
    shown_republication,
    upgrade_day,
)
from crawler.extract.dates.readings import (
    Reading,
    agrees,
    before,
    best,
    later,
    note,
    page_zone,
    read_candidate,
    valid,
)
from crawler.extract.dates.rules import DEFAULT_RULES, Rules
from crawler.extract.dates.sources import UNLABELLED_RANK
from crawler.extract.dates.zones import ZoneHint, day_first_for, languages_for, zone_for
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.types import DateAgreement, DateNote, DateSource


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
    """A types.DateSource: "json-ld", "meta:<name>", "time", "itemprop", "embedded:<key>",
    "text", "url"; last resorts (rule 10): "title", "attribute", "script", "meta:og:image"."""


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
    """A types.DateAgreement ("agreed", "single", "resolved"), or None when there is no date."""
    notes: list[str] = field(default_factory=list)
    first_published: DateValue | None = None
    """The machine-declared first publication when rule 9 replaced it by the day the page shows
    (a republished or refreshed page); None otherwise."""
    candidates: list[DateCandidate] = field(default_factory=list)
    """The dates the page states that the chosen ones are not (rule 7): the losers, with their
    sources; empty when every source agreed."""


def _value(reading: Reading, zone: tzinfo | None, notes: list[str]) -> DateValue:
    """The output form: UTC instant, local instant with offset, or the day alone."""
    candidate = reading.candidate
    source = str(candidate.source)  # a plain string, as the item carries it
    if not reading.has_time:
        day = reading.day.isoformat()
        return DateValue(day, day, candidate.raw, source)
    if reading.instant is not None:
        utc = reading.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        local = reading.instant.astimezone(zone) if zone is not None else reading.instant
        return DateValue(utc, local.isoformat(timespec="seconds"), candidate.raw, source)
    note(notes, DateNote.NAIVE_NO_ZONE)
    naive = candidate.parsed.value.isoformat(timespec="seconds")
    return DateValue(naive, naive, candidate.raw, source)


def _losing(
    readings: list[Reading],
    published: Reading | None,
    modified: Reading | None,
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
        if chosen is not None and (reading is chosen or agrees(reading, chosen)):
            continue
        value = _value(reading, zone, [])
        key = (role, value.utc, value.source)
        if key not in seen:
            seen.add(key)
            out.append(DateCandidate(role, value.utc, value.source, value.raw))
    return out


@dataclass
class _Arbitration:
    """Where the arbitration of one page stands: its readings by role, what is chosen so far and
    the notes; each rule is one step below, applied in the order the rules are numbered."""

    zone: tzinfo | None
    rules: Rules
    now: datetime
    notes: list[str]
    stated: list[Reading]
    """Every valid reading, before rule 3 drops any (the item's candidates are among these)."""
    readings: list[Reading]
    published_pool: list[Reading]
    fallback_pool: list[Reading]
    """Dates the page shows without saying which (role UNKNOWN)."""
    modified_pool: list[Reading]
    published: Reading | None = None
    modified: Reading | None = None
    first_published: Reading | None = None
    resolved: bool = False
    """Whether a rule or the precedence had to choose (see _agreement)."""


def extract_dates(
    page: Page,
    *,
    site: SiteProfile | None,
    now: datetime | None = None,
    rules: Rules = DEFAULT_RULES,
    language: str | None = None,
) -> PageDates:
    """Publication and update dates of `page`, arbitrated by the rules documented on
    rules.Rules. `site` gives the newsroom's zone and languages; `now` (aware; default: the
    clock) bounds future dates; `rules` turns rules on and off and sets their thresholds (for
    devtools/cv_dates.py: the defaults are the chosen ones); `language`: the language of the
    article's text when known (language.content_language), read in place of the page's tag
    for month names and the order of day and month."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    hint = zone_for(page, site)
    ctx = ParseContext(
        languages_for(page, site, language),
        day_first_for(page, site, language),
        now.year,
        rules,
    )
    candidates = collect_candidates(page, site, ctx, hint, now.astimezone(UTC))
    zone = page_zone(hint, candidates) if rules.zone_from_page else hint.zone
    state = _read_all(candidates, zone, rules, now)
    _choose_publication(state)
    _choose_update(state, candidates)
    _publication_after_update(state)
    _shown_days(state, hint)
    _order_notes(state)
    return _result(state)


def _read_all(
    candidates: list[Candidate], zone: tzinfo | None, rules: Rules, now: datetime
) -> _Arbitration:
    """Rules 1 to 3: every candidate read in the zone, the implausible ones noted and dropped,
    then the machine values that are local time labelled UTC."""
    notes: list[str] = []
    readings: list[Reading] = []
    for candidate in candidates:
        if candidate.parsed.time_only:
            continue  # dated once the publication is known (rule 5b)
        reading = read_candidate(candidate, zone, rules)
        problem = valid(reading, now)
        if problem is None:
            readings.append(reading)
        else:
            note(notes, problem)
    stated = readings
    if rules.mislabelled_utc:
        readings = mislabelled_utc(readings, notes)
    return _Arbitration(
        zone,
        rules,
        now,
        notes,
        stated,
        readings,
        published_pool=[r for r in readings if r.candidate.role == PUBLISHED],
        fallback_pool=[r for r in readings if r.candidate.role == UNKNOWN],
        modified_pool=[r for r in readings if r.candidate.role == MODIFIED],
    )


def _choose_publication(state: _Arbitration) -> None:
    """Rules 4, 4b and 5: the best publication, else the best unlabelled date (or the update),
    upgraded to a timestamp of the same day."""
    rules = state.rules
    published = best(state.published_pool)
    if published is None:
        fallback = best(state.fallback_pool)
        if rules.published_from_modified:
            fallback = fallback_publication(fallback, best(state.modified_pool), state.notes)
        state.resolved = fallback is not None and fallback.candidate.role == MODIFIED
        published = fallback
    if published is not None and rules.upgrade_day:
        upgraded = upgrade_day(published, state.published_pool + state.fallback_pool)
        state.resolved = state.resolved or upgraded is not published
        published = upgraded
    state.published = published


def _choose_update(state: _Arbitration, candidates: list[Candidate]) -> None:
    """Rule 5b, then rule 4 for the update: updates shown as a time alone are dated by the
    publication's day and join the others."""
    if state.rules.time_only_update:
        dated = date_time_only(candidates, state.published, state.zone, state.rules)
        dated = [r for r in dated if valid(r, state.now) is None]
        state.modified_pool += dated
        state.stated = state.stated + dated
    state.modified = best(state.modified_pool)


def _publication_after_update(state: _Arbitration) -> None:
    """Rule 6: a publication later than the update is noted, and gives way to an earlier
    "published" when the page's visible dates do not show it."""
    published, modified = state.published, state.modified
    if published is None or modified is None or not later(published, modified):
        return
    note(state.notes, DateNote.PUBLISHED_AFTER_MODIFIED)
    if state.rules.earlier_publication:
        replacement = earlier_publication(published, modified, state.published_pool, state.readings)
        if replacement is not None:
            state.published, state.resolved = replacement, True


def _shown_days(state: _Arbitration, hint: ZoneHint) -> None:
    """Rules 9, then 8: the day a refreshed page shows over its hidden first publication; else
    the day the page shows over an instant read in a guessed zone."""
    rules = state.rules
    if state.published is not None and rules.shown_republication:
        shown = shown_republication(state.published, state.modified, state.readings)
        if shown is not None:
            state.first_published = state.published
            state.published = shown
            if rules.upgrade_day:
                pool = state.published_pool + state.fallback_pool + state.modified_pool
                state.published = upgrade_day(shown, pool)
            state.resolved = True
            note(state.notes, DateNote.SHOWN_DAY)
    if state.published is not None and rules.shown_day and state.first_published is None:
        day = shown_day(state.published, state.readings, hint, state.zone)
        if day is not None:
            state.published, state.resolved = day, True
            note(state.notes, DateNote.SHOWN_DAY_OVER_GUESSED_ZONE)


def _order_notes(state: _Arbitration) -> None:
    """A last resort's publication is noted as such (rule 10); an update earlier than the
    publication is always noted, with the reason."""
    published, modified = state.published, state.modified
    if published is not None and published.candidate.rank >= UNLABELLED_RANK:
        note(state.notes, DateNote.UNLABELLED_FALLBACK)
    if (
        published is not None
        and modified is not None
        and before(modified, published)
        and DateNote.PUBLISHED_AFTER_MODIFIED not in state.notes
    ):
        # Within one edit's rounding ("16:06" for "16:06:50"), or a publication the page's
        # sources put after its update (rule 6 kept it): the note says which.
        late = later(published, modified)
        what = DateNote.PUBLISHED_AFTER_MODIFIED if late else DateNote.SAME_EDIT_BEFORE_PUBLISHED
        note(state.notes, what)


def _result(state: _Arbitration) -> PageDates:
    """Rule 7: the chosen dates in their output form, the agreement, and the losers."""
    published, modified, zone = state.published, state.modified, state.zone
    result = PageDates(notes=state.notes)
    if state.first_published is not None:
        result.first_published = _value(state.first_published, zone, state.notes)
    if published is not None:
        result.published = _value(published, zone, state.notes)
        result.agreement = _agreement(state, published)
    if modified is not None:
        result.modified = _value(modified, zone, state.notes)
        if result.agreement is None:
            result.agreement = DateAgreement.SINGLE.value
    hidden = state.first_published.candidate if state.first_published is not None else None
    result.candidates = _losing(
        [r for r in state.stated if r.candidate is not hidden], published, modified, zone
    )
    return result


def _agreement(state: _Arbitration, published: Reading) -> str:
    """Rule 7's agreement: "single" with one candidate, "agreed" when every publication
    candidate (and the URL's day) gives the same instant or day, else "resolved"."""
    urls = [r for r in state.fallback_pool if r.candidate.source == DateSource.URL]
    keys = {r.key() for r in state.published_pool if r.has_time}
    days = {r.day for r in state.published_pool + urls}
    count = len(state.published_pool) + len(urls)
    resolved = state.resolved or DateNote.LOCAL_LABELLED_UTC in state.notes
    if count <= 1 and not resolved:
        return DateAgreement.SINGLE.value
    if not resolved and len(keys) <= 1 and days <= {published.day}:
        return DateAgreement.AGREED.value
    return DateAgreement.RESOLVED.value
