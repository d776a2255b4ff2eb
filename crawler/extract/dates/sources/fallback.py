"""Last-resort dates (rule 10): threads, titles, attributes, scripts, images, copyrights."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from lxml import etree

from crawler.extract.dates.candidates import UNKNOWN, Candidate, SourceContext
from crawler.extract.dates.parse import (
    Parsed,
    parse_iso,
)
from crawler.extract.dates.sources.blocks import (
    OTHER_CONTENT_TAGS,
    MainBlocks,
    excluded_attrs,
    headline_blocks,
    in_excluded_block,
    select,
)
from crawler.extract.dates.sources.text import dated_texts, page_texts
from crawler.extract.dates.sources.url import url_month
from crawler.extract.page import Page
from crawler.extract.text import visible_text
from crawler.extract.types import DateSource
from crawler.extract.urls.dated import UPLOAD_DAY
from crawler.extract.vocab.dates import COMMENT_BLOCKS, POST_BLOCKS

# Read only when no other source gave a publication or an unlabelled date (rule 10): each costs a
# pass over scripts, attributes or text that most pages never need.


def share_image(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The upload day in the URL of the page's own share image (og:image, twitter:image): a day
    on which the page was being written, a bound rather than a statement."""
    for name in ("og:image", "og:image:url", "twitter:image"):
        for url in page.meta.get(name, ())[:1]:
            match = UPLOAD_DAY.search(url.split("?", 1)[0])
            if match is None:
                continue
            y, m, d = (int(g) for g in match.groups())
            parsed = Parsed(datetime(y, m, d), False, None, match.end())
            source = DateSource.META.named(name)
            return [Candidate(UNKNOWN, parsed, url, source, ctx.rank)]
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


def attribute(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The first ISO instant (a date with a time of day) held in an attribute of an element
    outside other articles' blocks: a machine value kept for tooltips and scripts."""
    keep: MainBlocks | None = None
    for value in select(_ATTRIBUTE_INSTANTS, page.tree)[: ctx.limit]:
        parsed = parse_iso(str(value))
        if parsed is None or not parsed.has_time:
            continue
        if keep is None:
            keep = headline_blocks(page)
        if in_excluded_block(value.getparent(), keep=keep):
            continue
        return [Candidate(UNKNOWN, parsed, str(value), DateSource.ATTRIBUTE, ctx.rank)]
    return []


# Short scripts in the body that write a date where they stand, localized in the browser:
# '<script>showDate("2020/04/17 01:43:09")</script>', 'document.write(fmt("2021-03-04"))'.
_WRITING_SCRIPTS = etree.XPath(
    "//body//script[not(@src) and not(@type) or @type = 'text/javascript']"
    "[string-length() >= 10 and string-length() <= 200]"
)


def writing_script(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The date written by the first short body script that holds one, outside other articles'
    blocks: the page shows it where the script stands."""
    keep: MainBlocks | None = None
    for script in select(_WRITING_SCRIPTS, page.tree)[: ctx.limit]:
        text = script.text or ""
        if sum(ch.isdigit() for ch in text) < 6:
            continue
        parsed = ctx.parse.text(text)
        if parsed is None:
            continue
        if keep is None:
            keep = headline_blocks(page)
        if in_excluded_block(script, strict=ctx.rules.weak_exclusions, keep=keep):
            continue
        raw = text[parsed.start : parsed.end]
        return [Candidate(UNKNOWN, parsed, raw, DateSource.SCRIPT, ctx.rank)]
    return []


def _in_comments(element: Any) -> bool:
    """Whether the element sits in a comment thread (its readers' dates, not the page's)."""
    for node in (element, *element.iterancestors()):
        attrs = (node.get("class") or "") + " " + (node.get("id") or "")
        if COMMENT_BLOCKS.search(attrs):
            return True
    return False


def url_month_texts(page: Page, ctx: SourceContext) -> list[Candidate]:
    """When the page's own URL files it under a month ("/2010/05/slug"), the first short visible
    date of that month anywhere on the page but in comments, sidebars included: the URL says when
    the page was filed, and a date of that month shown with it is its day (a blog theme that
    prints the post's date in a side column). Other months' dates there are other posts'."""
    month = url_month(page)
    if month is None:
        return []
    for text, cleaned, parsed in dated_texts(page_texts(page, ctx), ctx, ctx.limit):
        if (parsed.value.year, parsed.value.month) != month:
            continue
        if len(cleaned) - (parsed.end - parsed.start) > ctx.rules.dateline_slack:
            continue
        parent = text.getparent()
        if parent is None or _in_comments(parent):
            continue
        raw = cleaned[parsed.start : parsed.end]
        return [Candidate(UNKNOWN, parsed, raw, DateSource.TEXT, ctx.rank)]
    return []


def page_title(page: Page, ctx: SourceContext) -> list[Candidate]:
    """A date that opens or closes the page's <title> ("08.11.2021 | Online-Fachtag ..."): the
    title names this page, so its date is this page's (never the title's prose: "... 2022")."""
    title = visible_text(page.tree.findtext(".//title") or "")
    if not title or not any(ch.isdigit() for ch in title):
        return []
    parsed = ctx.parse.text(title)
    if parsed is None:
        return []
    before, after = title[: parsed.start].strip(), title[parsed.end :].strip()
    if before and after and before[-1:] not in "|-–—:" and after[:1] not in "|-–—:":
        return []  # a date inside the title's words is what the story is about
    raw = title[parsed.start : parsed.end]
    return [Candidate(UNKNOWN, parsed, raw, DateSource.TITLE, ctx.rank)]


# A discussion thread's address: "/forum/", "/forums/", "/thread/", "/discussion/", "/topic/",
# phpBB's "viewtopic.php", vBulletin's "showthread.php".
_THREAD_URL = re.compile(
    r"/(?:forums?|threads?|discussions?|topics?|viewtopic\.php|showthread\.php)(?:/|$)", re.I
)


def _in_post(element: Any) -> bool:
    """Whether the element sits in a post block and in no other block of other content (a
    sidebar, navigation, related list)."""
    in_post = False
    for node in (element, *element.iterancestors()):
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in OTHER_CONTENT_TAGS:
            return False
        if tag in ("body", "html"):
            break
        attrs = (node.get("class") or "") + " " + (node.get("id") or "")
        if POST_BLOCKS.search(attrs):
            in_post = True
        elif excluded_attrs(attrs, False):
            return False
    return in_post


def thread(page: Page, ctx: SourceContext) -> list[Candidate]:
    """On a discussion thread's page (by its address), the first post's date: forum software
    marks every post up alike, the opening one included, so the comment exclusion that keeps
    readers' dates off an article leaves the thread with none. A date alone in a post's
    header ('<span class="MtnCommentTime"><span>28.09.19</span>') is read, in page order."""
    if _THREAD_URL.search(page.url.split("?", 1)[0].split("#", 1)[0]) is None:
        return []
    for text, cleaned, parsed in dated_texts(page_texts(page, ctx), ctx, ctx.limit):
        if len(cleaned) - (parsed.end - parsed.start) > ctx.rules.dateline_slack:
            continue
        parent = text.getparent()
        if parent is not None and _in_post(parent):
            raw = cleaned[parsed.start : parsed.end]
            return [Candidate(UNKNOWN, parsed, raw, DateSource.TEXT, ctx.rank)]
    return []


def copyright_line(page: Page, ctx: SourceContext) -> list[Candidate]:
    """A full date in a copyright line ("Copyright © 19.12.2019 - 12:14 h by ..."): page
    templates stamp it with when the page was generated or last changed, while a year alone
    ("© 2019") is the site's copyright period and never parses as a date. The weakest source,
    read when nothing else dates the page."""
    for text in page_texts(page, ctx)[: ctx.limit]:
        cleaned = visible_text(str(text))
        if "©" not in cleaned and "copyright" not in cleaned.lower():
            continue
        parsed = ctx.parse.text(cleaned)
        if parsed is not None:
            raw = cleaned[parsed.start : parsed.end]
            return [Candidate(UNKNOWN, parsed, raw, DateSource.TEXT, ctx.rank)]
    return []
