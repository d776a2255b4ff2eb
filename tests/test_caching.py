"""The memo caches of crawler.extract keep plain strings, never lxml's page-holding ones."""

from __future__ import annotations

import gc

import lxml.html

from crawler.extract.caching import str_cache
from crawler.extract.urls import normalize_url


def _smart_strings() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "_ElementUnicodeResult")


def test_cache_stores_plain_copies_of_lxml_strings() -> None:
    calls: list[str] = []

    @str_cache(maxsize=8)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    tree = lxml.html.fromstring('<p><a href="/a/b">x</a></p>')
    href = tree.xpath("//a/@href")[0]
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
        tree = lxml.html.fromstring(f'<p><a href="/article/{i}/x.html">x</a></p>')
        normalize_url(tree.xpath("//a/@href")[0], "https://news.example.org/")
        del tree
    assert _smart_strings() <= before
