"""Dates the page declares for machines: its JSON-LD entities and its meta tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crawler.extract import vocab
from crawler.extract.dates.candidates import (
    MODIFIED,
    PUBLISHED,
    UNKNOWN,
    Candidate,
    SourceContext,
)
from crawler.extract.page import Page, types_of
from crawler.extract.types import DateSource
from crawler.extract.vocab import DATED_TYPES

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
            elif types & vocab.WEB_PAGE_TYPES:
                base = 2
            elif types & vocab.NOT_DATED_TYPES:
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


def jsonld(page: Page, ctx: SourceContext) -> list[Candidate]:
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
                parsed = ctx.parse.value(value)
                if parsed is not None:
                    # Creation (a draft's) and upload dates, and media entities, rank below meta.
                    level = ctx.weaker if secondary or rank >= 4 else ctx.rank
                    out.append(Candidate(role, parsed, value, DateSource.JSON_LD, level + rank))
    return out


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


def meta(page: Page, ctx: SourceContext) -> list[Candidate]:
    """Dates declared in <meta> tags, by name; on TYPO3 pages, a bare "date" is an unlabelled
    date of the source's weaker rank, below date-classed elements (see _BARE_DATE_NAMES)."""
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
        parsed = ctx.parse.value(raw)
        if parsed is None:
            continue
        if name in _BARE_DATE_NAMES and ctx.rules.typo3_bare_date:
            if typo3 is None:
                # Its generator tag ("TYPO3 CMS") or asset paths ("/typo3conf/", "/typo3temp/").
                typo3 = "TYPO3" in page.html or "typo3" in page.html
            if typo3:
                source = DateSource.META.named(name)
                out.append(Candidate(UNKNOWN, parsed, raw, source, ctx.weaker))
                continue
        out.append(Candidate(role, parsed, raw, DateSource.META.named(name), ctx.rank + extra))
    return out
