"""The rules that choose a page's dates, documented in order, and their switches as data."""

from __future__ import annotations

from dataclasses import dataclass

# The last resorts of rule 10 (see Rules and sources.SOURCES), in the order they are read
# when on. Those not in SHIPPED_FALLBACKS stay available as data, off (why: Rules, rule 10).
FALLBACKS = (
    "app-data",
    "thread",
    "title",
    "url-month",
    "attribute",
    "script",
    "share-image",
    "copyright",
)
SHIPPED_FALLBACKS = ("app-data", "thread", "url-month", "script", "share-image")


@dataclass(frozen=True)
class Rules:
    """The tunable parts of date extraction as data: which rules run and their thresholds.
    devtools/cv_dates.py chooses them on some sites and scores them on others (cross-validation
    by site); the defaults are its choice on every page (see the README's "Dates").

    Candidates come from the sources of sources.SOURCES (JSON-LD, meta, <time>/itemprop, embedded
    app data, labelled visible text, date-classed elements, datelines, the page's own URL), are
    parsed by parse/ and read in the zone zones.py finds. Arbitration applies these rules, in this
    order:

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
       rules 3-6, 8, 9 or precedence had to choose. The candidates that lost (a different instant,
       or a different day for day-only ones) are kept with their role, value, source and raw text
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
       first chain is read, the first that answers wins (the LAST_RESORT rows of SOURCES): inline
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
       application data, threads, the URL's month, scripts (a gain on a site no rule was written
       from) and the share image; the <title> and attribute sources gained no page
       (devtools/cv_dates.py), and a copyright line's stamp is when the page was generated: the
       crawl's day, not the publication's, on any page fetched after the day it came out. Off.

    Every rule that decides a day, each last resort and the thresholds are data (this class):
    devtools/cv_dates.py chooses them by cross-validation over sites; DEFAULT_RULES is its choice.
    After arbitration, an update earlier than the publication is always noted: "published-after-
    modified", or "modified-same-edit-before-published" within one edit's rounding.

    Dates are never read from other articles: related widgets, teasers, comments and navigation
    are skipped by the sources (sources/blocks.py), URLs other than the page's own are never read,
    and copyright lines carry no label or date class and are filtered from datelines (only rule
    10's last link reads one, and only a full date in it).
    """

    mislabelled_utc: bool = True
    """Rule 3: a machine value in UTC that is the visible local time gives way to it."""
    day_only_machine_after_text: bool = True
    """Rule 4's exception: a machine value without a time of day comes after labelled text."""
    published_from_modified: bool = True
    """Rule 4b: with nothing saying "published", an update beats an unlabelled dateline."""
    upgrade_day: bool = True
    """Rule 5: a day-only winner yields to a timestamp on the same day."""
    time_only_update: bool = True
    """Rule 5b: an update shown as a time alone is dated by the publication's day."""
    earlier_publication: bool = True
    """Rule 6: a publication later than the update gives way to an earlier "published"."""
    shown_day: bool = True
    """Rule 8: the day the page shows beats an instant read in a guessed zone."""
    shown_republication: bool = True
    """Rule 9: a refreshed page's shown day beats its hidden first publication."""
    zone_from_page: bool = True
    """Rule 2: the page's own offsets beat the zone its language or TLD suggests."""
    typo3_bare_date: bool = True
    """A bare <meta name="date"> on a TYPO3 page is an unlabelled date (see meta_candidates)."""
    classed: bool = True
    """Date-classed elements (bylines without a label) are read."""
    datelines: bool = True
    """Short date-only texts (unlabelled datelines) are read."""
    weak_exclusions: bool = False
    """Blocks that only usually hold other content ("teaser", "share", "recent") are skipped
    (off: it gained no page, and lost one)."""
    fallbacks: tuple[str, ...] = SHIPPED_FALLBACKS
    """Rule 10's last resorts that are read, in order."""
    label_gap: int = 24
    """How far (in visible characters) a date may sit after its label: "Publié le <time>"."""
    dateline_slack: int = 28
    """Characters of a dateline that may be something else than the date ("Schengen, ")."""
    same_edit_minutes: int = 5
    """Two instants closer than this are one edit written twice ("16:06" and "16:06:50")."""


DEFAULT_RULES = Rules()
