"""Article fields of a page (headline, authors, text...) and the one entry point for a page."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypedDict
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.extract import declared
from crawler.extract.body import body_elements
from crawler.extract.dates import DateValue, extract_dates
from crawler.extract.dates.zones import site_zone
from crawler.extract.language import content_language
from crawler.extract.links import ScoredCandidate, related_links, scored_candidates
from crawler.extract.page import Page, parse_page, types_of
from crawler.extract.sites import SiteProfile, profile_for_host
from crawler.extract.text import collapse_spaces, decoded_text
from crawler.extract.urls import normalize_url
from crawler.extract.urls.shape import evidence_free_shape, looks_like_article_url
from crawler.extract.vocab import ARTICLE_TYPES, LISTING_TYPES, SELF_PAGES


def article_objects(page: Page) -> list[dict[str, Any]]:
    """The page's JSON-LD objects whose type is an article type."""
    return [obj for obj in page.json_ld if types_of(obj) & ARTICLE_TYPES]


def is_article_page(page: Page, fields: ArticleFields | None = None) -> bool:
    """Whether the fetched page is an article. What the page declares decides first: og:type
    article, an Article-typed JSON-LD object (yes); an og:type of another kind of thing (a
    video, a profile, a product: no); a listing's JSON-LD type (no); an <article> with a
    headline and paragraphs (yes). A page that declares none of these, or only og:type
    "website" (many CMSs' default on every page), is an article when it reads like one
    (`reads_like_article`, on its `fields`, extracted here when not given)."""
    verdict = declared_article(page, site_for(page))
    if verdict is not None:
        return verdict
    return reads_like_article(page, fields if fields is not None else extract_article(page))


def declared_article(page: Page, site: SiteProfile | None) -> bool | None:
    """What the page's declarations say (see is_article_page), None when they say nothing. On
    a site that types every article (SiteProfile.typed_articles), any other og:type says no."""
    og_type = (page.meta_first("og:type") or "").lower().strip()
    if og_type.startswith("article"):
        return True
    if og_type and (og_type != "website" or (site is not None and site.typed_articles)):
        return False  # a video, a profile, a product...
    if article_objects(page):
        return True
    if any(types_of(obj) & LISTING_TYPES for obj in page.json_ld):
        return False
    # Old CMSs: an <article> (or itemprop body) holding real text.
    if page.tree.xpath(
        '//article[.//h1 or .//h2][count(.//p) >= 3] | //*[@itemprop="articleBody"]'
    ):
        return True
    return None


# A text this long (characters) is an article's, not a teaser's or a caption's.
MIN_ARTICLE_TEXT = 500


def reads_like_article(page: Page, fields: ArticleFields) -> bool:
    """An undeclared page reads like an article when it has a headline, an article text of
    MIN_ARTICLE_TEXT characters, a publication date the page itself states (not one read from
    its address), and an address that may be an article's (`_article_address`)."""
    body = fields["articleBody"] or ""
    return (
        bool(fields["headline"])
        and len(body) >= MIN_ARTICLE_TEXT
        and fields["datePublished"] is not None
        and fields["datePublishedSource"] != "url"
        and _article_address(page.canonical or page.url, site_for(page))
    )


def _article_address(url: str, site: SiteProfile | None) -> bool:
    """Whether an undeclared page's address may be an article's: not the site's page about
    itself (vocab.SELF_PAGES: "/about-us/", "/datenschutz"); one with article evidence (a date,
    an id, a slug), or one nothing rules out (the root, a tag, author or search page) whose last
    step is more than one word ("/faircoin-hackathon", not "/politique/", "/blog/"
    or "/de/": a section front with dated teasers reads a lot like an article)."""
    parts = urlsplit(url)
    steps = {step.lower().rsplit(".", 1)[0] for step in parts.path.split("/") if step}
    if not steps.isdisjoint(SELF_PAGES):
        return False  # the site's "about", contact and legal pages
    if looks_like_article_url(url, site):
        return True
    if evidence_free_shape(url, site) is None:
        return False
    last = parts.path.rstrip("/").rpartition("/")[2].rsplit(".", 1)[0]
    return bool(parts.query) or _ONE_WORD.fullmatch(last) is None


_ONE_WORD = re.compile(r"[^\W\d_]+")


def content_hash(headline: str | None, body: str | None) -> str:
    """SHA-256 of the headline and the text: what changes when an article is edited."""
    digest = hashlib.sha256()
    digest.update((headline or "").encode())
    digest.update(b"\x00")
    digest.update((body or "").encode())
    return digest.hexdigest()


def _date_parts(value: DateValue | None) -> tuple[str | None, str | None, str | None, str | None]:
    """A chosen date's item fields: the date, its Local, Raw and Source (all None without one)."""
    if value is None:
        return None, None, None, None
    return value.utc, value.local, value.raw, value.source


def site_for(page: Page) -> SiteProfile | None:
    """The site profile chosen from the article's canonical host, else the fetched host: a local
    copy served from 127.0.0.1 whose pages carry their real canonical URLs uses the real site's."""
    for url in (page.canonical, page.url):
        if url:
            profile = profile_for_host(urlsplit(url).hostname)
            if profile is not None:
                return profile
    return None


def canonical_url(page: Page) -> str:
    """The article's identity: its normalized canonical URL (AMP folded), else its own URL."""
    for url in (page.canonical, page.url):
        if url:
            normalized = normalize_url(url, page.base_url)
            if normalized:
                return normalized
    return page.url


def _dated_site(
    page: Page, site: SiteProfile | None, timezones: dict[str, str] | None
) -> SiteProfile | None:
    """The site profile the dates are read with: a zone the user set for the page's host
    (RELATED_SITE_TIMEZONES, `-a timezone=`) replaces the profile's, or makes one."""
    zone = site_zone(page, timezones)
    if zone is None:
        return site
    if site is None:
        return SiteProfile(name="user-timezone", domains=(), timezone=zone)
    return replace(site, timezone=zone)


# What extract_article returns: every ArticleItem field the page itself determines, as plain
# values, in the order the item lists them (crawler/items.py documents each).
class ArticleFields(TypedDict):
    url: str
    canonicalUrl: str
    headline: str | None
    description: str | None
    authors: list[dict[str, str | None]]
    inLanguage: str | None
    breadcrumbs: list[dict[str, str | None]]
    articleSection: str | None
    keywords: list[str]
    mainImage: dict[str, str] | None
    publisher: dict[str, str | None] | None
    isAccessibleForFree: bool | None
    articleBody: str | None
    datePublished: str | None
    datePublishedLocal: str | None
    datePublishedRaw: str | None
    datePublishedSource: str | None
    dateModified: str | None
    dateModifiedLocal: str | None
    dateModifiedRaw: str | None
    dateModifiedSource: str | None
    dateFirstPublished: str | None
    dateFirstPublishedLocal: str | None
    dateFirstPublishedRaw: str | None
    dateFirstPublishedSource: str | None
    dateAgreement: str | None
    dateNotes: list[str]
    dateCandidates: list[dict[str, str]]
    contentHash: str
    relatedLinks: list[dict[str, Any]]


def extract_article(
    page: Page,
    *,
    now: datetime | None = None,
    timezones: dict[str, str] | None = None,
    min_confidence: float | None = None,
) -> ArticleFields:
    """Every ArticleItem field that the page itself determines, as plain values: what the spider
    and `scrapy extract` both export (crawl context such as depth is added by the caller).
    `timezones`: host suffix -> IANA zone, set by the user (see zones.site_zone).
    `min_confidence`: the related-link threshold (default: the link model's)."""
    now = now or datetime.now(UTC)
    site = site_for(page)
    objects = article_objects(page)
    obj: dict[str, Any] = objects[0] if objects else {}
    publisher = declared.publisher(page, obj)
    headline = declared.headline(page, obj, publisher)
    elements = body_elements(page, site)
    body = declared.body_of(obj, elements)
    breadcrumbs = declared.breadcrumbs(page)
    description = obj.get("description")
    if not isinstance(description, str) or not collapse_spaces(description):
        description = page.meta_first("description", "og:description", "twitter:description")
    language = content_language(
        _declared_language(page, obj), "\n".join(t for t in (headline, body) if t)
    )
    dates = extract_dates(page, site=_dated_site(page, site, timezones), now=now, language=language)
    published = _date_parts(dates.published)
    modified = _date_parts(dates.modified)
    first = _date_parts(dates.first_published)
    fields: ArticleFields = {
        "url": page.url,
        "canonicalUrl": canonical_url(page),
        "headline": headline,
        "description": decoded_text(description) or None,
        "authors": declared.authors(page, obj),
        "inLanguage": language,
        "breadcrumbs": breadcrumbs,
        "articleSection": declared.section(page, obj, breadcrumbs),
        "keywords": declared.keywords(page, obj, (headline, decoded_text(description))),
        "mainImage": declared.main_image(page, obj),
        "publisher": publisher,
        "isAccessibleForFree": declared.accessible_for_free(page, obj),
        "articleBody": body,
        "datePublished": published[0],
        "datePublishedLocal": published[1],
        "datePublishedRaw": published[2],
        "datePublishedSource": published[3],
        "dateModified": modified[0],
        "dateModifiedLocal": modified[1],
        "dateModifiedRaw": modified[2],
        "dateModifiedSource": modified[3],
        "dateFirstPublished": first[0],
        "dateFirstPublishedLocal": first[1],
        "dateFirstPublishedRaw": first[2],
        "dateFirstPublishedSource": first[3],
        "dateAgreement": dates.agreement,
        "dateNotes": list(dates.notes),
        "dateCandidates": [
            {"role": c.role, "value": c.value, "source": c.source, "raw": c.raw}
            for c in dates.candidates
        ],
        "contentHash": content_hash(headline, body),
        "relatedLinks": [],  # judged below, from the fields above
    }
    fields["relatedLinks"] = _related(page, site, fields, elements, min_confidence)
    return fields


def _declared_language(page: Page, obj: dict[str, Any]) -> str | None:
    """The language the page declares: <html lang>, og:locale, Content-Language, else its
    JSON-LD inLanguage."""
    value = obj.get("inLanguage")
    return page.lang or (value if isinstance(value, str) else None)


def _related(
    page: Page,
    site: SiteProfile | None,
    fields: ArticleFields,
    elements: list[HtmlElement],
    min_confidence: float | None,
) -> list[dict[str, Any]]:
    """The page's related links as item values, judged against the article's fields."""
    topic, published = _link_inputs(fields)
    links = related_links(
        page,
        site=site,
        topic=topic,
        published=published,
        body=elements,
        min_confidence=min_confidence,
    )
    return [
        {
            "url": link.url,
            "text": link.text,
            "kind": link.kind,
            "heading": link.heading,
            "confidence": link.confidence,
        }
        for link in links
    ]


def _link_inputs(fields: ArticleFields) -> tuple[list[str | None], date | None]:
    """What the related-link judgment reads of the article: its words (headline, standfirst,
    keywords) and its local publication day."""
    topic = [fields["headline"], fields["description"], *fields["keywords"]]
    local = fields["datePublishedLocal"]
    try:
        published = date.fromisoformat(local[:10]) if local else None
    except ValueError:
        published = None
    return topic, published


def link_evidence(page: Page, *, now: datetime | None = None) -> list[ScoredCandidate]:
    """Every candidate related link of an article page with its features and confidence, as
    extract_article judges them: what devtools/train_links.py learns from."""
    fields = extract_article(page, now=now)
    site = site_for(page)
    topic, published = _link_inputs(fields)
    return scored_candidates(
        page,
        site=site,
        topic=topic,
        published=published,
        body=body_elements(page, site),
    )


def extract_html(
    html: str | bytes,
    url: str,
    *,
    encoding: str | None = None,
    now: datetime | None = None,
    timezones: dict[str, str] | None = None,
    min_confidence: float | None = None,
) -> dict[str, Any] | None:
    """Parse and extract a fetched page in one call: the item fields, or None when the page is
    not an article. Takes and returns plain values only, so it can run in a worker process."""
    page = parse_page(html, url, encoding)
    verdict = declared_article(page, site_for(page))
    if verdict is False:
        return None  # declared something else: not worth extracting
    fields = extract_article(page, now=now, timezones=timezones, min_confidence=min_confidence)
    if verdict is None and not reads_like_article(page, fields):
        return None
    return dict(fields)
