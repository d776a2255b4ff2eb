"""The closed vocabularies the extractors' outputs use, one definition each (exports, schema and
report read them from here)."""

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
