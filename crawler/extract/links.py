"""Related-coverage links of an article page: related boxes, body links, embedded data.

The method, in order:

1. Candidate URLs. Every ``<a href>`` is normalized (``urls.normalize_url``) and kept only if it
   is on the page's site (registered domain of the fetched URL *or* of the canonical URL, so a
   copy served from 127.0.0.1 behaves like the real site), has the shape of an article
   (``urls.looks_like_article_url``: no media, tag/author/search/section page, share/print
   action, login or subscription page; some date, id or long slug) and is not the page itself
   or its AMP copy.
2. Where the link sits. Each ancestor of a candidate is classified once, with three strengths:
   *strong* marks come from site data (``related_xpaths``, ``excluded_xpaths``) and from labels
   (a heading, a leading "Lees ook:", an ``aria-label`` or the heading just before a block),
   matched against related labels ("Sur le même sujet", "Lire aussi", "Lees ook", "Mehr zum
   Thema", ...) and exclusion labels ("Les plus lus", "Meest gelezen", "Most read", "Latest",
   "Recommended for you", ...); exclusion labels are tried first, so a "most read" box styled
   like a related box stays out. *Weak* marks come from class/id tokens, ARIA roles and tags
   (``nav``, ``header``, ``footer``, ``related``, ``most-read``, ``outbrain``, ...). The
   *base* mark is the article text (site ``body_xpaths``, ``itemprop=articleBody``, body-like
   class names, else the block with the most paragraph text). The nearest strong mark decides;
   without one, the nearest weak mark; without one, the article text; else the link is not
   related coverage (menus, widgets and footers need no rule of their own).
3. Kinds: a link under a related mark is ``related-box``; a link in the article text is
   ``body``, and so is a link in a paragraph inside the text that starts with an inline label
   ("Lees ook: <a>…</a>"); related articles listed in the page's data are ``embedded``: Arc's
   ``Fusion.globalContent.related_content``, ``related*`` keys of other application state
   (``__NEXT_DATA__``, ``window.__INITIAL_STATE__``), JSON-LD ``relatedLink``/``significantLink``
   and ``ItemList`` blocks nested in the article or named like a related box.
4. Order and duplicates: related boxes first (document order), then body links, then embedded
   ones; a URL seen twice (by ``urls.url_key``) keeps its first place and kind, and takes the
   text of a later occurrence when the first had none (an image link).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.caching import str_cache
from crawler.extract.page import Page, types_of
from crawler.extract.sites import SiteProfile
from crawler.extract.urls import (
    article_shape,
    host_path_query,
    join_url,
    looks_like_article_url,
    normalize_plain_path,
    normalize_url,
    origin_of,
    registered_domain,
    simple_origin,
    site_of,
    site_of_netloc,
    url_key,
)

RELATED_BOX = "related-box"
BODY = "body"
EMBEDDED = "embedded"
KINDS = (RELATED_BOX, BODY, EMBEDDED)

_MAX_TEXT = 300


@dataclass(frozen=True)
class Link:
    """A related-coverage link: absolute normalized URL, visible text, and where it sat."""

    url: str
    text: str
    kind: str
    """"related-box", "body" or "embedded"."""


# --- Labels ---------------------------------------------------------------------------------


# "► À lire aussi", "» Lees ook", "📌 Lire aussi", "— Related": decoration before a label.
_BULLETS = re.compile(r"^[\W_]+")


def fold_text(text: str) -> str:
    """Lower-case, accent-free, single-spaced text without leading bullets ("► À lire aussi")."""
    if text.isascii():  # nothing to decompose: the common case, and a cheap one
        return _BULLETS.sub("", " ".join(text.lower().split()))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.replace("\u2019", "'").split())
    return _BULLETS.sub("", text)


# Headings that introduce related coverage, folded (no accents, lower case). Matched at the
# start of the label: "Sur le même sujet:", "Meer over Oekraïne", "More on this story".
_RELATED_LABELS = (
    # French
    "sur le meme sujet", "sur le meme theme", "a lire aussi", "lire aussi", "a lire egalement",
    "lire egalement", "a lire", "dans le meme dossier", "voir aussi", "a voir aussi",
    "a relire", "relire", "pour aller plus loin", "nos articles sur", "notre dossier",
    "articles lies", "articles associes", "en lien avec", "sur le meme sujet",
    # Dutch
    "lees ook", "lees meer", "meer over", "meer lezen over", "gerelateerd", "gerelateerde",
    "zie ook", "bekijk ook", "eerder verschenen", "in dit dossier", "meer in dit dossier",
    "verwante artikels", "verwante artikelen", "ook over dit onderwerp",
    # English
    "related", "read more", "read also", "also read", "see also", "more on this story",
    "more on this topic", "more on this", "more about", "more on", "further reading",
    "in this series", "more in this series",
    # German
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "weitere artikel zum thema",
    "zum thema", "verwandte artikel", "siehe auch", "auch interessant zum thema",
    # Spanish
    "te puede interesar", "tambien te puede interesar", "lee tambien", "lea tambien",
    "noticias relacionadas", "relacionad", "mas sobre", "ver tambien",
    # Italian
    "leggi anche", "articoli correlati", "correlati", "vedi anche", "per approfondire",
    "approfondimenti", "approfondisci", "sullo stesso argomento",
)  # fmt: skip

# Headings of blocks that are never related coverage, tried before the related ones:
# popularity, recency, recommendation, advertising.
_EXCLUDED_LABELS = (
    # French
    "les plus lus", "plus lus", "articles les plus lus", "les plus partages", "les plus vus",
    "les plus commentes", "les plus populaires", "le plus lu", "derniere info",
    "dernieres infos", "dernieres depeches", "nouvelles depeches", "depeches",
    "derniere minute", "dernieres minutes", "dernieres nouvelles", "dernieres actus",
    "dernier articles", "derniers articles", "fil info", "fil d'info", "en continu",
    "l'actu en continu", "a la une", "tendances", "en ce moment", "recommande pour vous",
    "recommandes pour vous", "nos recommandations", "vous aimerez aussi",
    "vous pourriez aussi aimer", "vous aimerez peut-etre", "sponsorise", "contenu sponsorise",
    "contenus sponsorises", "ailleurs sur le web", "sur le web", "a ne pas manquer",
    "les autres titres", "autres titres", "autres informations", "publicite", "partenaires",
    # Dutch
    "meest gelezen", "meest bekeken", "meest gedeeld", "populair", "laatste nieuws",
    "net binnen", "nieuwste", "aanbevolen", "voor jou", "gesponsord", "meer nieuws",
    "uit andere media", "advertentie", "het laatste",
    # English
    "most read", "most popular", "most viewed", "most shared", "most commented", "popular",
    "trending", "latest", "breaking news", "top stories", "recommended", "you may also like",
    "you might also like", "you may like", "sponsored", "promoted", "from around the web",
    "around the web", "more from", "don't miss", "more news", "editor's picks",
    "advertisement", "just in",
    # German
    "meistgelesen", "meist gelesen", "am meisten gelesen", "beliebt", "neueste",
    "top-artikel", "empfehlungen", "empfohlen", "das konnte sie auch interessieren",
    "anzeige", "mehr aus dem ressort", "weitere nachrichten", "neuste", "aktuelle nachrichten",
    # Spanish
    "lo mas leido", "mas leido", "mas vistos", "ultimas noticias", "ultima hora",
    "recomendado", "tendencias", "publicidad",
    # Italian
    "piu letti", "i piu letti", "ultime notizie", "ultim'ora", "consigliati", "tendenze",
    "pubblicita",
)  # fmt: skip


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    folded = sorted({fold_text(label) for label in labels if label.strip()}, key=len, reverse=True)
    alternation = "|".join(re.escape(label) for label in folded)
    # "relacionad" is a stem ("relacionadas"); other labels end on a word boundary.
    return re.compile(rf"^(?:{alternation})(?:\w*(?<=relacionad\w)|)(?!\w)")


@lru_cache(maxsize=64)
def _extra_label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A site profile's own related labels, compiled once per profile."""
    return _label_pattern(labels)


_RELATED_LABEL = _label_pattern(_RELATED_LABELS)
_EXCLUDED_LABEL = _label_pattern(_EXCLUDED_LABELS)
_MAX_LABEL = 120


# Headings repeat from page to page ("Les plus lus", "À lire aussi"): verdicts are kept, bounded.
@str_cache(maxsize=4096)
def label_kind(text: str, extra_related: re.Pattern[str] | None = None) -> str | None:
    """ "excluded" or "related" for a heading/label text, None when it is neither."""
    folded = fold_text(text)
    if not folded or len(folded) > _MAX_LABEL:
        return None
    if _EXCLUDED_LABEL.match(folded):
        return "excluded"
    if _RELATED_LABEL.match(folded) or (extra_related is not None and extra_related.match(folded)):
        return "related"
    return None


# --- Class, id, role and tag tokens ------------------------------------------------------------

# Matched against 'class id' lower-cased. Why each: "relatedArticles", "related-content" (most
# CMSs), "lire-aussi"/"a-lire" (French Arc themes), "lees-ook" (Dutch), "more-on-this-story" (BBC).
_RELATED_ATTR = re.compile(
    r"related|relacionad|correlat|see-?also|voir-?aussi|lire-?aussi|(?<![a-z])a-?lire(?![a-z])"
    r"|meme-?sujet|same-?topic|more-?on-?this|lees-?ook|gerelateerd|verwant|zum-?thema"
    r"|leggi-?anche|read-?also|also-?read|further-?reading"
)
# Blocks that are never related coverage, by the names CMSs give them.
_EXCLUDED_ATTR = re.compile(
    r"(?<![a-z])nav(?![a-z])|navigation|navbar|menu|breadcrumb|masthead"
    r"|(?<![a-z])(?:site-?)?header(?![a-z])|(?<![a-z])(?:site-?)?footer(?![a-z])"
    r"|most-?(?:read|popular|viewed|shared|commented|recent)|popular|populair|trending"
    r"|tendances|plus-?lus|meest-?gelezen|meist-?gelesen|latest|dernieres|laatste|just-?in"
    r"|ticker|newsfeed|fil-?info|breaking|recommend|aanbevolen|empfehlung|outbrain|taboola"
    r"|plista|ligatus|sponsor|(?<![a-z])ads?(?![a-z])|advert|(?<![a-z])pub(?![a-z])|comment"
    r"|reactions|share|sharing|social|newsletter|subscribe|subscription|abonn|login|signin"
    r"|(?<![a-z])tags?(?![a-z])|keywords|cookie|author|byline|toolbar|toolbox"
)
_EXCLUDED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
_EXCLUDED_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select"})
# Elements whose class names say nothing about one block of the page.
_TRANSPARENT_TAGS = frozenset({"html", "body"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Items of a list or a table: a heading before one of them is not the heading of a box.
_ITEM_TAGS = frozenset({"li", "dd", "tr", "td", "th", "a", "img", "figure", "picture", "time"})
# What a box heading placed before the box can be ("<h2>", "<p><strong>Lees ook</strong></p>",
# "<div class='title'>", "<span>").
_HEADING_LIKE_TAGS = _HEADING_TAGS | {
    "p", "div", "span", "strong", "b", "em", "i", "header", "dt", "label", "legend", "font",
}  # fmt: skip
_ELEMENTS = etree.Element  # an iteration filter: elements, not comments or PIs
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "br", "hr", "img", "svg"})

# The article text, by the names CMSs give it: itemprop=articleBody (schema.org microdata),
# "article-body"/"article__body" (BEM themes), "articleText" (old IPM), "story-body" (BBC),
# "entry-content" (WordPress), "field--name-body" (Drupal).
_BODY_TOKENS = (
    "articlebody", "article-body", "article_body", "article__body", "articletext",
    "article-text", "article_text", "article__text", "article-content", "article_content",
    "article__content", "articlecontent", "story-body", "storybody", "story__body",
    "story-content", "story-text", "entry-content", "post-content", "post-body",
    "body-text", "bodytext", "field--name-body", "rich-text", "richtext", "text-body",
)  # fmt: skip
_BODY_NAMES = re.compile("|".join(re.escape(t) for t in _BODY_TOKENS))
_MIN_BODY_TEXT = 200
_MIN_PARAGRAPH = 40

# Mark strengths; the nearest strong mark decides, else the nearest weak one, else the body.
_STRONG, _WEAK = 2, 1
_REL, _INLINE, _EXCL = "related", "inline", "excluded"


@dataclass(frozen=True)
class _Mark:
    verdict: str
    strength: int


_NO_MARK = _Mark("", 0)
_STRONG_REL, _STRONG_INLINE, _STRONG_EXCL = (_Mark(v, _STRONG) for v in (_REL, _INLINE, _EXCL))
_WEAK_REL, _WEAK_EXCL = _Mark(_REL, _WEAK), _Mark(_EXCL, _WEAK)
# (nearest strong mark, nearest weak mark, inside the article text) of a chain of ancestors.
_Summary = tuple[_Mark | None, _Mark | None, bool]
_TOP: _Summary = (None, None, False)


def _short_text(el: HtmlElement, limit: int = _MAX_LABEL) -> str | None:
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


class _Regions:
    """Lazily classifies the ancestors of candidate links; one instance per page."""

    def __init__(self, page: Page, site: SiteProfile | None, anchors: list[HtmlElement]) -> None:
        self.tree = page.tree
        self.summaries: dict[HtmlElement, _Summary] = {}
        # 'class id' of elements, lower-cased, read once.
        self.names: dict[HtmlElement, str] = {}
        self.inside: dict[HtmlElement, bool] = {}
        self.site_marks: dict[HtmlElement, _Mark] = {}
        self.extra_labels: re.Pattern[str] | None = None
        if site is not None:
            for xpaths, mark in (
                (site.excluded_xpaths, _STRONG_EXCL),
                (site.related_xpaths, _STRONG_REL),
            ):
                for el in _select(self.tree, xpaths):
                    self.site_marks.setdefault(el, mark)
            if site.related_labels:
                self.extra_labels = _extra_label_pattern(site.related_labels)
        self.body: set[HtmlElement] = set()
        if site is not None and site.body_xpaths:
            self.body.update(_select(self.tree, site.body_xpaths))
        if not self.body:
            self.body.update(self._find_body(anchors))
        # A labelled block never contains the article text: never read a label on its ancestors.
        self.body_ancestors: set[HtmlElement] = set()
        for el in self.body:
            self.body_ancestors.update(el.iterancestors())

    def _find_body(self, anchors: list[HtmlElement]) -> list[HtmlElement]:
        """Body-like containers by name among the ancestors of the candidate links (innermost
        ones with real text), else the block holding the most paragraph text. Only ancestors of
        candidates are read: a whole-tree XPath costs more than the rest of the judgment."""
        named: list[HtmlElement] = []
        names = self.names
        for anchor in anchors:
            for el in anchor.iterancestors():
                if el in names:
                    break
                # Kept (with the element) for _classify: a second lxml proxy would cost again.
                names[el] = name = f"{el.get('class', '')} {el.get('id', '')}".lower()
                if el.get("itemprop") == "articleBody" or _BODY_NAMES.search(name):
                    named.append(el)
        if named:
            chosen = _dominant_bodies(named)
            texty = [el for el in chosen if _has_text(el, _MIN_BODY_TEXT)]
            if texty:
                return texty
        scores: dict[HtmlElement, int] = {}
        for p in self.tree.iter("p"):
            length = _text_length(p)
            parent = p.getparent()
            if length >= _MIN_PARAGRAPH and parent is not None:
                scores[parent] = scores.get(parent, 0) + length
        if not scores:
            return []
        best = max(scores, key=scores.__getitem__)
        return [best] if scores[best] >= _MIN_BODY_TEXT else []

    def kind_of(self, anchor: HtmlElement) -> str | None:
        """The kind of a link from where it sits, or None when it is not related coverage."""
        if anchor.get("itemprop") in ("relatedLink", "significantLink"):
            return RELATED_BOX
        parent = anchor.getparent()
        if parent is None:
            return None
        strong, weak, in_body = self._summary(parent)
        decided = strong or weak
        if decided is None:
            return BODY if in_body else None
        if decided.verdict == _EXCL:
            return None
        if decided.verdict == _INLINE:
            return BODY if in_body else RELATED_BOX
        # A related-looking class inside the article text ("related" on an inline list) is
        # still a related box.
        return RELATED_BOX

    def _summary(self, el: HtmlElement) -> _Summary:
        """What the chain from `el` up to the root says: its nearest strong mark, its nearest
        weak mark, and whether it passes through the article text. Links share their
        ancestors, so each element is summarized once from its parent's summary; the chain is
        not read above a strong "related" or "excluded" mark, which decides alone."""
        pending: list[tuple[HtmlElement, _Mark]] = []
        node: HtmlElement | None = el
        above = _TOP
        while node is not None:
            known = self.summaries.get(node)
            if known is not None:
                above = known
                break
            mark = self._classify(node)
            if mark.strength == _STRONG and mark.verdict != _INLINE:
                above = (mark, None, False)
                self.summaries[node] = above
                break
            pending.append((node, mark))
            node = node.getparent()
        for node, mark in reversed(pending):
            strong, weak, in_body = above
            if mark.strength == _STRONG:
                # An inline label ("Lees ook: <a>") decides by where it sits: in the text or not.
                parent = node.getparent()
                above = (mark, None, node in self.body or self._inside_body(parent))
            elif strong is not None and strong.verdict != _INLINE:
                pass  # decided higher up
            else:
                if mark.strength == _WEAK:
                    weak = mark
                above = (strong, weak, in_body or node in self.body)
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

    def _classify(self, el: HtmlElement) -> _Mark:
        tag = el.tag
        if not isinstance(tag, str) or tag in _TRANSPARENT_TAGS:
            return _NO_MARK
        site_mark = self.site_marks.get(el)
        if site_mark is not None:
            return site_mark
        if el in self.body:
            return _NO_MARK
        if el not in self.body_ancestors:
            label_mark = self._label_mark(el)
            if label_mark is not None:
                return label_mark
        if el in self.body_ancestors:
            # Wrappers of the article text ("main", "article-wrapper") are not widgets, whatever
            # their class says ("page--has-header").
            return _NO_MARK
        names = self.names.get(el)
        if names is None:
            names = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if names.strip():
            if _EXCLUDED_ATTR.search(names):
                return _WEAK_EXCL
            if _RELATED_ATTR.search(names):
                return _WEAK_REL
        if el.get("itemprop") in ("relatedLink", "significantLink"):
            return _WEAK_REL
        if tag in _EXCLUDED_TAGS or (el.get("role") or "").lower() in _EXCLUDED_ROLES:
            return _WEAK_EXCL
        return _NO_MARK

    def _label_mark(self, el: HtmlElement) -> _Mark | None:
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
                return _STRONG_EXCL if kind == "excluded" else _STRONG_REL
        leading, source = _leading_text(el)
        if leading:
            kind = label_kind(leading, self.extra_labels)
            if kind == "excluded" and _one_heading(el, source):
                return _STRONG_EXCL
            if kind == "related" and _one_heading(el, source):
                if source is not None and source.tag in _HEADING_TAGS:
                    return _STRONG_REL
                return _STRONG_INLINE if el.tag in ("p", "li", "span", "em", "i") else _STRONG_REL
        before = None if el.tag in _ITEM_TAGS else _heading_before(el)
        if before:
            kind = label_kind(before, self.extra_labels)
            if kind == "excluded":
                return _STRONG_EXCL
            if kind == "related":
                return _STRONG_REL
        return None


def _select(tree: HtmlElement, xpaths: Iterable[str]) -> Iterator[HtmlElement]:
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
            length = lengths[p] = _text_length(p)
        total += length
    return total


def _dominant_bodies(named: list[HtmlElement]) -> list[HtmlElement]:
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


def _text_length(el: HtmlElement) -> int:
    return len(" ".join(el.text_content().split()))


def _has_text(el: HtmlElement, minimum: int) -> bool:
    """_text_length(el) >= minimum, reading no more of a long article than needed: the text
    has at least as many characters as it has non-space ones."""
    pieces: list[str] = []
    solid = 0
    for piece in el.itertext():
        solid += sum(map(len, piece.split()))
        if solid >= minimum:
            return True
        pieces.append(piece)
    return len(" ".join("".join(pieces).split())) >= minimum


def _leading_text(el: HtmlElement) -> tuple[str, HtmlElement | None]:
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
        if tag == "a" or size > _MAX_LABEL or seen > 8:
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


def _one_heading(el: HtmlElement, source: HtmlElement | None) -> bool:
    """Whether a block's leading label is its own: a wrapper whose first box is "Les plus lus"
    must not take that label for all the boxes it holds."""
    if source is None or source.tag not in _HEADING_TAGS:
        return True
    return len(el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")) <= 1


def _heading_before(el: HtmlElement) -> str | None:
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
        text = _short_text(sibling)
        if text is None:
            return None
        if not text:
            sibling = sibling.getprevious()
            steps += 1
            continue
        if tag not in _HEADING_TAGS and next(sibling.iter("a"), None) is not None:
            return None
        return text
    return None


# --- URL judgment -------------------------------------------------------------------------------

_ABSOLUTE = ("https://", "http://")
_NOT_LINK_PREFIXES = ("#", "mailto:", "tel:", "javascript:", "data:", "sms:", "callto:", "about:")


# What a judged href comes to, whatever page it sits on: when its shape is an article's, the site
# of its URL and its normalized URL and comparison key; (None, None) otherwise.
_Verdict = tuple[str | None, tuple[str, str] | None]


class _VerdictCache:
    """Verdicts of hrefs kept across pages, bounded: a crawl meets the same menus and the same
    related articles on page after page. Two generations: a hit in the old one is carried into
    the young one; when the young one is full the old one is dropped, so at most 2 x `size`
    verdicts (a few MB) are held however long the crawl, and what every page links to stays."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.young: dict[tuple[str, str], _Verdict] = {}
        self.old: dict[tuple[str, str], _Verdict] = {}

    def get(self, key: tuple[str, str]) -> _Verdict | None:
        """The verdict remembered for `key`, or None."""
        verdict = self.young.get(key)
        if verdict is None:
            verdict = self.old.get(key)
            if verdict is not None:
                self.put(key, verdict)
        return verdict

    def put(self, key: tuple[str, str], verdict: _Verdict) -> None:
        """Remember a verdict, dropping the old generation when the young one is full. The key
        is stored as plain strings: an lxml "smart" href would keep its whole page alive."""
        key = (str(key[0]), str(key[1]))
        if len(self.young) >= self.size:
            self.old = self.young
            self.young = {}
        self.young[key] = verdict

    def __len__(self) -> int:
        return len(self.young) + len(self.old)


_VERDICTS_SIZE = 8192
# One cache per site profile (a verdict depends on the profile's URL patterns); the profile is
# held with its cache so that its id cannot be reused. Profiles are module constants in a crawl;
# tests build many, hence the bound.
_VERDICTS: dict[int, tuple[SiteProfile | None, _VerdictCache]] = {}
_MAX_PROFILES = 16
_NO_VERDICT: _Verdict = (None, None)


def _verdicts_for(site: SiteProfile | None) -> _VerdictCache:
    entry = _VERDICTS.get(id(site))
    if entry is None or entry[0] is not site:
        if len(_VERDICTS) >= _MAX_PROFILES:
            _VERDICTS.clear()
        entry = (site, _VerdictCache(_VERDICTS_SIZE))
        _VERDICTS[id(site)] = entry
    return entry[1]


def _judge_href(href: str, base: str, site: SiteProfile | None) -> _Verdict:
    """The page-independent verdict of one href against `base`. The site of a URL is only
    looked up for article shapes: an unknown host costs a public-suffix lookup."""
    head = href.lstrip()[:12].lower()
    if not head or head.startswith(_NOT_LINK_PREFIXES):
        return _NO_VERDICT
    if _PLAIN_HREF.match(href):
        # Plain links (the menus, most of a page) are judged on their joined form before any
        # normalization: non-article shapes are most links and cost least.
        joined = join_url(base, href)
        if not looks_like_article_url(joined, site):
            return _NO_VERDICT
        site_id = site_of(joined)
        url = normalize_url(href, base)
    else:
        url = normalize_url(href, base)
        if url is None or not looks_like_article_url(url, site):
            return _NO_VERDICT
        site_id = site_of(url)
    if url is None:
        return _NO_VERDICT
    return site_id, (url, url_key(url))


def _og_url(page: Page) -> str | None:
    """page.meta_first("og:url"), without building the page's meta table when no other
    extractor has (one early <meta> is all this needs)."""
    if "meta" in page.__dict__:  # the cached_property has run
        return page.meta_first("og:url")
    for el in page.tree.iter("meta"):
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key and key.strip().lower() == "og:url":
                return str(content).strip()
    return None


def _amphtml(link: HtmlElement) -> str | None:
    href = link.get("href")
    return str(href) if href is not None and link.get("rel") == "amphtml" else None


class _UrlJudge:
    """Accepts an href when it is a same-site article URL other than the page itself."""

    def __init__(self, page: Page, site: SiteProfile | None) -> None:
        self.base = page.base_url
        self.site = site
        own = [page.url, page.canonical, _og_url(page)]
        own += [h for h in (_amphtml(link) for link in page.tree.iter("link")) if h is not None]
        self.sites: set[str] = set()
        self.own_keys: set[str] = set()
        for url in own:
            if not url:
                continue
            normalized = normalize_url(url, self.base)
            if normalized is None:
                continue
            self.own_keys.add(url_key(normalized))
            if url is page.url or url == page.canonical:
                site_id = site_of(normalized)
                if site_id:
                    self.sites.add(site_id)
        # A root-relative href means the same on every page of one origin, an absolute one on
        # every page of one scheme (urljoin treats same-scheme and other-scheme URLs apart):
        # those are the keys under which verdicts are shared across pages.
        self.scheme, self.origin = origin_of(self.base)
        self.origin_host = host_path_query(self.origin + "/")[0]
        self.origin_site = site_of(self.origin + "/")
        self.simple_origin = simple_origin(self.origin)
        self.shared = _verdicts_for(site)
        self.young = self.shared.young
        self.local: dict[str, _Verdict] = {}

    def accept(self, href: str) -> tuple[str, str] | None:
        """(normalized URL, comparison key) of an acceptable link, else None."""
        # The hot path of link discovery: a page has 150 to 300 hrefs, most already judged on
        # an earlier page of the crawl.
        first = href[:1]
        if first == "/":
            key = (self.origin, href)
        elif first == "h" and href.startswith(_ABSOLUTE):
            key = (self.scheme, href)
        else:
            unusual = self._scope_of_unusual(href)
            if unusual is None:
                return self._accept_relative(href)
            key = unusual
        verdict = self.young.get(key)
        if verdict is None:
            verdict = self._judge_shared(key, href)
        accepted = verdict[1]
        if accepted is None or verdict[0] not in self.sites or accepted[1] in self.own_keys:
            return None
        return accepted

    def _scope_of_unusual(self, href: str) -> tuple[str, str] | None:
        """The shared key of an href that starts with white space ("\\n  /nieuws/..."),
        which normalization drops; None for relative paths, fragments, mailto: and the like."""
        if not href[:1].isspace():
            return None
        lead = href.lstrip()
        if lead.startswith("/"):
            return self.origin, href
        if lead.startswith(_ABSOLUTE):
            return self.scheme, href
        return None

    def _accept_relative(self, href: str) -> tuple[str, str] | None:
        # Relative paths depend on the whole base: judged for this page only.
        verdict = self.local.get(href)
        if verdict is None:
            verdict = _judge_href(href, self.base, self.site)
            self.local[href] = verdict
        site_id, accepted = verdict
        if accepted is None or site_id not in self.sites or accepted[1] in self.own_keys:
            return None
        return accepted

    def _judge_shared(self, key: tuple[str, str], href: str) -> _Verdict:
        verdict = self.shared.get(key)
        if verdict is None:
            if key[0] is self.origin and href[1:2] != "/" and _PLAIN_HREF.match(href):
                verdict = self._judge_root_relative(href)
            elif (
                key[0] is self.scheme
                and not _PLAIN_HREF.match(href)
                and _SIMPLE_NETLOC.match(href)
                and site_of(href) not in self.sites
            ):
                # Share buttons ("https://www.linkedin.com/shareArticle?url=https%3A..."): on
                # another site, whatever normalization does after the host; unique to the page,
                # so not worth remembering.
                verdict = _NO_VERDICT
                self.young = self.shared.young
                return verdict
            else:
                verdict = _judge_href(href, self.base, self.site)
            # str(): an lxml "smart string" would keep its whole document alive in the cache.
            self.shared.put((key[0], str(href)), verdict)
        # The young generation may have been replaced by this put or the get's promotion.
        self.young = self.shared.young
        return verdict

    def _judge_root_relative(self, href: str) -> _Verdict:
        """_judge_href for a plain "/path?query" href: its host and site are the base's, its
        path and query are in it (most links of a page; each saves a URL parse)."""
        path, _, query = href.partition("?")
        if not article_shape(self.origin_host, path, query, self.site):
            return _NO_VERDICT
        if self.simple_origin is not None:
            normalized = normalize_plain_path(self.simple_origin, href)
            if normalized is not None:
                return self.origin_site, normalized
        url = normalize_url(href, self.base)
        if url is None:
            return _NO_VERDICT
        return self.origin_site, (url, url_key(url))


# "https://host.example:8080/...": a host that normalization only lower-cases.
_SIMPLE_NETLOC = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]|\Z)")

# ASCII, no whitespace, entities, percent-escapes, dot segments or AMP markers: normalization
# cannot change what such a link's shape says.
_PLAIN_HREF = re.compile(r"(?:https?:)?[A-Za-z0-9\-._~/!$'()*+,;=:@?]*\Z")


def clear_caches() -> None:
    """Forget every cached URL judgment (benchmarks measure cold pages with it)."""
    _VERDICTS.clear()
    for cached in (
        normalize_url,
        url_key,
        origin_of,
        simple_origin,
        registered_domain,
        site_of_netloc,
    ):
        cached.cache_clear()


# --- Embedded data ---------------------------------------------------------------------------

# Keys under which application state lists related stories: Arc "related_content", Next.js
# props "relatedArticles", "relatedStories", "related_links"...
_RELATED_KEY = re.compile(r"related|readalso|read_also|lees_?ook|meer_?over", re.I)
_EXCLUDED_KEY = re.compile(
    r"most|popular|trending|latest|recommend|sponsor|advert|navigation|menu|footer|header|tags?$",
    re.I,
)
_URL_KEYS = ("canonical_url", "canonicalUrl", "website_url", "url", "href", "link", "permalink",
             "shareUrl", "share_url", "webUrl", "path")  # fmt: skip
_TITLE_KEYS = ("headline", "title", "name", "headlines")
_ASSIGNMENT = re.compile(
    r"(?:Fusion\.globalContent|window\.__[A-Z_]+__|window\[['\"]__[A-Z_]+__['\"]\]"
    r"|__NEXT_DATA__|__NUXT__|__APOLLO_STATE__)\s*=\s*"
)
_MAX_NODES = 60000


def _title_of(item: dict[str, Any]) -> str:
    for key in _TITLE_KEYS:
        value = item.get(key)
        if isinstance(value, dict):  # Arc: "headlines": {"basic": "..."}
            value = value.get("basic") or value.get("web") or value.get("main")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:_MAX_TEXT]
    return ""


def _url_of(item: dict[str, Any]) -> str | None:
    for key in _URL_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    websites = item.get("websites")
    if isinstance(websites, dict):  # Arc: "websites": {"lalibre": {"website_url": "/..."}}
        for entry in websites.values():
            if isinstance(entry, dict) and isinstance(entry.get("website_url"), str):
                return str(entry["website_url"])
    return None


# Verdicts on the keys of application states (the same schema on every page), bounded.
_KEY_VERDICTS: dict[str, int] = {}
_KEY_OTHER, _KEY_RELATED, _KEY_EXCLUDED = 0, 1, 2


def _key_verdict(key: str) -> int:
    """Whether a state key's subtree is skipped ("mostRead"), lists related stories
    ("related_content") or neither."""
    if _EXCLUDED_KEY.search(key):
        verdict = _KEY_EXCLUDED
    else:
        verdict = _KEY_RELATED if _RELATED_KEY.search(key) else _KEY_OTHER
    if len(_KEY_VERDICTS) >= 4096:
        _KEY_VERDICTS.clear()
    _KEY_VERDICTS[key] = verdict
    return verdict


def _related_in_state(data: Any) -> Iterator[tuple[str, str]]:
    """(url, title) of stories listed under related-looking keys of an application state."""
    stack: list[tuple[Any, bool, int]] = [(data, False, 0)]
    visited = 0
    while stack and visited < _MAX_NODES:
        node, in_related, depth = stack.pop()
        visited += 1
        if isinstance(node, dict):
            if in_related:
                url = _url_of(node)
                if url is not None:
                    yield url, _title_of(node)
                    continue
            children = []
            for key, value in node.items():
                if not isinstance(value, (dict, list)):
                    if in_related and isinstance(value, str) and key in ("relatedLink",):
                        yield value, ""
                    continue
                verdict = _KEY_VERDICTS.get(key)
                if verdict is None:
                    verdict = _key_verdict(key)
                if verdict == _KEY_EXCLUDED:
                    continue
                related = in_related or verdict == _KEY_RELATED
                if in_related and depth > 4:
                    continue
                children.append((value, related, depth + 1 if related else 0))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            for value in reversed(node):
                if in_related and isinstance(value, str):
                    yield value, ""
                elif isinstance(value, (dict, list)):
                    stack.append((value, in_related, depth + 1 if in_related else 0))


def _state_objects(script: str) -> Iterator[Any]:
    """JSON application states in an inline script: a whole JSON script, or assignments such as
    'Fusion.globalContent={...};' and 'window.__INITIAL_STATE__ = {...}'."""
    text = script.strip()
    if text[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except ValueError:
            return
        yield data
        return
    decoder = json.JSONDecoder()
    for match in _ASSIGNMENT.finditer(script):
        try:
            obj, _ = decoder.raw_decode(script, match.end())
        except ValueError:
            continue
        yield obj


_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
     "WebPage", "ItemPage"}
)  # fmt: skip


def _jsonld_items(value: Any) -> Iterator[tuple[str, str]]:
    """(url, title) of JSON-LD link values: strings, {"url"/"@id"}, ListItem wrappers."""
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, str):
            yield v, ""
        elif isinstance(v, dict):
            wrapped = v.get("item")
            item: dict[str, Any] = wrapped if isinstance(wrapped, dict) else v
            url = item.get("url") or item.get("@id")
            if isinstance(url, str):
                yield url, _title_of(item)
            elif isinstance(wrapped, str):
                yield wrapped, _title_of(v)


def _jsonld_related(page: Page, extra: re.Pattern[str] | None) -> Iterator[tuple[str, str]]:
    for obj in page.json_ld:
        types = types_of(obj)
        for key in ("relatedLink", "significantLink"):
            if key in obj:
                yield from _jsonld_items(obj[key])
        if "ItemList" in types:
            name = obj.get("name")
            if isinstance(name, str) and label_kind(name, extra) == "related":
                yield from _jsonld_items(obj.get("itemListElement"))
        if types & _ARTICLE_TYPES:
            # An ItemList nested in the article ("hasPart", "mentions", ...) lists its coverage.
            for value in obj.values():
                for nested in value if isinstance(value, list) else [value]:
                    if isinstance(nested, dict) and "ItemList" in types_of(nested):
                        yield from _jsonld_items(nested.get("itemListElement"))


def _embedded(page: Page, extra: re.Pattern[str] | None) -> Iterator[tuple[str, str]]:
    yield from _jsonld_related(page, extra)
    for script in page.scripts:
        if "elated" not in script:
            continue
        for state in _state_objects(script):
            yield from _related_in_state(state)


# --- Public entry point ----------------------------------------------------------------------


def _anchor_text(anchor: HtmlElement) -> str:
    text = " ".join(anchor.text_content().split())
    if not text:
        text = anchor.get("title") or ""
        if not text:
            for img in anchor.iter("img"):
                text = img.get("alt") or ""
                if text:
                    break
        text = " ".join(text.split())
    return text[:_MAX_TEXT]


_HREFS = etree.XPath("//a/@href | //area/@href")


def _hrefs(tree: HtmlElement) -> list[etree._ElementUnicodeResult]:
    """Every <a href> and <area href> value, in document order, as lxml "smart strings"."""
    return cast(list[etree._ElementUnicodeResult], _HREFS(tree))


def related_links(page: Page, *, site: SiteProfile | None) -> list[Link]:
    """The page's related-coverage links, best first: related boxes, then links in the article
    text, then related articles listed in the page's data; one entry per article URL."""
    judge = _UrlJudge(page, site)
    if not judge.sites:
        return []
    candidates: list[tuple[HtmlElement, str, str]] = []
    # One XPath for every href (cheaper than reading the attribute of each element); the
    # element of an accepted one is its attribute's parent.
    for href in _hrefs(page.tree):
        if href:
            # A plain copy for judging: urllib's own urlsplit cache (128 entries) would keep
            # the page of every lxml "smart" string it is handed alive.
            accepted = judge.accept(str(href))
            if accepted is not None:
                candidates.append((cast(HtmlElement, href.getparent()), *accepted))
    regions = _Regions(page, site, [anchor for anchor, _, _ in candidates])
    found: dict[str, list[tuple[str, str, str]]] = {RELATED_BOX: [], BODY: [], EMBEDDED: []}
    for anchor, url, key in candidates:
        kind = regions.kind_of(anchor)
        if kind is not None:
            found[kind].append((url, key, _anchor_text(anchor)))
    for raw_url, title in _embedded(page, regions.extra_labels):
        accepted = judge.accept(raw_url)
        if accepted is not None:
            found[EMBEDDED].append((accepted[0], accepted[1], title))

    links: list[Link] = []
    position: dict[str, int] = {}
    for kind in KINDS:
        for url, key, text in found[kind]:
            index = position.get(key)
            if index is None:
                position[key] = len(links)
                links.append(Link(url=url, text=text, kind=kind))
            elif not links[index].text and text:
                previous = links[index]
                links[index] = Link(url=previous.url, text=text, kind=previous.kind)
    return links
