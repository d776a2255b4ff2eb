"""Where each candidate link sits: the marks of its ancestors, its block, the article text.

Each ancestor of a candidate link is classified once. *Strong* marks come from site data
(``related_xpaths``, ``excluded_xpaths``) and from labels (an ``aria-label``, a block's leading
heading or text such as "<p><strong>Lees ook:</strong> <a>", the heading just before a block),
read as related ("Sur le même sujet", "Mehr zum Thema"), generic ("More from Politics", "Das
könnte Sie auch interessieren") or excluded ("Most read", "Meest gelezen"). *Weak* marks come
from class/id tokens, ARIA roles and tags: related ("related-articles"), chrome (``nav``,
``header``, "breadcrumb", "share") or widget ("most-read", "outbrain", "sponsor"). The nearest
strong mark is the link's block; links above it are not read. The article text comes from
crawler/extract/body.py, the same finder that gives ``articleBody``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import select
from crawler.extract.caching import memo
from crawler.extract.links.headings import (
    ITEM_TAGS,
    clip,
    heading_before,
    heading_of,
    leading_text,
    one_heading,
)
from crawler.extract.links.labels import EXCLUDED, GENERIC, RELATED, extra_label_pattern, label_kind
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.vocab import (
    CHROME_ATTR,
    CHROME_TAGS,
    EXCLUDED_ROLES,
    RELATED_ATTR,
    VENDOR_ATTR,
    VENDOR_WORDS,
    WIDGET_ATTR,
)

# Verdicts of marks beyond the label ones: an inline label ("Lees ook: <a>") on a paragraph,
# and the two kinds of excluded class/tag names.
INLINE = "inline"
CHROME = "chrome"
WIDGET = "widget"
STRONG, WEAK = 2, 1

# Elements whose class names say nothing about one block of the page.
_TRANSPARENT_TAGS = frozenset({"html", "body"})
_INLINE_TAGS = frozenset({"p", "li", "span", "em", "i"})
# Strong marks above which the ancestors are still read.
_READ_ON = frozenset({INLINE, GENERIC})
# Box headings inside an element; a teaser's title holds or sits in its link and is none.
_HEADING_INSIDE = etree.XPath(
    "boolean(descendant::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    "[not(.//a) and not(ancestor::a)])"
)


class Mark(NamedTuple):
    """What an element says about the links inside it. (Tuples: a page makes hundreds, and a
    frozen dataclass costs three times as much to build.)"""

    verdict: str
    """RELATED, GENERIC, EXCLUDED, INLINE (strong); RELATED, CHROME, WIDGET (weak)."""
    strength: int
    source: str
    """"site", "aria", "heading" (its own leading label), "before" (the heading before it),
    "class", "itemprop", "tag", "role"."""
    label: str = ""
    """The label text, for label marks."""


_NO_MARK = Mark("", 0, "")
# The weak marks _classify gives, built once.
_CHROME_CLASS = Mark(CHROME, WEAK, "class")
_WIDGET_CLASS = Mark(WIDGET, WEAK, "class")
_RELATED_CLASS = Mark(RELATED, WEAK, "class")
_RELATED_ITEMPROP = Mark(RELATED, WEAK, "itemprop")
_CHROME_TAG = Mark(CHROME, WEAK, "tag")
_CHROME_ROLE = Mark(CHROME, WEAK, "role")
_ITEMPROP_LINK = Mark(RELATED, STRONG, "itemprop")


class Placement(NamedTuple):
    """Where one link sits."""

    strong: Mark | None
    """The nearest strong mark among its ancestors."""
    strong_at: HtmlElement | None
    weak: Mark | None
    """The nearest weak mark below the strong one."""
    weak_at: HtmlElement | None
    in_body: bool
    """Whether it is inside the article text (and below any strong mark)."""


# (strong mark, its element, weak mark, its element, inside the article text) of a chain.
_Summary = tuple[Mark | None, HtmlElement | None, Mark | None, HtmlElement | None, bool]
_TOP: _Summary = (None, None, None, None, False)


VENDOR_MARK = Mark(EXCLUDED, STRONG, "vendor")
# The sources of marks read from the page's own words (a label), not its markup or a vendor.
LABEL_SOURCES = frozenset({"aria", "heading", "before", "preceding"})


class Blocks:
    """Lazily classifies the ancestors of candidate links; one instance per page."""

    def __init__(self, page: Page, site: SiteProfile | None, body: list[HtmlElement]) -> None:
        self.tree = page.tree
        self.names = page.names
        self.summaries: dict[HtmlElement, _Summary] = {}
        self.inside: dict[HtmlElement, bool] = {}
        self.site_marks: dict[HtmlElement, Mark] = {}
        self.extra_labels: re.Pattern[str] | None = None
        if site is not None:
            for xpaths, verdict in (
                (site.excluded_xpaths, EXCLUDED),
                (site.related_xpaths, RELATED),
            ):
                for el in select(self.tree, xpaths):
                    self.site_marks.setdefault(el, Mark(verdict, STRONG, "site"))
            if site.related_labels:
                self.extra_labels = extra_label_pattern(site.related_labels)
        self.body = set(body)
        # Boxes of third-party recommendation engines (labels.VENDOR_ATTR), by class, id or
        # data-provider; for each link inside one, the nearest such box (inner boxes come later
        # in page order and win): a lookup per link instead of a walk up its ancestors.
        self.vendor_of: dict[HtmlElement, HtmlElement] = {}
        for box in page.named_like(VENDOR_ATTR, VENDOR_WORDS):
            for link in box.iterdescendants("a", "area"):
                self.vendor_of[link] = box
        # A labelled block never contains the article text: never read a label on its ancestors.
        self.body_ancestors: set[HtmlElement] = set()
        for el in self.body:
            self.body_ancestors.update(el.iterancestors())

    def place(self, anchor: HtmlElement) -> Placement:
        """The marks above a link and whether it is in the article text."""
        # A recommendation vendor's box decides whatever the labels inside it say (its widget
        # titled "Sur le même sujet" is still sponsored or personalised).
        vendor = self.vendor_of.get(anchor)
        if vendor is not None:
            return Placement(VENDOR_MARK, vendor, None, None, False)
        if anchor.get("itemprop") in ("relatedLink", "significantLink"):
            return Placement(_ITEMPROP_LINK, anchor, None, None, False)
        parent = anchor.getparent()
        if parent is None:
            return Placement(None, None, None, None, False)
        return Placement(*self._summary(parent))

    def _summary(self, el: HtmlElement) -> _Summary:
        """What the chain from `el` up to the root says: its nearest strong mark, its nearest
        weak mark, and whether it passes through the article text. Links share their
        ancestors, so each element is summarized once from its parent's summary. The chain is
        not read above a related or excluded label, which decides alone; above an inline label
        (whose place in the text matters) and a generic one (a "More..." heading inside a menu
        is the menu's) it goes on."""
        pending: list[tuple[HtmlElement, Mark]] = []
        node: HtmlElement | None = el
        above = _TOP
        while node is not None:
            known = self.summaries.get(node)
            if known is not None:
                above = known
                break
            mark = self._classify(node)
            if mark.strength == STRONG and mark.verdict not in _READ_ON:
                above = (mark, node, None, None, False)
                self.summaries[node] = above
                break
            pending.append((node, mark))
            node = node.getparent()
        for node, mark in reversed(pending):
            strong, strong_at, weak, weak_at, in_body = above
            if mark.verdict == GENERIC and strong is not None and strong.verdict not in _READ_ON:
                # A "More..." heading inside a block decided higher up (a recommendation
                # vendor's box, a related section) is that block's.
                pass
            elif mark.strength == STRONG:
                # An inline label ("Lees ook: <a>") decides by where it sits: in the text or not.
                parent = node.getparent()
                inside = node in self.body or self._inside_body(parent)
                if mark.verdict == GENERIC:
                    above = (mark, node, weak, weak_at, inside)
                else:
                    above = (mark, node, None, None, inside)
            elif strong is not None and strong.verdict not in _READ_ON:
                pass  # decided higher up
            else:
                if mark.strength == WEAK:
                    weak, weak_at = mark, node
                above = (strong, strong_at, weak, weak_at, in_body or node in self.body)
            self.summaries[node] = above
        return above

    def _inside_body(self, el: HtmlElement | None) -> bool:
        """Whether `el` or one of its ancestors is the article text."""
        chain: list[HtmlElement] = []
        inside = False
        while el is not None:
            known = self.inside.get(el)
            if known is not None:
                inside = known
                break
            chain.append(el)
            if el in self.body:
                inside = True
                break
            el = el.getparent()
        for node in chain:
            self.inside[node] = inside
        return inside

    def _classify(self, el: HtmlElement) -> Mark:
        tag = el.tag
        if not isinstance(tag, str) or tag in _TRANSPARENT_TAGS:
            return _NO_MARK
        site_mark = self.site_marks.get(el)
        if site_mark is not None:
            return site_mark
        if el in self.body:
            return _NO_MARK
        if el in self.body_ancestors:
            # Wrappers of the article text ("main", "article-wrapper") are not widgets, whatever
            # their class says ("page--has-header"), and their labels are not a box's.
            return _NO_MARK
        # The names the page read once for every element (its class, id and data-provider).
        names = self.names.get(el, "")
        label_mark = self._label_mark(el)
        if label_mark is not None:
            if label_mark.verdict == GENERIC and len(names) > 1:
                # A heading that says nothing of the story ("Vous aimerez aussi") on a block
                # the CMS names a widget ("recommendations", "outbrain") is that widget.
                named = class_mark(names)
                if named is _CHROME_CLASS or named is _WIDGET_CLASS:
                    return named
            return label_mark
        if len(names) > 1:
            named = class_mark(names)
            if named is not None:
                return named
        if el.get("itemprop") in ("relatedLink", "significantLink"):
            return _RELATED_ITEMPROP
        if tag in CHROME_TAGS:
            return _CHROME_TAG
        if (el.get("role") or "").lower() in EXCLUDED_ROLES:
            return _CHROME_ROLE
        return _NO_MARK

    def _label_mark(self, el: HtmlElement) -> Mark | None:
        """A strong mark from the block's label: aria-label(ledby), its leading heading or
        text ("<p><strong>Lees ook:</strong> <a>"), or the heading just before it."""
        aria = el.get("aria-label")
        if not aria and el.get("aria-labelledby"):
            aria = " ".join(
                " ".join(t.itertext())
                for ref in el.get("aria-labelledby", "").split()
                for t in self.tree.xpath("//*[@id=$ref]", ref=ref)[:1]
            )
        if aria:
            kind = label_kind(aria, self.extra_labels)
            if kind is not None:
                return Mark(kind, STRONG, "aria", clip(aria))
        leading, source = leading_text(el)
        if leading:
            kind = label_kind(leading, self.extra_labels)
            if kind is not None and one_heading(el, source):
                if kind == RELATED and el.tag in _INLINE_TAGS and heading_of(source, el) is None:
                    return Mark(INLINE, STRONG, "heading", clip(leading))
                return Mark(kind, STRONG, "heading", clip(leading))
        before = None if el.tag in ITEM_TAGS else heading_before(el)
        if before:
            kind = label_kind(before, self.extra_labels)
            # A wrapper with headings of its own holds several boxes: the heading before it
            # names the first one only ("À lire aussi" over a row that also holds "Plus en
            # Montréal"); the links of each box are judged by the heading before them.
            if kind is not None and not _HEADING_INSIDE(el):
                return Mark(kind, STRONG, "before", clip(before))
        return None


@memo(maxsize=8192)
def class_mark(names: str) -> Mark | None:
    """The weak mark of a block's lower-cased "class id" names: chrome, widget or related, in
    that order. Memoized: a site's few hundred class names recur on every element and page."""
    if CHROME_ATTR.search(names):
        return _CHROME_CLASS
    if WIDGET_ATTR.search(names):
        return _WIDGET_CLASS
    if RELATED_ATTR.search(names):
        return _RELATED_CLASS
    return None


__all__ = [
    "CHROME",
    "EXCLUDED",
    "GENERIC",
    "INLINE",
    "LABEL_SOURCES",
    "RELATED",
    "STRONG",
    "VENDOR_MARK",
    "WEAK",
    "WIDGET",
    "Blocks",
    "Mark",
    "Placement",
    "class_mark",
]
