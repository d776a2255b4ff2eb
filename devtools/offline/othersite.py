"""Offline "De Dagelijkse Post": a Dutch WordPress-style "
"news site with no site profile, for generality."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SITE = "dagelijksepost"
CANONICAL_ROOT = "https://www.dagelijksepost.nl"
SITE_NAME = "De Dagelijkse Post"
ZONE = ZoneInfo("Europe/Amsterdam")
MAX_DEPTH = 4
# Related boxes pick among the WINDOW nearest articles of their cluster, and with probability
# BRIDGE one article of a sibling cluster: tuned so the depth sets keep growing up to depth 4.
WINDOW = 4
BRIDGE = 0.4
HTML_TYPE = "text/html; charset=UTF-8"
# The header shows the day the page was rendered, as real sites do: a date that is NOT the
# article's ("donderdag 28 november 2024"), a trap for visible-date readers.
RENDER_DAY = datetime(2024, 11, 28, 7, 0, tzinfo=ZONE)

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")


@dataclass(frozen=True)
class _Topic:
    """One topic cluster: where its articles live and the words its texts are made of."""

    key: str
    section_path: str
    section_name: str
    tags: tuple[tuple[str, str], ...]
    subjects: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[str, ...]
    headlines: tuple[str, ...]


_NEWS_HEADLINES = (
    "{Actor} wil haast maken met {subject}",
    "Kabinet trekt {num} miljoen euro extra uit voor {subject}",
    "Onderzoek: {subject} levert minder op dan beloofd",
    "Zo werkt {subject}: vijf vragen en antwoorden",
    "Nieuwe cijfers over {subject} baren {actor} zorgen",
    "Wat betekent {subject} voor {place}?",
    "Kritiek op {subject} groeit, ook in {place}",
    "{Actor} reageert op ophef over {subject}",
    "Debat over {subject} loopt uit op ruzie in {place}",
    "'Dit is pas het begin': {actor} over {subject}",
)

TOPICS: tuple[_Topic, ...] = (
    _Topic(
        "stikstof",
        "/nieuws/binnenland/",
        "Binnenland",
        (("stikstof", "Stikstof"), ("landbouw", "Landbouw"), ("natuur", "Natuur")),
        (
            "de stikstofaanpak",
            "het uitkoopplan voor piekbelasters",
            "de natuurvergunningen",
            "de provinciale gebiedsplannen",
            "de emissiearme stallen",
            "de stikstofdepositie op de Veluwe",
        ),
        (
            "minister Annelies Brouwer",
            "boerenvoorman Gert-Jan Hofstede",
            "gedeputeerde Sanne Mulder",
            "ecoloog Pieter van Dam",
            "het Landbouwcollectief",
            "de Raad van State",
        ),
        ("Gelderland", "Overijssel", "de Peel", "Friesland", "Drenthe", "de Achterhoek"),
        _NEWS_HEADLINES,
    ),
    _Topic(
        "wonen",
        "/economie/",
        "Economie",
        (("woningmarkt", "Woningmarkt"), ("hypotheek", "Hypotheek"), ("huren", "Huren")),
        (
            "de huizenprijzen",
            "de hypotheekrente",
            "de bouw van betaalbare huurwoningen",
            "de middenhuurregeling",
            "de starterslening",
            "de verkoop van huurwoningen door beleggers",
        ),
        (
            "minister Joost Verbeek",
            "makelaarsvereniging Woonkeur",
            "econoom Lotte Jansen",
            "woningcorporatie Thuisbasis",
            "de centrale bank",
            "huurdersbond Samen Wonen",
        ),
        ("Amsterdam", "Utrecht", "Groningen", "Eindhoven", "Zwolle", "Den Haag"),
        _NEWS_HEADLINES,
    ),
    _Topic(
        "klimaat",
        "/nieuws/klimaat/",
        "Klimaat",
        (("klimaat", "Klimaat"), ("wateroverlast", "Wateroverlast"), ("dijken", "Dijken")),
        (
            "de versterking van de dijken",
            "de wateroverlast in Limburg",
            "het nieuwe klimaatakkoord",
            "de hittestress in steden",
            "de zeespiegelstijging",
            "de droogte op de zandgronden",
        ),
        (
            "het waterschap Maas en Peel",
            "klimaatwetenschapper Femke Visser",
            "staatssecretaris Ruud Kok",
            "het KNMI-team van Bram Smit",
            "burgemeester Ilse de Wit",
            "Rijkswaterstaat-woordvoerder Tom Bakker",
        ),
        ("Limburg", "Zeeland", "Rotterdam", "Dordrecht", "Venlo", "de Betuwe"),
        _NEWS_HEADLINES,
    ),
    _Topic(
        "europa",
        "/politiek/",
        "Politiek",
        (("europese-verkiezingen", "Europese verkiezingen"), ("brussel", "Brussel")),
        (
            "de Europese verkiezingen",
            "de lijsttrekkersdebatten",
            "de opkomst bij de Europese verkiezingen",
            "de nieuwe Europese Commissie",
            "de fractievorming in het Europees Parlement",
            "het Europese migratiepact",
        ),
        (
            "lijsttrekker Marloes Dekker",
            "Europarlementariër Hans Willems",
            "politicoloog Karin Vos",
            "premier Willem Schouten",
            "de Kiesraad",
            "Eurocommissaris Jeroen Peeters",
        ),
        ("Brussel", "Straatsburg", "Den Haag", "Maastricht", "Leeuwarden", "Arnhem"),
        _NEWS_HEADLINES,
    ),
    _Topic(
        "voetbal",
        "/sport/voetbal/",
        "Voetbal",
        (("eredivisie", "Eredivisie"), ("voetbal", "Voetbal"), ("transfers", "Transfers")),
        (
            "de titelstrijd",
            "de transfer van spits Milan Koster",
            "de degradatiestrijd",
            "de nieuwe trainer van FC Noorderzon",
            "de stadionverbouwing in Almelo",
            "de videoscheidsrechter",
        ),
        (
            "trainer Erik Bosman",
            "aanvoerder Daan Hendriks",
            "technisch directeur Mark Prins",
            "de voetbalbond",
            "scheidsrechter Kevin Claassen",
            "FC Noorderzon",
        ),
        ("Almelo", "Rotterdam", "Enschede", "Heerenveen", "Tilburg", "Nijmegen"),
        (
            "{Actor} blikt vooruit op {subject}",
            "{Actor}: '{Subject} is nog lang niet beslist'",
            "Wat {subject} betekent voor de supporters in {place}",
            "Uitverkocht huis in {place} ziet spektakelstuk rond {subject}",
            "Analyse: waarom {subject} zo lang duurt",
            "{Actor} zwijgt over {subject}",
            "Zo reageert {place} op {subject}",
            "{Num} minuten die alles veranderden: {subject}",
        ),
    ),
    _Topic(
        "cultuur",
        "/cultuur/",
        "Cultuur",
        (("festivals", "Festivals"), ("muziek", "Muziek"), ("theater", "Theater")),
        (
            "het zomerfestival aan de IJssel",
            "de nieuwe voorstelling van Toneelgroep Oost",
            "de sluiting van poppodium De Kelder",
            "de Boekenweek",
            "de restauratie van het stadstheater",
            "de kaartverkoop voor het jazzfestival",
        ),
        (
            "zangeres Roos Meijer",
            "regisseur Bas Timmermans",
            "festivaldirecteur Eva Smits",
            "wethouder cultuur Anouk de Boer",
            "schrijver Jelle Vermeulen",
            "het Fonds Podiumkunsten Oost",
        ),
        ("Deventer", "Haarlem", "Leiden", "Zwolle", "Breda", "Groningen"),
        (
            "{Actor} over {subject}: 'Het publiek wil iets nieuws'",
            "Recensie: {subject} overtuigt niet helemaal",
            "Onrust in {place} over {subject}",
            "{Actor} blikt terug op {subject}",
            "Zo verliep {subject} in {place}",
            "{Num} dingen die je moet weten over {subject}",
            "Vijf tips rond {subject} in {place}",
        ),
    ),
    _Topic(
        "zorg",
        "/nieuws/gezondheid/",
        "Gezondheid",
        (("zorg", "Zorg"), ("ziekenhuizen", "Ziekenhuizen"), ("huisartsen", "Huisartsen")),
        (
            "de wachtlijsten in de ggz",
            "de sluiting van de spoedeisende hulp",
            "het tekort aan huisartsen",
            "de eigen bijdrage in de zorg",
            "de fusie van de ziekenhuizen",
            "de vaccinatiecampagne tegen griep",
        ),
        (
            "minister Esther van Leeuwen",
            "de Zorgautoriteit",
            "huisarts Mohamed el Amrani",
            "ziekenhuisbestuurder Marco Dijkstra",
            "patiëntenvereniging Zorgsaam",
            "verpleegkundige Lisa Hoekstra",
        ),
        ("Zeeland", "Heerlen", "Delfzijl", "Emmen", "Den Helder", "Terneuzen"),
        _NEWS_HEADLINES,
    ),
    _Topic(
        "oekraine",
        "/nieuws/buitenland/",
        "Buitenland",
        (("oekraine", "Oekraïne"), ("rusland", "Rusland"), ("navo", "NAVO")),
        (
            "de wapenleveranties aan Oekraïne",
            "de wederopbouw van Charkiv",
            "de sancties tegen Rusland",
            "de NAVO-top",
            "de opvang van Oekraïense vluchtelingen",
            "de graanexport over de Zwarte Zee",
        ),
        (
            "president Volodymyr Zelensky",
            "NAVO-chef Mark Rutte",
            "minister van Defensie Karin Brand",
            "correspondent Ellen Groen",
            "analist Sjoerd Vink",
            "de Europese Unie",
        ),
        ("Kyiv", "Charkiv", "Odesa", "Brussel", "Washington", "Vilnius"),
        _NEWS_HEADLINES,
    ),
)

# Clusters 0-4 are linked to each other by related coverage; 5-7 are only reachable through
# "Meest gelezen", "Net binnen", menus, tag pages and prev/next links: following any of those
# exports articles the truth does not list.
LINKED_CLUSTERS = (0, 1, 2, 3, 4)
ISOLATED_CLUSTERS = (5, 6, 7)

AUTHORS = (
    ("Jan de Vries", "jan-de-vries"),
    ("Fatima Bouzid", "fatima-bouzid"),
    ("Koen van Dijk", "koen-van-dijk"),
    ("Merel Jacobs", "merel-jacobs"),
    ("Thijs Mertens", "thijs-mertens"),
    ("Noor Visser", "noor-visser"),
    ("Ruben Smeets", "ruben-smeets"),
    ("Hanna Wouters", "hanna-wouters"),
    ("Redactie", "redactie"),
)

_SENTENCES = (
    "{Actor} zei {when} dat {subject} 'niet langer kan wachten'.",
    "Volgens {actor} gaat het om ongeveer {num} miljoen euro.",
    "In {place} wordt al maanden gesproken over {subject}.",
    "De discussie over {subject} speelt al sinds {year}.",
    "Dat blijkt uit cijfers die {actor} {when} naar buiten bracht.",
    "Critici wijzen erop dat {subject} vooral {place} raakt.",
    "'We hebben dit zien aankomen', zegt een woordvoerder van {actor}.",
    "Het is nog onduidelijk wanneer er een besluit valt over {subject}.",
    "In totaal zijn er volgens de laatste telling {num2} mensen bij betrokken.",
    "Een definitieve beslissing wordt na de zomer verwacht.",
    "Ook in {place} houdt men de ontwikkelingen rond {subject} nauwlettend in de gaten.",
    "{Actor} liet weten geen commentaar te geven zolang het onderzoek loopt.",
    "Een Britse onderzoeker noemde het eerder 'a textbook case of policy drift'.",
    "Inwoners van {place} reageren verdeeld op de plannen.",
    "Het voorstel wordt {when} besproken in de gemeenteraad van {place}.",
    "Daarmee lijkt {subject} voorlopig van de baan.",
    "Tegenstanders willen dat {actor} opnieuw naar {subject} kijkt.",
    "De kosten lopen volgens een interne notitie op tot {num} miljoen euro.",
)
_WHEN = (
    "dinsdag",
    "woensdagochtend",
    "vrijdagmiddag",
    "maandagavond",
    "eerder deze week",
    "gisteren",
)
_BODY_ANCHORS = (
    ("Eerder schreven we al over ", "{title}", "."),
    ("Dat gebeurde ", "eerder dit jaar ook in {place}", ", toen de kritiek groeide."),
    ("Zoals ", "we vorige maand meldden", ", ligt het dossier gevoelig."),
    ("Lees hier ", "het eerdere interview met {actor}", "."),
    ("De aanleiding was ", "{title_lower}", "."),
)


@dataclass
class _Ref:
    """A link target as a page states it: the normalized "
    "path, the title shown, how it is written."""

    path: str
    title: str
    href: str = ""
    text: str = ""
    """The anchor text, when it is not the title (in-text links)."""


@dataclass
class _Art:
    """One article-like page: a regular article, a paywalled (robots-disallowed) one or a video."""

    kind: str
    cluster: int
    path: str
    headline: str
    slug: str
    published: datetime
    modified: datetime | None
    author: int
    profile: str = "p1"
    post_id: int = 0
    box_style: str = "wp-block"
    box_heading: str = "Lees ook"
    box: list[_Ref] = field(default_factory=list)
    box_tag_link: bool = False
    body: list[_Ref] = field(default_factory=list)
    inline: list[_Ref] = field(default_factory=list)
    embedded: list[_Ref] = field(default_factory=list)
    jsonld_related: bool = False
    mostread_after_box: bool = False
    paragraphs: list[str] = field(default_factory=list)
    comments: int = 0
    alias_of: str | None = None

    @property
    def topic(self) -> _Topic:
        """The topic cluster this page belongs to."""
        return TOPICS[self.cluster]

    @property
    def canonical(self) -> str:
        """The page's real canonical URL."""
        return CANONICAL_ROOT + self.path

    @property
    def amp_target(self) -> str:
        """The request target of the AMP copy ("/amp/" suffix, or "?amp=1" for .html pages)."""
        return self.path + ("amp/" if self.path.endswith("/") else "?amp=1")


@dataclass
class _Site:
    """Everything generated, before rendering: pages, redirects, gone paths, truth."""

    arts: list[_Art]
    by_path: dict[str, _Art]
    redirects: dict[str, str]
    gone: list[str]
    seed: _Art
    most_read: list[_Art]
    latest: list[_Art]
    latest_all: list[_Art]
    depth: dict[str, int]


def _fold(text: str) -> str:
    """ASCII lower-case slug of a Dutch title ("Oekraïne: 'Dit is...'" -> "oekraine-dit-is")."""
    table = str.maketrans("áàäâéèëêíìïîóòöôúùüûçñ", "aaaaeeeeiiiioooouuuucn")
    out = []
    for ch in text.lower().translate(table):
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _cap(text: str) -> str:
    """Capitalize the first letter only ("minister X" -> "Minister X")."""
    return text[:1].upper() + text[1:]


def _fill(template: str, topic: _Topic, rng: random.Random, **fixed: str) -> str:
    """Fill a sentence or headline template from a topic's word lists."""
    values = {
        "subject": fixed.get("subject") or rng.choice(topic.subjects),
        "actor": fixed.get("actor") or rng.choice(topic.actors),
        "place": fixed.get("place") or rng.choice(topic.places),
        "num": str(rng.choice((3, 4, 7, 12, 15, 25, 40, 80, 120, 350))),
        "num2": f"{rng.randint(2, 90) * 100:,}".replace(",", "."),
        "when": rng.choice(_WHEN),
        "year": str(rng.choice((2015, 2018, 2019, 2021, 2022))),
    }
    values.update({k.capitalize(): _cap(v) for k, v in list(values.items())})
    return template.format(**values)


def _local(instant: datetime) -> datetime:
    """The instant on Amsterdam clocks (CET in winter, CEST in summer)."""
    return instant.astimezone(ZONE)


def _iso_utc(instant: datetime) -> str:
    """ "2024-05-17T12:05:00Z"."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_local(instant: datetime) -> str:
    """ "2024-05-17T14:05:00+02:00"."""
    return _local(instant).isoformat(timespec="seconds")


def _iso_plus00(instant: datetime) -> str:
    """Yoast's UTC form "2024-05-17T12:05:00+00:00"."""
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def _visible(instant: datetime, style: str, *, label: str, ref: datetime | None = None) -> str:
    """A visible date in this CMS's Dutch forms, e.g. "Gepubliceerd: 17 mei 2024, 14:05"."""
    t = _local(instant)
    day_month = f"{t.day} {MONTHS[t.month - 1]} {t.year}"
    if style == "lang":
        return f"{label}: {day_month}, {t:%H:%M}"
    if style == "uur":
        if ref is not None and _local(ref).date() == t.date():
            # Same-day update: "bijgewerkt om 16.40 uur" carries no date at all.
            return f"bijgewerkt om {t:%H.%M} uur"
        return f"{label} {DAYS_SHORT[t.weekday()]} {day_month} om {t:%H.%M} uur"
    if style == "numeric":
        return f"{label}: {t:%d-%m-%Y %H:%M}"
    return f"{label} op {DAYS[t.weekday()]} {day_month} om {t:%H.%M} uur"


# Date profiles: which forms a page carries. Values: (weight, forms for the truth).
PROFILES: dict[str, tuple[int, tuple[str, ...]]] = {
    "p1": (38, ("json-ld-offset", "meta-offset", "time-element", "visible")),
    "p2": (25, ("json-ld-utc", "meta-utc", "time-element", "visible")),
    "p3": (15, ("time-element", "visible")),
    "p4": (10, ("visible-only",)),
    "p5": (12, ("state-json-utc", "visible")),
}
_VISIBLE_STYLE = {"p1": "lang", "p2": "uur", "p3": "numeric", "p4": "full", "p5": "lang"}
_BOX_STYLES = ("wp-block", "aside", "plain", "jetpack")
# Each box style has its heading: the Gutenberg block "Lees ook", the card aside "Meer over dit
# onderwerp", the plain list "Gerelateerde artikelen", Jetpack's "Gerelateerd".
_BOX_HEADINGS = {
    "wp-block": "Lees ook",
    "aside": "Meer over dit onderwerp",
    "plain": "Gerelateerde artikelen",
    "jetpack": "Gerelateerd",
}


def _weighted(rng: random.Random, options: dict[str, tuple[int, tuple[str, ...]]]) -> str:
    """A key of `options` drawn by weight (deterministic for a seeded generator)."""
    keys = list(options)
    return rng.choices(keys, weights=[options[k][0] for k in keys])[0]


def _article_path(topic: _Topic, published: datetime, slug: str, post_id: int, legacy: bool) -> str:
    """The article's URL path: WordPress dates, or the "/achtergrond/<id>/<slug>.html" shape."""
    if legacy:
        return f"/achtergrond/{post_id}/{slug}.html"
    t = _local(published)
    return f"{topic.section_path}{t:%Y/%m/%d}/{slug}/"


def _make_articles(count: int, rng: random.Random) -> list[_Art]:
    """The regular articles, spread over the eight clusters and over 2024 (both DST seasons)."""
    sizes = [count // len(TOPICS) + (1 if i < count % len(TOPICS) else 0) for i in range(8)]
    used_titles: set[str] = set()
    arts: list[_Art] = []
    start = datetime(2024, 1, 8, tzinfo=UTC)
    for cluster, size in enumerate(sizes):
        topic = TOPICS[cluster]
        span_days = 320.0
        for i in range(size):
            day = start + timedelta(days=cluster * 1.7 + span_days * i / max(size, 1))
            local_day = _local(day).replace(hour=0, minute=0, second=0, microsecond=0)
            if rng.random() < 0.09:
                # Just after midnight local: the UTC day is the day before (URL date = local day).
                hour, minute = rng.choice((0, 1)), rng.randint(0, 59)
            else:
                hour, minute = rng.randint(6, 22), rng.randint(0, 59)
            naive = datetime(local_day.year, local_day.month, local_day.day, hour, minute)
            published = naive.replace(tzinfo=ZONE).astimezone(UTC)
            modified = None
            if rng.random() < 0.55:
                minutes = rng.choice((17, 45, 90, 200, 600, 1500, 2900, 4400))
                modified = published + timedelta(minutes=minutes + rng.randint(0, 9))
            for _attempt in range(200):
                headline = _fill(rng.choice(topic.headlines), topic, rng)
                if headline not in used_titles:
                    break
            else:
                headline = f"{headline} ({i + 1})"
            used_titles.add(headline)
            arts.append(
                _Art(
                    kind="article",
                    cluster=cluster,
                    path="",
                    headline=headline,
                    slug=_fold(headline)[:70].strip("-"),
                    published=published,
                    modified=modified,
                    author=rng.randrange(len(AUTHORS)),
                    profile=_weighted(rng, PROFILES),
                )
            )
    # WordPress post ids grow with time.
    for rank, art in enumerate(sorted(arts, key=lambda a: (a.published, a.slug))):
        art.post_id = 412000 + rank * 37 + rng.randint(0, 30)
    for art in arts:
        legacy = rng.random() < 0.12
        art.path = _article_path(art.topic, art.published, art.slug, art.post_id, legacy)
    return arts


def _extra_pages(arts: list[_Art], rng: random.Random, kind: str, count: int) -> list[_Art]:
    """Premium (robots-disallowed) articles or video "
    "pages, article-shaped URLs, linked from boxes."""
    out = []
    for n in range(count):
        cluster = LINKED_CLUSTERS[n % len(LINKED_CLUSTERS)]
        topic = TOPICS[cluster]
        base = rng.choice([a for a in arts if a.cluster == cluster])
        published = base.published + timedelta(hours=rng.randint(2, 30))
        if kind == "premium":
            headline = "Plus: " + _fill("Achter de schermen van {subject}", topic, rng)
            headline += f" (deel {n + 1})"
            slug = _fold(headline)
            path = f"/premium{topic.section_path}{_local(published):%Y/%m/%d}/{slug}/"
        else:
            headline = "Video: " + _fill("{Actor} over {subject}", topic, rng) + f" ({n + 1})"
            slug = _fold(headline)
            path = f"/video/{_local(published):%Y/%m/%d}/{slug}/"
        out.append(
            _Art(
                kind=kind,
                cluster=cluster,
                path=path,
                headline=headline,
                slug=slug,
                published=published,
                modified=None,
                author=rng.randrange(len(AUTHORS)),
                post_id=500000 + n * 11 + (0 if kind == "premium" else 5),
            )
        )
    return out


def _href(path: str, rng: random.Random, *, amp_ok: bool = True) -> str:
    """How a page writes a link to `path`: plain mostly, sometimes with tracking parameters, a
    fragment, its AMP form or stray whitespace (all normalize back to `path`)."""
    roll = rng.random()
    if roll < 0.62:
        return path
    if roll < 0.78:
        campaign = rng.choice(("leesook", "related", "inline"))
        return f"{path}?utm_source=dagelijksepost&utm_medium=web&utm_campaign={campaign}"
    if roll < 0.86:
        return path + rng.choice(("#reacties", "#top", "#video"))
    if roll < 0.91 and amp_ok and path.endswith("/") and not path.startswith("/artikel/"):
        return path + "amp/"
    return f"\n            {path} "


def _wire(
    site_arts: list[_Art], extras: list[_Art], rng: random.Random
) -> tuple[dict[str, str], list[str]]:
    """Choose every article's related coverage (box, body, inline, embedded-only) and the traps
    among its links; returns the redirects (legacy path -> article path) and the gone paths."""
    clusters: dict[int, list[_Art]] = {}
    for art in site_arts:
        clusters.setdefault(art.cluster, []).append(art)
    for members in clusters.values():
        members.sort(key=lambda a: a.published)
    premium = [a for a in extras if a.kind == "premium"]
    videos = [a for a in extras if a.kind == "video"]

    redirects: dict[str, str] = {}
    legacy_of: dict[str, str] = {}
    n = len(site_arts)
    for art in rng.sample(site_arts, max(3, n // 16)):
        old = f"/artikel/{art.post_id - 400000}/{art.slug}"
        redirects[old] = art.path
        legacy_of[art.path] = old

    gone: list[str] = []
    for g in range(max(3, n // 24)):
        topic = TOPICS[LINKED_CLUSTERS[g % len(LINKED_CLUSTERS)]]
        day = datetime(2023, 11, 2, 12, tzinfo=UTC) + timedelta(days=9 * g)
        slug = _fold(_fill("{Actor} trekt zich terug uit overleg over {subject}", topic, rng))
        gone.append(f"{topic.section_path}{day:%Y/%m/%d}/{slug}-{g + 1}/")

    def ref(target: _Art) -> _Ref:
        path = target.path
        if path in legacy_of and rng.random() < 0.45:
            path = legacy_of[path]
        return _Ref(path, target.headline)

    for art in site_arts:
        members = clusters[art.cluster]
        pos = members.index(art)
        window = [m for m in members[max(0, pos - WINDOW) : pos + WINDOW] if m is not art]
        # Related boxes mostly point back in time; a few forward links keep clusters connected.
        weights = [3.0 if m.published < art.published else 1.0 for m in window]
        picks: list[_Art] = []
        want = min(len(window), rng.randint(3, 5))
        pool = list(zip(window, weights, strict=True))
        while len(picks) < want and pool:
            choice = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
            picks.append(pool.pop(choice)[0])
        group = LINKED_CLUSTERS if art.cluster in LINKED_CLUSTERS else ISOLATED_CLUSTERS
        if rng.random() < BRIDGE:
            other = rng.choice([c for c in group if c != art.cluster and c in clusters])
            picks.append(rng.choice(clusters[other]))
        refs = [ref(p) for p in picks]

        art.box_style = rng.choice(_BOX_STYLES) if rng.random() >= 0.22 else "none"
        art.box_heading = _BOX_HEADINGS.get(art.box_style, "")
        body_count = rng.choice((0, 1, 1, 2))
        inline_count = rng.choice((0, 1, 1, 2))
        if art.box_style == "none":
            # Related items present ONLY in the embedded JSON (and maybe one in the text).
            art.embedded = refs
            art.body = refs[:1] if body_count else []
        else:
            art.box = refs[: max(2, len(refs) - body_count - inline_count)]
            rest = refs[len(art.box) :]
            art.body = rest[:body_count]
            art.inline = rest[body_count:]
            if rng.random() < 0.3 and art.box:
                # The same article linked in the text and again in the box.
                art.body.append(_Ref(art.box[0].path, art.box[0].title))
            if rng.random() < 0.25:
                extra = [m for m in members if m is not art and m not in picks]
                if extra:
                    art.embedded = [ref(rng.choice(extra))]
        art.jsonld_related = rng.random() < 0.3
        art.box_tag_link = art.box_style != "none" and rng.random() < 0.35
        art.mostread_after_box = art.box_style in ("aside", "plain") and rng.random() < 0.7

        # Traps among related links: gone, robots-disallowed, not an article, the page itself.
        target_list = art.box if art.box else art.embedded
        if art.cluster in LINKED_CLUSTERS:
            if rng.random() < 0.07:
                target_list.append(_Ref(rng.choice(gone), "Dit artikel is niet meer beschikbaar"))
            if rng.random() < 0.06 and premium:
                p = rng.choice(premium)
                target_list.append(_Ref(p.path, p.headline))
            if rng.random() < 0.06 and videos:
                v = rng.choice(videos)
                (art.box or art.embedded).append(_Ref(v.path, v.headline))
        if rng.random() < 0.04 and art.box:
            art.box.insert(rng.randrange(len(art.box) + 1), _Ref(art.path, art.headline))

    # Premium and video pages carry their own related boxes toward the isolated clusters: a
    # crawler that follows them (it must not) exports articles outside the truth.
    isolated = [a for a in site_arts if a.cluster in ISOLATED_CLUSTERS]
    for page in extras:
        page.box_style = "aside" if page.kind == "video" else "wp-block"
        page.box_heading = _BOX_HEADINGS[page.box_style]
        page.box = [_Ref(a.path, a.headline) for a in rng.sample(isolated, min(4, len(isolated)))]
    return redirects, gone


def _resolve(path: str, by_path: dict[str, _Art], redirects: dict[str, str]) -> _Art | None:
    """The exportable article a normalized link leads to (after redirects), or None when it is
    gone, robots-disallowed or not an article."""
    seen = 0
    while path in redirects and seen < 5:
        path, seen = redirects[path], seen + 1
    art = by_path.get(path)
    if art is None or art.kind != "article" or path.startswith("/premium/"):
        return None
    return by_path.get(art.alias_of) if art.alias_of else art


def related_paths(art: _Art) -> list[tuple[str, str, str]]:
    """The page's related-coverage links as the truth lists them: (normalized path, kind, text),
    once each, in page order, excluding the page itself. A link present in several places takes
    the most visible kind: related-box, then body (text links and inline "Lees ook"), then
    embedded (the same precedence as the La Libre site)."""
    found: dict[str, tuple[int, str, str]] = {}
    rank = {"related-box": 0, "body": 1, "embedded": 2}
    own = art.alias_of or art.path
    groups: list[tuple[str, Sequence[_Ref]]] = [
        ("body", art.body),
        ("body", art.inline),
        ("related-box", art.box),
        ("embedded", art.embedded),
    ]
    for kind, refs in groups:
        for r in refs:
            if r.path in (own, art.path):
                continue
            if r.path not in found or rank[kind] < found[r.path][0]:
                found[r.path] = (rank[kind], kind, r.text or r.title)
    return [(path, kind, text) for path, (_rank, kind, text) in found.items()]


def _bfs(seed: _Art, by_path: dict[str, _Art], redirects: dict[str, str]) -> dict[str, int]:
    """Depth of every exported article (by path) reachable from the seed within MAX_DEPTH hops."""
    depth = {seed.path: 0}
    frontier = [seed]
    for d in range(1, MAX_DEPTH + 1):
        nxt: list[_Art] = []
        for art in frontier:
            for path, _kind, _text in related_paths(art):
                target = _resolve(path, by_path, redirects)
                if target is not None and target.path not in depth:
                    depth[target.path] = d
                    nxt.append(target)
        frontier = nxt
    return depth


def _paragraphs(art: _Art, rng: random.Random) -> list[str]:
    """The article text as HTML paragraphs, with in-text links and inline "Lees ook" lines."""
    topic = art.topic
    count = rng.randint(4, 14)
    paras: list[str] = []
    for _ in range(count):
        sentences = [_fill(rng.choice(_SENTENCES), topic, rng) for _ in range(rng.randint(3, 5))]
        paras.append("<p>" + escape(" ".join(sentences), quote=False) + "</p>")
    # In-text links to other articles of the site.
    for r in art.body:
        before, anchor, after = rng.choice(_BODY_ANCHORS)
        r.text = anchor.format(
            title=r.title,
            title_lower=r.title[:1].lower() + r.title[1:],
            place=rng.choice(topic.places),
            actor=rng.choice(topic.actors),
        )
        href = escape(_href(r.path, rng), quote=True)
        sentence = f'{before}<a href="{href}">{escape(r.text)}</a>{after}'
        where = rng.randrange(1, len(paras))
        paras[where] = paras[where][:-4] + " " + sentence + "</p>"
    # Inline "Lees ook" lines inside the text, in the forms editors type them.
    for r in art.inline:
        href = escape(_href(r.path, rng), quote=True)
        title = escape(r.title)
        form = rng.randrange(4)
        if form == 0:
            line = (
                f'<p class="dp-leesook"><strong>Lees ook:</strong> <a href="{href}">{title}</a></p>'
            )
        elif form == 1:
            line = f'<p><em>Lees ook: <a href="{href}">{title}</a></em></p>'
        elif form == 2:
            line = f'<p>» LEES OOK: <a href="{href}">{title}</a></p>'
        else:
            line = (
                f'<p>Lees ook <a href="{href}" target="_blank" rel="noopener">'
                f"{title}</a> en ons eerdere verslag.</p>"
            )
        paras.insert(rng.randrange(1, len(paras)), line)
    # Links in the text that are NOT related coverage: a tag page, a section, other sites,
    # a PDF, a photo, an e-mail address, the page's own comments.
    tag_slug, tag_name = rng.choice(topic.tags)
    extras = [
        f'Alles over dit onderwerp vindt u op <a href="/tag/{tag_slug}/">onze themapagina '
        f"{escape(tag_name)}</a>.",
        "Meer nieuws in de rubriek <a "
        f'href="{topic.section_path}">{escape(topic.section_name)}</a>.',
        'Het <a href="https://www.rijksoverheid.nl/documenten/kamerbrieven">volledige '
        "Kamerbrief</a> staat online.",
        'Bekijk ook de <a href="//nos.nl/nieuws/binnenland">berichtgeving van de NOS</a>.',
        f'Het onderzoek is hier te downloaden: <a href="/wp-content/uploads/2024/0{art.cluster + 1}'
        f'/rapport-{topic.key}.pdf">rapport (pdf, 2,4 MB)</a>.',
        f'<a href="/wp-content/uploads/2024/0{art.cluster + 1}/{topic.key}-groot.jpg">Bekijk de '
        "foto in groot formaat</a>.",
        'Tips? Mail naar <a href="mailto:tips@dagelijksepost.nl">tips@dagelijksepost.nl</a>.',
        f'Wat vindt u? <a href="{escape(art.path)}#reacties">Praat mee in de reacties</a>.',
        'Vorig jaar sprak <a href="/auteur/redactie/">de redactie</a> met betrokkenen.',
    ]
    for sentence in rng.sample(extras, rng.randint(2, 4)):
        where = rng.randrange(len(paras))
        if paras[where].startswith("<p>") and "Lees ook" not in paras[where]:
            paras[where] = paras[where][:-4] + " " + sentence + "</p>"
    if rng.random() < 0.3:
        # A "Lees ook" line that points to a tag page: labelled like coverage, but not an article.
        paras.insert(
            rng.randrange(1, len(paras)),
            f'<p><strong>Lees ook:</strong> <a href="/tag/{tag_slug}/">alle artikelen over '
            f"{escape(tag_name.lower())}</a></p>",
        )
    if rng.random() < 0.35:
        paras.insert(
            rng.randrange(1, len(paras)),
            '<blockquote class="twitter-tweet" data-lang="nl"><p lang="nl" dir="ltr">'
            + escape(
                _fill("Vandaag in {place}: {subject} blijft de gemoederen bezighouden.", topic, rng)
            )
            + '</p>&mdash; Dagelijkse Post (@dagelijksepost) <a href="https://twitter.com/'
            "dagelijksepost/status/17"
            + str(art.post_id)
            + '">'
            + _visible(art.published, "lang", label="Geplaatst")
            + "</a></blockquote>",
        )
    return paras


# ---------------------------------------------------------------------------------------------
# Shared page furniture (built once per generation: real themes render the same blocks on
# every page, which is what makes pages 40-90 KB).

_MENU: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Nieuws",
        "/nieuws/",
        (
            ("Binnenland", "/nieuws/binnenland/"),
            ("Buitenland", "/nieuws/buitenland/"),
            ("Klimaat", "/nieuws/klimaat/"),
            ("Gezondheid", "/nieuws/gezondheid/"),
            ("Tech", "/nieuws/tech/"),
            ("Onderwijs", "/nieuws/onderwijs/"),
            ("Justitie", "/nieuws/justitie/"),
            ("Verkeer", "/nieuws/verkeer/"),
            ("Weer", "/nieuws/weer/"),
        ),
    ),
    (
        "Politiek",
        "/politiek/",
        (
            ("Den Haag", "/politiek/den-haag/"),
            ("Europa", "/politiek/europa/"),
            ("Gemeenten", "/politiek/gemeenten/"),
        ),
    ),
    (
        "Economie",
        "/economie/",
        (
            ("Wonen", "/economie/wonen/"),
            ("Geld", "/economie/geld/"),
            ("Werk", "/economie/werk/"),
            ("Bedrijven", "/economie/bedrijven/"),
            ("Beurs", "/economie/beurs/"),
        ),
    ),
    (
        "Sport",
        "/sport/",
        (
            ("Voetbal", "/sport/voetbal/"),
            ("Wielrennen", "/sport/wielrennen/"),
            ("Schaatsen", "/sport/schaatsen/"),
            ("Tennis", "/sport/tennis/"),
            ("Formule 1", "/sport/formule-1/"),
            ("Hockey", "/sport/hockey/"),
            ("Uitslagen", "/sport/uitslagen/"),
        ),
    ),
    (
        "Cultuur",
        "/cultuur/",
        (
            ("Film", "/cultuur/film/"),
            ("Muziek", "/cultuur/muziek/"),
            ("Boeken", "/cultuur/boeken/"),
            ("Theater", "/cultuur/theater/"),
            ("Media", "/cultuur/media/"),
        ),
    ),
    (
        "Regio",
        "/regio/",
        tuple(
            (name, f"/regio/{_fold(name)}/")
            for name in (
                "Groningen",
                "Friesland",
                "Drenthe",
                "Overijssel",
                "Flevoland",
                "Gelderland",
                "Utrecht",
                "Noord-Holland",
                "Zuid-Holland",
                "Zeeland",
                "Noord-Brabant",
                "Limburg",
            )
        ),
    ),
    (
        "Opinie",
        "/opinie/",
        (
            ("Columns", "/opinie/columns/"),
            ("Commentaar", "/opinie/commentaar/"),
            ("Brieven", "/opinie/brieven/"),
        ),
    ),
    ("Achtergrond", "/achtergrond/", (("Dossiers", "/dossier/"), ("Podcasts", "/podcasts/"))),
    ("Video", "/video/", ()),
)
_SERVICES = (
    ("Nieuwsbrief", "/nieuwsbrief/"),
    ("Abonneren", "/abonnement/"),
    ("Inloggen", "/mijn-account/inloggen/"),
    ("Tip de redactie", "/contact/tips/"),
    ("Zoeken", "/zoeken/"),
)
_FOOTER = (
    ("Over ons", "/over-ons/"),
    ("Colofon", "/colofon/"),
    ("Contact", "/contact/"),
    ("Adverteren", "/adverteren/"),
    ("Vacatures", "/vacatures/"),
    ("Privacyverklaring", "/privacy/"),
    ("Cookiebeleid", "/cookies/"),
    ("Algemene voorwaarden", "/voorwaarden/"),
    ("Klantenservice", "/klantenservice/"),
    ("Archief", "/archief/"),
    ("RSS", "/feed/"),
)


def _listing_paths() -> list[tuple[str, str]]:
    """Every section front and subsection the menus link to, with its title."""
    out: list[tuple[str, str]] = [("/", SITE_NAME)]
    for name, path, subs in _MENU:
        out.append((path, name))
        out.extend((p, n) for n, p in subs)
    for topic in TOPICS:
        if topic.section_path not in {p for p, _ in out}:
            out.append((topic.section_path, topic.section_name))
    return out


def _css() -> str:
    """The theme's inline global styles (block library, custom properties, components)."""
    parts = [":root{"]
    palette = ("#0b3d91", "#e4002b", "#1a1a1a", "#f5f3ee", "#6b6b6b", "#ffd100", "#2e7d32")
    for i, colour in enumerate(palette):
        parts.append(f"--wp--preset--color--dp-{i}:{colour};")
    for size in range(10, 64, 2):
        parts.append(f"--wp--preset--font-size--s{size}:{size / 16:.3f}rem;")
    for step in range(1, 30):
        parts.append(f"--wp--preset--spacing--{step * 10}:{step * 0.25:.2f}rem;")
    parts.append("}")
    blocks = (
        "site-header",
        "site-branding",
        "main-navigation",
        "mega-menu",
        "mobile-menu",
        "breadcrumbs",
        "entry-header",
        "entry-title",
        "entry-meta",
        "entry-content",
        "entry-footer",
        "post-navigation",
        "dp-box",
        "dp-cards",
        "dp-card",
        "jp-relatedposts",
        "widget-area",
        "widget",
        "widget_recent_entries",
        "sharedaddy",
        "sd-social",
        "comments-area",
        "comment-list",
        "comment-respond",
        "author-box",
        "dp-leesook",
        "wp-block-image",
        "wp-block-quote",
        "wp-block-embed",
        "ob-widget",
        "site-footer",
        "footer-menu",
        "newsletter-form",
        "dp-ad",
        "dp-paywall",
        "tag-links",
    )
    props = (
        "display:flex;flex-wrap:wrap;gap:var(--wp--preset--spacing--20)",
        "margin:0 auto;max-width:1280px;padding:0 var(--wp--preset--spacing--30)",
        "font-family:Merriweather,Georgia,serif;font-size:var(--wp--preset--font-size--s18)",
        "color:var(--wp--preset--color--dp-2);background:var(--wp--preset--color--dp-3)",
        "border-top:4px solid var(--wp--preset--color--dp-1);padding-top:1rem",
    )
    for i, block in enumerate(blocks):
        for j, suffix in enumerate(("", "__title", "__list")):
            parts.append(f".{block}{suffix}{{{props[(i + j) % len(props)]}}}")
        parts.append(
            f"@media (max-width:{600 + i * 8}px){{.{block}{{padding:0 1rem;font-size:"
            f"var(--wp--preset--font-size--s{14 + (i % 6) * 2})}}}}"
        )
    return "".join(parts)


def _emoji_script() -> str:
    """WordPress's emoji-detection loader (written for this site, same role and size)."""
    settings = {
        "baseUrl": "https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/",
        "ext": ".png",
        "svgUrl": "https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/svg\\/",
        "svgExt": ".svg",
        "source": {"concatemoji": "\\/wp-includes\\/js\\/wp-emoji-release.min.js?ver=6.5.3"},
    }
    return (
        "window._wpemojiSettings = " + json.dumps(settings).replace("\\\\/", "\\/") + ";\n"
        "/*! This file is auto-generated */\n"
        "!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,timestamp:(new Date)"
        ".valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}function p(e,t,n)"
        "{e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);var t=new "
        "Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data),r=(e.clearRect(0,"
        "0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),new Uint32Array(e.getImageData(0,0,"
        "e.canvas.width,e.canvas.height).data));return t.every(function(e,t){return e===r[t]})}"
        'function u(e,t,n){switch(t){case"flag":return n(e,"\\ud83c\\udff3\\ufe0f\\u200d'
        '\\u26a7\\ufe0f","\\ud83c\\udff3\\ufe0f\\u200b\\u26a7\\ufe0f")?!1:!n(e,"\\ud83c'
        '\\uddfa\\ud83c\\uddf3","\\ud83c\\uddfa\\u200b\\ud83c\\uddf3");case"emoji":return!n'
        '(e,"\\ud83d\\udc26\\u200d\\u2b1b","\\ud83d\\udc26\\u200b\\u2b1b")}return!1}'
        'function f(e,t,n){var r="undefined"!=typeof WorkerGlobalScope&&self instanceof '
        'WorkerGlobalScope?new OffscreenCanvas(300,150):i.createElement("canvas"),a=r.'
        'getContext("2d",{willReadFrequently:!0}),o=(a.textBaseline="top",a.font="600 32px '
        'Arial",{});return e.forEach(function(e){o[e]=t(a,e,n)}),o}}(window,document);'
    )


def _consent_script() -> str:
    """The consent manager's vendor configuration (long JSON, as CMPs inline it)."""
    vendors = [
        {
            "id": 1000 + i,
            "name": f"Partner {i:03d}",
            "purposes": [1, 2, (i % 9) + 3],
            "legInt": [i % 4 + 7],
        }
        for i in range(42)
    ]
    config = {"cmpId": 300, "language": "nl", "privacyUrl": "/privacy/", "vendors": vendors}
    return "window.__dpConsentConfig = " + json.dumps(config, separators=(",", ":")) + ";"


def _svg_sprite() -> str:
    """Inline SVG icons for share buttons and the menu."""
    icons = (
        "facebook",
        "x",
        "whatsapp",
        "linkedin",
        "mail",
        "print",
        "search",
        "user",
        "menu",
        "close",
    )
    out = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">']
    for i, name in enumerate(icons):
        path = " ".join(
            f"M{(i * 7 + k * 3) % 24} "
            f"{(k * 5 + i) % 24}l{(k % 5) + 1}.{k % 10} {(i + k) % 7}.{k % 3}"
            for k in range(28)
        )
        out.append(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="{path}z"/></symbol>')
    out.append("</svg>")
    return "".join(out)


def _menu_html(variant: str) -> str:
    """The desktop mega menu or the mobile menu: every section, subsection and service."""
    cls = "main-navigation" if variant == "desktop" else "mobile-menu"
    out = [f'<nav id="{variant}-nav" class="{cls}" aria-label="Hoofdmenu"><ul class="menu">']
    for name, path, subs in _MENU:
        out.append(
            f'<li class="menu-item menu-item-has-children"><a href="{path}">{escape(name)}</a>'
        )
        if subs:
            out.append('<ul class="sub-menu mega-menu__list">')
            out.extend(
                f'<li class="menu-item mega-menu__item"><a class="mega-menu__link" href="{p}">'
                f"{escape(n)}</a></li>"
                for n, p in subs
            )
            out.append("</ul>")
        out.append("</li>")
    out.append('</ul><ul class="menu menu--topics"><li class="menu-title">Onderwerpen</li>')
    for topic in TOPICS:
        for slug, name in topic.tags:
            out.append(f'<li class="menu-item"><a href="/tag/{slug}/">{escape(name)}</a></li>')
    for topic in TOPICS:
        out.append(
            f'<li class="menu-item"><a href="/dossier/{topic.key}/">Dossier '
            f"{escape(topic.key)}</a></li>"
        )
    out.append('</ul><ul class="menu menu--services">')
    out.extend(f'<li class="menu-item"><a href="{p}">{escape(n)}</a></li>' for n, p in _SERVICES)
    out.append("</ul></nav>")
    return "".join(out)


@dataclass(frozen=True)
class _Chrome:
    """The blocks every page shares, rendered once."""

    css: str
    emoji: str
    consent: str
    sprite: str
    header: str
    footer: str


def _chrome() -> _Chrome:
    """Render the shared header, menus, footer, styles and scripts."""
    day = RENDER_DAY
    today = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    header = (
        '<a class="skip-link screen-reader-text" href="#content">Naar de inhoud</a>'
        '<header id="masthead" class="site-header" role="banner"><div class="site-header__inner">'
        '<div class="site-branding"><a href="/" rel="home" class="custom-logo-link">'
        '<img src="/wp-content/uploads/2023/01/logo-dagelijksepost.svg" alt="De Dagelijkse Post" '
        'width="220" height="40"></a>'
        f'<span class="dp-today">{today}</span></div>'
        '<div class="header-actions"><a class="btn '
        'btn--subscribe" href="/abonnement/?utm_source=header'
        '&amp;utm_medium=button">Word abonnee</a><a '
        'class="btn btn--login" href="/mijn-account/inloggen/'
        '?redirect_to=%2F">Inloggen</a><a class="search-toggle" href="/zoeken/?s=">'
        '<svg><use href="#icon-search"/></svg><span>Zoeken</span></a></div></div>'
        + _menu_html("desktop")
        + '<button class="menu-toggle" aria-controls="mobile-nav" '
        'aria-expanded="false">Menu</button>' + _menu_html("mobile") + "</header>"
    )
    cols = [_FOOTER[i::3] for i in range(3)]
    footer_parts = [
        '<footer id="colophon" class="site-footer" role="contentinfo"><div class="footer-menu">'
    ]
    for col in cols:
        footer_parts.append("<ul>")
        footer_parts.extend(f'<li><a href="{p}">{escape(n)}</a></li>' for n, p in col)
        footer_parts.append("</ul>")
    footer_parts.append("<ul>")
    for name, path, _subs in _MENU:
        footer_parts.append(f'<li><a href="{path}">{escape(name)}</a></li>')
    footer_parts.append(
        '</ul></div><div class="footer-social">'
        '<a href="https://www.facebook.com/dagelijksepost" rel="me">Facebook</a>'
        '<a href="https://x.com/dagelijksepost" rel="me">X</a>'
        '<a href="https://www.instagram.com/dagelijksepost/" rel="me">Instagram</a>'
        '<a href="https://www.linkedin.com/company/dagelijksepost">LinkedIn</a>'
        '<a href="https://apps.apple.com/nl/app/dagelijkse-post/id1234567890">iPhone-app</a>'
        '<a href="https://play.google.com/store/apps/details?id=nl.dagelijksepost.app">Android-app</a>'
        '</div><p class="copyright">© 2024 De Dagelijkse Post B.V. Alle rechten voorbehouden. '
        "Niets uit deze uitgave mag worden verveelvoudigd zonder toestemming. "
        '<a href="javascript:void(0)" '
        "onclick=\"window.__tcfapi&amp;&amp;__tcfapi('displayConsentUi',2)\">"
        "Cookie-instellingen</a></p></footer>"
    )
    return _Chrome(
        _css(), _emoji_script(), _consent_script(), _svg_sprite(), header, "".join(footer_parts)
    )


# ---------------------------------------------------------------------------------------------
# Rendering


def _script_json(data: Any) -> str:
    """JSON as WordPress inlines it: slashes escaped ("\\/"), which also keeps "</" out."""
    return json.dumps(data, ensure_ascii=False).replace("/", "\\/")


def _head(
    chrome: _Chrome,
    *,
    title: str,
    canonical: str,
    og_type: str,
    description: str,
    extra_meta: str = "",
    jsonld: dict[str, Any] | None = None,
    amphtml: str | None = None,
) -> str:
    """The <head>: SEO plugin metadata, styles and the theme's scripts."""
    out = [
        '<!DOCTYPE html>\n<html lang="nl-NL" class="no-js">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - {SITE_NAME}</title>\n"
        '<meta name="robots" content="index, follow, max-image-preview:large">\n'
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        '<meta property="og:locale" content="nl_NL">\n<meta '
        f'property="og:type" content="{og_type}">\n'
        f'<meta property="og:title" content="{escape(title)}">\n'
        f'<meta property="og:description" content="{escape(description)}">\n'
        f'<meta property="og:url" content="{escape(canonical)}">\n'
        f'<meta property="og:site_name" content="{SITE_NAME}">\n'
        f"{extra_meta}"
        '<meta name="twitter:card" content="summary_large_image">\n'
        '<meta name="twitter:site" content="@dagelijksepost">\n'
    ]
    if amphtml:
        out.append(f'<link rel="amphtml" href="{escape(amphtml)}">\n')
    if jsonld is not None:
        out.append(
            '<script type="application/ld+json" class="yoast-schema-graph">'
            + json.dumps(jsonld, ensure_ascii=False)
            + "</script>\n"
        )
    out.append(
        '<link rel="alternate" type="application/rss+xml" title="De Dagelijkse Post &raquo; Feed" '
        'href="/feed/">\n<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>\n'
        '<link rel="stylesheet" id="dp-theme-css" href="/wp-content/themes/dagelijksepost/style.css'
        '?ver=3.4.1" media="all">\n'
        f"<script>{chrome.emoji}</script>\n"
        f'<style id="global-styles-inline-css">{chrome.css}</style>\n'
        f'<script id="dp-consent-js-extra">{chrome.consent}</script>\n'
        '<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" '
        'id="jquery-core-js"></script>\n'
        "</head>\n"
    )
    return "".join(out)


def _box(
    style: str,
    heading: str,
    refs: Iterable[_Ref],
    arts: dict[str, _Art],
    rng: random.Random,
    *,
    extra_tag: tuple[str, str] | None = None,
    label: str | None = None,
) -> str:
    """A list of article links in one of the theme's box styles. The "Meest gelezen" box uses
    the very same markup and classes as the related box: only its heading differs."""
    items = []
    for pos, r in enumerate(refs):
        href = escape(r.href or _href(r.path, rng), quote=True)
        title = escape(r.title)
        target = arts.get(r.path)
        when = target.published if target else datetime(2023, 11, 2, 12, tzinfo=UTC)
        day = _local(when)
        if style == "wp-block":
            items.append(
                f'<li class="dp-box__item"><a class="dp-box__link" href="{href}">{title}</a>'
                f'<time class="dp-box__date" datetime="{_iso_local(when)}">{day.day} '
                f"{MONTHS[day.month - 1]}</time></li>"
            )
        elif style == "aside":
            section = escape(target.topic.section_name if target else "Nieuws")
            items.append(
                f'<article class="dp-card"><a class="dp-card__img" href="{href}" tabindex="-1">'
                f'<img src="/wp-content/uploads/2024/01/thumb-{pos}.jpg" alt="" loading="lazy" '
                'width="300" height="169"></a><div '
                'class="dp-card__body"><span class="dp-card__section">'
                f'{section}</span><h4 class="dp-card__title"><a '
                f'href="{href}">{title}</a></h4></div></article>'
            )
        elif style == "plain":
            items.append(f'<li><a href="{href}">{title}</a></li>')
        else:
            items.append(
                '<div class="jp-relatedposts-post '
                f'jp-relatedposts-post{pos} jp-relatedposts-post-thumbs" '
                f'data-post-id="{target.post_id if target else 0}" data-post-format="false">'
                f'<a class="jp-relatedposts-post-a" href="{href}" title="{title}" rel="nofollow" '
                f'data-origin="0" data-position="{pos}"><img class="jp-relatedposts-post-img" '
                f'src="/wp-content/uploads/2024/01/thumb-{pos}.jpg" '
                'width="350" height="200" alt=""></a>'
                '<h4 class="jp-relatedposts-post-title"><a '
                f'class="jp-relatedposts-post-a" href="{href}" '
                f'rel="nofollow" data-position="{pos}">{title}</a></h4>'
                f'<p class="jp-relatedposts-post-date">{day.day} '
                f"{MONTHS[day.month - 1]} {day.year}</p>"
                f'<p class="jp-relatedposts-post-context">In &quot;'
                f"{escape(target.topic.section_name if target else 'Nieuws')}&quot;</p></div>"
            )
    more = ""
    if extra_tag is not None:
        more = (
            f'<a class="dp-box__more" href="/tag/{extra_tag[0]}/">'
            f"Alles over {escape(extra_tag[1].lower())} »</a>"
        )
    if style == "wp-block":
        return (
            '<div class="wp-block-related dp-box"><h2 '
            f'class="wp-block-heading dp-box__title">{heading}</h2>'
            f'<ul class="dp-box__list">{"".join(items)}</ul>{more}</div>'
        )
    if style == "aside":
        return (
            f'<aside class="dp-cards" aria-label="{escape(label or heading)}"><h3 '
            'class="dp-cards__title">'
            f'{heading}</h3><div class="dp-cards__grid">{"".join(items)}</div>{more}</aside>'
        )
    if style == "plain":
        return f"<h3>{heading}</h3><ul>{''.join(items)}</ul>{more}"
    return (
        '<div class="jp-relatedposts" style="display: '
        'block;"><h3 class="jp-relatedposts-headline">'
        f'<em>{heading}</em></h3><div class="jp-relatedposts-items jp-relatedposts-items-visual">'
        f"{''.join(items)}</div>{more}</div>"
    )


def _article_jsonld(art: _Art, related: list[str]) -> dict[str, Any]:
    """Yoast-style @graph: NewsArticle, WebPage, breadcrumbs, site, organization, author."""
    canon = art.canonical
    name, slug = AUTHORS[art.author]
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": canon + "#article",
        "isPartOf": {"@id": canon},
        "author": {"name": name, "@id": f"{CANONICAL_ROOT}/#/schema/person/{slug}"},
        "headline": art.headline,
        "mainEntityOfPage": {"@id": canon},
        "wordCount": 180 + len(art.paragraphs) * 61,
        "publisher": {"@id": CANONICAL_ROOT + "/#organization"},
        "image": {"@id": canon + "#primaryimage"},
        "keywords": [t[1] for t in art.topic.tags],
        "articleSection": [art.topic.section_name],
        "inLanguage": "nl-NL",
        "isAccessibleForFree": art.kind != "premium",
    }
    page: dict[str, Any] = {
        "@type": "WebPage",
        "@id": canon,
        "url": canon,
        "name": f"{art.headline} - {SITE_NAME}",
        "isPartOf": {"@id": CANONICAL_ROOT + "/#website"},
        "breadcrumb": {"@id": canon + "#breadcrumb"},
        "inLanguage": "nl-NL",
    }
    if art.profile in ("p1", "p2"):
        fmt = _iso_local if art.profile == "p1" else _iso_plus00
        for node in (article, page):
            node["datePublished"] = fmt(art.published)
            if art.modified is not None:
                node["dateModified"] = fmt(art.modified)
    if related:
        # schema.org WebPage.relatedLink, written as site-relative paths by this theme.
        page["relatedLink"] = related
    return {
        "@context": "https://schema.org",
        "@graph": [
            article,
            page,
            {
                "@type": "BreadcrumbList",
                "@id": canon + "#breadcrumb",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": 1,
                        "name": "Home",
                        "item": CANONICAL_ROOT + "/",
                    },
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": art.topic.section_name,
                        "item": CANONICAL_ROOT + art.topic.section_path,
                    },
                    {"@type": "ListItem", "position": 3, "name": art.headline},
                ],
            },
            {
                "@type": "WebSite",
                "@id": CANONICAL_ROOT + "/#website",
                "url": CANONICAL_ROOT + "/",
                "name": SITE_NAME,
                "potentialAction": [
                    {
                        "@type": "SearchAction",
                        "target": {
                            "@type": "EntryPoint",
                            "urlTemplate": CANONICAL_ROOT + "/zoeken/?s={search_term_string}",
                        },
                        "query-input": "required name=search_term_string",
                    }
                ],
            },
            {
                "@type": "Organization",
                "@id": CANONICAL_ROOT + "/#organization",
                "name": SITE_NAME,
                "url": CANONICAL_ROOT + "/",
                "sameAs": [
                    "https://www.facebook.com/dagelijksepost",
                    "https://x.com/dagelijksepost",
                ],
            },
            {"@type": "Person", "@id": f"{CANONICAL_ROOT}/#/schema/person/{slug}", "name": name},
        ],
    }


def _sidebar(site: _Site, art: _Art | None, rng: random.Random, *, mostread: bool) -> str:
    """The widget area: "Net binnen" (latest news), maybe "Meest gelezen", newsletter, an ad."""
    latest = "".join(
        f'<li><span class="post-date">{_local(a.published):%H:%M}</span> <a href="{a.path}">'
        f"{escape(a.headline)}</a></li>"
        for a in site.latest
        if a is not art
    )
    out = [
        '<aside id="secondary" class="widget-area" role="complementary">'
        '<section id="recent-posts-3" class="widget widget_recent_entries">'
        f'<h2 class="widget-title">Net binnen</h2><ul>{latest}</ul></section>'
    ]
    if mostread:
        style = art.box_style if art is not None and art.box_style != "none" else "wp-block"
        out.append(_most_read(site, art, rng, style))
    out.append(
        '<section class="widget newsletter-form"><h2 '
        'class="widget-title">Elke ochtend het nieuws</h2>'
        '<form action="/nieuwsbrief/aanmelden/" '
        'method="post"><label>E-mailadres <input type="email" '
        'name="email"></label><button type="submit">Aanmelden</button></form>'
        '<a href="/nieuwsbrief/">Bekijk al onze nieuwsbrieven</a></section>'
        '<div class="dp-ad" id="div-gpt-ad-sidebar-1" '
        'data-slot="/21700000/dagelijksepost/rectangle">'
        "</div></aside>"
    )
    return "".join(out)


def _most_read(site: _Site, art: _Art | None, rng: random.Random, style: str) -> str:
    """ "Meest gelezen": styled exactly like the page's related box, linking to other clusters."""
    pool = [a for a in site.most_read if a is not art]
    offset = (art.post_id if art else 0) % max(1, len(pool))
    chosen = (pool[offset:] + pool[:offset])[:5]
    refs = [_Ref(a.path, a.headline) for a in chosen]
    return _box(style, "Meest gelezen", refs, site.by_path, rng)


def _share(art: _Art) -> str:
    """Share and print links (Jetpack "sharedaddy"), including the page's own ?share= URLs."""
    quoted = art.canonical.replace(":", "%3A").replace("/", "%2F")
    own = escape(art.path)
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div '
        'class="robots-nocontent sd-block sd-social">'
        '<h3 class="sd-title">Delen:</h3><div class="sd-content"><ul>'
        '<li class="share-facebook"><a rel="nofollow noopener '
        'noreferrer" class="share-facebook sd-button" '
        f'href="{own}?share=facebook&amp;nb=1" target="_blank" title="Delen op Facebook">'
        "<span>Facebook</span></a></li>"
        f'<li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button" '
        f'href="{own}?share=x&amp;nb=1" target="_blank" title="Delen op X"><span>X</span></a></li>'
        f'<li><a href="https://api.whatsapp.com/send?text={quoted}" '
        'target="_blank">WhatsApp</a></li>'
        f'<li><a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={quoted}">LinkedIn</a></li>'
        f'<li><a href="mailto:?subject={escape(art.headline)}&amp;body={quoted}">E-mail</a></li>'
        '<li><a href="javascript:window.print()" class="share-print">Afdrukken</a></li>'
        "</ul></div></div></div>"
    )


def _comments(art: _Art, rng: random.Random) -> str:
    """Readers' comments: dated after the article, with commenters' own sites."""
    items = []
    when = art.published
    for c in range(art.comments):
        when = when + timedelta(minutes=rng.randint(7, 600))
        t = _local(when)
        sentence = _fill(rng.choice(_SENTENCES), art.topic, rng)
        items.append(
            f'<li id="comment-{art.post_id * 10 + c}" '
            'class="comment"><article class="comment-body">'
            f'<footer class="comment-meta"><b class="fn"><a href="https://blog{c}.example.nl/" '
            f'rel="external nofollow ugc" class="url">Lezer{c + 1}</a></b> '
            f'<a href="#comment-{art.post_id * 10 + c}"><time datetime="{_iso_plus00(when)}">'
            f"{t.day} {MONTHS[t.month - 1]} {t.year} om {t:%H.%M} uur</time></a></footer>"
            f'<div class="comment-content"><p>{escape(sentence)} Wat een verhaal weer.</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-'
            f'{art.post_id * 10 + c}" data-commentid="{art.post_id * 10 + c}">Reageren</a></div>'
            "</article></li>"
        )
    return (
        f'<div id="reacties" class="comments-area"><h2 class="comments-title">{art.comments} '
        f'reacties op &ldquo;{escape(art.headline)}&rdquo;</h2><ol class="comment-list">'
        f'{"".join(items)}</ol><div id="respond" class="comment-respond"><p class="must-log-in">'
        'Je moet <a href="/mijn-account/inloggen/?redirect_to=%2F">ingelogd</a> zijn '
        "om een reactie te plaatsen.</p></div></div>"
    )


def _state(site: _Site, art: _Art) -> str:
    """The theme's preloaded application state: relatedArticles (related coverage), but also
    mostRead and latest lists (not related coverage) and the menu."""
    related = art.box + art.embedded
    article: dict[str, Any] = {
        "id": art.post_id,
        "title": art.headline,
        "url": art.path,
        "section": art.topic.key,
        "tags": [t[0] for t in art.topic.tags],
        "author": AUTHORS[art.author][0],
        "relatedArticles": [
            {
                "id": site.by_path[r.path].post_id if r.path in site.by_path else None,
                "url": r.path,
                "title": r.title,
            }
            for r in related
        ],
    }
    if art.profile in ("p1", "p5"):
        article["publishedAt"] = art.published.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if art.modified is not None:
            article["modifiedAt"] = art.modified.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    state = {
        "site": {"name": SITE_NAME, "locale": "nl_NL", "paywall": art.kind == "premium"},
        "article": article,
        "widgets": {
            "mostRead": [{"url": a.path, "title": a.headline} for a in site.most_read[:5]],
            "latest": [{"url": a.path, "title": a.headline} for a in site.latest[:6]],
        },
        "menu": [{"label": name, "url": path} for name, path, _subs in _MENU],
    }
    return "window.__PRELOADED_STATE__ = " + _script_json(state) + ";"


def _meta_dates(art: _Art) -> str:
    """article:published_time/modified_time in the profile's form (offset or +00:00)."""
    if art.profile not in ("p1", "p2"):
        return ""
    fmt = _iso_local if art.profile == "p1" else _iso_plus00
    out = f'<meta property="article:published_time" content="{fmt(art.published)}">\n'
    if art.modified is not None:
        out += f'<meta property="article:modified_time" content="{fmt(art.modified)}">\n'
    return out


def _byline(art: _Art) -> str:
    """The entry meta: author, publication and update dates in the profile's forms."""
    name, slug = AUTHORS[art.author]
    style = _VISIBLE_STYLE[art.profile]
    pub_label = "Gepubliceerd"
    mod_label = {
        "lang": "Bijgewerkt",
        "uur": "Bijgewerkt op",
        "numeric": "Laatst gewijzigd",
        "full": "Aangepast",
    }[style]
    pub_text = _visible(art.published, style, label=pub_label)
    if style == "uur":
        pub_text = _visible(art.published, style, label="").strip()
    mod_text = (
        _visible(art.modified, style, label=mod_label, ref=art.published) if art.modified else None
    )
    t = _local(art.published)
    day_link = f"/{t:%Y/%m/%d}/"
    if art.profile in ("p1", "p2", "p3"):
        pub = (
            f'<a href="{day_link}" rel="bookmark"><time class="entry-date published" '
            f'datetime="{_iso_local(art.published)}">{escape(pub_text)}</time></a>'
        )
        mod = (
            ' <time class="updated" '
            f'datetime="{_iso_local(art.modified)}">{escape(mod_text)}</time>'
            if art.modified and mod_text
            else ""
        )
    else:
        pub = f'<span class="entry-date">{escape(pub_text)}</span>'
        mod = f' <span class="updated-on">{escape(mod_text)}</span>' if mod_text else ""
    return (
        f'<div class="entry-meta"><span class="byline">Door <span class="author vcard">'
        f'<a class="url fn n" href="/auteur/{slug}/">{escape(name)}</a></span></span> '
        f'<span class="posted-on">{pub}</span>{mod}'
        f' <span class="reading-time">{len(art.paragraphs) // 2 + 2} min leestijd</span></div>'
    )


def _article_html(site: _Site, art: _Art, chrome: _Chrome, rng: random.Random) -> str:
    """A full article page (also used for premium articles and, with og:type video, videos)."""
    topic = art.topic
    related_json = [r.path for r in art.box + art.embedded] if art.jsonld_related else []
    description = art.paragraphs[0][3:160].split("<")[0] if art.paragraphs else art.headline
    if art.kind == "video":
        og_type = "video.other"
        jsonld: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": art.headline,
            "uploadDate": _iso_local(art.published),
            "thumbnailUrl": CANONICAL_ROOT + "/wp-content/uploads/2024/01/thumb-0.jpg",
            "description": description,
        }
        extra_meta = ""
    else:
        og_type = "article"
        jsonld = _article_jsonld(art, related_json)
        extra_meta = (
            _meta_dates(art)
            + f'<meta property="article:section" content="{escape(topic.section_name)}">\n'
            + "".join(
                f'<meta property="article:tag" content="{escape(t[1])}">\n' for t in topic.tags
            )
            + f'<link rel="shortlink" href="{CANONICAL_ROOT}/?p={art.post_id}">\n'
        )
    head = _head(
        chrome,
        title=art.headline,
        canonical=art.canonical,
        og_type=og_type,
        description=description,
        extra_meta=extra_meta,
        jsonld=jsonld,
        amphtml=art.amp_target if art.kind == "article" else None,
    )
    tags = "".join(f'<a href="/tag/{s}/" rel="tag">{escape(n)}</a>' for s, n in topic.tags)
    tag_pair = topic.tags[0] if art.box_tag_link else None
    box = ""
    if art.box_style != "none" and art.box:
        box = _box(art.box_style, art.box_heading, art.box, site.by_path, rng, extra_tag=tag_pair)
    mostread_here = art.mostread_after_box and bool(box)
    content = "".join(art.paragraphs)
    paywall = ""
    if art.kind == "premium":
        paywall = (
            '<div class="dp-paywall"><p>Dit is een Plus-artikel. '
            '<a href="/abonnement/?utm_source=paywall">'
            'Word abonnee</a> of <a href="/mijn-account/inloggen/">log in</a>.</p></div>'
        )
    # Where the related box sits: Gutenberg and Jetpack boxes are appended inside the content,
    # the card aside sits in the entry footer, the plain list after the article element.
    inside = box if art.box_style in ("wp-block", "jetpack") else ""
    footer_box = box if art.box_style == "aside" else ""
    after_box = box if art.box_style == "plain" else ""
    mostread_box = _most_read(site, art, rng, art.box_style) if mostread_here else ""
    prev_next = _prev_next(site, art)
    ob = _recommendations(site, art, rng)
    media = (
        f'<figure class="wp-block-image size-large"><img src="/wp-content/uploads/2024/0'
        f'{art.cluster + 1}/{topic.key}-groot.jpg" alt="" width="1024" height="576" '
        f'srcset="/wp-content/uploads/2024/0{art.cluster + 1}/{topic.key}-groot.jpg 1024w" '
        'sizes="(max-width: 1024px) 100vw, 1024px"><figcaption>Foto: ANP / Dagelijkse Post'
        "</figcaption></figure>"
    )
    if art.kind == "video":
        media = (
            '<div class="wp-block-embed is-type-video"><iframe src="https://player.vimeo.com/video/'
            f'{art.post_id}" width="640" height="360" allowfullscreen></iframe></div>'
        )
    breadcrumbs = (
        '<nav class="breadcrumbs" aria-label="Kruimelpad"><a href="/">Home</a> › '
        f'<a href="{topic.section_path}">{escape(topic.section_name)}</a> › '
        f'<span aria-current="page">{escape(art.headline)}</span></nav>'
    )
    body_classes = (
        f"post-template-default single single-post postid-{art.post_id} single-format-standard"
    )
    gtag = (
        "window.dataLayer=window.dataLayer||[];dataLayer.push("
        + _script_json(
            {
                "event": "pageview",
                "pageType": "article" if art.kind == "article" else art.kind,
                "postId": art.post_id,
                "section": topic.section_name,
                "author": AUTHORS[art.author][0],
                "tags": [t[1] for t in topic.tags],
                "wordCount": 180 + len(art.paragraphs) * 61,
            }
        )
        + ");"
    )
    return "".join(
        (
            head,
            f'<body class="{body_classes}">',
            chrome.sprite,
            '<div id="page" class="site">',
            chrome.header,
            '<div id="content" class="site-content"><main id="primary" class="site-main">',
            breadcrumbs,
            f'<article id="post-{art.post_id}" '
            f'class="post-{art.post_id} post type-post status-publish '
            f'format-standard has-post-thumbnail category-{_fold(topic.section_name)}">',
            '<header class="entry-header">',
            '<span class="entry-category"><a '
            f'href="{topic.section_path}">{escape(topic.section_name)}</a></span>',
            f'<h1 class="entry-title">{escape(art.headline)}</h1>',
            _byline(art),
            "</header>",
            media,
            '<div class="entry-content" itemprop="articleBody">',
            content,
            paywall,
            inside,
            "</div>",
            '<footer class="entry-footer">',
            f'<span class="tag-links">Tags: {tags}</span>',
            footer_box,
            _share(art),
            '<div class="author-box"><h3>Over de auteur</h3>'
            f'<p><a href="/auteur/{AUTHORS[art.author][1]}/">{escape(AUTHORS[art.author][0])}</a> '
            "schrijft voor De Dagelijkse Post over "
            f"{escape(topic.section_name.lower())}.</p></div>",
            "</footer></article>",
            after_box,
            mostread_box,
            prev_next,
            ob,
            _comments(art, rng),
            "</main>",
            _sidebar(site, art, rng, mostread=not mostread_here),
            "</div>",
            chrome.footer,
            "</div>",
            f"<script>{_state(site, art)}</script>",
            f"<script>{gtag}</script>",
            '<script src="/wp-content/themes/dagelijksepost/js/app.js?ver=3.4.1" defer></script>',
            "</body></html>",
        )
    )


def _prev_next(site: _Site, art: _Art) -> str:
    """WordPress post navigation: the chronologically adjacent posts, whatever their subject."""
    if art.kind != "article":
        return ""
    ordered = site.latest_all
    i = ordered.index(art)
    links = []
    if i > 0:
        p = ordered[i - 1]
        links.append(
            f'<div class="nav-previous"><a href="{p.path}" rel="prev"><span class="meta-nav">Vorig '
            f'artikel</span> <span class="post-title">{escape(p.headline)}</span></a></div>'
        )
    if i + 1 < len(ordered):
        n = ordered[i + 1]
        links.append(
            f'<div class="nav-next"><a href="{n.path}" rel="next"><span class="meta-nav">Volgend '
            f'artikel</span> <span class="post-title">{escape(n.headline)}</span></a></div>'
        )
    return (
        '<nav class="navigation post-navigation" '
        'aria-label="Berichten"><h2 class="screen-reader-text">'
        f'Berichtnavigatie</h2><div class="nav-links">{"".join(links)}</div></nav>'
    )


def _recommendations(site: _Site, art: _Art, rng: random.Random) -> str:
    """A recommendation widget ("Aanbevolen voor u"): same-site picks and sponsored links."""
    pool = site.most_read[::-1]
    picks = [a for a in pool if a is not art][: 2 + art.post_id % 2]
    items = "".join(
        '<li class="ob-dynamic-rec-container"><a '
        f'class="ob-dynamic-rec-link" href="{a.path}?utm_source='
        f'aanbevolen&amp;utm_medium=widget&amp;utm_campaign=ob">{escape(a.headline)}</a></li>'
        for a in picks
    )
    items += (
        '<li class="ob-dynamic-rec-container ob-p"><a href="https://www.example-advertiser.nl/aanbieding'
        f'?obOrigUrl=true&amp;id={rng.randint(1000, 9999)}" '
        'rel="sponsored">Zo bespaart u dit jaar op '
        "uw energierekening</a></li>"
    )
    return (
        '<div class="OUTBRAIN ob-widget" data-widget-id="AR_1" data-src="'
        + escape(art.canonical)
        + '">'
        '<span class="ob-widget-header">Aanbevolen voor '
        'u</span><ul class="ob-widget-items-container">'
        + items
        + '</ul><a class="ob_what" href="https://www.outbrain.com/what-is/" '
        'rel="nofollow">Wat is dit?</a></div>'
    )


def _amp_html(art: _Art, site: _Site, rng: random.Random) -> str:
    """The AMP copy: same text and related list, canonical back to the article."""
    box = (
        _box("plain", art.box_heading or "Lees ook", art.box, site.by_path, rng) if art.box else ""
    )
    return (
        '<!doctype html><html ⚡ lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(art.headline)}</title>"
        f'<link rel="canonical" href="{escape(art.canonical)}">'
        '<meta name="viewport" content="width=device-width">'
        '<meta property="og:type" content="article"><meta '
        f'property="og:url" content="{escape(art.canonical)}">'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>'
        "<style amp-boilerplate>body{visibility:hidden}</style></head><body>"
        f'<header><a href="/">{SITE_NAME}</a></header><article><h1>{escape(art.headline)}</h1>'
        f"<p>{escape(_visible(art.published, 'lang', label='Gepubliceerd'))}</p>"
        + "".join(art.paragraphs)
        + box
        + "</article></body></html>"
    )


def _listing_html(
    chrome: _Chrome,
    site: _Site,
    path: str,
    title: str,
    items: Sequence[_Art],
    *,
    rng: random.Random,
    next_page: str | None = None,
    robots: str = "index, follow",
) -> str:
    """A section front, tag, author, dossier or archive page: teasers, no article of its own."""
    head = _head(
        chrome,
        title=title,
        canonical=CANONICAL_ROOT + path,
        og_type="website",
        description=f"Het laatste nieuws over {title.lower()} van De Dagelijkse Post.",
        jsonld={
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "@id": CANONICAL_ROOT + path,
            "url": CANONICAL_ROOT + path,
            "name": title,
            "inLanguage": "nl-NL",
        },
    )
    head = head.replace("index, follow, max-image-preview:large", robots)
    teasers = "".join(
        f'<article class="teaser"><a href="{a.path}"><img src="/wp-content/uploads/2024/01/thumb-'
        f'{k % 5}.jpg" alt="" loading="lazy"></a><h2 class="teaser__title"><a href="{a.path}">'
        f'{escape(a.headline)}</a></h2><time datetime="{_iso_local(a.published)}">'
        f"{_visible(a.published, 'lang', label='Gepubliceerd')}</time></article>"
        for k, a in enumerate(items)
    )
    pager = (
        f'<a class="next page-numbers" href="{next_page}">Volgende pagina</a>' if next_page else ""
    )
    return "".join(
        (
            head,
            '<body class="archive">',
            chrome.sprite,
            '<div id="page" class="site">',
            chrome.header,
            '<div id="content" class="site-content"><main id="primary" class="site-main">',
            f'<header class="page-header"><h1 class="page-title">{escape(title)}</h1></header>',
            f'<div class="teasers">{teasers}</div>',
            f'<nav class="pagination">{pager}</nav>',
            "</main>",
            _sidebar(site, None, rng, mostread=True),
            "</div>",
            chrome.footer,
            "</div></body></html>",
        )
    )


def _robots() -> str:
    """robots.txt: the premium section is disallowed, and the generator links to it."""
    return (
        "User-agent: *\n"
        "Disallow: /wp-admin/\n"
        "Allow: /wp-admin/admin-ajax.php\n"
        "Disallow: /zoeken/\n"
        "Disallow: /premium/\n"
        "Disallow: /*?share=\n"
        "\n"
        f"Sitemap: {CANONICAL_ROOT}/sitemap_index.xml\n"
    )


def _feed(site: _Site) -> str:
    """The RSS feed of the latest articles (absolute canonical links, as feeds carry)."""
    items = "".join(
        f"<item><title>{escape(a.headline)}</title><link>{a.canonical}</link>"
        f"<pubDate>{format_datetime(a.published.astimezone(UTC), usegmt=True)}</pubDate>"
        f'<guid isPermaLink="false">{CANONICAL_ROOT}/?p={a.post_id}</guid></item>'
        for a in site.latest_all[-20:][::-1]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{SITE_NAME}</title><link>{CANONICAL_ROOT}/</link><language>nl-NL</language>"
        f"{items}</channel></rss>\n"
    )


# Small but well-formed media bodies: a 1x1 JPEG and a one-page PDF.
_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912"
    "130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b0800"
    "01000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002"
    "010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f024"
    "33627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63646566676869"
    "6a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4"
    "c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3"
    "ffd9"
)
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)


class _Writer:
    """Writes bodies under files/ and records their routes."""

    def __init__(self, root: Path) -> None:
        """Start an empty route table for `root`."""
        self.root = root
        self.routes: dict[str, dict[str, Any]] = {}

    def add(
        self, target: str, body: bytes, content_type: str, last_modified: datetime | None = None
    ) -> None:
        """Serve `body` at request target `target` (path, or path?query)."""
        path, _, query = target.partition("?")
        rel = path.lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html" if content_type.startswith("text/html") else "index"
        if query:
            rel += "__" + _fold(query) + ".html"
        file = Path("files") / rel
        full = self.root / file
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(body)
        route: dict[str, Any] = {
            "status": 200,
            "file": file.as_posix(),
            "content_type": content_type,
        }
        if last_modified is not None:
            route["last_modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
        self.routes[target] = route


def _build(articles: int, seed: int) -> tuple[_Site, list[_Art], random.Random]:
    """Build the site model: articles, extras, wiring, seed, widgets, depths."""
    if articles < 24:
        raise ValueError(f"the Dagelijkse Post site needs at least 24 articles, got {articles}")
    rng = random.Random(seed)
    arts = _make_articles(articles, rng)
    extras = _extra_pages(arts, rng, "premium", max(2, articles // 60)) + _extra_pages(
        arts, rng, "video", max(2, articles // 80)
    )
    redirects, gone = _wire(arts, extras, rng)
    by_path = {a.path: a for a in arts + extras}
    cluster0 = sorted((a for a in arts if a.cluster == 0), key=lambda a: a.published)
    candidates = [
        a for a in cluster0[len(cluster0) // 2 :] if a.box_style != "none" and a.path.endswith("/")
    ] or cluster0
    seed_art = candidates[len(candidates) // 3]
    # The seed carries machine-readable dates and a visible related box.
    seed_art.profile = "p1"
    depth = _bfs(seed_art, by_path, redirects)
    isolated = [a for a in arts if a.cluster in ISOLATED_CLUSTERS]
    most_read = rng.sample(isolated, min(10, len(isolated)))
    chronological = sorted(arts, key=lambda a: (a.published, a.post_id))
    site = _Site(
        arts=arts,
        by_path=by_path,
        redirects=redirects,
        gone=gone,
        seed=seed_art,
        most_read=most_read,
        latest=chronological[::-1][:8],
        latest_all=chronological,
        depth=depth,
    )
    _add_syndicated_copy(site, rng)
    _visible_redirects(site, rng)
    return site, extras, rng


def _add_syndicated_copy(site: _Site, rng: random.Random) -> None:
    """A regional copy of an article at another path, canonical to the original, linked from a
    related box. It is placed where it cannot shorten any path, so it tests de-duplication by
    canonical URL without making the expected depths depend on crawl order."""
    reached = [
        a
        for a in site.arts
        if site.depth.get(a.path, MAX_DEPTH) < MAX_DEPTH and a.path.endswith("/")
    ]
    originals = [a for a in reached if a is not site.seed and site.depth[a.path] < MAX_DEPTH - 1]
    if not originals:
        return
    original = rng.choice(originals)
    place = _fold(rng.choice(original.topic.places))
    t = _local(original.published)
    alias_path = f"/regio/{place}/{t:%Y/%m/%d}/{original.slug}/"
    sources = [
        a
        for a in reached
        if a is not original and a.box and site.depth[a.path] >= site.depth[original.path]
    ]
    if not sources:
        return
    source = rng.choice(sources)
    copy = _Art(
        kind="article",
        cluster=original.cluster,
        path=alias_path,
        headline=original.headline,
        slug=original.slug,
        published=original.published,
        modified=original.modified,
        author=original.author,
        alias_of=original.path,
    )
    site.by_path[alias_path] = copy
    source.box.append(_Ref(alias_path, original.headline))
    _check_depths(site, "the syndicated copy")


def _check_depths(site: _Site, what: str) -> None:
    """Links added after the BFS must not change it (they only re-route to reached articles)."""
    if _bfs(site.seed, site.by_path, site.redirects) != site.depth:
        raise AssertionError(f"{what} changed the expected depths")


def _visible_redirects(site: _Site, rng: random.Random) -> None:
    """Rewrite a few related links on pages a depth-4 crawl reads into old URLs that answer 301:
    legacy "/artikel/<id>/<slug>" links and one link to a slug edited after publication. A
    redirect lands on an article the link already reached, so the depths do not change."""
    readable = [a for a in site.arts if site.depth.get(a.path, MAX_DEPTH) < MAX_DEPTH]
    refs = [
        r
        for page in readable
        for r in page.box + page.body + page.inline + page.embedded
        if r.path != page.path
        and r.path in site.by_path
        and site.by_path[r.path].kind == "article"
        and not site.by_path[r.path].alias_of
    ]
    for k, r in enumerate(rng.sample(refs, min(len(refs), max(3, len(site.arts) // 40)))):
        target = site.by_path[r.path]
        if k == 0 and target.path.endswith("/"):
            # "/nieuws/.../2024/09/20/nieuwe-cijfers-concept/": the draft slug, later edited.
            stem = target.slug[: max(12, len(target.slug) // 2)].strip("-")
            old = target.path.rsplit("/", 2)[0] + f"/{stem}-concept/"
        else:
            old = f"/artikel/{target.post_id - 400000}/{target.slug}"
        site.redirects[old] = target.path
        r.path = old
    _check_depths(site, "the redirected links")


def _truth(site: _Site, extras: list[_Art]) -> dict[str, Any]:
    """truth.json: depth limits and, per article, dates and related links (see the contract)."""
    articles: dict[str, Any] = {}
    pages = [a for a in site.arts + extras if a.kind in ("article", "premium")]
    for art in sorted(pages, key=lambda a: a.path):
        entry: dict[str, Any] = {
            "path": art.path,
            "headline": art.headline,
            "datePublished": _iso_utc(art.published),
            "datePublishedLocal": _iso_local(art.published),
            "dateModified": _iso_utc(art.modified) if art.modified else None,
            "dateModifiedLocal": _iso_local(art.modified) if art.modified else None,
            "date_forms": list(PROFILES[art.profile][1]),
            "depth": site.depth.get(art.path),
            "relatedLinks": [{"path": p, "kind": k, "text": t} for p, k, t in related_paths(art)],
            "cluster": TOPICS[art.cluster].key,
        }
        if art.kind == "premium":
            entry["robots_disallowed"] = True
        articles[art.canonical] = entry
    depth_limits = {
        str(d): sorted(CANONICAL_ROOT + p for p, k in site.depth.items() if k <= d)
        for d in range(MAX_DEPTH + 1)
    }
    aliases = {p: a.alias_of for p, a in site.by_path.items() if a.alias_of}
    return {
        "site": SITE,
        "canonical_root": CANONICAL_ROOT,
        "seed_path": site.seed.path,
        "depth_limits": depth_limits,
        "articles": articles,
        "traps": {
            "redirects": dict(sorted(site.redirects.items())),
            "gone": sorted(site.gone),
            "robots_disallowed": sorted(a.path for a in extras if a.kind == "premium"),
            "not_articles": sorted(a.path for a in extras if a.kind == "video"),
            "canonical_copies": aliases,
            "most_read": [a.path for a in site.most_read],
        },
    }


def generate(root: Path, *, articles: int = 240, seed: int = 7) -> dict[str, Any]:
    """Write the De Dagelijkse Post site under `root` (files/, routes.json, truth.json) and
    return the truth. Deterministic: the same arguments give the same bytes."""
    site, extras, rng = _build(articles, seed)
    root.mkdir(parents=True, exist_ok=True)
    if (root / "files").exists():
        shutil.rmtree(root / "files")
    writer = _Writer(root)
    chrome = _chrome()
    pages = site.arts + extras
    for art in pages:
        art.paragraphs = _paragraphs(art, rng)
        art.comments = rng.choice((0, 0, 1, 2, 3, 5, 8, 12))

    for art in pages:
        body = _article_html(site, art, chrome, rng).encode("utf-8")
        writer.add(art.path, body, HTML_TYPE, art.modified or art.published)
        if art.kind == "article":
            writer.add(art.amp_target, _amp_html(art, site, rng).encode("utf-8"), HTML_TYPE)
    for path, copy in site.by_path.items():
        if copy.alias_of:
            original = writer.routes[copy.alias_of]
            writer.routes[path] = dict(original)

    # Listing pages: home, menu sections, tags, authors, dossiers, day archives, services.
    chronological = site.latest_all[::-1]
    listings: list[tuple[str, str, list[_Art]]] = []
    for path, title in _listing_paths():
        items = [
            a for a in chronological if a.path.startswith(path) or a.topic.section_path == path
        ]
        listings.append((path, title, (items or chronological)[:20]))
    for topic in TOPICS:
        members = [a for a in chronological if a.topic is topic]
        listings.append(
            (f"{topic.section_path}page/2/", f"{topic.section_name} - pagina 2", members[20:40])
        )
        listings.append((f"/dossier/{topic.key}/", f"Dossier {topic.key}", members[:25]))
        for slug, name in topic.tags:
            listings.append((f"/tag/{slug}/", name, members[:30]))
    for name, slug in AUTHORS:
        listings.append(
            (
                f"/auteur/{slug}/",
                name,
                [a for a in chronological if AUTHORS[a.author][1] == slug][:20],
            )
        )
    days = sorted(
        {f"/{_local(a.published):%Y/%m/%d}/" for a in pages if a.profile in ("p1", "p2", "p3")}
    )
    for day in days:
        listings.append(
            (
                day,
                "Archief " + day.strip("/"),
                [a for a in chronological if f"/{_local(a.published):%Y/%m/%d}/" == day],
            )
        )
    for name, path in (*_SERVICES, *_FOOTER):
        if path != "/feed/":
            listings.append((path, name, chronological[:5]))
    listings.append(("/video/", "Video", [a for a in extras if a.kind == "video"]))
    seen: set[str] = set()
    for path, title, items in listings:
        if path in seen or path in writer.routes:
            continue
        seen.add(path)
        next_page = f"{path}page/2/" if f"{path}page/2/" in {p for p, _, _ in listings} else None
        robots = (
            "noindex, follow"
            if path.startswith(("/tag/", "/auteur/", "/zoeken/"))
            else "index, follow"
        )
        html = _listing_html(
            chrome, site, path, title, items, rng=rng, next_page=next_page, robots=robots
        )
        writer.add(path, html.encode("utf-8"), HTML_TYPE)

    writer.add("/robots.txt", _robots().encode("ascii"), "text/plain; charset=utf-8")
    writer.add("/feed/", _feed(site).encode("utf-8"), "application/rss+xml; charset=UTF-8")
    for cluster, topic in enumerate(TOPICS):
        writer.add(
            f"/wp-content/uploads/2024/0{cluster + 1}/{topic.key}-groot.jpg", _JPEG, "image/jpeg"
        )
        writer.add(
            f"/wp-content/uploads/2024/0{cluster + 1}/rapport-{topic.key}.pdf",
            _PDF,
            "application/pdf",
        )
    for k in range(5):
        writer.add(f"/wp-content/uploads/2024/01/thumb-{k}.jpg", _JPEG, "image/jpeg")
    for old, new in site.redirects.items():
        writer.routes[old] = {"status": 301, "location": new}
    for i, path in enumerate(site.gone):
        if i % 2 == 0:
            writer.routes[path] = {"status": 404}

    truth = _truth(site, extras)
    (root / "routes.json").write_text(
        json.dumps(dict(sorted(writer.routes.items())), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (root / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return truth
