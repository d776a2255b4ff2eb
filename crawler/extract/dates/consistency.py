"""Whether an item's dates contradict themselves: the check every exported item passes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from crawler.extract.types import DateNote


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
_ORDER_NOTES = frozenset({DateNote.PUBLISHED_AFTER_MODIFIED, DateNote.SAME_EDIT_BEFORE_PUBLISHED})


def item_date_problems(fields: Mapping[str, Any]) -> list[str]:
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
