"""The evidence on each candidate link, as named numbers: its block's marks, topic, place, URL.

Every feature is meant to hold across sites, none names a site:
- the marks of the link's block (crawler/extract/links/blocks.py): a related, generic or
  excluded heading, related/chrome/widget class names, inside the article text or not;
- topical overlap: related coverage shares the story's words (headline, standfirst, keywords),
  site-wide widgets do not. Measured on the link's text and over its whole block;
- the block's size, and whether it comes before or after the article text;
- the target's URL: same section as the article, and its date against the article's
  (a "latest news" list links to stories newer than the page, coverage mostly to older ones).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from datetime import date

from crawler.extract.caching import memo
from crawler.extract.links.blocks import (
    CHROME,
    EXCLUDED,
    GENERIC,
    INLINE,
    RELATED,
    WIDGET,
    Placement,
)
from crawler.extract.links.labels import label_kind
from crawler.extract.text import fold_text
from crawler.extract.urls.dated import LINK_DAY


def _words(text: str) -> frozenset[str]:
    return frozenset(fold_text(word) for word in text.split())


# Words of four letters or more that say nothing about a story, in the languages of our users'
# sites (shorter words are dropped by length).
_STOPWORDS = _words(
    """
    about after again also among another because been before being between both could does down
    during each either even every from further have having here into just last like more most
    much must never next only other over same says should since some such than that their them
    then there these they this those through under until upon very what when where which while
    will with would your year years news read watch video photos live update updated today
    first three four five week weeks month months aber alle allem allen aller alles also andere
    anderen auch auf aus bei beim bereits bis dann darum dass dem den denn der des dessen die
    dies diese diesem diesen dieser dieses doch durch eine einem einen einer eines etwa euro
    gegen habe haben hat hatte hier ihre ihren immer jahr jahre jahren jetzt kann kein keine
    mehr mit nach neue neuen nicht noch nun oder ohne sehr seine seit sich sie sind sollen soll
    sowie uber und unter vom von vor war waren warum was weil weiter welche wenn werden wieder
    will wird wurde wurden zum zur zwei zwischen alors apres aussi avant avec avoir cette ceux
    chez comme comment contre dans depuis deux donc elle elles encore entre etre fait faire
    leur leurs lors mais meme moins notre nous pour pourquoi quand quel quelle sans selon sera
    sont sous tous tout toute toutes tres trois votre vous ante antes bajo cada como con contra
    cual cuando desde donde durante ella ellos entre esta este esto estos hace hasta mas muy
    nada para pero porque segun sido sobre sus tambien tiene todo todos tras una unos alla
    anche come con della delle dello dopo essere fare loro nella nelle negli questo quella sono
    stato tutti tutto aan alle als door echter geen heeft hebben hier hoe maar meer niet naar
    omdat onder over toch tussen voor waar wordt zijn joka jotka mutta myos ovat sekä kuin tämä
    että att eller från inte kommer efter också under oraz jest przez jako jego tylko
    """
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,}")
_STEM = 6


# A site's pages repeat most of their link texts and URLs (menus, teasers, boxes): their words
# and URL facts are kept, bounded, like the verdicts of judge.py.
@memo(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """The content words of a text, folded and cut to their first six letters ("ukrainian"
    and "ukraine" meet at "ukrain"; German compounds meet their first part); in scripts
    written without spaces (Chinese, Japanese), pairs of characters."""
    folded = fold_text(text)
    out = {word[:_STEM] for word in _WORD.findall(folded) if word not in _STOPWORDS}
    for run in _CJK.findall(folded):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


@memo(maxsize=8192)
def url_date(url: str) -> date | None:
    """The day a URL is filed under, when it carries one."""
    match = LINK_DAY.search(url)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        return None


@memo(maxsize=8192)
def first_segment(url: str) -> str:
    """The first path segment of an absolute URL, lower-cased ("politik" of ".../politik/a")."""
    start = url.find("://")
    rest = url[start + 3 :] if start >= 0 else url
    path = rest.partition("/")[2]
    return path.partition("/")[0].partition("?")[0].lower()


@dataclass(slots=True)
class Candidate:
    """One candidate link with what is known of it before scoring."""

    url: str
    key: str
    text: str
    placement: Placement | None
    """None for links listed in the page's data (embedded)."""
    block: object
    """An identity shared by the links of one block (an element, or a marker for embedded)."""
    position: int
    """-1 before the article text, 0 inside it, 1 after it (0 when unknown or embedded)."""
    repeats: int
    """How many candidate links of the page go to the same URL."""
    heading: str
    """The kind of the nearest heading before the link in page order (labels.label_kind, or
    "headline" for the page's <h1>, "other" for a heading of no known kind, "" for none)."""
    prose: bool
    """Whether the link sits in running text (its paragraph holds more text than the link)."""


# What kind of block a link sits in, by precedence (block_type): the one categorical fact the
# model weighs first, each with its own weight on topical overlap.
BLOCK_TYPES: tuple[str, ...] = (
    "embedded",  # listed in the page's data as related
    "excluded",  # under a "most read", "latest", "sponsored" label, or a "Next story" link
    "related",  # under a related label ("Sur le même sujet", "Mehr zum Thema"), site data
    "inline",  # after an inline label in a paragraph ("Lees ook: <a>")
    "chrome",  # navigation, header, footer, share and login blocks by name, tag or role
    "widget",  # most-read, recommendation, advertising blocks by name
    "generic",  # under a label that says nothing of the story ("More from Politics")
    "related_class",  # a block named related ("related-articles") without a label
    "prose",  # in the article's running text
    "body_list",  # in the article text, but in a list of links (teasers, a "see also" list)
    "unmarked",  # anywhere else: a card grid after the article, a sidebar list
)
# The blocks the page itself declares related: a box under a related label (or a site
# profile's related selector, or schema.org's relatedLink), an inline "Lire aussi:" line, a list
# in the page's data under a related key. The labelling rules count such links whatever their
# picks look like ("the page presents it as related"), so they are not left to the model:
# their confidence is 1. Everything else (generic labels, unlabelled grids, links in the text,
# class names) is the model's to judge.
DECLARED_TYPES: frozenset[str] = frozenset({"related", "inline", "embedded"})
# Per-link facts beside the block type.
_LINK_FEATURES: tuple[str, ...] = (
    "topic_frac",  # share of the link text's words in the headline, standfirst, keywords
    "block_size",  # log of the block's candidate links
    "before_body",
    "after_body",
    "after_headline",  # no heading between the page's <h1> and the link
    "text_words",
    "no_text",
    "same_section",  # first path segment of the link and of the page are the same
    "newer",  # the link's URL date is after the page's day (not for links in running text)
    "older_month",  # ... or more than 30 days before it
    "repeated",  # the page links to it more than once
    "same_story",  # a part of this story: its gallery, its next page
    "hashtag",  # "#Topic": a tag link
    "shape_only",  # no article evidence in its URL: a candidate for the page's own shape alone
    "slug_words",  # words in the URL's last segment, of 8: a story's title, or a bare id
)
FEATURES: tuple[str, ...] = (
    *BLOCK_TYPES,
    *(f"{t}_x_block_topic" for t in BLOCK_TYPES),
    *_LINK_FEATURES,
)


def block_type(cand: Candidate) -> str:
    """The kind of block a candidate link sits in (one of BLOCK_TYPES)."""
    placement = cand.placement
    if placement is None:
        return "embedded"
    strong = placement.strong.verdict if placement.strong else ""
    weak = placement.weak.verdict if placement.weak else ""
    if strong == EXCLUDED or _label_text(cand.text):
        return "excluded"
    if strong == RELATED:
        return "related"
    if strong == INLINE:
        return "inline"
    if weak in (CHROME, WIDGET):
        return "chrome" if weak == CHROME else "widget"
    if strong == GENERIC:
        return "generic"
    if weak == RELATED:
        return "related_class"
    if placement.in_body:
        return "prose" if cand.prose else "body_list"
    return "unmarked"


def _label_text(text: str) -> bool:
    """A link text that is itself an excluded label ("Next story", "Most read")."""
    return len(text.split()) <= _LABEL_WORDS and label_kind(text) == EXCLUDED


def _story_paths(urls: Iterable[str | None]) -> tuple[set[str], set[str]]:
    """The page's own paths and their story directories ("/news/x/story-slug-123/"): links below
    or beside them are parts of this story (gallery pages, next page), not other coverage."""
    paths: set[str] = set()
    dirs: set[str] = set()
    for url in urls:
        if not url:
            continue
        path = _path_of(url).rstrip("/")
        if not path:
            continue
        paths.add(path)
        head = path.rpartition("/")[0]
        if len(head.rpartition("/")[2]) >= _STORY_DIR:
            dirs.add(head)
    return paths, dirs


def _path_of(url: str) -> str:
    start = url.find("://")
    rest = url[start + 3 :] if start >= 0 else url
    return "/" + rest.partition("/")[2].partition("?")[0].partition("#")[0]


def _same_story(url: str, prefixes: tuple[str, ...], dirs: set[str], slugs: set[str]) -> bool:
    """Whether a link is part of this story: below one of its paths (`prefixes`: each with a
    trailing slash), beside it in its story directory, or its slug under another section."""
    path = _path_of(url).rstrip("/")
    if prefixes and path.startswith(prefixes):
        return True
    head, _, last = path.rpartition("/")
    if head in dirs:
        return True
    # The same slug under another section ("/photo/6271707/<slug>" of "/news/533223/<slug>").
    return len(last) >= _STORY_DIR and last in slugs


# A link text this short can be a label ("Next story", "Most read").
_LABEL_WORDS = 4
# A path segment this long is a story's slug or id, not a section.
_STORY_DIR = 16


def featurize(
    candidates: Sequence[Candidate],
    topic: frozenset[str],
    page_urls: Sequence[str | None],
    published: date | None,
    kinds: Sequence[str] | None = None,
    *,
    shape_only: Set[str] = frozenset(),
) -> list[list[float]]:
    """One feature vector (in FEATURES order) per candidate. `topic`: the stems of the story's
    headline, standfirst and keywords; `page_urls`: the page's URL first, then its canonical
    URL; `kinds`: the candidates' block types when already known; `shape_only`: the keys of
    candidates taken for their URL's shape alone (judge.UrlJudge.shape_only)."""
    if kinds is None:
        kinds = [block_type(cand) for cand in candidates]
    own = _topical(candidates, topic)
    members: dict[int, list[int]] = {}
    for i, cand in enumerate(candidates):
        members.setdefault(id(cand.block), []).append(i)
    # Per block: its size and the mean topical overlap of its links.
    means = {
        key: (len(block), sum(own[j][0] for j in block) / len(block))
        for key, block in members.items()
    }
    by_url = _url_facts(candidates, page_urls, published)
    n_types = len(BLOCK_TYPES)
    rows: list[list[float]] = []
    for i, cand in enumerate(candidates):
        frac, n_words = own[i]
        size, block_topic = means[id(cand.block)]
        kind = _TYPE_INDEX[kinds[i]]
        row = [0.0] * (2 * n_types)
        row[kind] = 1.0
        row[n_types + kind] = block_topic
        same_section, after, long_before, same_story, slug = by_url[cand.url]
        outside = cand.placement is not None and not cand.placement.in_body
        row += [
            frac,
            math.log1p(size),
            float(cand.position < 0 and outside),
            float(cand.position > 0 and outside),
            float(cand.heading == "headline"),
            math.log1p(n_words),
            float(n_words == 0),
            same_section,
            # A list of the latest news links to stories newer than the page; a link in its
            # running text to a newer one was written in by an update: the evidence of lists.
            0.0 if cand.prose else after,
            long_before,
            float(cand.repeats > 1),
            same_story,
            float(cand.text.startswith("#")),
            float(cand.key in shape_only),
            slug,
        ]
        rows.append(row)
    return rows


def _topical(candidates: Sequence[Candidate], topic: frozenset[str]) -> list[tuple[float, int]]:
    """For each candidate: the share of its URL's words that are the story's, and the number
    of words of its own text."""
    # A URL's words are those of the fullest text the page gives it: a card's image link
    # ("17_1730_wiesinger", "Photo") says less of its story than the card's title link.
    fullest: dict[str, str] = {}
    for cand in candidates:
        if len(cand.text) > len(fullest.get(cand.key, "")):
            fullest[cand.key] = cand.text
    words_of = {key: stems(text) for key, text in fullest.items()}
    # Topic words that most of the page's links share (a section, the site's name) say
    # nothing of one link's story.
    counts: dict[str, int] = {}
    for words in words_of.values():
        for word in words & topic:
            counts[word] = counts.get(word, 0) + 1
    common = {w for w, n in counts.items() if n >= 3 and n > _COMMON_SHARE * len(fullest)}
    if common:
        topic = topic - common
    own: list[tuple[float, int]] = []
    for cand in candidates:
        known = words_of.get(cand.key)
        words = known if known is not None else stems(cand.url.rsplit("/", 2)[-2:][0])
        frac = len(words & topic) / len(words) if words else 0.0
        own.append((frac, len(cand.text.split())))
    return own


def _url_facts(
    candidates: Sequence[Candidate], page_urls: Sequence[str | None], published: date | None
) -> dict[str, tuple[float, float, float, float, float]]:
    """What each URL alone says (same section, dated after or long before, part of this story,
    the words its last segment spells), once per URL: a page links most of its URLs twice or
    more."""
    page_url = page_urls[0] or ""
    own_paths, story_dirs = _story_paths(page_urls)
    prefixes = tuple(own + "/" for own in own_paths)
    slugs = {own.rpartition("/")[2] for own in own_paths}
    page_section = first_segment(page_url)
    page_day = published or url_date(page_url)
    by_url: dict[str, tuple[float, float, float, float, float]] = {}
    for cand in candidates:
        if cand.url not in by_url:
            link_day = url_date(cand.url)
            days = (link_day - page_day).days if link_day and page_day else None
            by_url[cand.url] = (
                float(bool(page_section) and first_segment(cand.url) == page_section),
                float(days is not None and days >= 1),
                float(days is not None and days < -30),
                float(_same_story(cand.url, prefixes, story_dirs, slugs)),
                slug_words(cand.url),
            )
    return by_url


@memo(maxsize=8192)
def slug_words(url: str) -> float:
    """The words of a URL's last path segment (its extension left out), of at most 8: a story's
    address spells its title ("direct-guerre-en-ukraine-suivez-..."), a tag, product or print
    page's holds a word or an id ("skoda-1337376", "11467")."""
    last = _path_of(url).rstrip("/").rpartition("/")[2].rpartition(".")
    stem = last[0] or last[2]
    return min(len(_SLUG_WORD.findall(stem)), _SLUG_MAX) / _SLUG_MAX


_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_SLUG_MAX = 8
# "Most": more than half of the distinct link texts (and at least three of them).
_COMMON_SHARE = 0.5
_TYPE_INDEX = {name: i for i, name in enumerate(BLOCK_TYPES)}


def topic_stems(texts: Iterable[str | None]) -> frozenset[str]:
    """The story's words: of its headline, standfirst and keywords."""
    out: set[str] = set()
    for text in texts:
        if text:
            out |= stems(text)
    return frozenset(out)
