"""What a parsed date is (Parsed), and the zones and calendar checks every parser shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Parsed:
    """A date read from one string: a naive wall-clock value plus what the string said about it."""

    value: datetime
    """Naive wall-clock date and time as written (midnight when `has_time` is false)."""
    has_time: bool
    """Whether the string gave a time of day (hours and minutes)."""
    tz: tzinfo | None = None
    """The offset the string carried ("Z", "+02:00", "UTC", "CEST"), or None."""
    end: int = 0
    """Where the date (and its time) ended in the string that was searched."""
    start: int = 0
    """Where the date began in the string that was searched."""
    time_only: bool = False
    """The string gave a time of day and no date ("bijgewerkt om 16.40 uur"): `value` carries
    the time on 1900-01-01 until the caller dates it (a same-day update, rule 5b)."""

    def aware(self) -> datetime | None:
        """The instant, when the string carried its own offset."""
        return self.value.replace(tzinfo=self.tz) if self.tz is not None else None


# Abbreviations pages print after a time ("16:41 CEST"); ambiguous ones (IST, CST) are left out.
_ZONE_NAMES: dict[str, tzinfo] = {
    "z": UTC,
    "utc": UTC,
    "gmt": UTC,
    "wet": UTC,
    "bst": timezone(timedelta(hours=1)),
    "cet": timezone(timedelta(hours=1)),
    "mez": timezone(timedelta(hours=1)),
    "west": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
    "mesz": timezone(timedelta(hours=2)),
    "eet": timezone(timedelta(hours=2)),
    "eest": timezone(timedelta(hours=3)),
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
}


# US newsrooms write their zone after a 12-hour time: "4:41 p.m. ET", "9:05 a.m. CT". Only after
# "a.m."/"p.m." are these read: "et" is French for "and", and a 24-hour "CST" is China's. The
# regional names follow daylight saving time (ET is EDT in summer), hence IANA zones.
US_ZONE_NAMES: dict[str, tzinfo] = {
    "et": ZoneInfo("America/New_York"),
    "ct": ZoneInfo("America/Chicago"),
    "mt": ZoneInfo("America/Denver"),
    "pt": ZoneInfo("America/Los_Angeles"),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "mst": timezone(timedelta(hours=-7)),
    "mdt": timezone(timedelta(hours=-6)),
    "akst": timezone(timedelta(hours=-9)),
    "akdt": timezone(timedelta(hours=-8)),
    "hst": timezone(timedelta(hours=-10)),
}


def offset(text: str | None) -> tzinfo | None:
    """ "+02:00", "+0200", "+02", "-05:30", "Z", "UTC", "CEST" as a tzinfo (None when absent)."""
    if not text:
        return None
    text = text.strip().lower()
    if text[0] in "+-":
        digits = text[1:].replace(":", "")
        if len(digits) in (1, 3):
            digits = "0" + digits  # "GMT+2", "+530"
        if not digits.isdigit() or len(digits) not in (2, 4):
            return None
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes >= 60:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if text[0] == "-" else delta) if delta else UTC
    if text.startswith(("utc", "gmt")) and len(text) > 3:
        return offset(text[3:])
    return _ZONE_NAMES.get(text)


def build_date(
    year: int, month: int, day: int, hms: tuple[int, int, int] = (0, 0, 0)
) -> datetime | None:
    """A datetime, or None when the numbers are not a calendar date."""
    try:
        return datetime(year, month, day, *hms)
    except ValueError:
        return None


# ISO 8601 as machines write it in JSON-LD, meta tags and <time datetime>:
