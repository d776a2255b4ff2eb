"""Related-coverage links of an article page: every same-site article link, scored.

The method, in order:

1. Candidates (judge.py). Every ``<a href>`` is normalized and kept only if it is on the page's
   site (registered domain of the fetched URL *or* of the canonical URL, so a copy served from
   127.0.0.1 behaves like the real site), has the shape of an article (no media, tag, author,
   search or section page, share/print action, login or subscription page; some date, id or
   long slug) and is not the page itself or its AMP copy. Related stories listed in the page's
   data (JSON-LD ``relatedLink``/``ItemList``, Arc's ``related_content``, ``related*`` keys of
   ``__NEXT_DATA__`` and other application state) are candidates too (embedded.py).
2. Blocks (blocks.py). Each link is placed by the marks of its ancestors: a heading read as
   related / generic / excluded in many languages, related / chrome / widget class names,
   ARIA roles and tags, and whether it is inside the article text (body.py, the finder that
   also gives ``articleBody``). Its block is the element bearing the nearest mark, else the
   article text, else the smallest container holding other candidate links.
3. Evidence (features.py): the block's marks, the topical overlap of the link and of its block
   with the story (headline, standfirst, keywords), the block's size and place before or after
   the article text, the target URL's section and date against the article's.
4. Judgment (model.py): a logistic regression trained on hand-labelled pages of many sites
   (devtools/train_links.py) gives each candidate a confidence; links at or above the
   threshold (``min_confidence``, by default the one chosen by site-held-out validation) are
   related coverage.
5. Kinds and order: a link in the article text is ``body`` (inline "Lees ook: <a>" lines
   included), a link in any other block is ``related-box``, a link from the page's data is
   ``embedded``; related boxes come first, then body links, then embedded ones, each in page
   order. A URL found twice (by ``urls.url_key``) keeps its most confident occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import body_elements, has_text
from crawler.extract.caching import clear_all
from crawler.extract.links import judge
from crawler.extract.links.blocks import (
    CHROME,
    EXCLUDED,
    GENERIC,
    INLINE,
    RELATED,
    STRONG,
    VENDOR_MARK,
    WIDGET,
    Blocks,
    Mark,
    Placement,
    block_heading,
    short_text,
)
from crawler.extract.links.embedded import MAX_TEXT, embedded_links
from crawler.extract.links.features import (
    DECLARED_TYPES,
    Candidate,
    block_type,
    featurize,
    topic_stems,
)
from crawler.extract.links.labels import fold_text, label_kind
from crawler.extract.links.model import LinkModel, default_model
from crawler.extract.page import Page, iter_document
from crawler.extract.sites import SiteProfile
from crawler.extract.types import LinkKind

# Plain strings, as the items carry them (types.LinkKind is the one definition).
RELATED_BOX = LinkKind.RELATED_BOX.value
BODY = LinkKind.BODY.value
EMBEDDED = LinkKind.EMBEDDED.value
KINDS = tuple(kind.value for kind in LinkKind)


@dataclass(frozen=True)
class Link:
    """A related-coverage link: absolute normalized URL, visible text, where it sat, how sure."""

    url: str
    text: str
    kind: str
    """A types.LinkKind value: "related-box", "body" or "embedded"."""
    confidence: float = 1.0
    """The model's probability that the link is related coverage, in [0, 1]."""
    heading: str | None = None
    """The heading of the block it came from ("Sur le même sujet"), when it has one."""


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A heading names the links that follow it, up to the next heading; this many at most.
_HEADING_REACH = 24
# Containers of running text: a link in one with more text than the link is in prose.
_TEXT_CONTAINERS = frozenset({"p", "li", "dd", "td", "blockquote", "div", "section", "article"})
_VISIBLE_TEXT = etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,
)
# Embedded links share one pseudo-block per page.
_EMBEDDED_BLOCK = "embedded"
# How far up a plain container is looked for (a card grid: a > h3 > div.card > li > ul).
_BLOCK_CLIMB = 6


def _links_and_headings(tree: HtmlElement) -> list[tuple[HtmlElement, str | None]]:
    """Every <a href> and <area href> with its href, and the box headings (not teaser titles,
    which hold their link or sit in it) with None, in page order. One walk in Python: libxml2's
    XPath took twice as long."""
    out: list[tuple[HtmlElement, str | None]] = []
    for el in iter_document(tree, "a", "area", *_HEADING_TAGS):
        if el.tag in ("a", "area"):
            href = el.get("href")
            if href is not None:
                out.append((el, href))
        elif next(el.iter("a"), None) is None and next(el.iterancestors("a"), None) is None:
            out.append((el, None))
    return out


def _hidden_links(tree: HtmlElement) -> set[HtmlElement]:
    """The links inside a <noscript> (lxml parses its markup): their text is not shown."""
    return {a for box in tree.iter("noscript") for a in box.iter("a", "area")}


def _anchor_text(anchor: HtmlElement, hidden: set[HtmlElement]) -> str:
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


def _default_topic(page: Page) -> list[str | None]:
    """The story's headline, standfirst and keywords from the page's own metadata."""
    h1 = next(page.tree.iter("h1"), None)
    return [
        page.meta_first("og:title", "twitter:title"),
        h1.text_content() if h1 is not None else page.tree.findtext(".//title"),
        page.meta_first("og:description", "description", "twitter:description"),
        page.meta_first("news_keywords", "keywords"),
    ]


class _Positions:
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


def _preceding_headings(
    walk: list[tuple[HtmlElement, str | None]], extra: re.Pattern[str] | None
) -> dict[HtmlElement, _Heading]:
    """For each link, the nearest box heading before it in page order (within reach); `walk`:
    _links_and_headings."""
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


def _in_prose(anchor: HtmlElement, text: str) -> bool:
    """Whether a link sits in running text: its nearest text container says more than it."""
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _TEXT_CONTAINERS:
            return has_text(ancestor, 2 * len(text) + _PROSE_MARGIN)
    return False


_PROSE_MARGIN = 20
# Headings whose label carries on to the unmarked run of links after them (see below).
_RUN_LABELS = frozenset({GENERIC, EXCLUDED})


def _plain_blocks(
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


def _kind(placement: Placement | None) -> str:
    if placement is None:
        return EMBEDDED
    strong = placement.strong.verdict if placement.strong else ""
    if strong in (RELATED, GENERIC, EXCLUDED):
        return RELATED_BOX
    return BODY if placement.in_body else RELATED_BOX


def _heading(placement: Placement | None, block: object, cache: dict[int, str]) -> str | None:
    strong = placement.strong if placement is not None else None
    if strong is not None and strong.label and strong.verdict != INLINE:
        return strong.label
    if not isinstance(block, HtmlElement):
        return None
    if id(block) not in cache:
        cache[id(block)] = block_heading(block)
    return cache[id(block)] or None


# A candidate link, its features (features.FEATURES order) and its confidence.
ScoredCandidate = tuple[Candidate, list[float], float]


def scored_candidates(
    page: Page,
    *,
    site: SiteProfile | None,
    topic: Sequence[str | None] | None = None,
    published: date | None = None,
    body: list[HtmlElement] | None = None,
    model: LinkModel | None = None,
) -> list[ScoredCandidate]:
    """Every candidate link of the page with its features and confidence, in page order
    (embedded ones last); what related_links thresholds, and what the training script reads."""
    url_judge = judge.UrlJudge(page, site)
    if not url_judge.sites:
        return []
    found: list[tuple[HtmlElement, str, str]] = []
    walk = _links_and_headings(page.tree)
    for el, href in walk:
        if href:
            accepted = url_judge.accept(href)
            if accepted is not None:
                found.append((el, *accepted))
    if body is None:
        body = body_elements(page, site)
    blocks = Blocks(page, site, body)
    positions = _Positions(body)
    placements: list[Placement] = []
    texts: list[str] = []
    prose: list[bool] = []
    # Links outside the text: boxes by their smallest container. Links in the text but not in
    # its prose (a list of teasers appended to it): boxes inside the text.
    outside: list[HtmlElement] = []
    inside: list[HtmlElement] = []
    repeats: dict[str, int] = {}
    hidden = _hidden_links(page.tree)
    for anchor, _, key in found:
        placement = blocks.place(anchor)
        text = _anchor_text(anchor, hidden)
        in_prose = placement.in_body and _in_prose(anchor, text)
        placements.append(placement)
        texts.append(text)
        prose.append(in_prose)
        if placement.strong is None:
            if not placement.in_body:
                outside.append(anchor)
            elif not in_prose:
                inside.append(anchor)
        repeats[key] = repeats.get(key, 0) + 1
    plain = _plain_blocks(outside, blocks.body_ancestors | blocks.body)
    plain.update(_plain_blocks(inside, blocks.body))
    headings = _preceding_headings(walk, blocks.extra_labels)
    candidates: list[Candidate] = []
    for (anchor, url, key), placement, link_text, in_prose in zip(
        found, placements, texts, prose, strict=True
    ):
        heading = headings.get(anchor)
        weak = placement.weak.verdict if placement.weak is not None else ""
        if (
            placement.strong is None
            and not in_prose
            and heading is not None
            and heading[0] in _RUN_LABELS
            and weak not in (CHROME, WIDGET)
        ):
            # The links under a "most read" or "more from" heading are its box, whatever their
            # markup. Not under a related one: its box is the block right after it, and the
            # links further on may be another box's (held out by site, carrying the label on
            # did not help, and made false positives).
            label = Mark(heading[0], STRONG, "preceding", heading[2])
            placement = placement._replace(strong=label, strong_at=heading[1])
        block: object
        if placement.strong_at is not None:
            block = placement.strong_at
        elif in_prose:
            block = body[0]
        else:
            block = plain[anchor]
        candidates.append(
            Candidate(
                url,
                key,
                link_text,
                placement,
                block,
                positions.of(anchor),
                0,
                heading[0] if heading is not None else "",
                in_prose,
            )
        )
    for raw_url, title in embedded_links(page, blocks.extra_labels):
        accepted = url_judge.accept(raw_url)
        if accepted is not None:
            repeats[accepted[1]] = repeats.get(accepted[1], 0) + 1
            candidates.append(Candidate(*accepted, title, None, _EMBEDDED_BLOCK, 0, 0, "", False))
    for cand in candidates:
        cand.repeats = repeats[cand.key]
    words = topic_stems(topic if topic is not None else _default_topic(page))
    kinds = [block_type(cand) for cand in candidates]
    rows = featurize(candidates, words, (page.url, page.canonical), published, kinds)
    model = model or default_model()
    # A block named related ("b-related-articles") whose links the page's data also lists as
    # related: the markup and the data agree, and the page declares the box.
    in_data = {c.key for c in candidates if c.placement is None}
    out: list[ScoredCandidate] = []
    for cand, row, kind in zip(candidates, rows, kinds, strict=True):
        fixed = _fixed_confidence(cand, kind, in_data)
        out.append((cand, row, model.confidence(row) if fixed is None else fixed))
    return out


def _fixed_confidence(cand: Candidate, kind: str, in_data: set[str]) -> float | None:
    """1 for a link the page itself declares related (features.DECLARED_TYPES), 0 for one in a
    recommendation vendor's box (its picks are the vendor's, sponsored or personalised, not the
    newsroom's coverage), else None: the model judges."""
    if kind == "related_class":
        return 1.0 if cand.key in in_data else None
    if kind in DECLARED_TYPES:
        return 1.0
    if cand.placement is not None and cand.placement.strong == VENDOR_MARK:
        return 0.0
    return None


def related_links(
    page: Page,
    *,
    site: SiteProfile | None,
    topic: Sequence[str | None] | None = None,
    published: date | None = None,
    body: list[HtmlElement] | None = None,
    min_confidence: float | None = None,
) -> list[Link]:
    """The page's related-coverage links, best first: related boxes, then links in the article
    text, then related articles listed in the page's data; one entry per article URL.

    `topic`: the story's headline, standfirst and keywords (read from the page's metadata when
    not given); `published`: its publication day; `body`: its text elements (body.py);
    `min_confidence`: the threshold (default: the model's)."""
    model = default_model()
    threshold = model.threshold if min_confidence is None else min_confidence
    best: dict[str, tuple[Candidate, float, int]] = {}
    texts: dict[str, str] = {}
    scored = scored_candidates(
        page, site=site, topic=topic, published=published, body=body, model=model
    )
    top: dict[str, float] = {}
    for index, (cand, _, confidence) in enumerate(scored):
        if cand.text and cand.key not in texts:
            texts[cand.key] = cand.text
        top[cand.key] = max(top.get(cand.key, 0.0), confidence)
        if confidence < threshold:
            continue
        # A URL the page links from several places is reported where it shows best: a
        # related box before the text before the page's data, then the first in page order.
        kept = best.get(cand.key)
        rank = KINDS.index(_kind(cand.placement))
        if kept is None or rank < KINDS.index(_kind(kept[0].placement)):
            best[cand.key] = (cand, confidence, index)
    headings: dict[int, str] = {}
    chosen = sorted(
        best.values(), key=lambda entry: (KINDS.index(_kind(entry[0].placement)), entry[2])
    )
    return [
        Link(
            url=cand.url,
            text=cand.text or texts.get(cand.key, ""),
            kind=_kind(cand.placement),
            confidence=round(top[cand.key], 3),
            heading=_heading(cand.placement, cand.block, headings),
        )
        for cand, _, _ in chosen
    ]


def clear_caches() -> None:
    """Forget every cached URL judgment, label and link-text reading: every registered cache
    of the extractors (caching.clear_all), the loaded model and date parser included (tests
    that count calls or memory use it)."""
    clear_all()


__all__ = [
    "BODY",
    "EMBEDDED",
    "KINDS",
    "RELATED_BOX",
    "Link",
    "ScoredCandidate",
    "clear_caches",
    "fold_text",
    "label_kind",
    "related_links",
    "scored_candidates",
]
