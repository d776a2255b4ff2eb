"""Article fields of a page (headline, authors, text...) and the one entry point for a page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract.body import body_elements, body_text
from crawler.extract.dates import DateValue, extract_dates
from crawler.extract.dates.zones import site_zone
from crawler.extract.links import ScoredCandidate, related_links, scored_candidates
from crawler.extract.page import Page, parse_page, types_of
from crawler.extract.sites import SiteProfile, profile_for_host
from crawler.extract.text import collapse_spaces
from crawler.extract.urls import normalize_url
from crawler.extract.vocab import ARTICLE_TYPES, LISTING_TYPES


def _texts(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str):
            text = collapse_spaces(value)
            if text and text not in out:
                out.append(text)
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def article_objects(page: Page) -> list[dict[str, Any]]:
    """The page's JSON-LD objects whose type is an article type."""
    return [obj for obj in page.json_ld if types_of(obj) & ARTICLE_TYPES]


def is_article_page(page: Page) -> bool:
    """Whether the fetched page is an article: og:type article, an Article-typed JSON-LD object,
    or (when the page declares neither) an <article> with a headline and paragraphs."""
    og_type = (page.meta_first("og:type") or "").lower()
    if og_type:
        return og_type == "article" or og_type.startswith("article")
    if article_objects(page):
        return True
    if any(types_of(obj) & LISTING_TYPES for obj in page.json_ld):
        return False
    # No declaration at all (old CMSs): an <article> (or itemprop body) holding real text.
    return bool(
        page.tree.xpath(
            '//article[.//h1 or .//h2][count(.//p) >= 3] | //*[@itemprop="articleBody"]'
        )
    )


def _headline(page: Page, obj: dict[str, Any]) -> str | None:
    for value in (obj.get("headline"), page.meta_first("og:title", "twitter:title")):
        if isinstance(value, str) and collapse_spaces(value):
            return collapse_spaces(value)
    for h1 in page.tree.iter("h1"):
        text = collapse_spaces(h1.text_content())
        if text:
            return text
    title = page.tree.findtext(".//title")
    return collapse_spaces(title) or None


def _ids(page: Page) -> dict[str, dict[str, Any]]:
    """The page's JSON-LD objects by @id (Yoast-style graphs refer to authors, publishers and
    images as {"@id": ...})."""
    return {obj["@id"]: obj for obj in page.json_ld if isinstance(obj.get("@id"), str)}


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """A JSON-LD reference {"@id": ...} merged with the object it names (its own keys win)."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and value["@id"] in ids:
        return {**ids[value["@id"]], **value}
    return value


def _abs_url(page: Page, value: Any) -> str | None:
    """`value` as an absolute http(s) URL against the page's base, or None."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(page.base_url, value.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _person(name: Any, url: str | None, out: list[dict[str, str | None]]) -> None:
    """Add an author {name, url} unless the name is empty, a URL, or already there (then only
    a missing url is filled in)."""
    if not isinstance(name, str):
        return
    text = collapse_spaces(name)
    if not text or text.startswith(("http://", "https://")):
        return
    for known in out:
        if known["name"] == text:
            known["url"] = known["url"] or url
            return
    out.append({"name": text, "url": url})


def _authors(page: Page, obj: dict[str, Any]) -> list[dict[str, str | None]]:
    ids = _ids(page)
    out: list[dict[str, str | None]] = []
    for value in _as_list(obj.get("author")):
        value = _resolve(value, ids)
        if isinstance(value, dict):
            _person(value.get("name"), _abs_url(page, value.get("url")), out)
        else:
            _person(value, None, out)
    if not out:
        for name in page.meta.get("author", []) + page.meta.get("article:author", []):
            _person(name, None, out)
    if not out:
        for el in page.tree.xpath('//*[@rel="author" or @itemprop="author"]'):
            href = el.get("href") if el.tag == "a" else None
            _person(el.text_content(), _abs_url(page, href), out)
    return out


def _keywords(page: Page, obj: dict[str, Any]) -> list[str]:
    keywords = obj.get("keywords")
    values: list[Any] = []
    if isinstance(keywords, str):
        values = keywords.split(",")
    elif isinstance(keywords, list):
        values = keywords
    values += page.meta.get("article:tag", [])
    if not values:
        news_keywords = page.meta_first("news_keywords", "keywords")
        values = news_keywords.split(",") if news_keywords else []
    return _texts(values)


def _crumb(name: Any, url: str | None, out: list[dict[str, str | None]]) -> None:
    text = collapse_spaces(name) if isinstance(name, str) else ""
    if text and all(known["name"] != text for known in out):
        out.append({"name": text, "url": url})


def _breadcrumbs(page: Page) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    for obj in page.json_ld:
        if "BreadcrumbList" in types_of(obj):
            items = sorted(
                (i for i in _as_list(obj.get("itemListElement")) if isinstance(i, dict)),
                key=lambda i: int(i.get("position") or 0),
            )
            for entry in items:
                target = entry.get("item")
                name = entry.get("name")
                if not name and isinstance(target, dict):
                    name = target.get("name")
                _crumb(name, _abs_url(page, target), out)
            if out:
                return out
    for el in page.tree.xpath(
        '//*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//a'
        ' | //*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//li[not(.//a)]'
    ):
        _crumb(el.text_content(), _abs_url(page, el.get("href")), out)
    return out


def _main_image(page: Page, obj: dict[str, Any]) -> dict[str, str] | None:
    ids = _ids(page)
    for value in _as_list(obj.get("image")):
        value = _resolve(value, ids)
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl")
        url = _abs_url(page, value) if isinstance(value, str) else None
        if url:
            return {"url": url}
    url = _abs_url(page, page.meta_first("og:image", "og:image:url", "twitter:image"))
    return {"url": url} if url else None


def _publisher(page: Page, obj: dict[str, Any]) -> dict[str, str | None] | None:
    value = _resolve(obj.get("publisher"), _ids(page))
    if isinstance(value, list):
        value = _resolve(value[0], _ids(page)) if value else None
    name: Any = None
    url: str | None = None
    if isinstance(value, dict):
        name, url = value.get("name"), _abs_url(page, value.get("url"))
    elif isinstance(value, str):
        name = value
    name = collapse_spaces(name) if isinstance(name, str) else ""
    if not name:
        name = collapse_spaces(page.meta_first("og:site_name"))
    if not name and not url:
        return None
    return {"name": name or None, "url": url}


def _body(obj: dict[str, Any], elements: list[HtmlElement]) -> str | None:
    body = obj.get("articleBody")
    if isinstance(body, str) and collapse_spaces(body):
        return "\n\n".join(collapse_spaces(p) for p in body.split("\n") if collapse_spaces(p))
    return body_text(elements)


def _free(page: Page, obj: dict[str, Any]) -> bool | None:
    value = obj.get("isAccessibleForFree")
    if value is None:
        value = page.meta_first("isaccessibleforfree")
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def content_hash(headline: str | None, body: str | None) -> str:
    """SHA-256 of the headline and the text: what changes when an article is edited."""
    digest = hashlib.sha256()
    digest.update((headline or "").encode())
    digest.update(b"\x00")
    digest.update((body or "").encode())
    return digest.hexdigest()


def _date_fields(prefix: str, value: DateValue | None) -> dict[str, Any]:
    if value is None:
        return {prefix: None, f"{prefix}Local": None, f"{prefix}Raw": None, f"{prefix}Source": None}
    return {
        prefix: value.utc,
        f"{prefix}Local": value.local,
        f"{prefix}Raw": value.raw,
        f"{prefix}Source": value.source,
    }


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


def extract_article(
    page: Page,
    *,
    now: datetime | None = None,
    timezones: dict[str, str] | None = None,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    """Every ArticleItem field that the page itself determines, as plain values: what the spider
    and `scrapy extract` both export (crawl context such as depth is added by the caller).
    `timezones`: host suffix -> IANA zone, set by the user (see zones.site_zone).
    `min_confidence`: the related-link threshold (default: the link model's)."""
    now = now or datetime.now(UTC)
    site = site_for(page)
    objects = article_objects(page)
    obj: dict[str, Any] = objects[0] if objects else {}
    headline = _headline(page, obj)
    elements = body_elements(page, site)
    body = _body(obj, elements)
    breadcrumbs = _breadcrumbs(page)
    section = obj.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    section = collapse_spaces(section) if isinstance(section, str) else None
    section = (
        section
        or page.meta_first("article:section")
        or (breadcrumbs[0]["name"] if breadcrumbs else None)
    )
    description = obj.get("description")
    if not isinstance(description, str) or not collapse_spaces(description):
        description = page.meta_first("description", "og:description", "twitter:description")
    dates = extract_dates(page, site=_dated_site(page, site, timezones), now=now)
    fields: dict[str, Any] = {
        "url": page.url,
        "canonicalUrl": canonical_url(page),
        "headline": headline,
        "description": collapse_spaces(description) or None,
        "authors": _authors(page, obj),
        "inLanguage": page.lang
        or (obj.get("inLanguage") if isinstance(obj.get("inLanguage"), str) else None),
        "breadcrumbs": breadcrumbs,
        "articleSection": section,
        "keywords": _keywords(page, obj),
        "mainImage": _main_image(page, obj),
        "publisher": _publisher(page, obj),
        "isAccessibleForFree": _free(page, obj),
        "articleBody": body,
        **_date_fields("datePublished", dates.published),
        **_date_fields("dateModified", dates.modified),
        **_date_fields("dateFirstPublished", dates.first_published),
        "dateAgreement": dates.agreement,
        "dateNotes": list(dates.notes),
        "dateCandidates": [
            {"role": c.role, "value": c.value, "source": c.source, "raw": c.raw}
            for c in dates.candidates
        ],
        "contentHash": content_hash(headline, body),
    }
    topic, published = _link_inputs(fields)
    links = related_links(
        page,
        site=site,
        topic=topic,
        published=published,
        body=elements,
        min_confidence=min_confidence,
    )
    fields["relatedLinks"] = [
        {
            "url": link.url,
            "text": link.text,
            "kind": link.kind,
            "heading": link.heading,
            "confidence": link.confidence,
        }
        for link in links
    ]
    return fields


def _link_inputs(fields: dict[str, Any]) -> tuple[list[str | None], date | None]:
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
    if not is_article_page(page):
        return None
    return extract_article(page, now=now, timezones=timezones, min_confidence=min_confidence)
