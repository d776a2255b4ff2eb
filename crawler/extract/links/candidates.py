"""Every candidate link of a page, placed in its block, described by features and scored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from lxml.html import HtmlElement

from crawler.extract.body import body_elements
from crawler.extract.links import anchors, judge
from crawler.extract.links.anchors import (
    EMBEDDED_BLOCK,
    RUN_LABELS,
    Positions,
    anchor_text,
    hidden_links,
    links_and_headings,
    plain_blocks,
    preceding_headings,
)
from crawler.extract.links.blocks import (
    CHROME,
    LABEL_SOURCES,
    STRONG,
    VENDOR_MARK,
    WIDGET,
    Blocks,
    Mark,
    Placement,
)
from crawler.extract.links.embedded import embedded_links
from crawler.extract.links.features import (
    DECLARED_TYPES,
    Candidate,
    block_type,
    featurize,
    topic_stems,
)
from crawler.extract.links.model import LinkModel, default_model
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile


def default_topic(page: Page) -> list[str | None]:
    """The story's headline, standfirst and keywords from the page's own metadata."""
    h1 = next(page.tree.iter("h1"), None)
    return [
        page.meta_first("og:title", "twitter:title"),
        h1.text_content() if h1 is not None else page.tree.findtext(".//title"),
        page.meta_first("og:description", "description", "twitter:description"),
        page.meta_first("news_keywords", "keywords"),
    ]


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
    walk = links_and_headings(page.tree)
    found: list[_Found] = []
    for el, href in walk:
        if href:
            accepted = url_judge.accept(href)
            if accepted is not None:
                found.append((el, *accepted))
    if body is None:
        body = body_elements(page, site)
    blocks = Blocks(page, site, body)
    candidates = _markup_candidates(page, found, walk, blocks, body)
    for raw_url, title in embedded_links(page, blocks.extra_labels, url_judge.is_other_story):
        accepted = url_judge.accept(raw_url)
        if accepted is not None:
            candidates.append(Candidate(*accepted, title, None, EMBEDDED_BLOCK, 0, 0, "", False))
    repeats = Counter(cand.key for cand in candidates)
    for cand in candidates:
        cand.repeats = repeats[cand.key]
    words = topic_stems(topic if topic is not None else default_topic(page))
    kinds = [block_type(cand) for cand in candidates]
    page_urls = (page.url, page.canonical)
    rows = featurize(
        candidates, words, page_urls, published, kinds, shape_only=url_judge.shape_only
    )
    model = model or default_model()
    # A block named related ("b-related-articles") whose links the page's data also lists as
    # related: the markup and the data agree, and the page declares the box.
    in_data = {c.key for c in candidates if c.placement is None}
    shown_excluded = _shown_excluded(candidates, kinds, in_data)
    out: list[ScoredCandidate] = []
    for cand, row, kind in zip(candidates, rows, kinds, strict=True):
        fixed = _fixed_confidence(cand, kind, in_data, shown_excluded)
        out.append((cand, row, model.confidence(row) if fixed is None else fixed))
    return out


# An accepted link: its element, normalized URL and comparison key.
_Found = tuple[HtmlElement, str, str]


class _Placed(NamedTuple):
    """Where the accepted links of a page sit, in their order."""

    placements: list[Placement]
    texts: list[str]
    prose: list[bool]
    """Whether each link is in the prose of the article text."""
    plain: dict[HtmlElement, HtmlElement]
    """For links without a mark: their plain block (anchors.plain_blocks)."""


def _place(found: list[_Found], blocks: Blocks, hidden: set[HtmlElement]) -> _Placed:
    placed = _Placed([], [], [], {})
    # Links outside the text: boxes by their smallest container. Links in the text but not in
    # its prose (a list of teasers appended to it): boxes inside the text.
    outside: list[HtmlElement] = []
    inside: list[HtmlElement] = []
    for anchor, _, _ in found:
        placement = blocks.place(anchor)
        text = anchor_text(anchor, hidden)
        is_prose = placement.in_body and anchors.in_prose(anchor, text)
        placed.placements.append(placement)
        placed.texts.append(text)
        placed.prose.append(is_prose)
        if placement.strong is None:
            if not placement.in_body:
                outside.append(anchor)
            elif not is_prose:
                inside.append(anchor)
    placed.plain.update(plain_blocks(outside, blocks.body_ancestors | blocks.body))
    placed.plain.update(plain_blocks(inside, blocks.body))
    return placed


def _markup_candidates(
    page: Page,
    found: list[_Found],
    walk: list[tuple[HtmlElement, str | None]],
    blocks: Blocks,
    body: list[HtmlElement],
) -> list[Candidate]:
    """The accepted links of the markup as candidates, each with its block."""
    placed = _place(found, blocks, hidden_links(page.tree))
    headings = preceding_headings(walk, blocks.extra_labels)
    positions = Positions(body)
    candidates: list[Candidate] = []
    for (anchor, url, key), placement, link_text, in_prose in zip(
        found, placed.placements, placed.texts, placed.prose, strict=True
    ):
        heading = headings.get(anchor)
        weak = placement.weak.verdict if placement.weak is not None else ""
        if (
            placement.strong is None
            and not in_prose
            and heading is not None
            and heading[0] in RUN_LABELS
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
            block = placed.plain[anchor]
        position = positions.of(anchor)
        kind = heading[0] if heading is not None else ""
        candidates.append(
            Candidate(url, key, link_text, placement, block, position, 0, kind, in_prose)
        )
    return candidates


def _shown_excluded(candidates: list[Candidate], kinds: list[str], in_data: set[str]) -> set[str]:
    """The stories of the page's data that the page itself shows as an excluded box: when its
    data's "related" list and a box labelled "Latest news" or "Most read" are the same list
    (at least half of each is the other), the state key is what renders as that box, and the
    page's own words win. A story or two of a real related list that also shows among the
    most read are still related."""
    if len(in_data) < 2:
        return set()
    boxes: dict[int, set[str]] = {}
    for cand, kind in zip(candidates, kinds, strict=True):
        # Labelled by the page (not a vendor's box: its picks are not the page's data).
        if _under_excluded_label(cand, kind):
            boxes.setdefault(id(cand.block), set()).add(cand.key)
    out: set[str] = set()
    for keys in boxes.values():
        common = keys & in_data
        if len(common) >= 2 and 2 * len(common) >= max(len(keys), len(in_data)):
            out |= common
    return out


def _fixed_confidence(
    cand: Candidate, kind: str, in_data: set[str], shown_excluded: set[str]
) -> float | None:
    """1 for a link the page itself declares related (features.DECLARED_TYPES), 0 for one in a
    recommendation vendor's box (its picks are the vendor's, sponsored or personalised, not the
    newsroom's coverage), for one in a box the page labels "Most read", "Latest news" or
    "Trending" (what readers click or what came last, however close to the story: the labelling
    rules never count them) and for one of the page's data that the page shows under an
    excluded label (`shown_excluded`), else None: the model judges."""
    if kind == "related_class":
        return 1.0 if cand.key in in_data else None
    if kind == "embedded" and cand.key in shown_excluded:
        return 0.0  # the page shows this list of its data under an excluded label
    if kind in DECLARED_TYPES:
        return 1.0
    if _under_excluded_label(cand, kind):
        return 0.0
    if cand.placement is not None and cand.placement.strong == VENDOR_MARK:
        return 0.0
    return None


def _under_excluded_label(cand: Candidate, kind: str) -> bool:
    """Whether a link sits in a box the page's own label calls "Most read", "Latest news" and
    the like (not a link whose text merely reads "Next story", not a vendor's box)."""
    strong = cand.placement.strong if cand.placement is not None else None
    return kind == "excluded" and strong is not None and strong.source in LABEL_SOURCES
