"""The memo caches of crawler.extract keep plain strings, never lxml's page-holding ones."""

from __future__ import annotations

import gc
from pathlib import Path

import lxml.html
import pytest

from crawler.extract.caching import str_cache
from crawler.extract.urls import normalize_url


def _href(html: str) -> str:
    """The href of the page's link, as lxml's XPath returns it (a "smart" str subclass)."""
    value = lxml.html.fromstring(html).xpath("//a/@href")
    assert isinstance(value, list)
    href = value[0]
    assert isinstance(href, str)
    return href


def _smart_strings() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "_ElementUnicodeResult")


def test_cache_stores_plain_copies_of_lxml_strings() -> None:
    calls: list[str] = []

    @str_cache(maxsize=8)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    href = _href('<p><a href="/a/b">x</a></p>')
    assert type(href) is not str
    assert shout(href) == "/A/B"
    assert shout("/a/b") == "/A/B"
    assert len(calls) == 1
    assert type(calls[0]) is str
    shout.cache_clear()
    assert shout("/a/b") == "/A/B"
    assert len(calls) == 2


def test_normalize_url_does_not_keep_pages_alive() -> None:
    normalize_url.cache_clear()
    before = _smart_strings()
    for i in range(50):
        normalize_url(_href(f'<p><a href="/article/{i}/x.html">x</a></p>'), "https://a.example/")
    assert _smart_strings() <= before


def test_link_verdicts_keep_no_page_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Across generations of the verdict cache (a small one, so that pages cycle through it),
    no lxml string, hence no page, stays referenced once extraction is done."""
    from crawler.extract import links
    from crawler.extract.page import parse_page

    monkeypatch.setattr(links.judge, "_VERDICTS_SIZE", 3)
    links.clear_caches()
    fixtures = sorted((Path(__file__).parent / "fixtures" / "links").glob("*.html"))
    before = _smart_strings()
    for _ in range(3):
        for path in fixtures:
            page = parse_page(path.read_bytes(), "https://www.example.org/news/2024/05/17/a-b-c-d/")
            links.related_links(page, site=None)
            del page
    assert _smart_strings() <= before
    links.clear_caches()


def _module_caches() -> dict[str, object]:
    """Every memoized function at the top level of a crawler.extract module, by name."""
    import functools
    import importlib
    import pkgutil

    import crawler.extract
    from crawler.extract.caching import StrCached

    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(crawler.extract.__path__, "crawler.extract."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            wrapped = getattr(value, "__wrapped__", None)
            memoized = isinstance(value, (functools._lru_cache_wrapper, StrCached))
            # Defined in this module, not imported into it.
            if memoized and wrapped and wrapped.__module__ == info.name:
                found[f"{info.name}.{wrapped.__qualname__}"] = value
    return found


def test_every_memo_cache_is_registered_and_cleared_by_clear_all() -> None:
    from crawler.extract import caching
    from crawler.extract.links import related_links
    from crawler.extract.page import parse_page

    caches = _module_caches()
    assert len(caches) >= 15  # the walk found the extractors' caches
    assert set(caches) <= set(caching.registered())
    page = Path(__file__).parent / "fixtures" / "links" / "fr_related_box_heading.html"
    related_links(
        parse_page(page.read_bytes(), "https://www.lalibre.be/a/2023/09/12/x-y-z/"), site=None
    )
    caching.clear_all()
    for name, cache in caches.items():
        info = getattr(cache, "cache_info", None) or cache._cached.cache_info  # type: ignore[attr-defined]
        assert info().currsize == 0, name
