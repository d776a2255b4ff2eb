"""Machine-written dates: ISO 8601, Unix timestamps, and the text forms programs write."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from crawler.extract.dates.parse.base import Parsed, build_date, offset
from crawler.extract.dates.parse.text import parse_text

# "2023-09-12T14:41:00Z", "2023-09-12T16:41:00.000+0200", "2023-09-12 16:41:00", "2023-09-12".
_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{1,2})(?:[.,:]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{2}(?::?\d{2})?)?)?(?![\w+-])",
    re.I,
)


def parse_iso(text: str) -> Parsed | None:
    """ISO 8601 dates and instants (with or without offset); None for anything else."""
    text = text.strip()
    if len(text) >= 10 and text[4] == "-":
        try:
            value = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            pass
        else:
            # fromisoformat reads a lone "2023-09-12" as midnight: only a day was given.
            has_time = len(text) > 10
            naive = value.replace(tzinfo=None)
            return Parsed(naive, has_time, value.tzinfo, len(text))
    match = _ISO.match(text)
    if match is None:
        return None
    y, mo, d, h, mi, s, zone = match.groups()
    built = build_date(int(y), int(mo), int(d), (int(h or 0), int(mi or 0), int(s or 0)))
    if built is None:
        return None
    return Parsed(built, h is not None, offset(zone) if h is not None else None, match.end())


_SLASHED = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def parse_value(text: str, *, day_first: bool = True, now_year: int = 2100) -> Parsed | None:
    """A machine value (meta content, datetime attribute, JSON field): ISO first, then text forms,
    then a Unix timestamp in seconds or milliseconds (Arc and Next.js data carry those). A
    machine-written "11/01/2023" is month first whatever the page's language: programs format
    slashed dates with the en-US default (.NET, JavaScript), people write them day first."""
    text = text.strip()
    if not text:
        return None
    parsed = parse_iso(text)
    if parsed is not None:
        return parsed
    if text.isdigit() and len(text) in (10, 13):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        instant = datetime.fromtimestamp(seconds, UTC)
        return Parsed(instant.replace(tzinfo=None), True, UTC, len(text))
    if _SLASHED.match(text):
        day_first = False
    return parse_text(text, day_first=day_first, now_year=now_year)
