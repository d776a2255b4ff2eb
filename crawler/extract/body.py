"""The article text of a page: one finder for `articleBody` and for links in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, cast

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.vocab import BODY_TOKENS, BODY_WORDS

_BODY_NAMES = re.compile("|".join(re.escape(t) for t in BODY_TOKENS))
_ITEMPROP_BODY = etree.XPath('//*[@itemprop="articleBody"]')
MIN_BODY_TEXT = 200
_MIN_PARAGRAPH = 40
# Above this share of link text, a block is a list of links, not an article's text (a half:
# _mostly_links compares in integers).
_MAX_LINK_SHARE = 0.5

# Text blocks of the body, but not those inside asides, figures, forms or scripts (teasers,
# captions, newsletter boxes) even when they sit inside the body container.
_NOT_TEXT = ("aside", "nav", "footer", "figure", "figcaption", "script", "style", "form", "button")
_TEXT_TAGS = frozenset({"p", "h2", "h3", "li", "blockquote"})
_TEXT_BLOCKS = etree.XPath(
    "(.//p | .//h2 | .//h3 | .//li | .//blockquote)"
    "[not(ancestor::*[" + " or ".join(f"self::{t}" for t in _NOT_TEXT) + "])]"
)


def body_elements(page: Page, site: SiteProfile | None) -> list[HtmlElement]:
    """The elements holding the article text, outermost first: the site profile's, else the
    blocks named like an article body (the inner ones when they hold the outer one's text, and
    only those with real text), else the block holding the most paragraph text, else the named
    blocks with any text. Empty when the page has no text to speak of."""
    if site is not None and site.body_xpaths:
        chosen = list(select(page.tree, site.body_xpaths))
        if chosen:
            return chosen
    named = page.named_like(_BODY_NAMES, BODY_WORDS)
    # A scan of the text is cheaper than one of the tree (an itemprop spelt with character
    # references would be missed: no CMS writes one).
    if "articleBody" in page.html:
        # Once each: a block both named "article-body" and marked itemprop="articleBody" is
        # one text, not two.
        named = list(dict.fromkeys(named + cast(list[HtmlElement], _ITEMPROP_BODY(page.tree))))
    dominant = dominant_bodies(named) if named else []
    texty = [el for el in dominant if has_text(el, MIN_BODY_TEXT) and not _mostly_links(el)]
    if texty:
        return texty
    # A short story in a named block still beats no text at all.
    return _densest(page.tree) or [el for el in dominant if has_text(el, 1)]


def body_text(elements: Iterable[HtmlElement]) -> str | None:
    """The text of the body elements, one paragraph (p, h2, h3, li, blockquote) a block."""
    paragraphs = []
    for element in elements:
        blocks = cast(list[Any], _TEXT_BLOCKS(element))
        if not blocks and element.tag in _TEXT_TAGS:
            blocks = [element]  # the body's paragraphs themselves ("p.bodytext", "p.text")
        for block in blocks:
            text = " ".join(block.text_content().split())
            if text:
                paragraphs.append(text)
    return "\n\n".join(paragraphs) or None


def is_body_name(names: str) -> bool:
    """Whether lower-cased 'class id' names an article body."""
    return _BODY_NAMES.search(names) is not None


def _mostly_links(el: HtmlElement) -> bool:
    """Whether most of a block's text is link text: a list of teasers named "article-text",
    not an article."""
    linked = sum(text_length(a) for a in el.iter("a"))
    # linked > total / 2 (the share is a half): total < 2 * linked, in integers, reading no more
    # of the block's text than needed.
    return linked > 0 and not has_text(el, 2 * linked)


def _densest(tree: HtmlElement) -> list[HtmlElement]:
    scores: dict[HtmlElement, int] = {}
    for p in tree.iter("p"):
        length = text_length(p)
        parent = p.getparent()
        if length < _MIN_PARAGRAPH or parent is None:
            continue
        # A teaser's standfirst is a paragraph too, but a linked one.
        linked = sum(text_length(a) for a in p.iter("a"))
        if linked <= _MAX_LINK_SHARE * length:
            scores[parent] = scores.get(parent, 0) + length
    if not scores:
        return []
    best = max(scores, key=scores.__getitem__)
    if scores[best] < MIN_BODY_TEXT:
        return []
    return _split_text(best, scores)


# How far above the densest block its CMS's repeated text components are looked for.
_SPLIT_CLIMB = 2


def _split_text(best: HtmlElement, scores: dict[HtmlElement, int]) -> list[HtmlElement]:
    """The article text that a CMS splits into sibling components of one kind ("div.paragraph",
    "article.paragraph--text"): every sibling of the densest block, or of one of its nearest
    ancestors, with the same tag and class that holds paragraph text of its own; else the
    densest block alone."""
    node = best
    for _ in range(_SPLIT_CLIMB + 1):
        parent = node.getparent()
        if parent is None:
            break
        cls = node.get("class")
        if cls and cls.strip():
            same = [
                sibling
                for sibling in parent.iterchildren(node.tag)
                if sibling.get("class") == cls
                and (sibling in scores or any(p in scores for p in sibling.iterdescendants()))
            ]
            if len(same) > 1:
                return same
        node = parent
    return [best]


def select(tree: HtmlElement, xpaths: Iterable[str]) -> Iterator[HtmlElement]:
    """The elements that site-profile XPaths select; ValueError names a broken one."""
    for xpath in xpaths:
        try:
            found = tree.xpath(xpath)
        except etree.XPathError as exc:
            raise ValueError(f"invalid XPath in site profile: {xpath!r}: {exc}") from exc
        for el in found if isinstance(found, list) else ():
            if isinstance(el, HtmlElement):
                yield el


def _paragraph_text(el: HtmlElement, lengths: dict[HtmlElement, int]) -> int:
    """Text length of the paragraphs in `el`; `lengths` remembers each paragraph's."""
    total = 0
    for p in el.iter("p"):
        length = lengths.get(p)
        if length is None:
            length = lengths[p] = text_length(p)
        total += length
    return total


def dominant_bodies(named: list[HtmlElement]) -> list[HtmlElement]:
    """Among nested body-named blocks, the inner ones when they hold the text of the outer one
    ("article-content" around "article-body" and its related box), else the outer one (an
    "article__body" split into a free part and an "article__body--locked" paywalled part)."""
    named_set = set(named)
    chosen: list[HtmlElement] = []
    lengths: dict[HtmlElement, int] = {}
    for el in named:
        if any(ancestor in named_set for ancestor in el.iterancestors()):
            continue  # judged with its outermost named ancestor
        inner = [d for d in el.iterdescendants() if d in named_set]
        if not inner:
            chosen.append(el)
            continue
        # The topmost named blocks inside it.
        inner = [d for d in inner if not any(a in named_set for a in _between(d, el))]
        total = _paragraph_text(el, lengths)
        held = sum(_paragraph_text(d, lengths) for d in inner)
        chosen.extend(inner if total and held >= 0.8 * total else [el])
    return chosen


def _between(el: HtmlElement, top: HtmlElement) -> Iterator[HtmlElement]:
    """Ancestors of `el` strictly below `top`."""
    for ancestor in el.iterancestors():
        if ancestor is top:
            return
        yield ancestor


def text_length(el: HtmlElement) -> int:
    """Length of the element's text, whitespace folded."""
    return len(" ".join(el.text_content().split()))


def has_text(el: HtmlElement, minimum: int) -> bool:
    """text_length(el) >= minimum, reading no more of a long article than needed: the text
    has at least as many characters as it has non-space ones."""
    pieces: list[str] = []
    solid = 0
    for piece in el.itertext():
        solid += sum(map(len, piece.split()))
        if solid >= minimum:
            return True
        pieces.append(piece)
    return len(" ".join("".join(pieces).split())) >= minimum
