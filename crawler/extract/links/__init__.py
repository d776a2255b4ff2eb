"""Related-coverage links of an article page: every same-site article link, scored.

The method, in order:

1. Candidates (judge.py). Every ``<a href>`` is normalized and kept only if it is on the page's
   site (registered domain of the fetched URL *or* of the canonical URL, so a copy served from
   127.0.0.1 behaves like the real site), has the shape of an article (no media, tag, author,
   search or section page, share/print action, login or subscription page; some date, id or
   long slug) and is not the page itself or its AMP copy. Related stories listed in the page's
   data (JSON-LD ``relatedLink``/``ItemList``, Arc's ``related_content``, ``related*`` keys of
   ``__NEXT_DATA__`` and other application state) are candidates too (embedded.py).
2. Blocks (blocks.py; headings.py reads labels, anchors.py link texts and places). Each link
   is placed by the marks of its ancestors: a heading read as related / generic / excluded in
   many languages, related / chrome / widget class names, ARIA roles and tags, and whether it
   is inside the article text (body.py, the finder that also gives ``articleBody``). Its block
   is the element bearing the nearest mark, else the article text, else the smallest container
   holding other candidate links.
3. Evidence (features.py): the block's marks, the topical overlap of the link and of its block
   with the story (headline, standfirst, keywords), the block's size and place before or after
   the article text, the target URL's section and date against the article's.
4. Judgment (model.py; candidates.py runs steps 1 to 4 on a page): a logistic regression
   trained on hand-labelled pages of many sites (devtools/train_links.py) gives each
   candidate a confidence; links at or above the
   threshold (``min_confidence``, by default the one chosen by site-held-out validation) are
   related coverage.
5. Kinds and order: a link in the article text is ``body`` (inline "Lees ook: <a>" lines
   included), a link in any other block is ``related-box``, a link from the page's data is
   ``embedded``; related boxes come first, then body links, then embedded ones, each in page
   order. A URL found twice (by ``urls.url_key``) keeps its most confident occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lxml.html import HtmlElement

from crawler.extract.caching import clear_all
from crawler.extract.links.blocks import (
    EXCLUDED,
    GENERIC,
    INLINE,
    RELATED,
    Placement,
)
from crawler.extract.links.candidates import ScoredCandidate, scored_candidates
from crawler.extract.links.features import Candidate
from crawler.extract.links.headings import block_heading
from crawler.extract.links.labels import label_kind
from crawler.extract.links.model import default_model
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.text import fold_text
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
