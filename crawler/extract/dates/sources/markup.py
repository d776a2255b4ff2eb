"""Dates in the page's markup: <time>, microdata, date-classed elements, application data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from crawler.extract import vocab
from crawler.extract.dates.candidates import (
    MODIFIED,
    PUBLISHED,
    UNKNOWN,
    Candidate,
    SourceContext,
)
from crawler.extract.dates.parse import (
    Parsed,
    parse_slow,
)
from crawler.extract.dates.sources.blocks import (
    NEAR_LEVELS,
    MainBlocks,
    blocks_excluded,
    headline_blocks,
    in_excluded_block,
    open_blocks,
)
from crawler.extract.page import Page
from crawler.extract.text import visible_text
from crawler.extract.types import DateSource
from crawler.extract.vocab.dates import DATE_CLASSES, MODIFIED_HINT, PUBLISHED_HINT

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
    if element.get("pubdate") is not None or PUBLISHED_HINT.search(hints):
        return PUBLISHED
    if MODIFIED_HINT.search(hints):
        return MODIFIED
    return UNKNOWN


def element_date(element: Any, ctx: SourceContext, slow: bool = False) -> tuple[str, Parsed] | None:
    """The first date in an element's text, and that text. A date badge splits its date into
    one element per part, which CSS shows apart ('<span class="tag">18</span><span
    class="jahr">2009</span>' reads "182009" joined): when the joined text holds no date, its
    parts are read with a space between them. `slow`: dateparser for what the patterns miss."""
    text = visible_text(element.text_content() or "")
    parsed = ctx.parse.text(text)
    if parsed is None and len(element):
        spaced = visible_text(" ".join(element.itertext()))
        if spaced != text:
            parsed = ctx.parse.text(spaced)
            text = spaced if parsed is not None else text
    if parsed is None and slow and text:
        parsed = parse_slow(text[:120], ctx.parse.languages)
    return (text, parsed) if parsed is not None else None


def _time_candidate(element: Any, role: str, ctx: SourceContext) -> Candidate | None:
    """One <time> element as a candidate of that role: its value from datetime= or else its
    text."""
    raw = element.get("datetime") or ""
    if raw.strip():
        parsed = ctx.parse.value(raw)
        if parsed is None:
            return None
        return Candidate(role, parsed, raw.strip(), DateSource.TIME, ctx.rank)
    found = element_date(element, ctx, slow=True)
    if found is None:
        return None
    return Candidate(role, found[1], found[0][:120].strip(), DateSource.TIME, ctx.rank)


def time_elements(page: Page, ctx: SourceContext) -> list[Candidate]:
    """<time> elements outside related/comment blocks, from lxml's C iterator over that one tag:
    the first of each role counts."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for element in page.by_tag["time"][: ctx.limit]:
        # The page's own <time> elements come first; lists of other articles' follow.
        time_role = _time_role(element)
        if time_role in seen or in_excluded_block(
            element, strict=ctx.rules.weak_exclusions, levels=NEAR_LEVELS
        ):
            continue  # the first <time> of each role counts
        candidate = _time_candidate(element, time_role, ctx)
        if candidate is not None:
            seen.add(candidate.role)
            out.append(candidate)
    return out


def itemprop(page: Page, ctx: SourceContext) -> list[Candidate]:
    """Microdata itemprop dates outside related/comment blocks, found in the HTML text (a
    whole-tree attribute search costs a traversal in Python or an XPath over every element):
    the first of each role counts."""
    out: list[Candidate] = []
    seen: set[str] = set()
    html = page.html
    # From <body> on: <head> only holds <meta itemprop>, read with the meta tags.
    for match in _itemprop_dates(html, ctx.limit, page.main_offsets[0]):
        found = _itemprop_tag(html, match)
        if found is None:
            continue
        pos, tag_name, tag = found
        attrs = _attributes(tag)
        role = _ITEMPROP_ROLES.get(attrs.get("itemprop", ""))
        if role is None or role in seen:
            continue
        if blocks_excluded([*open_blocks(html, pos), (tag_name, tag)], ctx.rules.weak_exclusions):
            continue
        read = _itemprop_value(html, pos, tag_name, attrs, ctx)
        if read is None:
            continue
        raw, parsed = read
        seen.add(role)
        out.append(Candidate(role, parsed, raw.strip(), DateSource.ITEMPROP, ctx.rank))
    return out


def _itemprop_tag(html: str, match: re.Match[str]) -> tuple[int, str, str] | None:
    """The start tag holding an itemprop date attribute: its position, lower-cased name and
    text; None for <meta itemprop> and <link> (read with the meta tags) and broken tags."""
    pos = html.rfind("<", 0, match.start() + 1)
    end = html.find(">", match.end())
    name = _TAG_NAME.match(html, pos) if pos >= 0 else None
    if name is None or end < 0 or ">" in html[pos : match.start()]:
        return None
    tag_name = name.group(1).lower()
    if tag_name in ("meta", "link"):
        return None  # <meta itemprop> is read with the meta tags
    return pos, tag_name, html[pos : end + 1]


def _itemprop_value(
    html: str, pos: int, tag_name: str, attrs: dict[str, str], ctx: SourceContext
) -> tuple[str, Parsed] | None:
    """An itemprop element's date: its datetime= or content= value, else its text."""
    raw = attrs.get("datetime") or attrs.get("content") or ""
    if raw.strip():
        parsed = ctx.parse.value(raw)
    else:
        close = html.find(f"</{tag_name}", pos)
        raw = visible_text(html[pos : close if 0 < close < pos + 600 else pos + 300])[:120]
        if not raw:
            return None
        parsed = ctx.parse.text(raw)
        parsed = parsed or parse_slow(raw, ctx.parse.languages)
    return (raw, parsed) if parsed is not None else None


# --- embedded application data (Arc XP's Fusion.globalContent) -----------------------------------

_FUSION = re.compile(r"Fusion\.globalContent\s*=\s*")
_FUSION_KEYS = (
    ("first_publish_date", PUBLISHED, 0),
    ("display_date", PUBLISHED, 1),
    ("publish_date", PUBLISHED, 2),  # Arc's latest (re)publication: a last resort
    ("created_date", PUBLISHED, 3),
    ("last_updated_date", MODIFIED, 0),
)


def embedded(page: Page, ctx: SourceContext) -> list[Candidate]:
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
                parsed = ctx.parse.value(value)
                if parsed is not None:
                    source = DateSource.EMBEDDED.named(key)
                    out.append(Candidate(role, parsed, value, source, ctx.rank + extra))
        return out
    return []


# --- date-classed elements (bylines without a label) ---------------------------------------------

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
        if (classes and DATE_CLASSES.search(classes)) or "date" in (element.get("id") or ""):
            yield element


def classed(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The first date in an element whose class says it holds a date or byline, outside
    related/comment blocks (htmldate's main heuristic, kept behind the labelled sources)."""
    keep: MainBlocks | None = None
    for element in islice(_classed_elements(page), ctx.limit):
        text = visible_text(element.text_content() or "")
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
        return [Candidate(UNKNOWN, parsed, raw, DateSource.TEXT, ctx.rank)]
    return []


# --- application data (a last resort, rule 10) ---------------------------------------------------

_APP_KEY_VALUE = re.compile(
    r"""\\?["']("""
    + "|".join(vocab.APP_DATE_KEYS)
    + r""")\\?["']\s*:\s*\\?["']([0-9][0-9T:.+/ -]{7,34}Z?)\\?["']"""
)


def app_data(page: Page, ctx: SourceContext) -> list[Candidate]:
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
            parsed = ctx.parse.value(value)
            if parsed is not None:
                found[key] = (value, parsed)
    for offset, key in enumerate(vocab.APP_DATE_KEYS):
        if key in found:
            value, parsed = found[key]
            source = DateSource.EMBEDDED.named(key)
            return [Candidate(PUBLISHED, parsed, value, source, ctx.rank + offset)]
    return []


# "/files/2016/05/04/ar-2015-og.png", "/uploads/images/2020/12/01/937359.JPG": CMSs file an
