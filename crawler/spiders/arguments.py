"""The `related` spider's arguments: seeds (cleaned of pasted white space), flags, time zones."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import Settings

from crawler.extract.dates.zones import ZoneError, check_site_zones, check_zone

DEFAULT_SEED = (
    "https://www.lalibre.be/international/europe/guerre-ukraine-russie/2023/09/12/"
    "la-rencontre-entre-poutine-et-kim-jong-un-est-une-source-dinquietude-on-assiste-a-la-"
    "creation-dun-pole-de-force-ou-tous-les-coups-sont-permis-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
)
_WHITESPACE = re.compile(r"\s+")


class SeedError(ValueError):
    """A seed argument the crawl cannot start from; the message is one line for the user."""


class ArgumentError(SeedError):
    """A spider argument the spider does not take, or a value it cannot read."""


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def spider_arguments() -> list[str]:
    """The arguments the `related` spider takes (-a NAME=VALUE): its __init__ parameters.
    Names starting with "_" (scrapyd's _job) are passed through as in any Scrapy spider."""
    from crawler.spiders.related import RelatedSpider  # which takes its arguments from here

    params = inspect.signature(RelatedSpider.__init__).parameters.values()
    return [p.name for p in params if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD]


def check_unknown_arguments(kwargs: dict[str, Any]) -> None:
    """Raise ArgumentError naming the valid arguments when one is not among them."""
    valid = spider_arguments()
    unknown = [name for name in kwargs if name not in valid and not name.startswith("_")]
    if unknown:
        raise ArgumentError(
            f"unknown spider argument {', '.join(map(repr, unknown))}: the related spider "
            f"takes {', '.join(valid)} (-a url=ARTICLE_URL)"
        )


def flag_argument(name: str, value: str | None) -> bool:
    """A yes/no spider argument ("1", "true", "yes", "on" / "0", "false", "no", "off")."""
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ArgumentError(f"-a {name}={value!r}: give 1 or 0 (true/false, yes/no)")


def clean_seed(raw: str) -> tuple[str, bool]:
    """The seed without the whitespace a line wrap or a paste put inside its path or query, and
    whether any was removed. Raises SeedError when what remains is not an absolute http(s) URL,
    or when the whitespace is in the host name ("http://exa mple.com/": two words glued
    together would be another host, so it is refused rather than guessed)."""
    stripped = raw.strip()
    scheme_end = stripped.find("://")
    authority = stripped[scheme_end + 3 :] if scheme_end >= 0 else ""
    authority = re.split(r"[/?#]", authority, maxsplit=1)[0]
    if _WHITESPACE.search(authority):
        raise SeedError(f"white space in the host name: {stripped!r}")
    cleaned = _WHITESPACE.sub("", stripped)
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError as exc:  # "http://[::1" (unclosed IPv6 literal), "http://x:99999/"
        raise SeedError(f"not a valid URL ({exc}): {stripped!r}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {stripped!r}")
    if port == 0:
        raise SeedError(f"port 0 is not a port: {stripped!r}")
    return cleaned, cleaned != stripped


def read_seeds(url: str | None, urls: str | None) -> list[str]:
    """The raw seed strings from `-a url=` and `-a urls=FILE` (one per line, # comments)."""
    seeds: list[str] = []
    if url is not None:
        seeds.append(url)
    if urls is not None:
        path = Path(urls)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SeedError(f"cannot read seed file {urls}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise SeedError(
                f"seed file {urls} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                f"offset {exc.start})"
            ) from exc
        seeds += [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not seeds:
            raise SeedError(f"seed file {urls} holds no URL")
    return seeds or [DEFAULT_SEED]


def check_arguments(kwargs: dict[str, Any], settings: Settings | None = None) -> None:
    """Validate spider arguments (and the settings they go with) before the crawl starts (used
    by our `crawl` command). Raises SeedError, or ZoneError for a time zone."""
    check_unknown_arguments(kwargs)
    flag_argument("follow_listing", kwargs.get("follow_listing"))
    for raw in read_seeds(kwargs.get("url"), kwargs.get("urls")):
        clean_seed(raw)
    site_timezones(kwargs.get("timezone"), settings)


def site_timezones(
    timezone: str | None, settings: Settings | None, option: str = "-a timezone"
) -> dict[str, str]:
    """The zones dates are read in, by host suffix: `-a timezone=ZONE` (named `option` in errors)
    for every page of this run, else the RELATED_SITE_TIMEZONES setting. Raises ZoneError on a
    name that is no IANA zone."""
    if timezone is not None:
        return {"": check_zone(timezone, option)}
    if settings is None:
        return {}
    try:
        zones = settings.getdict("RELATED_SITE_TIMEZONES")
    except ValueError as exc:
        raise ZoneError("RELATED_SITE_TIMEZONES: not a JSON object of host: zone") from exc
    return check_site_zones(zones)
