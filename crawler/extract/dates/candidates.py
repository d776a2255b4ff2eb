"""Date candidates of a page, one collector per source: JSON-LD, meta, markup, app data, text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, cast

from lxml import etree

from crawler.extract.caching import memo, str_cache
from crawler.extract.dates.parse import (
    Parsed,
    clean_text,
    parse_iso,
    parse_slow,
    parse_text,
    parse_time_only,
    parse_value,
)
from crawler.extract.page import Page, types_of
from crawler.extract.types import DateRole
from crawler.extract.vocab import DATED_TYPES

# Plain strings, as the items carry them (types.DateRole is the one definition).
PUBLISHED = DateRole.PUBLISHED.value
MODIFIED = DateRole.MODIFIED.value
UNKNOWN = DateRole.UNKNOWN.value
"""A date the page shows without saying which one it is (a date-classed byline, a URL)."""


@dataclass(frozen=True)
class Candidate:
    """One date the page states, where it states it and what it is said to be."""

    role: str
    """PUBLISHED, MODIFIED or UNKNOWN."""
    parsed: Parsed
    raw: str
    source: str
    """"json-ld", "meta:<name>", "time", "itemprop", "embedded:<key>", "text", "url"."""
    rank: int
    """Trust when sources disagree; lower wins (see dates.py for the order and its reasons)."""


# The last resorts of rule 10 (see dates.py and fallback_candidates), in the order they are read
# when on. Those not in SHIPPED_FALLBACKS gained no page of the development sites' folds when
# chosen on the other folds (devtools/cv_dates.py): they stay available as data, off.
FALLBACKS = (
    "app-data",
    "thread",
    "title",
    "url-month",
    "attribute",
    "script",
    "share-image",
    "copyright",
)
SHIPPED_FALLBACKS = ("app-data", "thread", "url-month", "share-image")


@dataclass(frozen=True)
class Rules:
    """The tunable parts of date extraction as data: which rules run and their thresholds.
    devtools/cv_dates.py chooses them on some sites and scores them on others (cross-validation
    by site); the defaults are its choice on the development sites (see the README's "Dates")."""

    mislabelled_utc: bool = True
    """Rule 3: a machine value in UTC that is the visible local time gives way to it."""
    day_only_machine_after_text: bool = True
    """Rule 4's exception: a machine value without a time of day comes after labelled text."""
    published_from_modified: bool = True
    """Rule 4b: with nothing saying "published", an update beats an unlabelled dateline."""
    upgrade_day: bool = True
    """Rule 5: a day-only winner yields to a timestamp on the same day."""
    time_only_update: bool = True
    """Rule 5b: an update shown as a time alone is dated by the publication's day."""
    earlier_publication: bool = True
    """Rule 6: a publication later than the update gives way to an earlier "published"."""
    shown_day: bool = True
    """Rule 8: the day the page shows beats an instant read in a guessed zone."""
    shown_republication: bool = True
    """Rule 9: a refreshed page's shown day beats its hidden first publication."""
    zone_from_page: bool = True
    """Rule 2: the page's own offsets beat the zone its language or TLD suggests."""
    typo3_bare_date: bool = True
    """A bare <meta name="date"> on a TYPO3 page is an unlabelled date (see meta_candidates)."""
    classed: bool = True
    """Date-classed elements (bylines without a label) are read."""
    datelines: bool = True
    """Short date-only texts (unlabelled datelines) are read."""
    weak_exclusions: bool = False
    """Blocks that only usually hold other content ("teaser", "share", "recent") are skipped
    (off: it gained no page held out, and lost one)."""
    fallbacks: tuple[str, ...] = SHIPPED_FALLBACKS
    """Rule 10's last resorts that are read, in order."""
    label_gap: int = 24
    """How far (in visible characters) a date may sit after its label: "Publié le <time>"."""
    dateline_slack: int = 28
    """Characters of a dateline that may be something else than the date ("Schengen, ")."""
    same_edit_minutes: int = 5
    """Two instants closer than this are one edit written twice ("16:06" and "16:06:50")."""


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class ParseContext:
    """What parsing a page's visible dates needs to know about the page."""

    languages: tuple[str, ...]
    day_first: bool
    now_year: int
    rules: Rules = DEFAULT_RULES


# Ranks: machine-readable declarations of the main entity first, then markup, embedded data,
# labelled visible text, date-classed elements, and the URL. dates.py documents why.
RANK_JSONLD = 0
RANK_META = 20
RANK_JSONLD_SECONDARY = 28
RANK_ITEMPROP = 30
RANK_TIME = 35
RANK_EMBEDDED = 40
RANK_TEXT = 50
RANK_CLASSED = 60
RANK_URL = 70
RANK_DATELINE = 80
RANK_FALLBACK = 90


# --- JSON-LD -------------------------------------------------------------------------------------

# Entities that are never the page's own content.
_OTHER_TYPES = frozenset(
    [
        "ItemList",
        "ListItem",
        "BreadcrumbList",
        "Organization",
        "NewsMediaOrganization",
        "Person",
        "WebSite",
        "ImageObject",
        "SearchAction",
        "Comment",
        "Brand",
        "Place",
        "PostalAddress",
        "SiteNavigationElement",
    ]
)
_PAGE_TYPES = frozenset(["WebPage", "ItemPage", "AboutPage", "MedicalWebPage", "QAPage", "FAQPage"])
_JSONLD_ROLES = (
    ("datePublished", PUBLISHED, False),
    ("dateCreated", PUBLISHED, True),
    ("uploadDate", PUBLISHED, True),
    ("dateModified", MODIFIED, False),
)


def _jsonld_entities(page: Page) -> Iterator[tuple[dict[str, Any], int]]:
    """Top-level entities and their mainEntity, with a rank: articles about this URL first."""
    here = {u.rstrip("/") for u in (page.url, page.canonical) if u}
    for obj in page.json_ld:
        stack: list[dict[str, Any]] = [obj]
        for key in ("mainEntity", "mainEntityOfPage"):
            inner = obj.get(key)
            if isinstance(inner, dict):
                stack.append(inner)
            elif isinstance(inner, list):
                stack.extend(x for x in inner if isinstance(x, dict))
        for entity in stack:
            types = types_of(entity)
            if types & DATED_TYPES:
                base = 0
            elif types & _PAGE_TYPES:
                base = 2
            elif types & _OTHER_TYPES:
                continue
            else:
                # Media embedded in an article (a video player, a podcast), how-tos, untyped
                # objects: their dates speak for the page only below its meta tags.
                base = 4
            ids = entity.get("url"), entity.get("@id"), entity.get("mainEntityOfPage")
            about_here = any(
                isinstance(v, str) and v.split("#")[0].rstrip("/") in here for v in ids
            ) or any(
                isinstance(v, dict) and str(v.get("@id", "")).split("#")[0].rstrip("/") in here
                for v in ids
            )
            yield entity, base + (0 if about_here else 1)


def _select(xpath: etree.XPath, tree: Any, **variables: str) -> list[Any]:
    """Run a compiled XPath that selects nodes (elements or text nodes)."""
    return cast("list[Any]", xpath(tree, **variables))


def jsonld_candidates(page: Page, ctx: ParseContext) -> list[Candidate]:
    """datePublished / dateCreated / uploadDate / dateModified of the page's main entity."""
    entities = sorted(_jsonld_entities(page), key=lambda pair: pair[1])
    out: list[Candidate] = []
    best: int | None = None
    for entity, rank in entities:
        if not any(isinstance(entity.get(key), str) for key, _, _ in _JSONLD_ROLES):
            continue
        if best is None:
            best = rank
        elif rank > best:
            break  # a less specific entity (the WebPage) only speaks when the article is silent
        for key, role, secondary in _JSONLD_ROLES:
            value = entity.get(key)
            if isinstance(value, str) and value.strip():
                parsed = parse_value(value, day_first=ctx.day_first, now_year=ctx.now_year)
                if parsed is not None:
                    # Creation (a draft's) and upload dates, and media entities, rank below meta.
                    level = RANK_JSONLD_SECONDARY if secondary or rank >= 4 else RANK_JSONLD
                    out.append(Candidate(role, parsed, value, "json-ld", level + rank))
    return out


# --- meta tags -----------------------------------------------------------------------------------

# (name, role, rank offset): Open Graph article properties are written by the CMS from its stored
# instant; Dublin Core and the analytics tags (Parse.ly, Sailthru) next; bare "date" last.
_META_NAMES: tuple[tuple[str, str, int], ...] = (
    ("article:published_time", PUBLISHED, 0),
    ("og:article:published_time", PUBLISHED, 0),
    ("article:published", PUBLISHED, 1),
    ("og:published_time", PUBLISHED, 1),
    ("datepublished", PUBLISHED, 1),
    ("rnews:datepublished", PUBLISHED, 1),
    ("publish-date", PUBLISHED, 2),
    ("publish_date", PUBLISHED, 2),
    ("publishdate", PUBLISHED, 2),
    ("published_time", PUBLISHED, 2),
    ("published-date", PUBLISHED, 2),
    ("article.published", PUBLISHED, 2),
    ("article_date_original", PUBLISHED, 2),
    ("original-publish-date", PUBLISHED, 2),
    ("cxenseparse:recs:publishtime", PUBLISHED, 2),
    ("cxenseparse:publishtime", PUBLISHED, 2),
    ("article:published_date", PUBLISHED, 2),
    ("og:pubdate", PUBLISHED, 2),
    ("shareaholic:article_published_time", PUBLISHED, 2),
    ("publication_date", PUBLISHED, 2),
    ("parsely-pub-date", PUBLISHED, 3),
    ("sailthru.date", PUBLISHED, 3),
    ("dc.date.issued", PUBLISHED, 3),
    ("dcterms.issued", PUBLISHED, 3),
    ("dc.date.created", PUBLISHED, 4),
    ("dcterms.created", PUBLISHED, 4),
    ("dc.date.published", PUBLISHED, 3),
    ("dc.created", PUBLISHED, 4),
    ("citation_publication_date", PUBLISHED, 3),
    ("citation_online_date", PUBLISHED, 3),
    ("prism.publicationdate", PUBLISHED, 3),
    ("pubdate", PUBLISHED, 4),
    ("pub_date", PUBLISHED, 4),
    ("datecreated", PUBLISHED, 5),
    ("dc.date", PUBLISHED, 5),
    ("dcterms.date", PUBLISHED, 5),
    ("date", PUBLISHED, 6),
    ("article:modified_time", MODIFIED, 0),
    ("og:article:modified_time", MODIFIED, 0),
    ("article:modified", MODIFIED, 1),
    ("article:updated_time", MODIFIED, 1),
    ("article:modified_date", MODIFIED, 2),
    ("shareaholic:article_modified_time", MODIFIED, 2),
    ("og:updated_time", MODIFIED, 2),
    ("datemodified", MODIFIED, 1),
    ("dc.date.modified", MODIFIED, 3),
    ("dcterms.modified", MODIFIED, 3),
    ("lastmod", MODIFIED, 4),
    ("last-modified", MODIFIED, 5),
)


# Names that say only "a date". TYPO3 writes them from the page record's last change, and a news
# detail page is one page record showing many news records: its '<meta name="date"
# content="2021-12-20T11:02:44+01:00">' is when the page was set up, not when the story shown was
# published (tt_news/news print that in the body: '<div class="news-single-timedata">').
_BARE_DATE_NAMES = frozenset({"date", "dc.date", "dcterms.date"})


def meta_candidates(page: Page, ctx: ParseContext) -> list[Candidate]:
    """Dates declared in <meta> tags, by name; on TYPO3 pages, a bare "date" is an unlabelled
    date ranked below date-classed elements (see _BARE_DATE_NAMES)."""
    meta = page.meta
    out: list[Candidate] = []
    typo3: bool | None = None
    for name, role, extra in _META_NAMES:
        values = meta.get(name)
        if not values and name.startswith("dc"):
            # Dublin Core in RDFa's prefix form: "dc:date", "dcterms:created".
            values = meta.get(name.replace(".", ":", 1))
        if not values:
            continue
        # http-equiv last-modified is the server's clock, not the article's: named ones only.
        raw = values[0]
        parsed = parse_value(raw, day_first=ctx.day_first, now_year=ctx.now_year)
        if parsed is None:
            continue
        if name in _BARE_DATE_NAMES and ctx.rules.typo3_bare_date:
            if typo3 is None:
                # Its generator tag ("TYPO3 CMS") or asset paths ("/typo3conf/", "/typo3temp/").
                typo3 = "TYPO3" in page.html or "typo3" in page.html
            if typo3:
                out.append(Candidate(UNKNOWN, parsed, raw, f"meta:{name}", RANK_CLASSED + 5))
                continue
        out.append(Candidate(role, parsed, raw, f"meta:{name}", RANK_META + extra))
    return out


# --- markup: <time> and microdata ----------------------------------------------------------------

# Blocks whose dates are not the page's: other articles (related, "most read"), comments,
# navigation, widgets. Unambiguous words count anywhere in a class or id
# ("article-related-list"); words that also name the page's own layout ("sidebar" in
# "sticky-sidebar-parent", "widget" in Blogger's main "widget Blog") only when a class token
# starts with them ("sidebar-main", "widget_recent_entries"). WordPress's taxonomy classes
# ("category-recommended", "tag-comments") describe the post, not the block: never matched.
_STRONG_ANYWHERE = (
    r"comment|kommentar|related|recommend|popular|most-?read|mostviewed|trending"
    r"|weiterlesen|readmore|read-more|more-?(?:news|articles|stories)|newsletter|outbrain"
    r"|taboola|disqus|lesetipp|lire-aussi|see-also|similar"
    # Embedded social posts quote another post with its own date: Instagram's
    # <blockquote class="instagram-media">, X/Twitter's "twitter-tweet", TikTok's "tiktok-embed".
    r"|instagram-media|twitter-tweet|tiktok-embed"
    # A forum post's member profile shows when its author joined: phpBB's
    # <dl class="postprofile"><dd class="profile-joined"><strong>Registriert:</strong>
    # 18.09.2008</dd>, vBulletin's and XenForo's "Join Date"/"Joined" fields.
    r"|postprofile|joined|join-?date"
)
# A block classed "today" or "current-date" shows the day the page was served, in the masthead
# ('<div class="today">Wednesday, August 19, 2020</div>'), not a day of the page's content.
_STRONG_AT_START = r"sidebar|widget_|widget-|nav|menu|aside|today|current-?date"
# Words that usually, not always, mean other content: a "teaser" list of other articles but also
# the page's own lead ("teaser-body"), share bars that also carry the page's own date. They
# exclude for the sources read everywhere on the page (<time>, labels, date classes), not for
# the last-resort dateline.
_WEAK_ANYWHERE = r"teaser"
_WEAK_AT_START = (
    r"promo|carousel|archive|calendar|next|prev|pagination|social|share|rail|recent|also|aussi"
)
_TAXONOMY = re.compile(r"(?:^|\s)(?:category|tag|tags|cat|format|status|type)-\S*")
EXCLUDED_BLOCK = re.compile(
    rf"(?:{_STRONG_ANYWHERE}|{_WEAK_ANYWHERE})|(?:^|\s)(?:{_STRONG_AT_START}|{_WEAK_AT_START})",
    re.I,
)
STRONGLY_EXCLUDED_BLOCK = re.compile(
    rf"(?:{_STRONG_ANYWHERE})|(?:^|\s)(?:{_STRONG_AT_START})", re.I
)


@str_cache(maxsize=4096)
def _excluded_attrs(attrs: str, strict: bool) -> bool:
    """Whether a class/id string names a block of other content (cached: a page's dates share
    their enclosing blocks, and a site's pages share their class names)."""
    if not attrs.strip():
        return False
    if "-" in attrs:
        attrs = _TAXONOMY.sub(" ", attrs)
    pattern = EXCLUDED_BLOCK if strict else STRONGLY_EXCLUDED_BLOCK
    return pattern.search(attrs) is not None


# Footers are not excluded: an article's own footer holds its byline (WordPress's
# <footer class="entry-meta">, TYPO3's div.footer); a site footer's dates are copyright lines
# (never read: no label, filtered from datelines) or widgets (excluded by their own class).
_EXCLUDED_TAGS = frozenset({"aside", "nav", "menu", "noscript"})


# The page's main column, by the ids themes give it ('<div id="content" class="widecolumn">',
# '<div id="main">'), and <main>: blocks around it are layout, never a list of other content (a
# sidebar sits beside the main column, not around it). Where the HTML leaves a sidebar's element
# unclosed, the parser nests the main column in it: the walk up from a date stops here.
_MAIN_IDS = frozenset({"content", "main", "main-content", "maincontent", "primary"})


_NEAR_LEVELS = 8
"""How many enclosing elements of a date are looked at: a date's own container (a teaser, a
comment, a related list) encloses it closely, while classes far up the tree name the page
layout (off-canvas themes wrap the whole page in a "navigation-container")."""


@dataclass(frozen=True)
class MainBlocks:
    """The blocks that hold the page's headline, and the class names they give their parts."""

    elements: frozenset[Any] = frozenset()
    names: tuple[str, ...] = ()
    """Class tokens of those blocks that read as exclusions ("ArticleHeaderComment"): a part
    named after one in BEM style ("ArticleHeaderComment_publishDate") belongs to it too."""

    def covers(self, node: Any) -> bool:
        """Whether the node is one of these blocks, or a part named after one."""
        if node in self.elements:
            return True
        if not self.names:
            return False
        return any(
            token.startswith(name) and token[len(name) : len(name) + 1] in ("_", "-")
            for token in (node.get("class") or "").split()
            for name in self.names
        )


def _headline(page: Page) -> Any:
    """The page's headline element: its first <h1>, else the first <h2>/<h3> whose text is in the
    page's title (themes that print the blog's name in <h1> and the post's title in <h3>)."""
    tree = page.tree
    headline = tree.find(".//body//h1")
    if headline is not None:
        return headline
    title = clean_text(page.meta_first("og:title") or tree.findtext(".//title") or "")
    if len(title) < 10:
        return None
    for heading in tree.iter("h2", "h3"):
        text = clean_text(heading.text_content() or "")
        if len(text) >= 10 and text in title:
            return heading
    return None


def headline_blocks(page: Page) -> MainBlocks:
    """The elements enclosing the page's headline (see _headline). A block holding the headline
    is the page's own content whatever its class says: themes name their main column
    "sidebar_content", opinion sections wrap the article header in "ArticleHeaderComment"
    (German "Kommentar": an opinion piece). lxml hands out the same element object for a node
    while one is referenced, so membership tests are identity tests."""
    headline = _headline(page)
    if headline is None:
        return MainBlocks()
    elements = frozenset(headline.iterancestors())
    names = tuple(
        token
        for element in elements
        for token in (element.get("class") or "").split()
        if len(token) >= 6 and _excluded_attrs(token, True)
    )
    return MainBlocks(elements, names)


def _masthead(header: Any, keep: MainBlocks) -> bool:
    """Whether a <header> is the site's masthead: it neither holds the page's headline nor sits
    in an <article> or <main>. A date there is the day's edition ("lun. 5 août 2019" next to the
    logo) or a ticker, not the article's; an article's own <header> holds its headline."""
    if not keep.elements or header in keep.elements:
        return False
    return next(header.iterancestors("article", "main"), None) is None


# A "sidebar" inside the page's own <article> is the article's margin column, where themes put
# its date, author and share buttons ('<article class="post"><div class="sidebar"><time
# datetime="2022-01-28">'); the site's sidebar of other content sits beside the article.
_MARGIN = re.compile(r"(?:^|\s)sidebar", re.I)


def _article_margin(node: Any, attrs: str, strict: bool) -> bool:
    """Whether the block is excluded only for being a sidebar, and that sidebar sits in an
    <article> that is not itself nested in another (a teaser card)."""
    if _MARGIN.search(attrs) is None or _excluded_attrs(_MARGIN.sub(" _", attrs), strict):
        return False
    article = next(node.iterancestors("article"), None)
    return article is not None and next(article.iterancestors("article"), None) is None


def in_excluded_block(
    element: Any,
    *,
    strict: bool = True,
    levels: int | None = _NEAR_LEVELS,
    keep: MainBlocks | None = None,
) -> bool:
    """Whether the element is, or sits in, a block whose dates belong to something else
    (`strict`: also the blocks that only usually do, see _WEAK_ANYWHERE; `levels`: how many
    enclosing elements to look at, the nearest _NEAR_LEVELS by default, all when None; `keep`:
    blocks never excluded by their class or id, see headline_blocks)."""
    node = element
    depth = 0
    while node is not None:
        depth += 1
        if levels is not None and depth > levels:
            return False
        tag = node.tag
        if isinstance(tag, str):
            if tag in _EXCLUDED_TAGS:
                return True
            if tag in ("body", "html", "main") or node.get("id") in _MAIN_IDS:
                return False
            if tag == "article" and next(node.iterancestors("article"), None) is not None:
                return True  # an article nested in another is a teaser card of another article
            if tag == "header" and keep is not None and _masthead(node, keep):
                return True
            attrs = (node.get("class") or "") + " " + (node.get("id") or "")
            if (
                _excluded_attrs(attrs, strict)
                and (keep is None or not keep.covers(node))
                and not _article_margin(node, attrs, strict)
            ):
                return True
        node = node.getparent()
    return False


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_CLASS_OR_ID = re.compile(r"""(?:class|id)\s*=\s*["']?([^"'>]*)""", re.I)
_WINDOW = 3000
"""Characters of HTML before a position in which the blocks enclosing it are looked for."""


def open_blocks(html: str, pos: int) -> list[tuple[str, str]]:
    """The elements still open at `pos` (tag, attributes), outermost first, rebuilt from the
    tags in the few kilobytes before it: a tree walk per date would cost a whole-page traversal,
    and a date's own container (a comment, a teaser, a related list) is always near it."""
    blocks: list[tuple[str, str]] = []
    for match in _TAG.finditer(html, max(0, pos - _WINDOW), pos):
        closing, tag, attrs = match.groups()
        tag = tag.lower()
        if tag in _VOID or attrs.endswith("/"):
            continue
        if closing:
            for depth in range(len(blocks) - 1, -1, -1):
                if blocks[depth][0] == tag:
                    del blocks[depth:]
                    break
        else:
            blocks.append((tag, attrs))
    return blocks


def blocks_excluded(blocks: list[tuple[str, str]], strict: bool = True) -> bool:
    """Whether any of these enclosing blocks holds other articles, comments or navigation
    (`strict`: also the blocks that only usually do, see _WEAK_ANYWHERE)."""
    articles = 0
    for tag, attrs in blocks:
        if tag in _EXCLUDED_TAGS:
            return True
        articles += tag == "article"
        if articles > 1:
            return True  # an article nested in another is a teaser card of another article
        for attr in _CLASS_OR_ID.findall(attrs):
            if _excluded_attrs(attr, strict):
                return True
    return False


_MODIFIED_HINT = re.compile(r"updat|modif|aktualis|bijgewerkt|actualiz|aggiorn|revis|edited", re.I)
_PUBLISHED_HINT = re.compile(r"publi|posted|pubdate|created|erschien|veroeff|veröff", re.I)
_ITEMPROP_ROLES = {
    "datePublished": PUBLISHED,
    "dateCreated": PUBLISHED,
    "uploadDate": PUBLISHED,
    "dateModified": MODIFIED,
}


_ATTR = re.compile(r"""([a-zA-Z_:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def _attributes(tag: str) -> dict[str, str]:
    """Attributes of one start tag's text ("<time datetime=... pubdate>"), names lower-cased."""
    body = tag[1:-1]
    name = _TAG_NAME.match(tag)
    if name is not None:
        body = body[len(name.group(1)) :]
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(body)
    }


_MAX_TIMES = 8
_ITEMPROP_DATE = re.compile(
    r"""itemprop\s*=\s*["']?(?:datePublished|dateModified|dateCreated|uploadDate)"""
)


def _itemprop_dates(html: str, limit: int, start: int = 0) -> Iterator[re.Match[str]]:
    """The itemprop="datePublished"-like attributes of the HTML text from `start`, in page
    order: one substring scan for "itemprop" (C speed) and a pattern matched at each hit only,
    as pages carry dozens of other itemprops."""
    pos = html.find("itemprop", start)
    found = 0
    while pos >= 0 and found < limit:
        match = _ITEMPROP_DATE.match(html, pos)
        if match is not None:
            found += 1
            yield match
        pos = html.find("itemprop", pos + 8)


def _time_role(element: Any) -> str:
    """A <time> element's role from its own or its parent's class ("entry-date published",
    "updated") or its pubdate attribute."""
    parent = element.getparent()
    hints = " ".join(
        (
            element.get("class") or "",
            element.get("id") or "",
            (parent.get("class") or "") if parent is not None else "",
        )
    )
    if element.get("pubdate") is not None or _PUBLISHED_HINT.search(hints):
        return PUBLISHED
    if _MODIFIED_HINT.search(hints):
        return MODIFIED
    return UNKNOWN


def element_date(element: Any, ctx: ParseContext, slow: bool = False) -> tuple[str, Parsed] | None:
    """The first date in an element's text, and that text. A date badge splits its date into
    one element per part, which CSS shows apart ('<span class="tag">18</span><span
    class="jahr">2009</span>' reads "182009" joined): when the joined text holds no date, its
    parts are read with a space between them. `slow`: dateparser for what the patterns miss."""
    text = clean_text(element.text_content() or "")
    parsed = parse_text(text, day_first=ctx.day_first, now_year=ctx.now_year)
    if parsed is None and len(element):
        spaced = clean_text(" ".join(element.itertext()))
        if spaced != text:
            parsed = parse_text(spaced, day_first=ctx.day_first, now_year=ctx.now_year)
            text = spaced if parsed is not None else text
    if parsed is None and slow and text:
        parsed = parse_slow(text[:120], ctx.languages)
    return (text, parsed) if parsed is not None else None


def _time_candidate(element: Any, role: str, ctx: ParseContext) -> Candidate | None:
    """One <time> element as a candidate of that role: its value from datetime= or else its
    text."""
    raw = element.get("datetime") or ""
    if raw.strip():
        parsed = parse_value(raw, day_first=ctx.day_first, now_year=ctx.now_year)
        if parsed is None:
            return None
        return Candidate(role, parsed, raw.strip(), "time", RANK_TIME)
    found = element_date(element, ctx, slow=True)
    if found is None:
        return None
    return Candidate(role, found[1], found[0][:120].strip(), "time", RANK_TIME)


def markup_candidates(page: Page, ctx: ParseContext, limit: int = 24) -> list[Candidate]:
    """<time> elements and microdata itemprop dates, outside related/comment blocks; the first of
    each kind counts. <time> elements come from lxml's C iterator over that one tag; itemprop
    dates are found in the HTML text (a whole-tree attribute search costs a traversal in
    Python or an XPath over every element)."""
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for element in islice(page.tree.iter("time"), _MAX_TIMES):
        # The page's own <time> elements come first; lists of other articles' follow.
        time_role = _time_role(element)
        if ("time", time_role) in seen or in_excluded_block(
            element, strict=ctx.rules.weak_exclusions, levels=_NEAR_LEVELS
        ):
            continue  # the first <time> of each role counts
        candidate = _time_candidate(element, time_role, ctx)
        if candidate is not None:
            seen.add(("time", candidate.role))
            out.append(candidate)
    html = page.html
    # From <body> on: <head> only holds <meta itemprop>, read with the meta tags.
    for match in _itemprop_dates(html, limit, page.main_offsets[0]):
        pos = html.rfind("<", 0, match.start() + 1)
        end = html.find(">", match.end())
        name = _TAG_NAME.match(html, pos) if pos >= 0 else None
        if name is None or end < 0 or ">" in html[pos : match.start()]:
            continue
        tag_name = name.group(1).lower()
        if tag_name in ("meta", "link"):
            continue  # <meta itemprop> is read with the meta tags
        tag = html[pos : end + 1]
        attrs = _attributes(tag)
        role = _ITEMPROP_ROLES.get(attrs.get("itemprop", ""))
        if role is None or ("itemprop", role) in seen:
            continue
        if blocks_excluded([*open_blocks(html, pos), (tag_name, tag)], ctx.rules.weak_exclusions):
            continue
        raw = attrs.get("datetime") or attrs.get("content") or ""
        if raw.strip():
            parsed = parse_value(raw, day_first=ctx.day_first, now_year=ctx.now_year)
        else:
            close = html.find(f"</{tag_name}", pos)
            raw = clean_text(html[pos : close if 0 < close < pos + 600 else pos + 300])[:120]
            if not raw:
                continue
            parsed = parse_text(raw, day_first=ctx.day_first, now_year=ctx.now_year)
            parsed = parsed or parse_slow(raw, ctx.languages)
        if parsed is None:
            continue
        seen.add(("itemprop", role))
        out.append(Candidate(role, parsed, raw.strip(), "itemprop", RANK_ITEMPROP))
    return out


# --- embedded application data (Arc XP's Fusion.globalContent) -----------------------------------

_FUSION = re.compile(r"Fusion\.globalContent\s*=\s*")
_FUSION_KEYS = (
    ("first_publish_date", PUBLISHED, 0),
    ("display_date", PUBLISHED, 1),
    ("publish_date", PUBLISHED, 2),  # Arc's latest (re)publication: a last resort
    ("created_date", PUBLISHED, 3),
    ("last_updated_date", MODIFIED, 0),
)


def embedded_candidates(page: Page, ctx: ParseContext) -> list[Candidate]:
    """Top-level dates of the story in Arc XP's Fusion.globalContent (not its related items)."""
    if "Fusion.globalContent" not in page.html:
        return []
    for script in page.scripts:
        match = _FUSION.search(script)
        if match is None:
            continue
        try:
            data, _ = json.JSONDecoder(strict=False).raw_decode(script, match.end())
        except ValueError:
            return []
        if not isinstance(data, dict):
            return []
        out = []
        for key, role, extra in _FUSION_KEYS:
            value = data.get(key)
            if isinstance(value, str):
                parsed = parse_value(value, day_first=ctx.day_first, now_year=ctx.now_year)
                if parsed is not None:
                    source = f"embedded:{key}"
                    out.append(Candidate(role, parsed, value, source, RANK_EMBEDDED + extra))
        return out
    return []


# --- labelled visible text -----------------------------------------------------------------------

# Lower-case labels that introduce a date in news bylines, by language and role.
_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    # "Publié le 12-09-2023 à 16h41", "Mis à jour le 13-09-2023 à 16h50", "Mis en ligne le ...".
    "fr": (
        ("publié le", PUBLISHED),
        ("publiée le", PUBLISHED),
        ("publié", PUBLISHED),
        ("mis en ligne le", PUBLISHED),
        ("mis en ligne", PUBLISHED),
        ("posté le", PUBLISHED),
        ("paru le", PUBLISHED),
        ("mis à jour le", MODIFIED),
        ("mis à jour", MODIFIED),
        ("actualisé le", MODIFIED),
        ("modifié le", MODIFIED),
    ),
    # "Gepubliceerd op 12 september 2023", "Bijgewerkt op ...".
    "nl": (
        ("gepubliceerd op", PUBLISHED),
        ("gepubliceerd", PUBLISHED),
        ("geplaatst op", PUBLISHED),
        ("laatst bijgewerkt", MODIFIED),
        ("bijgewerkt op", MODIFIED),
        ("bijgewerkt", MODIFIED),
        # WordPress's Dutch themes: "Aangepast op vrijdag 17 mei 2024 om 16.40 uur",
        # "Laatst gewijzigd: 17-05-2024 16:40".
        ("aangepast op", MODIFIED),
        ("aangepast", MODIFIED),
        ("laatst gewijzigd", MODIFIED),
        ("gewijzigd op", MODIFIED),
    ),
    # "Veröffentlicht am 12.09.2023 um 16:41 Uhr", "Aktualisiert am ...", "Stand: 12.09.2023".
    "de": (
        ("veröffentlicht am", PUBLISHED),
        ("veröffentlicht", PUBLISHED),
        ("erschienen am", PUBLISHED),
        ("publiziert am", PUBLISHED),
        ("erstellt am", PUBLISHED),
        # A field name standing for the label: "Erscheinungsdatum 25.01.2022",
        # "Veröffentlichungsdatum: 03.05.2021" (publication date).
        ("erscheinungsdatum", PUBLISHED),
        ("veröffentlichungsdatum", PUBLISHED),
        ("zuletzt aktualisiert", MODIFIED),
        ("aktualisiert am", MODIFIED),
        ("aktualisiert", MODIFIED),
        ("geändert am", MODIFIED),
        ("letzte änderung", MODIFIED),
        ("zuletzt geändert", MODIFIED),
        ("zuletzt bearbeitet", MODIFIED),
        ("stand:", MODIFIED),
    ),
    # "Published on September 12, 2023", "Updated 13 September 2023".
    "en": (
        ("published on", PUBLISHED),
        ("published", PUBLISHED),
        ("posted on", PUBLISHED),
        ("posted", PUBLISHED),
        ("last updated", MODIFIED),
        ("last modified", MODIFIED),
        # Wikis: "(last edited 2019-11-10 13:28:18 by ...)".
        ("last edited", MODIFIED),
        ("updated on", MODIFIED),
        ("updated", MODIFIED),
    ),
    "es": (
        ("publicado el", PUBLISHED),
        ("publicado", PUBLISHED),
        ("actualizado el", MODIFIED),
        ("actualizado", MODIFIED),
    ),
    "pt": (("publicado", PUBLISHED), ("atualizado", MODIFIED)),
    "it": (
        ("pubblicato il", PUBLISHED),
        ("pubblicato", PUBLISHED),
        ("aggiornato il", MODIFIED),
        ("aggiornato", MODIFIED),
    ),
    "fi": (("julkaistu", PUBLISHED), ("päivitetty", MODIFIED)),
    "sv": (("publicerad", PUBLISHED), ("uppdaterad", MODIFIED)),
    "da": (("udgivet", PUBLISHED), ("opdateret", MODIFIED)),
    "nb": (("publisert", PUBLISHED), ("oppdatert", MODIFIED)),
    "pl": (("opublikowano", PUBLISHED), ("zaktualizowano", MODIFIED)),
    "ru": (
        ("опубликовано", PUBLISHED),
        ("дата публикации", PUBLISHED),
        ("обновлено", MODIFIED),
        ("дата обновления", MODIFIED),
    ),
    "uk": (("опубліковано", PUBLISHED), ("оновлено", MODIFIED)),
    "tr": (
        ("yayınlanma tarihi", PUBLISHED),
        ("yayın tarihi", PUBLISHED),
        ("yayınlanma", PUBLISHED),
        ("son güncelleme", MODIFIED),
        ("güncelleme tarihi", MODIFIED),
        ("güncelleme", MODIFIED),
    ),
    # Labels run into their date without a space in East Asian scripts: "公開日：2020年2月14日",
    # "发布时间：2020-02-14 10:30", "입력 2020.02.14 15:20" (Korean news: "input", then "수정",
    # modified, and "승인", approved for publication, on smaller sites).
    "ja": (
        ("公開日", PUBLISHED),
        ("掲載日", PUBLISHED),
        ("投稿日", PUBLISHED),
        ("配信日", PUBLISHED),
        ("最終更新日", MODIFIED),
        ("更新日", MODIFIED),
    ),
    "zh": (
        ("发布时间", PUBLISHED),
        ("發佈時間", PUBLISHED),
        ("發布時間", PUBLISHED),
        ("发布日期", PUBLISHED),
        ("发表于", PUBLISHED),
        ("發表於", PUBLISHED),
        ("更新时间", MODIFIED),
        ("更新時間", MODIFIED),
    ),
    "ko": (
        ("기사입력", PUBLISHED),
        ("입력", PUBLISHED),
        ("등록", PUBLISHED),
        ("승인", PUBLISHED),
        ("게시", PUBLISHED),
        ("최종수정", MODIFIED),
        ("수정", MODIFIED),
        ("업데이트", MODIFIED),
    ),
    "fa": (
        ("تاریخ انتشار", PUBLISHED),
        ("تاريخ انتشار", PUBLISHED),
        ("منتشر شده", PUBLISHED),
        ("انتشار", PUBLISHED),
        ("آخرین به‌روزرسانی", MODIFIED),
        ("به‌روزرسانی", MODIFIED),
        ("بروزرسانی", MODIFIED),
    ),
    "ar": (
        ("تاريخ النشر", PUBLISHED),
        ("نشر في", PUBLISHED),
        ("نُشر في", PUBLISHED),
        ("آخر تحديث", MODIFIED),
        ("تم التحديث", MODIFIED),
    ),
}


# Substrings that every label of a family contains: the page is scanned once per stem, and each
# hit is then matched against the full labels ("publi" finds "publié le", "published",
# "gepubliceerd", "veröffentlicht" needs its own). Where they can, stems keep to the label's ASCII
# letters ("ffentlich" for "veröffentlicht" and "VERÖFFENTLICHT"): the bytes are lower-cased for
# ASCII only, so a stem with "ö" is searched twice, once per case, and scans cost per stem.
_STEMS = (
    b"publi",
    b"pubbl",
    b"posted",
    b"post\xc3\xa9",
    b"paru",
    b"mis ",
    b"updat",
    b"modifi",
    b"ktuali",
    b"actuali",
    b"atuali",
    b"ffentlich",
    b"erschienen",
    b"erscheinungsdatum",
    b"erstellt",
    b"stand:",
    b"ndert",
    b"nderung",
    b"bijgewerkt",
    b"aangepast",
    b"gewijzigd",
    b"bearbeitet",
    b"edited",
    b"geplaatst",
    b"aggiorn",
    b"julkaistu",
    b"ivitetty",
    b"uppdaterad",
    b"udgivet",
    b"opdateret",
    b"oppdatert",
    "опубл".encode(),
    "дата публ".encode(),
    "обновл".encode(),
    "дата обновл".encode(),
    "оновлено".encode(),
    b"yay",
    b"ncelleme",
    "公開".encode(),
    "掲載".encode(),
    "投稿".encode(),
    "配信".encode(),
    "更新".encode(),
    "发布".encode(),
    "發佈".encode(),
    "發布".encode(),
    "发表".encode(),
    "發表".encode(),
    "입력".encode(),
    "등록".encode(),
    "승인".encode(),
    "게시".encode(),
    "수정".encode(),
    "업데이트".encode(),
    "انتشار".encode(),
    "منتشر".encode(),
    "روزرسانی".encode(),
    "النشر".encode(),
    "نشر".encode(),
    "نُشر".encode(),
    "تحديث".encode(),
)


def _shout(text: bytes) -> bytes:
    """The upper-case form of a UTF-8 stem after ASCII-only lower-casing ("PUBLIÉ" -> "publiÉ")."""
    return text.decode().upper().encode().lower()


def _title(text: bytes) -> bytes:
    """The capitalized form of a UTF-8 label after ASCII-only lower-casing ("Опубликовано":
    Cyrillic and Greek capitals are not lower-cased, as "É" is not)."""
    return text.decode().capitalize().encode().lower()


def _variants(label: str) -> set[bytes]:
    """The label as the page may write it, after ASCII-only lower-casing of the page's bytes:
    "publié le", "PUBLIÉ LE" (whose "É" ASCII lower-casing leaves as it is) and "Опубликовано"."""
    return {label.encode(), label.upper().encode().lower(), _title(label.encode())}


@memo(maxsize=64)
def _label_table(
    languages: tuple[str, ...],
) -> tuple[tuple[bytes, tuple[tuple[bytes, str], ...]], ...]:
    """Stems to search for the page's languages (English always: themes and plugins write
    "Posted on" on pages in any language), each with the full labels that contain it."""
    langs = {*(lang for lang in languages if lang in _LABELS), "en"}
    labels = sorted(
        {(v, role) for lang in langs for label, role in _LABELS[lang] for v in _variants(label)},
        key=lambda pair: -len(pair[0]),
    )
    stems = [v for stem in _STEMS for v in dict.fromkeys((stem, _shout(stem), _title(stem)))]
    by_stem: dict[bytes, list[tuple[bytes, str]]] = {}
    for label, role in labels:
        # Each label is looked for under the first stem it contains: one scan finds it.
        stem = next((stem for stem in stems if stem in label), None)
        if stem is None:
            raise ValueError(f"label {label!r} has no search stem")
        by_stem.setdefault(stem, []).append((label, role))
    return tuple((stem, tuple(found)) for stem, found in by_stem.items())


_ASSIGNMENT = re.compile(r"""["']?\s*[:=]\s*["'{\[]""")


# The byline region, in bytes around the <article> or <h1>. On the 608 dev pages the labelled
# dates read sit a median 600 bytes after it, 95% within 16 KB; the day score is the same with
# 24 KB after as with 40 KB, which searched half as many bytes again for labels a page lacks.
_BEFORE_ANCHOR = 8_000
_AFTER_ANCHOR = 24_000


@dataclass(frozen=True)
class _Source:
    """The part of the page where its byline can be, as UTF-8 bytes, as written and lower-cased
    (ASCII only, which keeps every byte position), for C-speed label search."""

    original: bytes
    lowered: bytes


def byline_bounds(page: Page) -> tuple[int, int]:
    """Where the byline region lies in the page's HTML text: around the start of its <article>,
    else of its first <h1> (the headline), else the whole body. A page prints its date next to
    its headline; labels far from it belong to comments, widgets and footers, and a smaller
    region is searched faster."""
    body, anchor = page.main_offsets
    if anchor < 0:
        return body, len(page.html)
    return max(body, anchor - _BEFORE_ANCHOR), anchor + _AFTER_ANCHOR


def _source(page: Page) -> _Source:
    """Cut and encode the byline region (see byline_bounds)."""
    start, stop = byline_bounds(page)
    original = page.html[start:stop].encode("utf-8", "replace")
    return _Source(original, original.lower())


def _label_in_excluded_block(src: _Source, pos: int, strict: bool = True) -> bool:
    """Whether the label at byte `pos` of the byline region sits in a comment, related, footer
    or navigation block (see open_blocks)."""
    window = src.lowered[max(0, pos - _WINDOW) : pos].decode("utf-8", "ignore")
    return blocks_excluded(open_blocks(window, len(window)), strict)


_MAX_STEM_HITS = 200


def _word_goes_on(byte: int) -> bool:
    """Whether a byte after a label continues its word ("updated_at", "publishedAt"): a letter,
    a digit or "_" (UTF-8 letters such as the "e" of "publiée" are matched by longer labels)."""
    return chr(byte).isalnum() or byte == 0x5F


_CHUNK = 6_000
"""Bytes of the byline region searched at a time: the byline sits near the region's start, and
the search stops once both roles have their date (see text_candidates)."""


@dataclass
class _StemScan:
    """Where the search for one stem stands: next byte to search from, labels accepted, finds
    made, and whether the stem's search is over."""

    stem: bytes
    labels: tuple[tuple[bytes, str], ...]
    roles: frozenset[str]
    pos: int = 0
    accepted: int = 0
    finds: int = 0
    over: bool = False


def _scan_stem(
    scan: _StemScan, html: bytes, bound: int, per_stem: int, hits: list[tuple[int, bytes, str]]
) -> None:
    """Add the labels that start with an occurrence of the stem before byte `bound` to `hits`:
    at most `per_stem` labels and _MAX_STEM_HITS occurrences per stem over the whole search."""
    stem = scan.stem
    limit = bound + len(stem) - 1
    while not scan.over:
        if scan.accepted >= per_stem or scan.finds >= _MAX_STEM_HITS:
            scan.over = True
            break
        found = html.find(stem, scan.pos, limit)
        if found < 0:
            if limit >= len(html):
                scan.over = True
            else:
                scan.pos = max(scan.pos, bound)
            break
        scan.finds += 1
        scan.pos = found + len(stem)
        for label, role in scan.labels:
            here = found - label.index(stem)
            if here < 0 or not html.startswith(label, here):
                continue
            if (
                here > 0
                and label[:1].isalpha()
                and (chr(html[here - 1]).isalnum() or html[here - 1] in b"-_")
            ):
                # "datepublished", "data-updated": a word containing the label. (East Asian
                # labels follow other words without a space: "記事公開日".)
                break
            stop = here + len(label)
            if label[-1:].isalpha() and stop < len(html) and _word_goes_on(html[stop]):
                break  # "updated_at", "publishedAt", "postedBy": a longer word or a key
            hits.append((here, label, role))
            scan.accepted += 1
            break


def text_candidates(page: Page, ctx: ParseContext, per_stem: int = 4) -> list[Candidate]:
    """Dates right after a publication or update label in the page's visible text; for each role
    only the first labelled date counts (the article's byline comes before comments/widgets).

    The region is searched a chunk at a time, and labels are read in page order as soon as no
    later occurrence can start before them: once both roles have their date (or a role has, for
    stems whose labels all have that role), the rest of the region is not searched. The result
    is the one a search of the whole region would give."""
    src = _source(page)
    html = src.lowered
    table = _label_table(ctx.languages)
    scans = [
        _StemScan(stem, labels, frozenset(role for _, role in labels)) for stem, labels in table
    ]
    # A label starts at most this many bytes before the occurrence of its stem.
    back = max((len(label) for _, labels in table for label, _ in labels), default=0)
    best: dict[str, Candidate] = {}
    pending: list[tuple[int, bytes, str]] = []
    done = -1
    bound = 0
    size = len(html)
    while bound < size:
        bound = min(size, bound + _CHUNK)
        for scan in scans:
            if not scan.over:
                if scan.roles.issubset(best):
                    scan.over = True  # its labels can only repeat roles already read
                else:
                    _scan_stem(scan, html, bound, per_stem, pending)
        if all(scan.over for scan in scans):
            bound = size
        ready_before = bound - back if bound < size else size + 1
        pending.sort(key=lambda hit: (hit[0], -len(hit[1])))
        split = 0
        while split < len(pending) and pending[split][0] < ready_before:
            split += 1
        ready, pending = pending[:split], pending[split:]
        for here, label, role in ready:
            if role in best or here < done:
                continue  # "mis à jour" inside an already read "mis à jour le"
            candidate = _labelled_date(src, here, label, role, ctx)
            if candidate is not None:
                best[role] = candidate
                done = here + len(label)
        if PUBLISHED in best and MODIFIED in best:
            break
    return list(best.values())


def _labelled_date(
    src: _Source, here: int, label: bytes, role: str, ctx: ParseContext
) -> Candidate | None:
    """The date right after the label at byte `here` of the byline region, if it has one and is
    visible text outside other content's blocks."""
    html = src.lowered
    end = here + len(label)
    after = html[end : end + 400].decode("utf-8", "ignore")
    if _ASSIGNMENT.match(after):
        return None  # a JSON key or attribute ('"published": "..."'), not visible text
    snippet = clean_text(after)[:90]
    parsed = parse_text(snippet, day_first=ctx.day_first, now_year=ctx.now_year)
    if parsed is None or parsed.start > ctx.rules.label_gap:
        # A same-day update shows its time alone: "bijgewerkt om 16.40 uur", "Mis à jour à
        # 16h50"; dates.py dates it by the publication's day.
        slow = parse_time_only(snippet) if role == MODIFIED else None
        if slow is None and parsed is None:
            slow = parse_slow(snippet[:40], ctx.languages)
        if slow is None:
            return None
        parsed = slow
    if _label_in_excluded_block(src, here, ctx.rules.weak_exclusions):
        return None  # "Posted on ..." in a comment, "Published" in a related teaser
    return Candidate(
        role, parsed, _labelled_raw(src, here, end, parsed, snippet), "text", RANK_TEXT
    )


def _labelled_raw(src: _Source, here: int, end: int, parsed: Parsed, snippet: str) -> str:
    """The label and its date as the page writes them, nothing after: "Publié le 12-09-2023 à
    16h41". A "label" inside a tag (class="published" title="2016-12-23T...") is no visible
    text: the date's own text alone is kept."""
    original = src.original
    shown = clean_text(original[end : end + 400].decode("utf-8", "ignore"))[:90]
    if len(shown) != len(snippet):
        shown = snippet  # an entity whose case mattered: the lower-cased text, same offsets
    if src.lowered.rfind(b"<", 0, here) > src.lowered.rfind(b">", 0, here):
        return shown[parsed.start : parsed.end]
    label = clean_text(original[here:end].decode("utf-8", "ignore"))
    date = shown[: parsed.end]
    joined = clean_text(original[here : end + 400].decode("utf-8", "ignore"))
    at = joined.find(date, len(label))
    return joined[: at + len(date)] if at >= 0 else f"{label} {date}"


# --- date-classed elements (bylines without a label) ---------------------------------------------

# Elements whose class (or id) says they hold a date or a byline: "entry-date", "byline",
# "post-meta", "article__publishDate", "datum", "fecha". Also CMS and forum conventions:
# TYPO3 tt_news's "news-single-timedata" ('<div class="news-single-timedata">05.02.2020');
# "postmetadata", the byline paragraph of WordPress's classic default theme and its descendants
# ('<p class="postmetadata">8.<a href="/date/2010/12/">Dezember 2010</a> um 09:43'); the class
# "author" alone, phpBB's post byline ('<p class="author">von <a>r23</a> » 21.01.2009, 05:42').
_CLASSED_CLASS = re.compile(
    r"date|Date|timedata|byline|posted|publish|datum|fecha|entry-meta|post-?meta|article-meta"
    r"|timestamp|(?:^|\s)author(?:\s|$)"
)
_NOT_CLASSED = frozenset({"script", "style", "a", "meta", "time"})


def _classed_elements(page: Page) -> Iterator[Any]:
    """The body's date-classed elements in page order, lazily: the first few are all that is
    read, and a whole-tree XPath with a dozen contains() tests per element cost ~2 ms a page."""
    body = page.tree.find("body")
    if body is None:
        return
    for element in body.iter():
        tag = element.tag
        if element is body or not isinstance(tag, str) or tag in _NOT_CLASSED:
            continue
        classes = element.get("class")
        if (classes and _CLASSED_CLASS.search(classes)) or "date" in (element.get("id") or ""):
            yield element


def classed_candidates(page: Page, ctx: ParseContext, limit: int = 20) -> list[Candidate]:
    """The first date in an element whose class says it holds a date or byline, outside
    related/comment blocks (htmldate's main heuristic, kept behind the labelled sources)."""
    keep: MainBlocks | None = None
    for element in islice(_classed_elements(page), limit):
        text = clean_text(element.text_content() or "")
        if not text or len(text) > 300 or not any(ch.isdigit() for ch in text):
            continue
        if keep is None:
            keep = headline_blocks(page)
        if in_excluded_block(element, strict=ctx.rules.weak_exclusions, keep=keep):
            continue
        found = element_date(element, ctx)
        if found is None:
            continue
        text, parsed = found
        raw = text[parsed.start : parsed.end]
        return [Candidate(UNKNOWN, parsed, raw, "text", RANK_CLASSED)]
    return []


# --- unlabelled datelines (last resort) ---------------------------------------------------------

# Short text nodes holding a date and little else ("23.01.2019", "am 20.06.2018", "Schengen, 3.
# Juli 2018"): selected in C by XPath, parsed in Python only for the few that have digits.
# A link holding a heading is a teaser card of the linked page ("<a><h3>Headline</h3><span>
# 01.02.2022 16:28</span></a>"): its dates are never the page's own. (A blog's own date is often
# a link to its permalink, without a heading: that one is kept.)
_SHORT_TEXTS = etree.XPath(
    "//body//text()[not(parent::script or parent::style or parent::a or parent::option)]"
    "[string-length(normalize-space()) >= 6]"
    "[string-length(normalize-space()) <= 64 or translate(substring(normalize-space(), 1, 32),"
    " '0123456789', '') != substring(normalize-space(), 1, 32)]"
    "[translate(normalize-space(), '0123456789', '') != normalize-space()]"
    "[not(ancestor::a[descendant::h2 or descendant::h3 or descendant::h4])]"
)
_PLACE_PREFIX = re.compile(r"^[A-ZÀ-Ý][\w .'-]{1,30},\s*\(?$")


def short_texts(page: Page) -> list[Any]:
    """The page's short text nodes holding digits (see _SHORT_TEXTS), in page order: one XPath
    over the whole tree, whose result the datelines and the last-resort sources share."""
    return _select(_SHORT_TEXTS, page.tree)


def _dated_texts(
    texts: list[Any], ctx: ParseContext, limit: int
) -> Iterator[tuple[Any, str, Parsed]]:
    """Each of the first `limit` texts that holds a date: the text node, its cleaned text and the
    parsed date."""
    for text in texts[:limit]:
        cleaned = clean_text(str(text))
        parsed = parse_text(cleaned, day_first=ctx.day_first, now_year=ctx.now_year)
        if parsed is not None:
            yield text, cleaned, parsed


def dateline_candidates(
    page: Page,
    ctx: ParseContext,
    month: tuple[int, int] | None = None,
    limit: int = 60,
    texts: list[Any] | None = None,
) -> list[Candidate]:
    """The first short, date-only text of the page outside other articles' blocks; when the URL
    files the page under a month ("/2018/07/slug"), the first dateline in that month. Dates in
    running prose are events the text reports, not when it was written: they are not read.
    `texts`: the page's short_texts, when already selected."""
    first: Candidate | None = None
    keep: MainBlocks | None = None
    for text, cleaned, parsed in _dated_texts(
        short_texts(page) if texts is None else texts, ctx, limit
    ):
        # A dateline is a short text around a date, or a text that opens with a date or with a
        # place and a date ("23.01.2022 - Headline", "Karlsruhe, (12.11.2021). Text ...").
        leads = parsed.start <= 1 or _PLACE_PREFIX.match(cleaned[: parsed.start]) is not None
        if not leads and len(cleaned) - (parsed.end - parsed.start) > ctx.rules.dateline_slack:
            continue
        parent = text.getparent()
        if keep is None:
            keep = headline_blocks(page)
        if parent is None or in_excluded_block(parent, strict=False, keep=keep):
            continue
        if "©" in cleaned or "copyright" in cleaned.lower():
            continue
        raw = cleaned[parsed.start : parsed.end]
        candidate = Candidate(UNKNOWN, parsed, raw, "text", RANK_DATELINE)
        if month is None or (parsed.value.year, parsed.value.month) == month:
            return [candidate]
        if first is None:
            first = candidate
    return [first] if first is not None else []


# --- the page's own URL --------------------------------------------------------------------------

# "/2023/09/12/slug", "/2023-09-12-slug", "/20230912/": the day the CMS filed the article under.
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)


_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


def url_month(page: Page) -> tuple[int, int] | None:
    """The year and month the page's own URL files it under ("/2018/07/slug"), if any."""
    for url in (page.canonical, page.url):
        match = _URL_MONTH.search(url or "")
        if match is not None:
            return int(match.group(1)), int(match.group(2))
    return None


# Day first, as European CMSs name pages after the day they file them: "/meldungen/29-10-2021",
# "/aktuelles/08112021-online-fachtag". A segment must start with it; undelimited digits must end
# at a hyphen, slash or dot ("/08112021-slug"), as longer runs of digits are ids.
_URL_DAY_FIRST = re.compile(
    r"/(0[1-9]|[12]\d|3[01])(?:([._-])(0[1-9]|[12]\d|3[01])\2|(0[1-9]|1[0-2]))((?:19|20)\d{2})"
    r"(?=[/.-]|$)"
)


def _url_day_first(path: str, day_first: bool) -> tuple[datetime, str] | None:
    """The day of a "/dd-mm-yyyy" or "/ddmmyyyy" segment; "/mm-dd-yyyy" on month-first pages, and
    wherever the first number cannot be a month ("/04-17-2020")."""
    for match in _URL_DAY_FIRST.finditer(path):
        first, second = int(match.group(1)), int(match.group(3) or match.group(4))
        year = int(match.group(5))
        orders = ((first, second), (second, first))
        for day, month in orders if day_first else orders[::-1]:
            if month <= 12:
                try:
                    return datetime(year, month, day), match.group(0)
                except ValueError:
                    break
    return None


def url_candidates(page: Page, day_first: bool = True) -> list[Candidate]:
    """The day in the page's own URL (canonical first); never a date from another URL. Year first
    ("/2023/09/12/", "/20230912/") is the common form; day first ("/29-10-2021") is read too."""
    for url in (page.canonical, page.url):
        if not url:
            continue
        path = url.split("?", 1)[0]
        match = _URL_DATE.search(path)
        if match is not None:
            y, _, m, d = match.groups()
            parsed = Parsed(datetime(int(y), int(m), int(d)), False, None, match.end())
            return [Candidate(UNKNOWN, parsed, match.group(0), "url", RANK_URL)]
        found = _url_day_first(path, day_first)
        if found is not None:
            value, raw = found
            parsed = Parsed(value, False, None, len(raw))
            return [Candidate(UNKNOWN, parsed, raw, "url", RANK_URL)]
    return []


# --- last resort: unlabelled and indirect dates ---------------------------------------------------
#
# Read only when no other source gave a publication or an unlabelled date (see dates.py, rule 10):
# each costs a pass over scripts, attributes or text that most pages never need.

# Keys under which application state (Next.js, Nuxt, API-Platform, Drupal settings, analytics
# layers) stores a document's dates: '"createdAt":"2022-01-31T15:58:43+01:00"',
# '\\"publishDate\\":\\"2021-05-03\\"' (JSON inside a JS string). Publication keys before
# creation keys; the first occurrence of a key is the page's document, related items come after.
_APP_KEYS = (
    "datePublished",
    "publishDate",
    "publishedDate",
    "publishedAt",
    "published_at",
    "publicationDate",
    "publication_date",
    "firstPublished",
    "firstPublishedAt",
    "first_published_at",
    "pubDate",
    "createdAt",
    "created_at",
    "dateCreated",
    "creationDate",
)
_APP_KEY_VALUE = re.compile(
    r"""\\?["']("""
    + "|".join(_APP_KEYS)
    + r""")\\?["']\s*:\s*\\?["']([0-9][0-9T:.+/ -]{7,34}Z?)\\?["']"""
)


def app_data_candidates(page: Page, ctx: ParseContext) -> list[Candidate]:
    """The page document's publication date in inline application data other than JSON-LD and
    Arc's Fusion: the first value of the most specific key ("publishDate" before "createdAt")."""
    found: dict[str, tuple[str, Parsed]] = {}
    for script in page.scripts:
        if "ate" not in script and "_at" not in script and "At" not in script:
            continue
        for match in _APP_KEY_VALUE.finditer(script):
            key, value = match.groups()
            if key in found:
                continue
            parsed = parse_value(value, day_first=ctx.day_first, now_year=ctx.now_year)
            if parsed is not None:
                found[key] = (value, parsed)
    for rank, key in enumerate(_APP_KEYS):
        if key in found:
            value, parsed = found[key]
            source = f"embedded:{key}"
            return [Candidate(PUBLISHED, parsed, value, source, RANK_EMBEDDED + 10 + rank)]
    return []


# "/files/2016/05/04/ar-2015-og.png", "/uploads/images/2020/12/01/937359.JPG": CMSs file an
# upload under the day it was uploaded, and a page's share image is uploaded when it is written.
_UPLOAD_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")


def share_image_candidates(page: Page) -> list[Candidate]:
    """The upload day in the URL of the page's own share image (og:image, twitter:image): a day
    on which the page was being written, a bound rather than a statement."""
    for name in ("og:image", "og:image:url", "twitter:image"):
        for url in page.meta.get(name, ())[:1]:
            match = _UPLOAD_DAY.search(url.split("?", 1)[0])
            if match is None:
                continue
            y, m, d = (int(g) for g in match.groups())
            parsed = Parsed(datetime(y, m, d), False, None, match.end())
            return [Candidate(UNKNOWN, parsed, url, f"meta:{name}", RANK_FALLBACK)]
    return []


# Machine instants written into attributes of visible elements: '<div class="news-time-ago"
# title="2020-09-20T14:20:02Z">Acum 15 minute</div>' (a relative time shown, the instant kept
# for the tooltip), data-date="2021-03-04T10:00:00+01:00".
_ATTRIBUTE_INSTANTS = etree.XPath(
    "//body//@*[local-name() = 'title' or local-name() = 'datetime' or local-name() = 'content'"
    " or starts-with(local-name(), 'data-')]"
    "[string-length() >= 16 and string-length() <= 40]"
    "[substring(., 5, 1) = '-' and substring(., 8, 1) = '-']"
)


def attribute_candidates(page: Page, limit: int = 12) -> list[Candidate]:
    """The first ISO instant (a date with a time of day) held in an attribute of an element
    outside other articles' blocks: a machine value kept for tooltips and scripts."""
    keep: MainBlocks | None = None
    for value in _select(_ATTRIBUTE_INSTANTS, page.tree)[:limit]:
        parsed = parse_iso(str(value))
        if parsed is None or not parsed.has_time:
            continue
        if keep is None:
            keep = headline_blocks(page)
        if in_excluded_block(value.getparent(), keep=keep):
            continue
        return [Candidate(UNKNOWN, parsed, str(value), "attribute", RANK_FALLBACK + 1)]
    return []


# Short scripts in the body that write a date where they stand, localized in the browser:
# '<script>showDate("2020/04/17 01:43:09")</script>', 'document.write(fmt("2021-03-04"))'.
_WRITING_SCRIPTS = etree.XPath(
    "//body//script[not(@src) and not(@type) or @type = 'text/javascript']"
    "[string-length() >= 10 and string-length() <= 200]"
)


def script_text_candidates(page: Page, ctx: ParseContext, limit: int = 20) -> list[Candidate]:
    """The date written by the first short body script that holds one, outside other articles'
    blocks: the page shows it where the script stands."""
    keep: MainBlocks | None = None
    for script in _select(_WRITING_SCRIPTS, page.tree)[:limit]:
        text = script.text or ""
        if sum(ch.isdigit() for ch in text) < 6:
            continue
        parsed = parse_text(text, day_first=ctx.day_first, now_year=ctx.now_year)
        if parsed is None:
            continue
        if keep is None:
            keep = headline_blocks(page)
        if in_excluded_block(script, strict=ctx.rules.weak_exclusions, keep=keep):
            continue
        raw = text[parsed.start : parsed.end]
        return [Candidate(UNKNOWN, parsed, raw, "script", RANK_FALLBACK + 1)]
    return []


_COMMENTS = re.compile(r"comment|kommentar|disqus|repl(?:y|ies)", re.I)


def _in_comments(element: Any) -> bool:
    """Whether the element sits in a comment thread (its readers' dates, not the page's)."""
    for node in (element, *element.iterancestors()):
        attrs = (node.get("class") or "") + " " + (node.get("id") or "")
        if _COMMENTS.search(attrs):
            return True
    return False


def url_month_candidates(
    page: Page, ctx: ParseContext, texts: list[Any], limit: int = 200
) -> list[Candidate]:
    """When the page's own URL files it under a month ("/2010/05/slug"), the first short visible
    date of that month anywhere on the page but in comments, sidebars included: the URL says when
    the page was filed, and a date of that month shown with it is its day (a blog theme that
    prints the post's date in a side column). Other months' dates there are other posts'."""
    month = url_month(page)
    if month is None:
        return []
    for text, cleaned, parsed in _dated_texts(texts, ctx, limit):
        if (parsed.value.year, parsed.value.month) != month:
            continue
        if len(cleaned) - (parsed.end - parsed.start) > ctx.rules.dateline_slack:
            continue
        parent = text.getparent()
        if parent is None or _in_comments(parent):
            continue
        raw = cleaned[parsed.start : parsed.end]
        return [Candidate(UNKNOWN, parsed, raw, "text", RANK_FALLBACK + 1)]
    return []


def title_candidates(page: Page, ctx: ParseContext) -> list[Candidate]:
    """A date that opens or closes the page's <title> ("08.11.2021 | Online-Fachtag ..."): the
    title names this page, so its date is this page's (never the title's prose: "... 2022")."""
    title = clean_text(page.tree.findtext(".//title") or "")
    if not title or not any(ch.isdigit() for ch in title):
        return []
    parsed = parse_text(title, day_first=ctx.day_first, now_year=ctx.now_year)
    if parsed is None:
        return []
    before, after = title[: parsed.start].strip(), title[parsed.end :].strip()
    if before and after and before[-1:] not in "|-–—:" and after[:1] not in "|-–—:":
        return []  # a date inside the title's words is what the story is about
    raw = title[parsed.start : parsed.end]
    return [Candidate(UNKNOWN, parsed, raw, "title", RANK_FALLBACK + 2)]


# A discussion thread's address: "/forum/", "/forums/", "/thread/", "/discussion/", "/topic/",
# phpBB's "viewtopic.php", vBulletin's "showthread.php".
_THREAD_URL = re.compile(
    r"/(?:forums?|threads?|discussions?|topics?|viewtopic\.php|showthread\.php)(?:/|$)", re.I
)
# The blocks forum software puts each post in, the opening one included: "comment"
# ('<div class="MtnComment">'), "post", "message", "reply", German "beitrag".
_POST_BLOCK = re.compile(r"comment|kommentar|post|message|reply|beitrag", re.I)


def _in_post(element: Any) -> bool:
    """Whether the element sits in a post block and in no other block of other content (a
    sidebar, navigation, related list)."""
    in_post = False
    for node in (element, *element.iterancestors()):
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in _EXCLUDED_TAGS:
            return False
        if tag in ("body", "html"):
            break
        attrs = (node.get("class") or "") + " " + (node.get("id") or "")
        if _POST_BLOCK.search(attrs):
            in_post = True
        elif _excluded_attrs(attrs, False):
            return False
    return in_post


def thread_candidates(
    page: Page, ctx: ParseContext, texts: list[Any], limit: int = 60
) -> list[Candidate]:
    """On a discussion thread's page (by its address), the first post's date: forum software
    marks every post up alike, the opening one included, so the comment exclusion that keeps
    readers' dates off an article leaves the thread with none. A date alone in a post's
    header ('<span class="MtnCommentTime"><span>28.09.19</span>') is read, in page order."""
    if _THREAD_URL.search(page.url.split("?", 1)[0].split("#", 1)[0]) is None:
        return []
    for text, cleaned, parsed in _dated_texts(texts, ctx, limit):
        if len(cleaned) - (parsed.end - parsed.start) > ctx.rules.dateline_slack:
            continue
        parent = text.getparent()
        if parent is not None and _in_post(parent):
            raw = cleaned[parsed.start : parsed.end]
            return [Candidate(UNKNOWN, parsed, raw, "text", RANK_FALLBACK)]
    return []


def copyright_candidates(
    page: Page, ctx: ParseContext, texts: list[Any], limit: int = 60
) -> list[Candidate]:
    """A full date in a copyright line ("Copyright © 19.12.2019 - 12:14 h by ..."): page
    templates stamp it with when the page was generated or last changed, while a year alone
    ("© 2019") is the site's copyright period and never parses as a date. The weakest source,
    read when nothing else dates the page."""
    for text in texts[:limit]:
        cleaned = clean_text(str(text))
        if "©" not in cleaned and "copyright" not in cleaned.lower():
            continue
        parsed = parse_text(cleaned, day_first=ctx.day_first, now_year=ctx.now_year)
        if parsed is not None:
            raw = cleaned[parsed.start : parsed.end]
            return [Candidate(UNKNOWN, parsed, raw, "text", RANK_FALLBACK + 5)]
    return []


def fallback_candidates(
    page: Page, ctx: ParseContext, texts: list[Any] | None = None
) -> list[Candidate]:
    """Last-resort dates, most direct first: application data keys saying "published" or
    "created", a forum thread's first post, the page's <title>, machine instants in attributes,
    the share image's upload day, a copyright line's full date. Only read when the page states
    no date anywhere else; each source is read only when those before it found nothing.
    `texts`: the page's short_texts, when already selected (for the datelines)."""
    shown = short_texts(page) if texts is None else texts
    chain: dict[str, Callable[[], list[Candidate]]] = {
        "app-data": lambda: app_data_candidates(page, ctx),
        "thread": lambda: thread_candidates(page, ctx, shown),
        "title": lambda: title_candidates(page, ctx),
        "url-month": lambda: url_month_candidates(page, ctx, shown),
        "attribute": lambda: attribute_candidates(page),
        "script": lambda: script_text_candidates(page, ctx),
        "share-image": lambda: share_image_candidates(page),
        "copyright": lambda: copyright_candidates(page, ctx, shown),
    }
    for name in ctx.rules.fallbacks:
        found = chain[name]()
        if found:
            return found
    return []
