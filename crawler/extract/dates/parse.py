"""Date strings to datetimes: ISO and common numeric/month-name forms fast, dateparser last."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

from crawler.extract.caching import memo

__all__ = [
    "Parsed",
    "clean_text",
    "parse_iso",
    "parse_slow",
    "parse_text",
    "parse_time_only",
    "parse_value",
]


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
    the time on 1900-01-01 until the caller dates it (a same-day update, see dates.py)."""

    def aware(self) -> datetime | None:
        """The instant, when the string carried its own offset."""
        return self.value.replace(tzinfo=self.tz) if self.tz is not None else None


# Non-breaking and thin spaces are how French typography separates "à" from "15h01":
# "27 octobre 2023 à&nbsp;15h01". Folding them keeps every pattern below to plain spaces.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b]+")
_TAGS = re.compile(r"<[^>]*>")


def clean_text(text: str) -> str:
    """Visible-text form of an HTML snippet: tags dropped, entities decoded, spaces folded."""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return _SPACES.sub(" ", text).strip()


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
_US_ZONE_NAMES: dict[str, tzinfo] = {
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


def _offset(text: str | None) -> tzinfo | None:
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
        return _offset(text[3:])
    return _ZONE_NAMES.get(text)


def _build(
    year: int, month: int, day: int, hms: tuple[int, int, int] = (0, 0, 0)
) -> datetime | None:
    """A datetime, or None when the numbers are not a calendar date."""
    try:
        return datetime(year, month, day, *hms)
    except ValueError:
        return None


# ISO 8601 as machines write it in JSON-LD, meta tags and <time datetime>:
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
    built = _build(int(y), int(mo), int(d), (int(h or 0), int(mi or 0), int(s or 0)))
    if built is None:
        return None
    return Parsed(built, h is not None, _offset(zone) if h is not None else None, match.end())


# Month names of European news languages, lower-case, with their usual abbreviations, and the
# genitive forms dates take in Russian, Ukrainian and Greek ("14 февраля 2020"); Turkish names
# also without their dotless "ı" and "ğ", as upper-case text lowers them. Names that several
# languages share ("mai", "ago", "set", "august") mean the same month in each: one table serves.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "janvier",
        "janv",
        "januar",
        "jänner",
        "jän",
        "januari",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "styczeń",
        "stycznia",
        "tammikuuta",
        "januára",
        "ledna",
        "января",
        "январь",
        "січня",
        "ocak",
        "ianuarie",
        "ian",
        "ιανουαρίου",
        "ιαν",
    ),
    2: (
        "february",
        "feb",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "fév",
        "fev",
        "februar",
        "feber",
        "februari",
        "febrero",
        "febbraio",
        "fevereiro",
        "lutego",
        "helmikuuta",
        "února",
        "февраля",
        "февраль",
        "лютого",
        "şubat",
        "subat",
        "februarie",
        "φεβρουαρίου",
        "φεβ",
    ),
    3: (
        "march",
        "mar",
        "mars",
        "märz",
        "maerz",
        "mär",
        "mrz",
        "maart",
        "mrt",
        "marzo",
        "março",
        "marco",
        "marca",
        "maaliskuuta",
        "března",
        "марта",
        "март",
        "березня",
        "mart",
        "martie",
        "μαρτίου",
    ),
    4: (
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwietnia",
        "huhtikuuta",
        "dubna",
        "апреля",
        "апрель",
        "квітня",
        "nisan",
        "aprilie",
        "απριλίου",
        "απρ",
    ),
    5: (
        "may",
        "mai",
        "mei",
        "mayo",
        "maggio",
        "mag",
        "maio",
        "maja",
        "toukokuuta",
        "května",
        "мая",
        "май",
        "травня",
        "mayıs",
        "mayis",
        "μαΐου",
        "μαιου",
    ),
    6: (
        "june",
        "jun",
        "juin",
        "juni",
        "junio",
        "giugno",
        "giu",
        "junho",
        "czerwca",
        "kesäkuuta",
        "června",
        "июня",
        "июнь",
        "червня",
        "haziran",
        "iunie",
        "ιουνίου",
        "ιουν",
    ),
    7: (
        "july",
        "jul",
        "juillet",
        "juil",
        "juli",
        "julio",
        "luglio",
        "lug",
        "julho",
        "lipca",
        "heinäkuuta",
        "července",
        "июля",
        "июль",
        "липня",
        "temmuz",
        "iulie",
        "ιουλίου",
        "ιουλ",
    ),
    8: (
        "august",
        "aug",
        "août",
        "aout",
        "augustus",
        "agosto",
        "ago",
        "sierpnia",
        "elokuuta",
        "srpna",
        "августа",
        "август",
        "серпня",
        "ağustos",
        "agustos",
        "αυγούστου",
        "αυγ",
    ),
    9: (
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "set",
        "setembro",
        "września",
        "syyskuuta",
        "září",
        "сентября",
        "сентябрь",
        "вересня",
        "eylül",
        "eylul",
        "septembrie",
        "σεπτεμβρίου",
        "σεπ",
    ),
    10: (
        "october",
        "oct",
        "octobre",
        "oktober",
        "okt",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
        "października",
        "lokakuuta",
        "října",
        "октября",
        "октябрь",
        "жовтня",
        "ekim",
        "octombrie",
        "οκτωβρίου",
        "οκτ",
    ),
    11: (
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "listopada",
        "marraskuuta",
        "listopadu",
        "ноября",
        "ноябрь",
        "листопада",
        "kasım",
        "kasim",
        "noiembrie",
        "νοεμβρίου",
        "νοε",
    ),
    12: (
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "grudnia",
        "joulukuuta",
        "prosince",
        "декабря",
        "декабрь",
        "грудня",
        "aralık",
        "aralik",
        "decembrie",
        "δεκεμβρίου",
        "δεκ",
    ),
}
# Arabic month names: the Gregorian names of Egypt and the Gulf ("24 أبريل 2020") and the
# Syriac names of the Levant and Iraq ("24 نيسان 2020"); Jordanian and Lebanese papers print both
# ("الجمعة 24 نيسان / أبريل 2020", see _DMY_NAME). Variants without hamza are common spellings.
_ARABIC_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني"),
    2: ("فبراير", "شباط"),
    3: ("مارس", "آذار", "اذار"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان"),
    5: ("مايو", "أيار", "ايار"),
    6: ("يونيو", "يونيه", "حزيران"),
    7: ("يوليو", "يوليه", "تموز"),
    8: ("أغسطس", "اغسطس", "آب"),
    9: ("سبتمبر", "أيلول", "ايلول"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
    11: ("نوفمبر", "تشرين الثاني"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول"),
}
MONTHS: dict[str, int] = {
    w: m for table in (_MONTH_WORDS, _ARABIC_MONTHS) for m, words in table.items() for w in words
}


def _alternation(words: dict[int, tuple[str, ...]]) -> str:
    """Month words as one regex, factored by common prefixes ("jui(?:l(?:let)?|n)"): Python's
    re tries a plain alternation's words one by one at every number in the text, a few hundred
    words at ~0.1 µs each; the factored form reads each character once. Longer words are
    preferred ("juillet" before "juil"), as in a longest-first alternation."""
    trie: dict[str, Any] = {}
    for word in (w for ws in words.values() for w in ws):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# The Arabic names are tried only at an Arabic letter: a number followed by a Latin word (most
# attempts, in running text) fails them with one character test.
_MONTH_ALT = f"{_alternation(_MONTH_WORDS)}|(?=[\u0600-\u06ff])(?:{_alternation(_ARABIC_MONTHS)})"

# Day, month name, year: "12 septembre 2023", "1er novembre 2023", "2 nov. 2023", "27 Mar 20",
# "12. März 2019", "12 de septiembre de 2023", "5th May 2021"; a month given under two names
# ("24 نيسان / أبريل 2020", Levantine Arabic) is read by the first.
_DMY_NAME = re.compile(
    r"(?<![\d\w])(\d{1,2})(?:er|st|nd|rd|th|º|°)?\.?\s?(?:de\s)?"
    rf"({_MONTH_ALT})(?!\w)\.?(?:\s?/\s?(?:{_MONTH_ALT})(?!\w))?,?\s?(?:de\s|del\s)?"
    r"(\d{4}|\d{2})(?![\d:h])",
)
# Month name, day, year: "September 12, 2023", "Sep 12 2023", "Mar. 5th, 2021".
_MDY_NAME = re.compile(
    rf"(?<![\w])({_MONTH_ALT})(?!\w)\.?\s(\d{{1,2}})(?:st|nd|rd|th)?,?\s(\d{{4}})(?!\d)",
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
# Solar Hijri months (Iran, Afghanistan): Persian names, with Arabic-keyboard spellings ("تير"),
# and the Dari zodiac names of Afghanistan. Read with Persian or Latin digits: "۲ تیر ۱۳۹۹".
_PERSIAN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("فروردین", "فروردين", "حمل"),
    2: ("اردیبهشت", "ارديبهشت", "ثور"),
    3: ("خرداد", "جوزا"),
    4: ("تیر", "تير", "سرطان"),
    5: ("مرداد", "امرداد", "اسد"),
    6: ("شهریور", "شهريور", "سنبله"),
    7: ("مهر", "میزان", "ميزان"),
    8: ("آبان", "ابان", "عقرب"),
    9: ("آذر", "اذر", "قوس"),
    10: ("دی", "دي", "جدی", "جدي"),
    11: ("بهمن", "دلو"),
    12: ("اسفند", "حوت"),
}
_PERSIAN_MONTH = {w: m for m, words in _PERSIAN_MONTHS.items() for w in words}
_JALALI_NAME = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s?(?:ام\s?)?({_alternation(_PERSIAN_MONTHS)})(?![\u0600-\u06ff])"
    r"\s?(?:ماه\s?)?,?\s?(\d{4})(?!\d)"
)
# Solar Hijri years of the web's news: 1373 (1994-95) to 1410 (2031-32). Lunar Hijri years of
# the same time begin at 1415: a four-digit year in 1300-1410 on a date is a Solar Hijri one.
_JALALI_YEARS = range(1300, 1411)
# Thai months, full and abbreviated; Thai pages count years in the Buddhist era (2563 = 2020).
_THAI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("มกราคม", "ม.ค."),
    2: ("กุมภาพันธ์", "ก.พ."),
    3: ("มีนาคม", "มี.ค."),
    4: ("เมษายน", "เม.ย."),
    5: ("พฤษภาคม", "พ.ค."),
    6: ("มิถุนายน", "มิ.ย."),
    7: ("กรกฎาคม", "ก.ค."),
    8: ("สิงหาคม", "ส.ค."),
    9: ("กันยายน", "ก.ย."),
    10: ("ตุลาคม", "ต.ค."),
    11: ("พฤศจิกายน", "พ.ย."),
    12: ("ธันวาคม", "ธ.ค."),
}
_THAI_MONTH = {w: m for m, words in _THAI_MONTHS.items() for w in words}
_THAI_NAME = re.compile(
    r"(?<!\d)(\d{1,2})\s?("
    + "|".join(re.escape(w) for w in sorted(_THAI_MONTH, key=len, reverse=True))
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
    return _build(year, month, day)


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
    zone = _offset(zone_text.replace(" ", "")) if zone_text else None
    if meridiem in ("a", "p") and (zone is None or zone_text in _US_ZONE_NAMES):
        us = _US_ZONE.match(text, match.start(5) if zone_text else match.end())
        if us is not None:
            return Parsed(
                value.replace(hour=hour, minute=minute, second=second),
                True,
                _US_ZONE_NAMES[us.group(1)],
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
    for match in _DMY_NAME.finditer(text):
        value = _build(_year(match.group(3), now_year), MONTHS[match.group(2)], int(match.group(1)))
        if value is not None:
            found.append((match.start(), _with_time(text, match.end(), value)))
            break
    for match in _MDY_NAME.finditer(text):
        value = _build(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
        if value is not None:
            found.append((match.start(), _with_time(text, match.end(), value)))
            break
    for match in _NUMERIC.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        year = _year(match.group(4), now_year)
        if match.group(2) == "." or first > 12:
            day_first_here = True  # "12.09.2023" is always day first; so is "25/12/2023"
        elif second > 12:
            day_first_here = False
        else:
            day_first_here = day_first
        day, month = (first, second) if day_first_here else (second, first)
        value = _build(year, month, day)
        if value is not None:
            found.append((match.start(), _with_time(text, match.end(), value)))
            break
    for match in _SPACED.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        day, month = (first, second) if day_first or first > 12 else (second, first)
        value = _build(int(match.group(4)), month, day)
        if value is not None:
            found.append((match.start(), _with_time(text, match.end(), value)))
            break
    for match in _YMD.finditer(text):
        value = _calendar_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if value is not None:
            found.append((match.start(), _with_time(text, match.end(), value)))
            break
    if "年" in text or "년" in text:
        for match in _CJK.finditer(text):
            value = _build(_cjk_year(match.group(1)), int(match.group(2)), int(match.group(3)))
            if value is not None:
                found.append((match.start(), _with_time(text, match.end(), value)))
                break
    if _ARABIC_SCRIPT.search(text):
        for match in _JALALI_NAME.finditer(text):
            year = int(match.group(3))
            month, day = _PERSIAN_MONTH[match.group(2)], int(match.group(1))
            value = _calendar_date(year, month, day) if year in _JALALI_YEARS else None
            if value is not None:
                found.append((match.start(), _with_time(text, match.end(), value)))
                break
    if _THAI_SCRIPT.search(text):
        for match in _THAI_NAME.finditer(text):
            year = int(match.group(3))
            year -= _BUDDHIST_ERA if year > 2400 else 0
            value = _build(year, _THAI_MONTH[match.group(2)], int(match.group(1)))
            if value is not None:
                found.append((match.start(), _with_time(text, match.end(), value)))
                break
    if not found:
        return None
    start, parsed = min(found, key=lambda pair: pair[0])
    return Parsed(parsed.value, parsed.has_time, parsed.tz, parsed.end, start)


def _cjk_year(text: str) -> int:
    """The Gregorian year of an East Asian year: "2020", "令和2", "令和元", "民國109"."""
    if text[0].isdigit():
        return int(text)
    era, number = text[:2], text[2:].strip()
    return _ERA_YEAR_ZERO[era] + (1 if number == "元" else int(number))


# Gates for a script's patterns: most texts hold none of its letters, and one search says so.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_THAI_SCRIPT = re.compile("[\u0e00-\u0e7f]")


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


# dateparser, the slow path: loaded on first need, one parser per language set, configured here
# once. Restricting languages avoids its ~3 s cold load of every locale.
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PARSERS": ["absolute-time"],
}


@memo(maxsize=32)
def _date_data_parser(languages: tuple[str, ...]) -> Any:
    """A dateparser parser for these languages (built once per language set)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages), settings=_DATEPARSER_SETTINGS)


_DATEPARSER_LANGUAGES = frozenset(
    [
        "en",
        "fr",
        "de",
        "nl",
        "es",
        "it",
        "pt",
        "da",
        "sv",
        "nb",
        "fi",
        "pl",
        "cs",
        "sk",
        "hu",
        "ro",
        "ru",
        "uk",
        "el",
        "tr",
        "ja",
        "ko",
        "zh",
        "ar",
        "fa",
        "he",
        "lt",
        "lv",
        "et",
        "sl",
        "hr",
        "sr",
        "bg",
        "ca",
        "eu",
        "gl",
        "is",
        "sq",
        "hy",
        "hi",
        "bn",
        "id",
        "vi",
        "th",
    ]
)


_DIGIT_RUN = re.compile(r"\d+")


def _may_hold_full_date(text: str) -> bool:
    """Whether dateparser could read a day, a month and a year here (REQUIRE_PARTS): it reads
    days and years only from numbers, so the text needs two numbers ("3 mars 2023", "12mars2023")
    or one that packs a whole date ("20230312"). A lone short number is prose ("publié lundi,
    près de 648 millions d'euros"): rejected here, as dateparser would, without its ~0.4 ms."""
    runs = _DIGIT_RUN.findall(text)
    return len(runs) >= 2 or any(len(run) >= 5 for run in runs)


def parse_slow(text: str, languages: tuple[str, ...]) -> Parsed | None:
    """Parse a short date phrase with dateparser in the given languages (the slow path)."""
    text = clean_text(text)[:80]
    if not _may_hold_full_date(text):
        return None
    langs = tuple(lang for lang in languages if lang in _DATEPARSER_LANGUAGES) or ("en",)
    try:
        data = _date_data_parser(langs).get_date_data(text)
    except (ValueError, TypeError, OverflowError):
        return None
    value = getattr(data, "date_obj", None)
    if not isinstance(value, datetime) or getattr(data, "period", "day") != "day":
        return None
    has_time = value.time() != datetime.min.time()
    return Parsed(value.replace(tzinfo=None), has_time, value.tzinfo, len(text))
