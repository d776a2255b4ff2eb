"""Related stories listed in a page's data: JSON-LD relatedLink/ItemList, application state."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from crawler.extract.caching import register
from crawler.extract.links.labels import RELATED, label_kind
from crawler.extract.page import Page, types_of
from crawler.extract.vocab import EXCLUDED_STATE_KEY, PAGE_TYPES, RELATED_STATE_KEY

MAX_TEXT = 300

_URL_KEYS = ("canonical_url", "canonicalUrl", "website_url", "url", "href", "link", "permalink",
             "shareUrl", "share_url", "webUrl", "path")  # fmt: skip
_TITLE_KEYS = ("headline", "title", "name", "headlines")
_ASSIGNMENT = re.compile(
    r"(?:Fusion\.globalContent|window\.__[A-Z_]+__|window\[['\"]__[A-Z_]+__['\"]\]"
    r"|__NEXT_DATA__|__NUXT__|__APOLLO_STATE__)\s*=\s*"
)
_MAX_NODES = 60000


def _title_of(item: dict[str, Any]) -> str:
    for key in _TITLE_KEYS:
        value = item.get(key)
        if isinstance(value, dict):  # Arc: "headlines": {"basic": "..."}
            value = value.get("basic") or value.get("web") or value.get("main")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:MAX_TEXT]
    return ""


def _url_of(item: dict[str, Any]) -> str | None:
    for key in _URL_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    websites = item.get("websites")
    if isinstance(websites, dict):  # Arc: "websites": {"lalibre": {"website_url": "/..."}}
        for entry in websites.values():
            if isinstance(entry, dict) and isinstance(entry.get("website_url"), str):
                return str(entry["website_url"])
    return None


# Verdicts on the keys of application states (the same schema on every page), bounded.
_KEY_VERDICTS: dict[str, int] = {}
register(f"{__name__}._KEY_VERDICTS", _KEY_VERDICTS.clear)
_KEY_OTHER, _KEY_RELATED, _KEY_EXCLUDED = 0, 1, 2


def _key_verdict(key: str) -> int:
    """Whether a state key's subtree is skipped ("mostRead"), lists related stories
    ("related_content") or neither."""
    if EXCLUDED_STATE_KEY.search(key):
        verdict = _KEY_EXCLUDED
    else:
        verdict = _KEY_RELATED if RELATED_STATE_KEY.search(key) else _KEY_OTHER
    if len(_KEY_VERDICTS) >= 4096:
        _KEY_VERDICTS.clear()
    _KEY_VERDICTS[key] = verdict
    return verdict


def _is_address(value: str) -> bool:
    """Whether a string of a related list is an address ("https://...", "/a/b", "a/b.html"),
    not an identifier ("QXJ0aWNsZTo4NzQ5NTUz", a GraphQL node id) that would join the page's
    URL into an address that does not exist."""
    return "/" in value


def _related_in_state(
    data: Any, other_story: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, str]]:
    """(url, title) of stories listed under related-looking keys of an application state.
    `other_story`: whether a URL is another article than this page. A related list held by an
    object whose address is another article (a teaser of a sidebar with its own
    "relatedArticles") is that story's; one held by this page's story, by an object without an
    address, or by one whose address is no article (a route "/[slug]") is taken."""
    stack: list[tuple[Any, bool, int]] = [(data, False, 0)]
    visited = 0
    while stack and visited < _MAX_NODES:
        node, in_related, depth = stack.pop()
        visited += 1
        if isinstance(node, dict):
            if in_related:
                url = _url_of(node)
                if url is not None:
                    yield url, _title_of(node)
                    continue
            children = []
            foreign: bool | None = None  # whether this object is another story: on demand
            for key, value in node.items():
                if not isinstance(value, (dict, list)):
                    if (
                        in_related
                        and isinstance(value, str)
                        and key in ("relatedLink",)
                        and _is_address(value)
                    ):
                        yield value, ""
                    continue
                verdict = _KEY_VERDICTS.get(key)
                if verdict is None:
                    verdict = _key_verdict(key)
                if verdict == _KEY_EXCLUDED:
                    continue
                if verdict == _KEY_RELATED and not in_related and other_story is not None:
                    if foreign is None:
                        address = _url_of(node)
                        foreign = address is not None and other_story(address)
                    if foreign:
                        continue
                related = in_related or verdict == _KEY_RELATED
                if in_related and depth > 4:
                    continue
                children.append((value, related, depth + 1 if related else 0))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            for value in reversed(node):
                if in_related and isinstance(value, str) and _is_address(value):
                    yield value, ""
                elif isinstance(value, (dict, list)):
                    stack.append((value, in_related, depth + 1 if in_related else 0))


def _state_objects(script: str) -> Iterator[Any]:
    """JSON application states in an inline script: a whole JSON script, or assignments such as
    'Fusion.globalContent={...};' and 'window.__INITIAL_STATE__ = {...}'."""
    text = script.strip()
    if text[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            # Broken, or nested deeper than the parser follows (a hostile page): no state.
            return
        yield data
        return
    decoder = json.JSONDecoder()
    for match in _ASSIGNMENT.finditer(script):
        try:
            obj, _ = decoder.raw_decode(script, match.end())
        except (ValueError, RecursionError):
            continue
        yield obj


def _jsonld_items(value: Any) -> Iterator[tuple[str, str]]:
    """(url, title) of JSON-LD link values: strings, {"url"/"@id"}, ListItem wrappers."""
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, str):
            yield v, ""
        elif isinstance(v, dict):
            wrapped = v.get("item")
            item: dict[str, Any] = wrapped if isinstance(wrapped, dict) else v
            url = item.get("url") or item.get("@id")
            if isinstance(url, str):
                yield url, _title_of(item)
            elif isinstance(wrapped, str):
                yield wrapped, _title_of(v)


# What JSON-LD must say for _jsonld_related to find anything in it.
_JSONLD_LINK_KEYS = ("relatedLink", "significantLink", "ItemList")


def _jsonld_related(page: Page, extra: re.Pattern[str] | None) -> Iterator[tuple[str, str]]:
    if "json_ld" not in page.__dict__ and not any(
        key in text for text in page.json_ld_texts for key in _JSONLD_LINK_KEYS
    ):
        return  # nothing to find, and no other reader has decoded the JSON yet: leave it be
    for obj in page.json_ld:
        types = types_of(obj)
        for key in ("relatedLink", "significantLink"):
            if key in obj:
                yield from _jsonld_items(obj[key])
        if "ItemList" in types:
            name = obj.get("name")
            if isinstance(name, str) and label_kind(name, extra) == RELATED:
                yield from _jsonld_items(obj.get("itemListElement"))
        if types & PAGE_TYPES:
            # An ItemList nested in the article ("hasPart", "mentions", ...) lists its coverage.
            for value in obj.values():
                for nested in value if isinstance(value, list) else [value]:
                    if isinstance(nested, dict) and "ItemList" in types_of(nested):
                        yield from _jsonld_items(nested.get("itemListElement"))


def embedded_links(
    page: Page,
    extra: re.Pattern[str] | None,
    other_story: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    """(url, title) of the related stories the page lists in its JSON-LD and application state;
    `other_story`: whether a URL is another article than this page (see _related_in_state)."""
    yield from _jsonld_related(page, extra)
    for script in page.scripts:
        if "elated" not in script:
            continue
        for state in _state_objects(script):
            yield from _related_in_state(state, other_story)
