"""The slow path of date parsing: dateparser, configured once, for the page's languages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from crawler.extract.caching import memo
from crawler.extract.dates.parse.base import Parsed
from crawler.extract.text import visible_text

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
    text = visible_text(text)[:80]
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
