"""Blocks of a page whose dates are not its own: other articles, comments, navigation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree

from crawler.extract.caching import str_cache
from crawler.extract.page import Page
from crawler.extract.text import visible_text
from crawler.extract.vocab.dates import (
    MAYBE_OTHER_CONTENT_NAME_STARTS,
    MAYBE_OTHER_CONTENT_NAMES,
    OTHER_CONTENT_NAME_STARTS,
    OTHER_CONTENT_NAMES,
)

# Blocks of other content by their class or id (vocab/dates.py says why each word): anywhere in
# a name, or where a name starts; "maybe" words only when strict. WordPress's taxonomy classes
# ("category-recommended", "tag-comments") describe the post, not the block: never matched.
_TAXONOMY = re.compile(r"(?:^|\s)(?:category|tag|tags|cat|format|status|type)-\S*")
_ANYWHERE = f"{OTHER_CONTENT_NAMES}|{MAYBE_OTHER_CONTENT_NAMES}"
_AT_START = f"{OTHER_CONTENT_NAME_STARTS}|{MAYBE_OTHER_CONTENT_NAME_STARTS}"
EXCLUDED_BLOCK = re.compile(rf"(?:{_ANYWHERE})|(?:^|\s)(?:{_AT_START})", re.I)
STRONGLY_EXCLUDED_BLOCK = re.compile(
    rf"(?:{OTHER_CONTENT_NAMES})|(?:^|\s)(?:{OTHER_CONTENT_NAME_STARTS})", re.I
)


@str_cache(maxsize=4096)
def excluded_attrs(attrs: str, strict: bool) -> bool:
    """Whether a class/id string names a block of other content (cached: a page's dates share
    their enclosing blocks, and a site's pages share their class names)."""
    if not attrs.strip():
        return False
    if "-" in attrs:
        attrs = _TAXONOMY.sub(" ", attrs)
    pattern = EXCLUDED_BLOCK if strict else STRONGLY_EXCLUDED_BLOCK
    return pattern.search(attrs) is not None


# Elements that hold other content than the article (asides, menus, a noscript copy): their
# dates are never the page's. Not the links' vocab.CHROME_TAGS: footers are not excluded here, as
# an article's own footer holds its byline (WordPress's <footer class="entry-meta">, TYPO3's
# div.footer); a site footer's dates are copyright lines (never read: no label, filtered from
# datelines) or widgets (excluded by their own class).
OTHER_CONTENT_TAGS = frozenset({"aside", "nav", "menu", "noscript"})


# The page's main column, by the ids themes give it ('<div id="content" class="widecolumn">',
# '<div id="main">'), and <main>: blocks around it are layout, never a list of other content (a
# sidebar sits beside the main column, not around it). Where the HTML leaves a sidebar's element
# unclosed, the parser nests the main column in it: the walk up from a date stops here.
_MAIN_IDS = frozenset({"content", "main", "main-content", "maincontent", "primary"})


NEAR_LEVELS = 8
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
    title = visible_text(page.meta_first("og:title") or tree.findtext(".//title") or "")
    if len(title) < 10:
        return None
    for heading in tree.iter("h2", "h3"):
        text = visible_text(heading.text_content() or "")
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
        if len(token) >= 6 and excluded_attrs(token, True)
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
    if _MARGIN.search(attrs) is None or excluded_attrs(_MARGIN.sub(" _", attrs), strict):
        return False
    article = next(node.iterancestors("article"), None)
    return article is not None and next(article.iterancestors("article"), None) is None


def in_excluded_block(
    element: Any,
    *,
    strict: bool = True,
    levels: int | None = NEAR_LEVELS,
    keep: MainBlocks | None = None,
) -> bool:
    """Whether the element is, or sits in, a block whose dates belong to something else
    (`strict`: also the blocks that only usually do, see vocab's MAYBE_OTHER_CONTENT_NAMES;
    `levels`: how many enclosing elements to look at, the nearest NEAR_LEVELS by default, all
    when None; `keep`: blocks never excluded by their class or id, see headline_blocks)."""
    node = element
    depth = 0
    while node is not None:
        depth += 1
        if levels is not None and depth > levels:
            return False
        tag = node.tag
        if isinstance(tag, str):
            if tag in OTHER_CONTENT_TAGS:
                return True
            if tag in ("body", "html", "main") or node.get("id") in _MAIN_IDS:
                return False
            if tag == "article" and next(node.iterancestors("article"), None) is not None:
                return True  # an article nested in another is a teaser card of another article
            if tag == "header" and keep is not None and _masthead(node, keep):
                return True
            attrs = (node.get("class") or "") + " " + (node.get("id") or "")
            if (
                excluded_attrs(attrs, strict)
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
BLOCK_WINDOW = 3000
"""Characters of HTML before a position in which the blocks enclosing it are looked for."""


def open_blocks(html: str, pos: int) -> list[tuple[str, str]]:
    """The elements still open at `pos` (tag, attributes), outermost first, rebuilt from the
    tags in the few kilobytes before it: a tree walk per date would cost a whole-page traversal,
    and a date's own container (a comment, a teaser, a related list) is always near it."""
    blocks: list[tuple[str, str]] = []
    for match in _TAG.finditer(html, max(0, pos - BLOCK_WINDOW), pos):
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
    (`strict`: also the blocks that only usually do, see MAYBE_OTHER_CONTENT_NAMES)."""
    articles = 0
    for tag, attrs in blocks:
        if tag in OTHER_CONTENT_TAGS:
            return True
        articles += tag == "article"
        if articles > 1:
            return True  # an article nested in another is a teaser card of another article
        for attr in _CLASS_OR_ID.findall(attrs):
            if excluded_attrs(attr, strict):
                return True
    return False


def select(xpath: etree.XPath, tree: Any, **variables: str) -> list[Any]:
    """Run a compiled XPath that selects nodes (elements or text nodes)."""
    return cast("list[Any]", xpath(tree, **variables))
