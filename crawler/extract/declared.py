"""The article fields a page declares: headline, authors, keywords, section, image, publisher."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract.body import body_text
from crawler.extract.page import Page, types_of
from crawler.extract.text import collapse_spaces


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


def headline(page: Page, obj: dict[str, Any]) -> str | None:
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


def authors(page: Page, obj: dict[str, Any]) -> list[dict[str, str | None]]:
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


def keywords(page: Page, obj: dict[str, Any]) -> list[str]:
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


def breadcrumbs(page: Page) -> list[dict[str, str | None]]:
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


def main_image(page: Page, obj: dict[str, Any]) -> dict[str, str] | None:
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


def publisher(page: Page, obj: dict[str, Any]) -> dict[str, str | None] | None:
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


def body_of(obj: dict[str, Any], elements: list[HtmlElement]) -> str | None:
    body = obj.get("articleBody")
    if isinstance(body, str) and collapse_spaces(body):
        return "\n\n".join(collapse_spaces(p) for p in body.split("\n") if collapse_spaces(p))
    return body_text(elements)


def accessible_for_free(page: Page, obj: dict[str, Any]) -> bool | None:
    value = obj.get("isAccessibleForFree")
    if value is None:
        value = page.meta_first("isaccessibleforfree")
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def section(
    page: Page, obj: dict[str, Any], breadcrumbs: list[dict[str, str | None]]
) -> str | None:
    """The article's section: its JSON-LD articleSection, else article:section, else its first
    breadcrumb."""
    section = obj.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    section = collapse_spaces(section) if isinstance(section, str) else None
    return (
        section
        or page.meta_first("article:section")
        or (breadcrumbs[0]["name"] if breadcrumbs else None)
    )
