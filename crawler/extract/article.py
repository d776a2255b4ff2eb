"""Article fields of a page (headline, authors, text...) and the one entry point for a page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.extract.body import body_elements, body_text
from crawler.extract.dates import DateValue, extract_dates
from crawler.extract.links import ScoredCandidate, related_links, scored_candidates
from crawler.extract.page import Page, parse_page, types_of
from crawler.extract.sites import SiteProfile, profile_for_host
from crawler.extract.urls import normalize_url

_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "SatiricalArticle",
        "TechArticle",
    }
)
# Types that say "this is a listing, not an article" when a page declares no article type.
_LISTING_TYPES = frozenset(
    {"CollectionPage", "WebSite", "SearchResultsPage", "ItemList", "ProfilePage"}
)
_WS = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Collapse whitespace (incl. non-breaking spaces) and strip."""
    return _WS.sub(" ", text or "").strip()


def _texts(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id")
        if isinstance(value, str):
            text = fold(value)
            if text and text not in out:
                out.append(text)
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def article_objects(page: Page) -> list[dict[str, Any]]:
    """The page's JSON-LD objects whose type is an article type."""
    return [obj for obj in page.json_ld if types_of(obj) & _ARTICLE_TYPES]


def is_article_page(page: Page) -> bool:
    """Whether the fetched page is an article: og:type article, an Article-typed JSON-LD object,
    or (when the page declares neither) an <article> with a headline and paragraphs."""
    og_type = (page.meta_first("og:type") or "").lower()
    if og_type:
        return og_type == "article" or og_type.startswith("article")
    if article_objects(page):
        return True
    if any(types_of(obj) & _LISTING_TYPES for obj in page.json_ld):
        return False
    # No declaration at all (old CMSs): an <article> (or itemprop body) holding real text.
    return bool(
        page.tree.xpath(
            '//article[.//h1 or .//h2][count(.//p) >= 3] | //*[@itemprop="articleBody"]'
        )
    )


def _headline(page: Page, obj: dict[str, Any]) -> str | None:
    for value in (obj.get("headline"), page.meta_first("og:title", "twitter:title")):
        if isinstance(value, str) and fold(value):
            return fold(value)
    for h1 in page.tree.iter("h1"):
        text = fold(h1.text_content())
        if text:
            return text
    title = page.tree.findtext(".//title")
    return fold(title) or None


def _authors(page: Page, obj: dict[str, Any]) -> list[str]:
    authors = _texts(_as_list(obj.get("author")))
    if not authors:
        authors = _texts(page.meta.get("author", []) + page.meta.get("article:author", []))
        authors = [a for a in authors if not a.startswith("http")]
    if not authors:
        authors = _texts(
            el.text_content() for el in page.tree.xpath('//*[@rel="author" or @itemprop="author"]')
        )
    return authors


def _tags(page: Page, obj: dict[str, Any]) -> list[str]:
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


def _breadcrumbs(page: Page) -> list[str]:
    for obj in page.json_ld:
        if "BreadcrumbList" in types_of(obj):
            items = sorted(
                (i for i in _as_list(obj.get("itemListElement")) if isinstance(i, dict)),
                key=lambda i: int(i.get("position") or 0),
            )
            names = _texts(i.get("name") or (i.get("item") or {}) for i in items)
            if names:
                return names
    crumbs = page.tree.xpath(
        '//*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//a'
        ' | //*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//li[not(.//a)]'
    )
    return _texts(el.text_content() for el in crumbs)


def _body(obj: dict[str, Any], elements: list[HtmlElement]) -> str | None:
    body = obj.get("articleBody")
    if isinstance(body, str) and fold(body):
        return "\n\n".join(fold(p) for p in body.split("\n") if fold(p))
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


def extract_article(
    page: Page, *, now: datetime | None = None, min_confidence: float | None = None
) -> dict[str, Any]:
    """Every ArticleItem field that the page itself determines, as plain values: what the spider
    and `scrapy extract` both export (crawl context such as depth is added by the caller).
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
    section = fold(section) if isinstance(section, str) else None
    section = (
        section or page.meta_first("article:section") or (breadcrumbs[0] if breadcrumbs else None)
    )
    description = obj.get("description")
    if not isinstance(description, str) or not fold(description):
        description = page.meta_first("description", "og:description", "twitter:description")
    dates = extract_dates(page, site=site, now=now)
    fields: dict[str, Any] = {
        "url": page.url,
        "canonicalUrl": canonical_url(page),
        "headline": headline,
        "description": fold(description) or None,
        "authors": _authors(page, obj),
        "inLanguage": page.lang
        or (obj.get("inLanguage") if isinstance(obj.get("inLanguage"), str) else None),
        "breadcrumbs": breadcrumbs,
        "section": section,
        "tags": _tags(page, obj),
        "isAccessibleForFree": _free(page, obj),
        "articleBody": body,
        **_date_fields("datePublished", dates.published),
        **_date_fields("dateModified", dates.modified),
        **_date_fields("dateFirstPublished", dates.first_published),
        "dateAgreement": dates.agreement,
        "dateNotes": list(dates.notes),
        "contentHash": content_hash(headline, body),
    }
    topic, published = _link_inputs(fields)
    links = related_links(
        page,
        site=site,
        topic=topic,
        text=fields["articleBody"] or "",
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
    topic = [fields["headline"], fields["description"], *fields["tags"]]
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
        text=fields["articleBody"] or "",
        published=published,
        body=body_elements(page, site),
    )


def extract_html(
    html: str | bytes,
    url: str,
    *,
    encoding: str | None = None,
    now: datetime | None = None,
    min_confidence: float | None = None,
) -> dict[str, Any] | None:
    """Parse and extract a fetched page in one call: the item fields, or None when the page is
    not an article. Takes and returns plain values only, so it can run in a worker process."""
    page = parse_page(html, url, encoding)
    if not is_article_page(page):
        return None
    return extract_article(page, now=now, min_confidence=min_confidence)
