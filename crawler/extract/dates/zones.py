"""The time zone and languages of a page: site data first, else its language tag, locale and TLD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError

from crawler.extract.caching import memo
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile

# Countries whose newsrooms keep one civil time come from tzdata's zone1970.tab (see
# country_zones). A country spanning several clocks gets no guess (US, Canada, Australia, Brazil,
# Mexico: guessing there would move days), except where one zone is where nearly all of its
# news is written: these are the only hand-kept entries.
_DOMINANT_ZONES: dict[str, str] = {
    "es": "Europe/Madrid",  # mainland and Ceuta; the Canaries are an hour behind
    "pt": "Europe/Lisbon",  # mainland and Madeira; the Azores an hour behind
    "ru": "Europe/Moscow",
    "ua": "Europe/Kyiv",
    "cn": "Asia/Shanghai",
    "cl": "America/Santiago",
    "nz": "Pacific/Auckland",
}
# Country-code TLDs that are not the ISO code of their country.
_TLD_COUNTRIES = {"uk": "gb"}
# Two instants at which a country's zones must give the same offsets to count as one clock
# (winter and summer time; zone1970.tab lists zones that differ since 1970, often only in the
# past, like Europe/Busingen and Europe/Berlin).
_SAME_CLOCK_AT = (datetime(2024, 1, 15, 12, tzinfo=UTC), datetime(2024, 7, 15, 12, tzinfo=UTC))


def _zone_table() -> str:
    """zone1970.tab from the tzdata package (a dependency), else from the system's database."""
    try:
        return (files("tzdata") / "zoneinfo" / "zone1970.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        for root in TZPATH:
            path = Path(root) / "zone1970.tab"
            if path.is_file():
                return path.read_text(encoding="utf-8")
    return ""


@memo(maxsize=1)
def country_zones() -> dict[str, str]:
    """Lower-case country code -> the IANA zone of its newsrooms, for every country whose zones
    in tzdata's zone1970.tab all keep one clock (its first zone), plus _DOMINANT_ZONES."""
    # A zone listed first for the country comes first ("DE,DK,NO,SE,SJ Europe/Berlin" for
    # Germany rather than "CH,DE,LI Europe/Zurich"): the same clock, the expected name.
    own: dict[str, list[str]] = {}
    shared: dict[str, list[str]] = {}
    for line in _zone_table().splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 3:
            continue
        countries = fields[0].lower().split(",")
        own.setdefault(countries[0], []).append(fields[2])
        for country in countries[1:]:
            shared.setdefault(country, []).append(fields[2])
    out: dict[str, str] = {}
    for country in own.keys() | shared.keys():
        names = own.get(country, []) + shared.get(country, [])
        zones = [zone for zone in map(_zoneinfo, names) if zone is not None]
        if zones and all(
            zone.utcoffset(at) == zones[0].utcoffset(at) for zone in zones for at in _SAME_CLOCK_AT
        ):
            out[country] = names[0]
    out.update(_DOMINANT_ZONES)
    return out


def country_zone(code: str | None) -> str | None:
    """The newsroom zone of a country code or country-code TLD ("be", "uk"), if it has one."""
    if not code:
        return None
    code = code.lower()
    return country_zones().get(_TLD_COUNTRIES.get(code, code))


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
    "tr": "Europe/Istanbul",
    "uk": "Europe/Kyiv",
    "he": "Asia/Jerusalem",
    "ka": "Asia/Tbilisi",
    "th": "Asia/Bangkok",
    "vi": "Asia/Ho_Chi_Minh",
    # Chinese is written in mainland China, Taiwan, Hong Kong, Macau and Singapore: all on UTC+8
    # without daylight saving time, so Shanghai's clock is each of theirs.
    "zh": "Asia/Shanghai",
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
    "gr": ("el",),
    "tr": ("tr",),
    "ru": ("ru",),
    "ua": ("uk",),
    "jp": ("ja",),
    "kr": ("ko",),
    "cn": ("zh",),
    "tw": ("zh",),
    "ir": ("fa",),
    "th": ("th",),
}


@dataclass(frozen=True)
class ZoneHint:
    """The zone to read a page's naive times in, and where that came from."""

    zone: ZoneInfo | None
    source: str
    """"site", "lang", "locale", "tld", "language" or "none"."""


@memo(maxsize=128)
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
        zone = country_zone(_region(tag))
        if zone is not None:
            return ZoneHint(_zoneinfo(zone), source)
    tld = host_tld("https://" + page_host(page))
    zone = country_zone(tld) if tld not in _GENERIC_CCTLDS else None
    if zone is not None:
        return ZoneHint(_zoneinfo(zone), "tld")
    lang = (page.lang or "").split("-")[0].lower()
    if lang in _LANGUAGE_ZONES:
        return ZoneHint(_zoneinfo(_LANGUAGE_ZONES[lang]), "language")
    return ZoneHint(None, "none")


def languages_for(
    page: Page, site: SiteProfile | None, language: str | None = None
) -> tuple[str, ...]:
    """Languages of the page's visible text, for the slow date parser: site data, else the
    language of its text (`language`, see language.content_language) or its language tag, else
    its TLD's languages; English is always added (bylines often are)."""
    if site is not None and site.languages:
        langs = list(site.languages)
    else:
        lang = (language or page.lang or "").split("-")[0].lower()
        if lang and lang.isalpha():
            langs = [lang]
        else:
            tld = host_tld("https://" + page_host(page)) or ""
            langs = list(_TLD_LANGUAGES.get(tld, ()))
    if "en" not in langs:
        langs.append("en")
    return tuple(langs)


def day_first_for(page: Page, site: SiteProfile | None, language: str | None = None) -> bool:
    """Whether "09/12/2023" means 9 December: everywhere but in US English pages (by the
    language of the text when known, else the page's tag)."""
    if site is not None and site.languages:
        return True
    tag = (language or page.lang or "").lower().replace("_", "-")
    if tag.startswith("en"):
        region = _region(tag)
        if region in (None, "us"):
            tld = host_tld("https://" + page_host(page))
            return region != "us" and country_zone(tld) is not None
    return True


class ZoneError(ValueError):
    """A time zone setting or argument that is not an IANA zone; the message is one line."""


def check_zone(name: object, where: str) -> str:
    """The IANA zone name `name` ("America/New_York"), or ZoneError naming `where` it was set."""
    if not isinstance(name, str) or _zoneinfo(name.strip()) is None:
        raise ZoneError(f"{where}: {name!r} is not an IANA time zone (e.g. America/New_York)")
    return name.strip()


def check_site_zones(zones: object, where: str = "RELATED_SITE_TIMEZONES") -> dict[str, str]:
    """A mapping of host suffixes to IANA zones ({"example.com": "America/New_York"}), checked:
    ZoneError on anything else. Suffixes are lower-cased, without a leading dot."""
    if not isinstance(zones, dict):
        raise ZoneError(f"{where}: expected a mapping of host suffixes to time zones")
    out: dict[str, str] = {}
    for suffix, name in zones.items():
        if not isinstance(suffix, str):
            raise ZoneError(f"{where}: host suffix {suffix!r} is not a string")
        out[suffix.strip().lower().strip(".")] = check_zone(name, f"{where}[{suffix!r}]")
    return out


def site_zone(page: Page, zones: dict[str, str] | None) -> str | None:
    """The zone a user set for the page's site: the longest host suffix in `zones` that the
    page's host (canonical first) ends with at a label boundary ("example.com" covers
    "www.example.com", not "badexample.com"); the suffix "" covers every host."""
    if not zones:
        return None
    host = page_host(page).lower().rstrip(".")
    matching = [
        (len(suffix), name)
        for suffix, name in zones.items()
        if suffix in ("", host) or host.endswith("." + suffix)
    ]
    return max(matching)[1] if matching else None
