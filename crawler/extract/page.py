"""One parsed page shared by every extractor: the lxml tree, its JSON-LD, meta tags and links."""

from __future__ import annotations

import codecs
import itertools
import json
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode, read_bom

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")

# Compiled once: a string given to tree.xpath() is compiled again on every call (~15 us each).
# <base> is only valid in <head> (lxml moves a stray one there too), and a canonical <link> in
# the body belongs to embedded content.
_BASE_HREF = etree.XPath("/html/head/base/@href")
_CANONICAL_HREF = etree.XPath('/html/head/link[@rel="canonical"]/@href')
# The tags Page.by_tag indexes.
_INDEXED_TAGS = ("meta", "script", "link", "time")


def _hrefs(xpath: etree.XPath, tree: lxml.html.HtmlElement) -> list[str]:
    """The attribute values a compiled XPath selects, as plain strings."""
    return [str(value) for value in cast("list[Any]", xpath(tree))]


# A valid UTF-8 sequence of two to four bytes, and any byte outside ASCII.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def sniff_encoding(body: bytes) -> str:
    """The charset of a page that declares none (no BOM, header or <meta>): UTF-8 when its
    non-ASCII bytes are mostly valid UTF-8 sequences (a few stray bytes in a UTF-8 page are
    replaced, not read as another charset: "Trésor", not "TrÃ©sor"), else cp1252 (the Western
    single-byte pages of the 2000s, and ISO-8859-1's superset)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        sequences = _UTF8_SEQUENCE.findall(body)
        in_sequences = sum(len(s) for s in sequences)
        stray = len(_NON_ASCII.findall(body)) - in_sequences
        return "utf-8" if len(sequences) > stray else "cp1252"
    return "utf-8"


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode page bytes as a browser would (w3lib.encoding.html_to_unicode): a byte order mark,
    else the declared charset (the HTTP header's, passed as `declared`), else <meta charset> or
    the XML declaration, else sniff_encoding. Bytes invalid in that charset become U+FFFD one by
    one: four bad bytes never turn a whole UTF-8 page into another charset's mojibake.

    One exception to the declarations: a page declared in a legacy charset (cp1252, EUC-KR...)
    whose non-ASCII bytes are all valid UTF-8 is UTF-8. A saved copy re-encoded by the tool that
    saved it keeps its old <meta charset>, and servers send "ISO-8859-1" by default; real text
    in a legacy charset is almost never valid UTF-8 (an accented letter followed by a plain one
    breaks it), so the declaration, not the bytes, is what is wrong ("Sudáfrica", not
    "SudÃ¡frica")."""
    header = f"text/html; charset={declared}" if declared else None
    encoding, text = html_to_unicode(header, body, auto_detect_fun=sniff_encoding)
    if _legacy(encoding) and _NON_ASCII.search(body) and read_bom(body)[0] is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return text


def _legacy(encoding: str) -> bool:
    """Whether a codec is an ASCII-compatible charset other than UTF-8 (not UTF-16 or -32,
    whose bytes are no text of their own)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name != "utf-8" and not name.startswith(("utf-16", "utf-32"))


def _jsonld_objects(data: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD: lists, @graph containers and nested objects all yield typed dicts."""
    found: list[dict[str, Any]] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "@type" in node or "datePublished" in node:
                found.append(node)
            if "@graph" in node:
                stack.append(node["@graph"])
    return found


def _loads_lenient(text: str) -> Any:
    """Parse a JSON-LD block; CMSs emit trailing commas, raw newlines and HTML comments."""
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->")
    if text.startswith("//<![CDATA["):
        text = text.removeprefix("//<![CDATA[").removesuffix("//]]>")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        pass
    # Objects pasted one after another ("{...}{...}") or a truncated tail: take what decodes.
    decoder = json.JSONDecoder(strict=False)
    objects: list[Any] = []
    index = 0
    while index < len(repaired):
        start = repaired.find("{", index)
        if start < 0:
            break
        try:
            obj, end = decoder.raw_decode(repaired, start)
        except ValueError:
            break
        objects.append(obj)
        index = end
    return objects or None


def types_of(obj: dict[str, Any]) -> set[str]:
    """The schema.org types of a JSON-LD object, without the namespace ("NewsArticle")."""
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1] for v in values if v}


@dataclass
class Page:
    """An HTML page and its URL, parsed once; properties are computed on first use."""

    url: str
    html: str
    tree: lxml.html.HtmlElement = field(repr=False)

    @cached_property
    def base_url(self) -> str:
        """What relative links resolve against: <base href> when the page has one."""
        for href in _hrefs(_BASE_HREF, self.tree):
            href = str(href).strip()
            if href:
                return urljoin(self.url, href)
        return self.url

    @cached_property
    def by_tag(self) -> dict[str, list[lxml.html.HtmlElement]]:
        """The page's <meta>, <script>, <link> and <time> elements, by tag, in document order.
        One walk for the four: a walk of the tree costs the same for one tag as for several
        (~0.15 ms on a 150 KB page), and the extractors read all four."""
        out: dict[str, list[lxml.html.HtmlElement]] = {tag: [] for tag in _INDEXED_TAGS}
        for el in self.tree.iter(*_INDEXED_TAGS):
            out[el.tag].append(el)
        return out

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """<meta> contents by lower-cased name, property, itemprop or http-equiv."""
        out: dict[str, list[str]] = {}
        for el in self.by_tag["meta"]:
            content = el.get("content")
            if content is None:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = el.get(attr)
                if key:
                    out.setdefault(key.strip().lower(), []).append(content.strip())
        return out

    def meta_first(self, *names: str) -> str | None:
        """The first non-empty content among these meta names."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None

    @cached_property
    def json_ld_texts(self) -> list[str]:
        """The text of every non-empty JSON-LD block, unparsed: a reader looking for one key can
        pass over a page without decoding its JSON."""
        texts = []
        for script in self.by_tag["script"]:
            if "ld+json" not in (script.get("type") or ""):
                continue
            text = script.text or ""
            if text.strip():
                texts.append(text)
        return texts

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every typed JSON-LD object on the page, from every block, @graph flattened."""
        objects: list[dict[str, Any]] = []
        for text in self.json_ld_texts:
            try:
                data = _loads_lenient(text)
            except RecursionError:  # nested deeper than json can decode: skip this block only
                continue
            if data is not None:
                objects.extend(_jsonld_objects(data))
        return objects

    @cached_property
    def main_offsets(self) -> tuple[int, int]:
        """Where, in `html`, the <body> starts (0 when the text has none) and its main content
        starts: its first <article>, else its first <h1> (the headline); -1 when neither."""
        html = self.html
        body = max(html.find("<body"), 0)
        for tag in ("<article", "<h1"):
            pos = html.find(tag, body)
            if pos >= 0:
                return body, pos
        return body, -1

    @cached_property
    def lang(self) -> str | None:
        """The page's language tag ("fr-BE"), from <html lang>, og:locale or content-language."""
        value = self.tree.get("lang") or self.tree.get("xml:lang")
        if not value:
            value = self.meta_first("og:locale", "content-language", "language", "dc.language")
        return value.strip().replace("_", "-") if value else None

    @cached_property
    def canonical(self) -> str | None:
        """The page's canonical URL (rel=canonical, else og:url), absolute."""
        for href in _hrefs(_CANONICAL_HREF, self.tree):
            href = str(href).strip()
            if href:
                return urljoin(self.base_url, href)
        og = self.meta_first("og:url")
        return urljoin(self.base_url, og) if og else None

    @cached_property
    def named(self) -> list[tuple[lxml.html.HtmlElement, str]]:
        """Every element with a class, id or data-provider, with those names lower-cased and
        joined ("article-body main"): read once for the body finder and the link blocks."""
        out = []
        # A walk in Python reads the three attributes faster than libxml2's XPath tests them.
        for el in iter_document(self.tree, etree.Element):
            cls = el.get("class")
            id_ = el.get("id")
            provider = el.get("data-provider")
            if cls is not None or id_ is not None or provider is not None:
                out.append((el, f"{cls or ''} {id_ or ''} {provider or ''}".lower()))
        return out

    @cached_property
    def names(self) -> dict[lxml.html.HtmlElement, str]:
        """`named` as a lookup: an element's lower-cased "class id data-provider" names, absent
        when it has none of the three."""
        return dict(self.named)

    @cached_property
    def _named_text(self) -> str:
        return "\n".join(names for _, names in self.named)

    def named_like(
        self, pattern: re.Pattern[str], words: Iterable[str]
    ) -> list[lxml.html.HtmlElement]:
        """The elements of `named` whose names match `pattern`, in document order. `words`: plain
        substrings one of which every match contains, so that most names (and most pages) are
        passed over without running the pattern (an alternation with look-behinds costs ~0.6 us
        a name, ~400 names a page)."""
        present = [word for word in words if word in self._named_text]
        if not present:
            return []
        named = self.named
        # One pass of plain substring tests per word, then the pattern on the few names hit.
        hits: set[int] = set()
        for word in present:
            hits.update([i for i, (_, names) in enumerate(named) if word in names])
        return [named[i][0] for i in sorted(hits) if pattern.search(named[i][1])]

    @cached_property
    def scripts(self) -> list[str]:
        """Text of inline scripts that are not JSON-LD (application state such as Fusion)."""
        out = []
        for script in self.by_tag["script"]:
            if script.get("src") or "ld+json" in (script.get("type") or ""):
                continue
            if script.text and script.text.strip():
                out.append(script.text)
        return out


def iter_document(tree: lxml.html.HtmlElement, *tags: Any) -> Iterator[lxml.html.HtmlElement]:
    """tree.iter(*tags) over the whole document: markup after </html> ends up in a second
    top-level element beside the root, which `//` XPaths see and the root's iter() does not."""
    tops = [top for top in tree.itersiblings() if isinstance(top.tag, str)]
    if not tops:  # the usual page: lxml's own iterator, no Python frame per element
        return cast(Iterator[lxml.html.HtmlElement], tree.iter(*tags))
    return itertools.chain(tree.iter(*tags), *(top.iter(*tags) for top in tops))


class _Parsers(threading.local):
    """One HTML parser per thread (an lxml parser must not be shared between threads), whose
    elements are all lxml.html.HtmlElement, chosen in C: lxml.html's own parser asks a Python
    method for each element's class (forms, inputs, labels), which doubled the cost of a walk
    over the tree, and no extractor uses those classes."""

    def __init__(self) -> None:
        self.html = lxml.html.HTMLParser()
        self.html.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml.html.HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )


_PARSERS = _Parsers()


def parse_page(html: str | bytes, url: str, encoding: str | None = None) -> Page:
    """Parse HTML (text, or bytes with an optional declared charset) fetched from `url`."""
    text = decode_html(html, encoding) if isinstance(html, bytes) else html
    # lxml refuses str input that carries an XML encoding declaration.
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        text = "<html></html>"
    parser = _PARSERS.html
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        tree = lxml.html.document_fromstring("<html></html>", parser=parser)
    return Page(url=url, html=text, tree=tree)
