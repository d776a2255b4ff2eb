"""Date string parsing: ISO, numeric, month names in several languages, times, the slow path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crawler.extract.dates.parse import (
    parse_iso,
    parse_slow,
    parse_text,
    parse_time_only,
    parse_value,
)
from crawler.extract.text import visible_text

CEST = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "value", "has_time", "tz"),
    [
        ("2023-09-12T14:41:00Z", datetime(2023, 9, 12, 14, 41), True, UTC),
        ("2023-09-12T16:41:00+02:00", datetime(2023, 9, 12, 16, 41), True, CEST),
        ("2023-09-12T16:41:00.000+0200", datetime(2023, 9, 12, 16, 41), True, CEST),
        ("2023-09-12T16:41:00", datetime(2023, 9, 12, 16, 41), True, None),
        ("2023-09-12 16:41:00", datetime(2023, 9, 12, 16, 41), True, None),
        ("2023-09-12", datetime(2023, 9, 12), False, None),
        ("2023-09-12T16:41:00+02", datetime(2023, 9, 12, 16, 41), True, CEST),
        ("20230912", datetime(2023, 9, 12), False, None),
    ],
)
def test_parse_iso(text: str, value: datetime, has_time: bool, tz: timezone | None) -> None:
    parsed = parse_iso(text)
    assert parsed is not None
    assert (parsed.value, parsed.has_time) == (value, has_time)
    assert parsed.tz == tz


@pytest.mark.parametrize("text", ["", "yesterday", "12 septembre", "2023-13-45", "n/a"])
def test_parse_iso_rejects(text: str) -> None:
    assert parse_iso(text) is None


@pytest.mark.parametrize(
    ("text", "value", "has_time"),
    [
        ("Publié le 12-09-2023 à 16h41", datetime(2023, 9, 12, 16, 41), True),
        ("Mis à jour le 13-09-2023 à 16h50", datetime(2023, 9, 13, 16, 50), True),
        ("Publié le 02/11/23 à 16h33", datetime(2023, 11, 2, 16, 33), True),
        ("2 nov. 2023 à 16:00", datetime(2023, 11, 2, 16, 0), True),
        ("27 Mar 20 à 9:21", datetime(2020, 3, 27, 9, 21), True),
        ("27 octobre 2023 à\u00a015h01", datetime(2023, 10, 27, 15, 1), True),
        ("publié le 1er novembre 2023 à 16h28", datetime(2023, 11, 1, 16, 28), True),
        ("Mis en ligne le 21/04/2011", datetime(2011, 4, 21), False),
        ("12. März 2019", datetime(2019, 3, 12), False),
        ("Veröffentlicht am 12.09.2023 um 16:41 Uhr", datetime(2023, 9, 12, 16, 41), True),
        ("12 de septiembre de 2023", datetime(2023, 9, 12), False),
        ("Pubblicato il 5 maggio 2021 alle 10:05", datetime(2021, 5, 5, 10, 5), True),
        ("Gepubliceerd op 3 mrt. 2022 om 08:15", datetime(2022, 3, 3, 8, 15), True),
        ("September 12, 2023 at 4:41 pm", datetime(2023, 9, 12, 16, 41), True),
        ("November 9, 2023 at 12:21 a.m.", datetime(2023, 11, 9, 0, 21), True),
        ("Sep 12 2023", datetime(2023, 9, 12), False),
        ("5th May 2021", datetime(2021, 5, 5), False),
        ("2023/09/12", datetime(2023, 9, 12), False),
        ("25/12/2023", datetime(2023, 12, 25), False),
        ("2023年9月12日", datetime(2023, 9, 12), False),
        ("mardi 5 juin 2018", datetime(2018, 6, 5), False),
        # Dutch bylines: weekday names, "om 14.05 uur", abbreviated weekdays, numeric forms.
        ("Gepubliceerd op vrijdag 17 mei 2024 om 14.05 uur", datetime(2024, 5, 17, 14, 5), True),
        ("vr 17 mei 2024 om 14.05 uur", datetime(2024, 5, 17, 14, 5), True),
        ("17-05-2024 14:05", datetime(2024, 5, 17, 14, 5), True),
        ("Aangepast op zaterdag 18 mei 2024 om 9.30 uur", datetime(2024, 5, 18, 9, 30), True),
        ("am 12.09.2023 um 16.41 Uhr", datetime(2023, 9, 12, 16, 41), True),
        ("17.05.2024 12.30", datetime(2024, 5, 17), False),  # "12.30" alone is not a time
    ],
)
def test_parse_text(text: str, value: datetime, has_time: bool) -> None:
    parsed = parse_text(text, now_year=2024)
    assert parsed is not None
    assert (parsed.value, parsed.has_time) == (value, has_time)


@pytest.mark.parametrize(
    ("text", "value", "has_time", "shown"),
    [
        # East Asian dates with their times; Japan's eras and Taiwan's Minguo years.
        ("2019年6月24日 11時30分", datetime(2019, 6, 24, 11, 30), True, "2019年6月24日 11時30分"),
        ("2019年6月24日午後3時5分", datetime(2019, 6, 24, 15, 5), True, "2019年6月24日午後3時5分"),
        ("令和元年5月1日 10時", datetime(2019, 5, 1, 10, 0), True, "令和元年5月1日 10時"),
        ("令和2年2月14日", datetime(2020, 2, 14), False, "令和2年2月14日"),
        ("平成31年4月30日", datetime(2019, 4, 30), False, "平成31年4月30日"),
        ("民國109年2月14日", datetime(2020, 2, 14), False, "民國109年2月14日"),
        ("입력 2020.02.14 오후 3:20", datetime(2020, 2, 14, 15, 20), True, "2020.02.14 오후 3:20"),
        (
            "2020년 2월 14일 오전 12:05",
            datetime(2020, 2, 14, 0, 5),
            True,
            "2020년 2월 14일 오전 12:05",
        ),
        (
            "发布时间：2020年02月14日 10:30",
            datetime(2020, 2, 14, 10, 30),
            True,
            "2020年02月14日 10:30",
        ),
        # Solar Hijri (Iran, Afghanistan), Persian or Latin digits, Persian "after noon".
        ("دوشنبه ۲ تیر ۱۳۹۹", datetime(2020, 6, 22), False, "۲ تیر ۱۳۹۹"),
        (
            "2 تير 1399 - 02:09:08 ب.ظ",
            datetime(2020, 6, 22, 14, 9, 8),
            True,
            "2 تير 1399 - 02:09:08 ب.ظ",
        ),
        ("۱۳۹۹/۰۴/۰۲", datetime(2020, 6, 22), False, "۱۳۹۹/۰۴/۰۲"),
        ("30 اسفند 1399", datetime(2021, 3, 20), False, "30 اسفند 1399"),
        ("1 حمل 1400", datetime(2021, 3, 21), False, "1 حمل 1400"),
        # Thai: the Buddhist era's years.
        ("14 ก.พ. 2563", datetime(2020, 2, 14), False, "14 ก.พ. 2563"),
        ("14 กุมภาพันธ์ 2563 10:30 น.", datetime(2020, 2, 14, 10, 30), True, "14 กุมภาพันธ์ 2563 10:30"),
        # Russian, Ukrainian, Greek genitive months; Turkish with and without its letters.
        ("14 февраля 2020 в 10:30", datetime(2020, 2, 14, 10, 30), True, "14 февраля 2020 в 10:30"),
        ("14 лютого 2020 о 10:30", datetime(2020, 2, 14, 10, 30), True, "14 лютого 2020 о 10:30"),
        (
            "14 Φεβρουαρίου 2020 στις 10:30",
            datetime(2020, 2, 14, 10, 30),
            True,
            "14 Φεβρουαρίου 2020 στις 10:30",
        ),
        (
            "14 Şubat 2020 saat 10:30",
            datetime(2020, 2, 14, 10, 30),
            True,
            "14 Şubat 2020 saat 10:30",
        ),
        ("14 KASIM 2020", datetime(2020, 11, 14), False, "14 KASIM 2020"),
        ("14 martie 2020", datetime(2020, 3, 14), False, "14 martie 2020"),
    ],
)
def test_parse_text_other_scripts_and_calendars(
    text: str, value: datetime, has_time: bool, shown: str
) -> None:
    parsed = parse_text(text, now_year=2024)
    assert parsed is not None
    assert (parsed.value, parsed.has_time) == (value, has_time)
    assert text[parsed.start : parsed.end] == shown


def test_parse_text_calendar_edges() -> None:
    # A lunar Hijri year (1441 is 2020): no Solar Hijri year, so no date of the web's time.
    lunar = parse_text("1441/10/05")
    assert lunar is None or lunar.value.year < 1995
    # Esfand has 29 days, 30 in a leap year (1399 is one): never 31.
    assert parse_text("31 اسفند 1399") is None
    # Minutes without an hour are no time of day.
    minutes = parse_text("2021年3月5日 3分")
    assert minutes is not None
    assert (minutes.value, minutes.has_time) == (datetime(2021, 3, 5), False)


@pytest.mark.parametrize(
    ("text", "local", "tz"),
    [
        # US zones after a 12-hour time, DST-aware: 5 March is EST, 5 July is PDT.
        (
            "Published March 5, 2024 at 4:41 p.m. ET",
            datetime(2024, 3, 5, 16, 41),
            "America/New_York",
        ),
        ("July 5, 2024, 9:05 AM PT", datetime(2024, 7, 5, 9, 5), "America/Los_Angeles"),
        ("Nov. 2, 2023 10:15 a.m. CT", datetime(2023, 11, 2, 10, 15), "America/Chicago"),
    ],
)
def test_parse_text_us_zone_names(text: str, local: datetime, tz: str) -> None:
    parsed = parse_text(text, day_first=False, now_year=2024)
    assert parsed is not None
    assert parsed.value == local
    assert parsed.tz == ZoneInfo(tz)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("March 5, 2024 4:41 p.m. CST", timedelta(hours=-6)),
        ("March 5, 2024 4:41 p.m. EST", timedelta(hours=-5)),
    ],
)
def test_parse_text_us_abbreviations(text: str, offset: timedelta) -> None:
    parsed = parse_text(text, day_first=False, now_year=2024)
    assert parsed is not None
    assert parsed.tz is not None
    assert parsed.tz.utcoffset(parsed.value) == offset


@pytest.mark.parametrize(
    "text",
    [
        "le 12 mars 2024 à 16h41 et ensuite",  # French "et": a word, not Eastern Time
        "12.03.2024 16:41 CST",  # a 24-hour "CST" is China's as often as Chicago's: not read
    ],
)
def test_parse_text_zone_names_need_a_12_hour_clock(text: str) -> None:
    parsed = parse_text(text, now_year=2024)
    assert parsed is not None
    assert parsed.has_time
    assert parsed.tz is None


@pytest.mark.parametrize(
    ("text", "day_first", "value"),
    [
        ("09/12/2023", True, datetime(2023, 12, 9)),
        ("09/12/2023", False, datetime(2023, 9, 12)),
        ("09.12.2023", False, datetime(2023, 12, 9)),  # dots are always day first
        ("13/12/2023", False, datetime(2023, 12, 13)),  # 13 cannot be a month
    ],
)
def test_parse_text_day_order(text: str, day_first: bool, value: datetime) -> None:
    parsed = parse_text(text, day_first=day_first)
    assert parsed is not None
    assert parsed.value == value


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("12 September 2023, 16:41 UTC", UTC),
        ("12.09.2023 16:41 CEST", CEST),
        ("12/09/2023 - 16:41 GMT+2", CEST),
    ],
)
def test_parse_text_zone_after_time(text: str, tz: timezone) -> None:
    parsed = parse_text(text)
    assert parsed is not None
    assert parsed.tz == tz


@pytest.mark.parametrize(
    ("two_digits", "now_year", "year"),
    [("23", 2024, 2023), ("25", 2024, 2025), ("26", 2024, 1926), ("99", 2024, 1999)],
)
def test_two_digit_years(two_digits: str, now_year: int, year: int) -> None:
    parsed = parse_text(f"02/11/{two_digits}", now_year=now_year)
    assert parsed is not None
    assert parsed.value.year == year


@pytest.mark.parametrize(
    "text", ["no date here", "Version 3.2.1", "31/02/2023", "© 2021 Example", "12 mais 2023"]
)
def test_parse_text_rejects(text: str) -> None:
    assert parse_text(text) is None


def test_parse_value_timestamps() -> None:
    seconds = parse_value("1694529660")
    millis = parse_value("1694529660000")
    assert seconds is not None
    assert millis is not None
    assert seconds.value == millis.value == datetime(2023, 9, 12, 14, 41)
    assert seconds.tz == UTC


def test_clean_text() -> None:
    assert visible_text("<b>Publié</b>&nbsp;le\u202f12") == "Publié le 12"


@pytest.mark.parametrize(
    ("text", "languages", "value"),
    [
        ("2023. szeptember 12.", ("hu",), datetime(2023, 9, 12)),
        ("12. rujna 2023.", ("hr",), datetime(2023, 9, 12)),
    ],
)
def test_parse_slow(text: str, languages: tuple[str, ...], value: datetime) -> None:
    parsed = parse_slow(text, languages)
    assert parsed is not None
    assert parsed.value == value
    assert parse_text(text) is None  # only the slow path knows these month names


def test_parse_slow_needs_digits() -> None:
    assert parse_slow("hier", ("fr",)) is None


@pytest.mark.parametrize(
    "text",
    [
        "lundi soir, près de 648 millions d'euros",
        "jeudi 12 mars",
        "mars 2023",
        "1223 mars",
    ],
)
def test_parse_slow_needs_day_and_year_numbers(text: str) -> None:
    # One short number cannot be both a day and a year: the text is prose, not a date.
    assert parse_slow(text, ("fr", "en")) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12mars2023", datetime(2023, 3, 12)),
        ("jeudi 3 mars 2023", datetime(2023, 3, 3)),
    ],
)
def test_parse_slow_reads_two_numbers(text: str, value: datetime) -> None:
    parsed = parse_slow(text, ("fr", "en"))
    assert parsed is not None
    assert parsed.value == value


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("om 16.40 uur", 16, 40),
        (" à 16h50", 16, 50),
        ("at 4:50 pm", 16, 50),
        ("um 16:40 Uhr", 16, 40),
        ("16:40 · 3 min leestijd", 16, 40),
    ],
)
def test_parse_time_only(text: str, hour: int, minute: int) -> None:
    parsed = parse_time_only(text)
    assert parsed is not None
    assert parsed.time_only
    assert (parsed.value.hour, parsed.value.minute) == (hour, minute)


@pytest.mark.parametrize(
    "text", ["16:40, 12.05.2023", "12 mai 2023", "vor 3 Stunden", "om 25.10 uur", "Seite 2"]
)
def test_parse_time_only_rejects(text: str) -> None:
    assert parse_time_only(text) is None
