"""Month names of the languages dates are read in, and the patterns that match them."""

from __future__ import annotations

import re
from typing import Any

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
MONTH_ALT = f"{_alternation(_MONTH_WORDS)}|(?=[\u0600-\u06ff])(?:{_alternation(_ARABIC_MONTHS)})"

# Day, month name, year: "12 septembre 2023", "1er novembre 2023", "2 nov. 2023", "27 Mar 20",

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
PERSIAN_MONTH = {w: m for m, words in _PERSIAN_MONTHS.items() for w in words}

PERSIAN_ALT = _alternation(_PERSIAN_MONTHS)

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
THAI_MONTH = {w: m for m, words in _THAI_MONTHS.items() for w in words}
