"""The closed vocabularies of the extractors' outputs, one definition each (exports read them)."""

from __future__ import annotations

from enum import StrEnum


class LinkKind(StrEnum):
    """Where a related link sat on its page (`relatedLinks[].kind`), strongest first."""

    RELATED_BOX = "related-box"
    """A block of links introduced as related coverage (or judged so by the model)."""
    BODY = "body"
    """A link in the article text."""
    EMBEDDED = "embedded"
    """A related article listed in the page's data (JSON-LD, application state)."""


class DateRole(StrEnum):
    """What a date the page states is said to be (`dateCandidates[].role`)."""

    PUBLISHED = "published"
    MODIFIED = "modified"
    UNKNOWN = "date"
    """A date the page shows without saying which one it is (a date-classed byline, a URL)."""


class DateSource(StrEnum):
    """Where a page states a date (`datePublishedSource`, `dateCandidates[].source`). Meta tags
    and embedded data add the name they read after a colon: "meta:article:published_time",
    "embedded:display_date" (see `named`)."""

    JSON_LD = "json-ld"
    META = "meta"
    TIME = "time"
    ITEMPROP = "itemprop"
    EMBEDDED = "embedded"
    TEXT = "text"
    """Labelled visible text, date-classed elements, datelines and visible last resorts."""
    URL = "url"
    TITLE = "title"
    ATTRIBUTE = "attribute"
    SCRIPT = "script"

    def named(self, name: str) -> str:
        """The source with the name it was read under: "meta:og:image"."""
        return f"{self.value}:{name}"


class DateNote(StrEnum):
    """What arbitrating a page's dates had to do or saw (`dateNotes`; crawler/extract/dates)."""

    OLD_REJECTED = "old-date-rejected"
    FUTURE_REJECTED = "future-date-rejected"
    NAIVE_NO_ZONE = "naive-time-no-zone"
    LOCAL_LABELLED_UTC = "meta-local-time-labelled-utc"
    PUBLISHED_FROM_MODIFIED = "published-from-modified"
    PUBLISHED_AFTER_MODIFIED = "published-after-modified"
    SAME_EDIT_BEFORE_PUBLISHED = "modified-same-edit-before-published"
    SHOWN_DAY = "published-shown-day"
    SHOWN_DAY_OVER_GUESSED_ZONE = "published-day-shown-over-guessed-zone"
    UNLABELLED_FALLBACK = "unlabelled-fallback"


class DateAgreement(StrEnum):
    """Whether a page's sources agreed on its publication (`dateAgreement`)."""

    AGREED = "agreed"
    """Every publication candidate gives the same instant (or day)."""
    SINGLE = "single"
    """One candidate only."""
    RESOLVED = "resolved"
    """The rules or the precedence had to choose."""
