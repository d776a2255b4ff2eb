"""The time zone and languages of a page: site data first, else its language tag, locale and TLD."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile

# Countries whose newsrooms keep one civil time (or overwhelmingly one: Spain's mainland, Portugal's
# mainland, Russia's Moscow). Countries spanning several zones without a dominant newsroom zone
# (US, Canada, Australia, Brazil, Mexico) are deliberately absent: guessing there would move days.
COUNTRY_ZONES: dict[str, str] = {
    "be": "Europe/Brussels",
    "fr": "Europe/Paris",
    "de": "Europe/Berlin",
    "nl": "Europe/Amsterdam",
    "lu": "Europe/Luxembourg",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "li": "Europe/Vaduz",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "gb": "Europe/London",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "dk": "Europe/Copenhagen",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "is": "Atlantic/Reykjavik",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb",
    "rs": "Europe/Belgrade",
    "ba": "Europe/Sarajevo",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "gr": "Europe/Athens",
    "cy": "Asia/Nicosia",
    "mt": "Europe/Malta",
    "ee": "Europe/Tallinn",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "ua": "Europe/Kyiv",
    "tr": "Europe/Istanbul",
    "al": "Europe/Tirane",
    "am": "Asia/Yerevan",
    "ru": "Europe/Moscow",
    "il": "Asia/Jerusalem",
    "ir": "Asia/Tehran",
    "in": "Asia/Kolkata",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "sg": "Asia/Singapore",
    "nz": "Pacific/Auckland",
    "za": "Africa/Johannesburg",
    "ar": "America/Argentina/Buenos_Aires",
    "cl": "America/Santiago",
    "co": "America/Bogota",
    "pe": "America/Lima",
}

# Country-code TLDs that are sold worldwide as generic names (".co", ".io", ".tv", ".me", ".fm")
# say nothing about where a newsroom sits.
_GENERIC_CCTLDS = frozenset({"co", "io", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg"})

# Languages spoken in one time zone almost everywhere they are written: a page in Dutch with no
# other hint is read in Amsterdam time (Flanders shares it), one in German in Berlin time (Austria
# and Switzerland share it). English, Spanish, French and Portuguese span continents: no guess.
_LANGUAGE_ZONES: dict[str, str] = {
    "de": "Europe/Berlin",
    "nl": "Europe/Amsterdam",
    "it": "Europe/Rome",
    "pl": "Europe/Warsaw",
    "cs": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "nn": "Europe/Oslo",
    "no": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "el": "Europe/Athens",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "hy": "Asia/Yerevan",
    "fa": "Asia/Tehran",
    "lt": "Europe/Vilnius",
    "lv": "Europe/Riga",
    "et": "Europe/Tallinn",
    "sl": "Europe/Ljubljana",
    "hr": "Europe/Zagreb",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "sq": "Europe/Tirane",
}

# The language written in a country, for pages that declare no language ("Publié" on a .be site).
_TLD_LANGUAGES: dict[str, tuple[str, ...]] = {
    "be": ("fr", "nl"),
    "fr": ("fr",),
    "lu": ("fr", "de"),
    "ch": ("de", "fr", "it"),
    "de": ("de",),
    "at": ("de",),
    "nl": ("nl",),
    "it": ("it",),
    "es": ("es",),
    "pt": ("pt",),
    "br": ("pt",),
    "pl": ("pl",),
    "dk": ("da",),
    "se": ("sv",),
    "no": ("nb",),
    "fi": ("fi",),
}


@dataclass(frozen=True)
class ZoneHint:
    """The zone to read a page's naive times in, and where that came from."""

    zone: ZoneInfo | None
    source: str
    """"site", "lang", "locale", "tld", "language" or "none"."""


@lru_cache(maxsize=128)
def _zoneinfo(name: str) -> ZoneInfo | None:
    """A cached ZoneInfo (construction reads the tz database file)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _region(tag: str | None) -> str | None:
    """ "be" for "fr-BE" / "fr_BE"; None when the tag carries no region."""
    if not tag:
        return None
    parts = tag.replace("_", "-").lower().split("-")
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return part
    return None


def host_tld(url: str) -> str | None:
    """The last label of the URL's host ("be" for www.lalibre.be)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if not host or host.replace(".", "").isdigit():
        return None
    return host.rsplit(".", 1)[-1].lower()


def page_host(page: Page) -> str:
    """The host the page identifies as (canonical URL first: saved copies are served locally)."""
    for url in (page.canonical, page.url):
        if url:
            host = urlsplit(url).hostname
            if host and host not in ("localhost", "127.0.0.1"):
                return host
    return urlsplit(page.url).hostname or ""


def zone_for(page: Page, site: SiteProfile | None) -> ZoneHint:
    """Zone of the page's naive times. Order, most specific first: the site profile (newsroom
    knowledge); the country in <html lang> ("fr-BE"); the country in og:locale; the host's
    country-code TLD; a language spoken in one zone ("de"). None when nothing says."""
    if site is not None and site.timezone:
        return ZoneHint(_zoneinfo(site.timezone), "site")
    for source, tag in (
        ("lang", page.tree.get("lang") or page.tree.get("xml:lang")),
        ("locale", page.meta_first("og:locale")),
    ):
        country = _region(tag)
        if country and country in COUNTRY_ZONES:
            return ZoneHint(_zoneinfo(COUNTRY_ZONES[country]), source)
    tld = host_tld("https://" + page_host(page))
    if tld and tld not in _GENERIC_CCTLDS and tld in COUNTRY_ZONES:
        return ZoneHint(_zoneinfo(COUNTRY_ZONES[tld]), "tld")
    lang = (page.lang or "").split("-")[0].lower()
    if lang in _LANGUAGE_ZONES:
        return ZoneHint(_zoneinfo(_LANGUAGE_ZONES[lang]), "language")
    return ZoneHint(None, "none")


def languages_for(page: Page, site: SiteProfile | None) -> tuple[str, ...]:
    """Languages of the page's visible text, for the slow date parser: site data, else the page's
    language tag, else its TLD's languages; English is always added (bylines often are)."""
    if site is not None and site.languages:
        langs = list(site.languages)
    else:
        lang = (page.lang or "").split("-")[0].lower()
        if lang and lang.isalpha():
            langs = [lang]
        else:
            tld = host_tld("https://" + page_host(page)) or ""
            langs = list(_TLD_LANGUAGES.get(tld, ()))
    if "en" not in langs:
        langs.append("en")
    return tuple(langs)


def day_first_for(page: Page, site: SiteProfile | None) -> bool:
    """Whether "09/12/2023" means 9 December: everywhere but in US English pages."""
    if site is not None and site.languages:
        return True
    tag = (page.lang or "").lower().replace("_", "-")
    if tag.startswith("en"):
        region = _region(tag)
        if region in (None, "us"):
            tld = host_tld("https://" + page_host(page))
            return region != "us" and tld in COUNTRY_ZONES
    return True
