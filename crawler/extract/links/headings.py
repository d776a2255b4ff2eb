"""The text that labels a block of links: its leading heading or text, the heading before it."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.links.labels import MAX_LABEL

# Heading elements, in the order a tree walk names them.
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HEADING_SET = frozenset(HEADING_TAGS)
# Items of a list or a table: a heading before one of them is not the heading of a box.
ITEM_TAGS = frozenset({"li", "dd", "tr", "td", "th", "a", "img", "figure", "picture", "time"})
# What a box heading placed before the box can be ("<h2>", "<p><strong>Lees ook</strong></p>",
# "<div class='title'>", "<span>").
_HEADING_LIKE_TAGS = _HEADING_SET | {
    "p", "div", "span", "strong", "b", "em", "i", "header", "dt", "label", "legend", "font",
}  # fmt: skip
_ELEMENTS = etree.Element  # an iteration filter: elements, not comments or PIs
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "br", "hr", "img", "svg"})


def clip(text: str) -> str:
    return " ".join(text.split())[:MAX_LABEL]


def short_text(el: HtmlElement, limit: int = MAX_LABEL) -> str | None:
    """The element's text if it is short (a heading, a label), else None; reads lazily."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 2:
            return None
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def leading_text(el: HtmlElement) -> tuple[str, HtmlElement | None]:
    """Text at the start of a block, up to its first link, and the element holding it."""
    parts: list[str] = []
    source: HtmlElement | None = None
    size = 0
    text = el.text
    if text and text.strip():
        parts.append(text)
        size += len(text)
        source = el
    seen = 0
    # Elements only: comments and processing instructions never count.
    for node in el.iterdescendants(_ELEMENTS):
        tag = node.tag
        if tag in _SKIP_TAGS:
            continue
        if tag == "a" or size > MAX_LABEL or seen > 8:
            break
        seen += 1
        text = node.text
        if text and text.strip():
            parts.append(text)
            size += len(text)
            if source is None:
                source = node
        if not len(node):
            tail = node.tail
            if tail and tail.strip():
                parts.append(tail)
                size += len(tail)
    if not parts:
        return "", source
    return " ".join(" ".join(parts).split()), source


def heading_of(source: HtmlElement | None, block: HtmlElement) -> HtmlElement | None:
    """The heading element that holds a block's leading text ("<h1><span>Articoli
    Correlati</span></h1>"), or None when the text is not in a heading."""
    node = source
    while node is not None and node is not block:
        if node.tag in _HEADING_SET:
            return node
        node = node.getparent()
    return None


def one_heading(el: HtmlElement, source: HtmlElement | None) -> bool:
    """Whether a block's leading label is its own: a wrapper whose first box is "Les plus lus"
    must not take that label for all the boxes it holds."""
    if heading_of(source, el) is None:
        return True
    return len(el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")) <= 1


def heading_before(el: HtmlElement) -> str | None:
    """Text of the heading right before a block (skipping empty siblings): the old IPM
    '<h2 id="readMore">Sur le même sujet:</h2><ul class="articleLinks">' shape."""
    sibling = el.getprevious()
    steps = 0
    while sibling is not None and steps < 3:
        tag = sibling.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            sibling = sibling.getprevious()
            continue
        if tag not in _HEADING_LIKE_TAGS:
            return None
        text = short_text(sibling)
        if text is None:
            return None
        if not text:
            sibling = sibling.getprevious()
            steps += 1
            continue
        if tag not in _HEADING_SET and next(sibling.iter("a"), None) is not None:
            return None
        return text
    return None


def block_heading(block: HtmlElement) -> str:
    """The heading a block shows, for explanations: its leading heading-tag text or the heading
    before it; "" when it has none (the heading may be an image or absent)."""
    text, source = leading_text(block)
    if text and heading_of(source, block) is not None:
        return clip(text)
    if block.tag not in ITEM_TAGS:
        before = heading_before(block)
        if before:
            return clip(before)
    return ""


__all__ = [
    "HEADING_TAGS",
    "ITEM_TAGS",
    "block_heading",
    "clip",
    "heading_before",
    "heading_of",
    "leading_text",
    "one_heading",
    "short_text",
]
