"""Dates in the page's visible text: after a label, and alone in short datelines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.extract import vocab
from crawler.extract.caching import memo
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
    parse_time_only,
)
from crawler.extract.dates.sources.blocks import (
    BLOCK_WINDOW,
    MainBlocks,
    blocks_excluded,
    headline_blocks,
    in_excluded_block,
    open_blocks,
    select,
)
from crawler.extract.dates.sources.url import url_month
from crawler.extract.page import Page
from crawler.extract.text import visible_text
from crawler.extract.types import DateSource

# --- labelled visible text -----------------------------------------------------------------------


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
    langs = {*(lang for lang in languages if lang in vocab.DATE_LABELS), "en"}
    labels = sorted(
        {
            (v, role)
            for lang in langs
            for label, role in vocab.DATE_LABELS[lang]
            for v in _variants(label)
        },
        key=lambda pair: -len(pair[0]),
    )
    stems = [
        v
        for stem in vocab.DATE_LABEL_STEMS
        for v in dict.fromkeys((stem, _shout(stem), _title(stem)))
    ]
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
    window = src.lowered[max(0, pos - BLOCK_WINDOW) : pos].decode("utf-8", "ignore")
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


def labelled(page: Page, ctx: SourceContext) -> list[Candidate]:
    """Dates right after a publication or update label in the page's visible text; for each role
    only the first labelled date counts (the article's byline comes before comments/widgets);
    each stem's first `ctx.limit` labels are read.

    The region is searched a chunk at a time, and labels are read in page order as soon as no
    later occurrence can start before them: once both roles have their date (or a role has, for
    stems whose labels all have that role), the rest of the region is not searched. The result
    is the one a search of the whole region would give."""
    src = _source(page)
    html = src.lowered
    table = _label_table(ctx.parse.languages)
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
                    _scan_stem(scan, html, bound, ctx.limit, pending)
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
    src: _Source, here: int, label: bytes, role: str, ctx: SourceContext
) -> Candidate | None:
    """The date right after the label at byte `here` of the byline region, if it has one and is
    visible text outside other content's blocks."""
    html = src.lowered
    end = here + len(label)
    after = html[end : end + 400].decode("utf-8", "ignore")
    if _ASSIGNMENT.match(after):
        return None  # a JSON key or attribute ('"published": "..."'), not visible text
    snippet = visible_text(after)[:90]
    parsed = ctx.parse.text(snippet)
    if parsed is None or parsed.start > ctx.rules.label_gap:
        # A same-day update shows its time alone: "bijgewerkt om 16.40 uur", "Mis à jour à
        # 16h50"; rule 5b dates it by the publication's day.
        slow = parse_time_only(snippet) if role == MODIFIED else None
        if slow is None and parsed is None:
            slow = parse_slow(snippet[:40], ctx.parse.languages)
        if slow is None:
            return None
        parsed = slow
    if _label_in_excluded_block(src, here, ctx.rules.weak_exclusions):
        return None  # "Posted on ..." in a comment, "Published" in a related teaser
    raw = _labelled_raw(src, here, end, parsed, snippet)
    return Candidate(role, parsed, raw, DateSource.TEXT, ctx.rank)


def _labelled_raw(src: _Source, here: int, end: int, parsed: Parsed, snippet: str) -> str:
    """The label and its date as the page writes them, nothing after: "Publié le 12-09-2023 à
    16h41". A "label" inside a tag (class="published" title="2016-12-23T...") is no visible
    text: the date's own text alone is kept."""
    original = src.original
    shown = visible_text(original[end : end + 400].decode("utf-8", "ignore"))[:90]
    if len(shown) != len(snippet):
        shown = snippet  # an entity whose case mattered: the lower-cased text, same offsets
    if src.lowered.rfind(b"<", 0, here) > src.lowered.rfind(b">", 0, here):
        return shown[parsed.start : parsed.end]
    label = visible_text(original[here:end].decode("utf-8", "ignore"))
    date = shown[: parsed.end]
    joined = visible_text(original[here : end + 400].decode("utf-8", "ignore"))
    at = joined.find(date, len(label))
    return joined[: at + len(date)] if at >= 0 else f"{label} {date}"


# --- unlabelled datelines -----------------------------------------------------------------------

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
    return select(_SHORT_TEXTS, page.tree)


def dated_texts(
    texts: list[Any], ctx: SourceContext, limit: int
) -> Iterator[tuple[Any, str, Parsed]]:
    """Each of the first `limit` texts that holds a date: the text node, its cleaned text and the
    parsed date."""
    for text in texts[:limit]:
        cleaned = visible_text(str(text))
        parsed = ctx.parse.text(cleaned)
        if parsed is not None:
            yield text, cleaned, parsed


def page_texts(page: Page, ctx: SourceContext) -> list[Any]:
    """The page's short texts (see short_texts), selected once for all the page's sources."""
    if ctx.scratch.texts is None:
        ctx.scratch.texts = short_texts(page)
    return ctx.scratch.texts


def datelines(page: Page, ctx: SourceContext) -> list[Candidate]:
    """The first short, date-only text of the page outside other articles' blocks; when the URL
    files the page under a month ("/2018/07/slug"), the first dateline in that month. Dates in
    running prose are events the text reports, not when it was written: they are not read."""
    month = url_month(page)
    first: Candidate | None = None
    keep: MainBlocks | None = None
    for text, cleaned, parsed in dated_texts(page_texts(page, ctx), ctx, ctx.limit):
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
        candidate = Candidate(UNKNOWN, parsed, raw, DateSource.TEXT, ctx.rank)
        if month is None or (parsed.value.year, parsed.value.month) == month:
            return [candidate]
        if first is None:
            first = candidate
    return [first] if first is not None else []
