"""A page's links in order: their visible text, the box headings before them, their place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import has_text
from crawler.extract.links.blocks import EXCLUDED, GENERIC
from crawler.extract.links.embedded import MAX_TEXT
from crawler.extract.links.headings import HEADING_TAGS, short_text
from crawler.extract.links.labels import label_kind
from crawler.extract.page import iter_document

# A heading names the links that follow it, up to the next heading; this many at most.
_HEADING_REACH = 24
# Containers of running text: a link in one with more text than the link is in prose.
_TEXT_CONTAINERS = frozenset({"p", "li", "dd", "td", "blockquote", "div", "section", "article"})
_VISIBLE_TEXT = etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,
)
# Embedded links share one pseudo-block per page.
EMBEDDED_BLOCK = "embedded"
# How far up a plain container is looked for (a card grid: a > h3 > div.card > li > ul).
_BLOCK_CLIMB = 6


def links_and_headings(tree: HtmlElement) -> list[tuple[HtmlElement, str | None]]:
    """Every <a href> and <area href> with its href, and the box headings (not teaser titles,
    which hold their link or sit in it) with None, in page order. One walk in Python: libxml2's
    XPath took twice as long."""
    out: list[tuple[HtmlElement, str | None]] = []
    for el in iter_document(tree, "a", "area", *HEADING_TAGS):
        if el.tag in ("a", "area"):
            href = el.get("href")
            if href is not None:
                out.append((el, href))
        elif next(el.iter("a"), None) is None and next(el.iterancestors("a"), None) is None:
            out.append((el, None))
    return out


def hidden_links(tree: HtmlElement) -> set[HtmlElement]:
    """The links inside a <noscript> (lxml parses its markup): their text is not shown."""
    return {a for box in tree.iter("noscript") for a in box.iter("a", "area")}


def anchor_text(anchor: HtmlElement, hidden: set[HtmlElement]) -> str:
    # Not text_content(): a card's link can hold a script (its image's JSON-LD), or sit in a
    # <noscript>. A link without children (most are) has its own text only: no XPath for it.
    if len(anchor) == 0 and anchor not in hidden:
        pieces = [anchor.text] if anchor.text else []
    else:
        pieces = cast(list[str], _VISIBLE_TEXT(anchor))
    text = " ".join(" ".join(pieces).split())
    if not text:
        text = anchor.get("title") or ""
        if not text:
            for img in anchor.iter("img"):
                text = img.get("alt") or ""
                if text:
                    break
        text = " ".join(text.split())
    return text[:MAX_TEXT]


class Positions:
    """Before (-1), inside (0) or after (1) the article text, in document order."""

    def __init__(self, body: list[HtmlElement]) -> None:
        self.first = body[0] if body else None
        # For each ancestor of the text, the child on the path down to it.
        self.path: dict[HtmlElement, HtmlElement] = {}
        self.bodies = set(body)
        if self.first is not None:
            child = self.first
            for ancestor in self.first.iterancestors():
                self.path[ancestor] = child
                child = ancestor
        self.known: dict[HtmlElement, int] = {}

    def of(self, anchor: HtmlElement) -> int:
        if self.first is None:
            return 0
        chain: list[HtmlElement] = []
        node: HtmlElement | None = anchor
        result = 0
        while node is not None:
            known = self.known.get(node)
            if known is not None:
                result = known
                break
            if node in self.bodies:
                result = 0
                break
            parent = node.getparent()
            if parent is not None and parent in self.path:
                toward_body = self.path[parent]
                result = -1 if parent.index(node) < parent.index(toward_body) else 1
                chain.append(node)
                break
            chain.append(node)
            node = parent
        for element in chain:
            self.known[element] = result
        return result


# A box heading: its kind ("related", "generic", "headline", "other"...), element and text.
_Heading = tuple[str, HtmlElement, str]


def preceding_headings(
    walk: list[tuple[HtmlElement, str | None]], extra: re.Pattern[str] | None
) -> dict[HtmlElement, _Heading]:
    """For each link, the nearest box heading before it in page order (within reach); `walk`:
    links_and_headings."""
    out: dict[HtmlElement, _Heading] = {}
    current: _Heading | None = None
    since = 0
    for el, href in walk:
        tag = el.tag
        if href is not None:
            if current and since < _HEADING_REACH:
                out[el] = current
            since += 1
            continue
        text = short_text(el)
        if not text:
            continue
        since = 0
        verdict = "headline" if tag == "h1" else (label_kind(text, extra) or "other")
        current = (verdict, el, text)
    return out


def in_prose(anchor: HtmlElement, text: str) -> bool:
    """Whether a link sits in running text: its nearest text container says more than it, or
    the sentence goes on around it ("Pour rappel, <a>a headline-long title</a>. Plus de 200
    personnes..." in a short paragraph)."""
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _TEXT_CONTAINERS:
            return has_text(ancestor, 2 * len(text) + _PROSE_MARGIN) or _words_around(anchor)
    return False


_PROSE_MARGIN = 20
_WORD = re.compile(r"\w{2,}")


def _words_around(anchor: HtmlElement) -> bool:
    """Whether words come right before and right after the link, in the same text flow. A
    "Lire aussi : <a>" line has words before only, a teaser card none."""
    if not anchor.tail or _WORD.search(anchor.tail) is None:
        return False
    # The text right before the link: after its previous sibling, else its parent's first.
    previous = anchor.getprevious()
    if previous is not None:
        before = previous.tail
    else:
        parent = anchor.getparent()
        before = parent.text if parent is not None else None
    return before is not None and _WORD.search(before) is not None


# Headings whose label carries on to the unmarked run of links after them (see below).
RUN_LABELS = frozenset({GENERIC, EXCLUDED})


def plain_blocks(
    anchors: Sequence[HtmlElement], stop: set[HtmlElement]
) -> dict[HtmlElement, HtmlElement]:
    """For links without a mark: the smallest container (a few levels up, not a wrapper of the
    article text) that holds another candidate link, else the link's parent."""
    counts: dict[HtmlElement, int] = {}
    for anchor in anchors:
        for depth, ancestor in enumerate(anchor.iterancestors()):
            if depth >= _BLOCK_CLIMB or ancestor in stop:
                break
            counts[ancestor] = counts.get(ancestor, 0) + 1
    out: dict[HtmlElement, HtmlElement] = {}
    for anchor in anchors:
        chosen = anchor.getparent()
        for depth, ancestor in enumerate(anchor.iterancestors()):
            if depth >= _BLOCK_CLIMB or ancestor in stop:
                break
            if counts.get(ancestor, 0) >= 2:
                chosen = ancestor
                break
        out[anchor] = chosen if chosen is not None else anchor
    return out
