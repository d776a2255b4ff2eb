"""The tunable parts of date extraction as data: which rules run, their thresholds."""

from __future__ import annotations

from dataclasses import dataclass

# The last resorts of rule 10 (see dates.py and fallback_candidates), in the order they are read
# when on. Those not in SHIPPED_FALLBACKS gained no page of the development sites' folds when
# chosen on the other folds (devtools/cv_dates.py): they stay available as data, off.
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
SHIPPED_FALLBACKS = ("app-data", "thread", "url-month", "share-image")


@dataclass(frozen=True)
class Rules:
    """The tunable parts of date extraction as data: which rules run and their thresholds.
    devtools/cv_dates.py chooses them on some sites and scores them on others (cross-validation
    by site); the defaults are its choice on the development sites (see the README's "Dates")."""

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
    (off: it gained no page held out, and lost one)."""
    fallbacks: tuple[str, ...] = SHIPPED_FALLBACKS
    """Rule 10's last resorts that are read, in order."""
    label_gap: int = 24
    """How far (in visible characters) a date may sit after its label: "Publié le <time>"."""
    dateline_slack: int = 28
    """Characters of a dateline that may be something else than the date ("Schengen, ")."""
    same_edit_minutes: int = 5
    """Two instants closer than this are one edit written twice ("16:06" and "16:06:50")."""


DEFAULT_RULES = Rules()
