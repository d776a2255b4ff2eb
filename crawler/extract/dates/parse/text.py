"""Dates in visible text: day, month and year in their many written forms, and the time after."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from crawler.extract.caching import memo
from crawler.extract.dates.parse.base import US_ZONE_NAMES, Parsed, build_date, offset
from crawler.extract.dates.parse.months import (
    MONTH_ALT,
    MONTHS,
    PERSIAN_ALT,
    PERSIAN_MONTH,
    THAI_MONTH,
)

# ("24 نيسان / أبريل 2020", Levantine Arabic) is read by the first.
_DMY_NAME = re.compile(
    r"(?<![\d\w])(\d{1,2})(?:er|st|nd|rd|th|º|°)?\.?\s?(?:de\s)?"
    rf"({MONTH_ALT})(?!\w)\.?(?:\s?/\s?(?:{MONTH_ALT})(?!\w))?,?\s?(?:de\s|del\s)?"
    r"(\d{4}|\d{2})(?![\d:h])",
)
# Month name, day, year: "September 12, 2023", "Sep 12 2023", "Mar. 5th, 2021".
_MDY_NAME = re.compile(
    rf"(?<![\w])({MONTH_ALT})(?!\w)\.?\s(\d{{1,2}})(?:st|nd|rd|th)?,?\s(\d{{4}})(?!\d)",
)
# Numbers: "12-09-2023", "02/11/23", "12.09.2023" (day or month first), "2023/09/12".
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
# Numbers spaced around their separators, as designers set them: "26 | 01 | 2022", "26 / 01 / 2022",
# "26 . 01 . 2022" (four-digit year only: "3 - 4 - 5" is a score or a list).
_SPACED = re.compile(r"(?<![\d|/.-])(\d{1,2}) ([|/.-]) (\d{1,2}) \2 ((?:19|20)\d{2})(?![\d|/-])")
_YMD = re.compile(r"(?<![\d./-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)")
# East Asian forms: "2023年9月12日", "2023년 9월 12일"; Japan's era years ("令和2年2月14日",
# "令和元年": the era's first year) and Taiwan's Minguo years ("民國109年").
_CJK = re.compile(
    r"(\d{4}|(?:令和|平成|昭和|民國|民国)\s?(?:\d{1,3}|元))\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]"
)
# The year before each era's first year (令和 1 = 2019).
_ERA_YEAR_ZERO = {"令和": 2018, "平成": 1988, "昭和": 1925, "民國": 1911, "民国": 1911}
# A time after an East Asian date: "11時30分", "午後3時5分", "오후 3:20", "下午3:20".
_CJK_TIME = re.compile(
    r"[\s,(（]{0,3}(午前|午後|上午|下午|오전|오후)?\s?(\d{1,2})\s?(?:[時时시](?:\s?(\d{1,2})\s?[分분])?|:(\d{2}))"
)

_JALALI_NAME = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s?(?:ام\s?)?({PERSIAN_ALT})(?![\u0600-\u06ff])"
    r"\s?(?:ماه\s?)?,?\s?(\d{4})(?!\d)"
)
# Solar Hijri years of the web's news: 1373 (1994-95) to 1410 (2031-32). Lunar Hijri years of
# the same time begin at 1415: a four-digit year in 1300-1410 on a date is a Solar Hijri one.
_JALALI_YEARS = range(1300, 1411)

_THAI_NAME = re.compile(
    r"(?<!\d)(\d{1,2})\s?("
    + "|".join(re.escape(w) for w in sorted(THAI_MONTH, key=len, reverse=True))
    + r")\s?(?:พ\.ศ\.\s?)?(\d{4})(?!\d)"
)
_BUDDHIST_ERA = 543
# A time right after the date: "à 16h41", "à 9:21", "um 16:41 Uhr", ", 4:41 pm", "- 16:41 CEST",
# "at 16:41 UTC", "kl. 16.41", "в 10:30", "στις 10:30", "saat 10:30", "16:41:07+02:00", Dutch
# "om 14.05 uur" (a dot before "uhr"/"uur" only: "12.09" alone is a day and a month), Arabic
# "09:22 مساءً" (p.m.), Persian "02:09 ب.ظ" (p.m.).
_TIME_AFTER = re.compile(
    r"[\s,|·•–—-]{0,4}(?:(?:à|a|at|um|om|alle|às|a\slas|kl\.?|klo|o\sgodz\.?|в|о|στις|saat|,|-|\|)\s?){0,2}"
    r"(\d{1,2})\s?(?:h|:|\.(?=\d\d\s?u(?:hr|ur)))\s?(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s?(a\.?m\.?|p\.?m\.?|(?:ص(?:باحا?ً?)?|م(?:ساءً?)?)(?!\w)|[بق]\.\s?ظ\.?)?\s?(?:uhr|uur|hrs?\b)?\s?"
    r"(z\b|(?:utc|gmt)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|[a-z]{3,4}\b)?",
)


@memo(maxsize=256)
def _from_jalali(year: int, month: int, day: int) -> datetime | None:
    """A Solar Hijri date as a Gregorian datetime (jdatetime: Iran's calendar, whose leap years
    follow the equinox), or None when it is no date of that calendar."""
    import jdatetime  # loaded on the first Persian date only

    try:
        return datetime.combine(jdatetime.date(year, month, day).togregorian(), datetime.min.time())
    except ValueError:
        return None


def _calendar_date(year: int, month: int, day: int) -> datetime | None:
    """A date as a page writes it, in the calendar its year belongs to: a year in 1300-1410 is
    Solar Hijri ("1399/04/02" is 2020-06-22), a later one Gregorian."""
    if year in _JALALI_YEARS:
        return _from_jalali(year, month, day)
    return build_date(year, month, day)


def _year(text: str, now_year: int) -> int:
    """Four-digit year of "23" ("02/11/23"): this century unless that is more than a year ahead."""
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if 2000 + short <= now_year + 1 else 1900 + short


def _with_time(text: str, pos: int, value: datetime) -> Parsed:
    """Attach the time of day written right after position `pos`, when there is one."""
    match = _TIME_AFTER.match(text, pos, pos + 48)
    if match is None or match.group(1) is None:
        return _with_cjk_time(text, pos, value)
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    # Arabic writes "ص" (صباحاً, morning) and "م" (مساءً, evening) for a.m. and p.m.; Persian
    # "ق.ظ" (before noon) and "ب.ظ" (after noon).
    meridiem = (match.group(4) or "")[:1]
    if meridiem in ("p", "م", "ب") and hour < 12:
        hour += 12
    elif meridiem in ("a", "ص", "ق") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return Parsed(value, False, None, pos)
    zone_text = match.group(5)
    zone = offset(zone_text.replace(" ", "")) if zone_text else None
    if meridiem in ("a", "p") and (zone is None or zone_text in US_ZONE_NAMES):
        us = _US_ZONE.match(text, match.start(5) if zone_text else match.end())
        if us is not None:
            return Parsed(
                value.replace(hour=hour, minute=minute, second=second),
                True,
                US_ZONE_NAMES[us.group(1)],
                us.end(),
            )
    # The date's text ends with its last part read: a word after the time that is no zone
    # ("16h41 Mis à jour", "4:41 p.m. The") is the page's next sentence, and spaces are not kept.
    end = match.end() if zone is not None else match.start(5) if zone_text else match.end()
    while end > pos and text[end - 1].isspace():
        end -= 1
    return Parsed(value.replace(hour=hour, minute=minute, second=second), True, zone, end)


_US_ZONE = re.compile(r"\s?(et|ct|mt|pt|cst|cdt|mst|mdt|akst|akdt|hst)\b")


def _with_cjk_time(text: str, pos: int, value: datetime) -> Parsed:
    """The time after an East Asian date ("11時30分", "오후 3:20"), when there is one."""
    match = _CJK_TIME.match(text, pos, pos + 24)
    if match is None or (match.group(1) is None and match.group(4) is not None):
        return Parsed(value, False, None, pos)  # "12:30" alone is _TIME_AFTER's
    hour, minute = int(match.group(2)), int(match.group(3) or match.group(4) or 0)
    if match.group(1) in ("午後", "下午", "오후") and hour < 12:
        hour += 12
    elif match.group(1) in ("午前", "上午", "오전") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return Parsed(value, False, None, pos)
    return Parsed(value.replace(hour=hour, minute=minute), True, None, match.end())


_TIME_ONLY_DAY = datetime(1900, 1, 1)
_LEADS_TO_DATE = re.compile(r"\s?[,-]?\s?\d{1,2}[./ -]")


def parse_time_only(text: str) -> Parsed | None:
    """A time of day with no date, right at the start of `text` (the words after an update label):
    "om 16.40 uur", "à 16h50", "at 4:50 pm", "um 16:40 Uhr". None when a date follows the time
    ("16:40, 12.05.2023": parse_text reads those) or when there is no time."""
    lowered = text.lower()
    match = _TIME_AFTER.match(lowered, 0, 48)
    if match is None or match.start(1) > 8:
        return None
    if _LEADS_TO_DATE.match(lowered, match.end()):
        return None
    parsed = _with_time(lowered, 0, _TIME_ONLY_DAY)
    if not parsed.has_time:
        return None
    return Parsed(parsed.value, True, parsed.tz, parsed.end, match.start(1), time_only=True)


def parse_text(text: str, *, day_first: bool = True, now_year: int = 2100) -> Parsed | None:
    """The first date written in visible text (lower-cased by the caller or not), with the time
    of day that follows it; `day_first` settles "09/12/2023" (False: US month-first)."""
    text = text.lower()
    found: list[tuple[int, Parsed]] = []
    for pattern, build, gate in _FORMS:
        if gate is not None and not gate(text):
            continue
        for match in pattern.finditer(text):
            value = build(match, day_first, now_year)
            if value is not None:
                found.append((match.start(), _with_time(text, match.end(), value)))
                break
    if not found:
        return None
    # The earliest in the text; on a tie, the form listed first in _FORMS.
    start, parsed = min(found, key=lambda pair: pair[0])
    return Parsed(parsed.value, parsed.has_time, parsed.tz, parsed.end, start)


def _day_month_name(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    return build_date(_year(match.group(3), now_year), MONTHS[match.group(2)], int(match.group(1)))


def _month_name_day(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    return build_date(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))


def _numeric(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    first, second = int(match.group(1)), int(match.group(3))
    year = _year(match.group(4), now_year)
    if match.group(2) == "." or first > 12:
        day_first_here = True  # "12.09.2023" is always day first; so is "25/12/2023"
    elif second > 12:
        day_first_here = False
    else:
        day_first_here = day_first
    day, month = (first, second) if day_first_here else (second, first)
    return build_date(year, month, day)


def _spaced(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    first, second = int(match.group(1)), int(match.group(3))
    day, month = (first, second) if day_first or first > 12 else (second, first)
    return build_date(int(match.group(4)), month, day)


def _year_first(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    return _calendar_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))


def _east_asian(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    return build_date(_cjk_year(match.group(1)), int(match.group(2)), int(match.group(3)))


def _solar_hijri(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    year = int(match.group(3))
    month, day = PERSIAN_MONTH[match.group(2)], int(match.group(1))
    return _calendar_date(year, month, day) if year in _JALALI_YEARS else None


def _thai(match: re.Match[str], day_first: bool, now_year: int) -> datetime | None:
    year = int(match.group(3))
    year -= _BUDDHIST_ERA if year > 2400 else 0
    return build_date(year, THAI_MONTH[match.group(2)], int(match.group(1)))


def _cjk_year(text: str) -> int:
    """The Gregorian year of an East Asian year: "2020", "令和2", "令和元", "民國109"."""
    if text[0].isdigit():
        return int(text)
    era, number = text[:2], text[2:].strip()
    return _ERA_YEAR_ZERO[era] + (1 if number == "元" else int(number))


# Gates for a script's patterns: most texts hold none of its letters, and one search says so.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_THAI_SCRIPT = re.compile("[\u0e00-\u0e7f]")


def _has_cjk_year(text: str) -> bool:
    return "年" in text or "년" in text


def _has_arabic_script(text: str) -> bool:
    return _ARABIC_SCRIPT.search(text) is not None


def _has_thai_script(text: str) -> bool:
    return _THAI_SCRIPT.search(text) is not None


_Build = Callable[[re.Match[str], bool, int], datetime | None]
# The written forms parse_text reads, each with what builds its date from a match (given
# day_first and now_year) and, for a script's forms, the test that the text is in that script.
# The first match of each form counts; the earliest in the text wins.
_FORMS: tuple[tuple[re.Pattern[str], _Build, Callable[[str], bool] | None], ...] = (
    (_DMY_NAME, _day_month_name, None),
    (_MDY_NAME, _month_name_day, None),
    (_NUMERIC, _numeric, None),
    (_SPACED, _spaced, None),
    (_YMD, _year_first, None),
    (_CJK, _east_asian, _has_cjk_year),
    (_JALALI_NAME, _solar_hijri, _has_arabic_script),
    (_THAI_NAME, _thai, _has_thai_script),
)
