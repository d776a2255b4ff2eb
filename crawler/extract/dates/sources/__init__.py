"""Where a page states its dates: every source, its rank and when it runs, in one table."""

from __future__ import annotations

from crawler.extract.dates.candidates import (
    Candidate,
    Gate,
    ParseContext,
    Scratch,
    Source,
    SourceContext,
)
from crawler.extract.dates.sources import fallback, markup, structured, text, url
from crawler.extract.page import Page

# Every date source, in the order a page is read, like Scrapy's *_BASE settings: its collector,
# its rank (rule 4's precedence: lower wins when sources disagree) and when it runs (see Gate;
# collect.py opens the gates). Machine fields come first: the CMS writes them from the stored
# instant, with an offset and to the second; visible text is formatted for humans; date-classed
# elements and datelines carry no label saying which date they are; the URL gives only the day.
SOURCES: dict[str, Source] = {
    "json-ld": Source(structured.jsonld, rank=0, weaker=28),
    "meta": Source(structured.meta, rank=20, weaker=65),
    "embedded": Source(markup.embedded, rank=40),
    "time": Source(markup.time_elements, rank=35, limit=8),
    "itemprop": Source(markup.itemprop, rank=30, limit=24),
    "text": Source(text.labelled, rank=50, runs=Gate.OPEN_QUESTION, limit=4),
    "url": Source(url.url_day, rank=70),
    "classed": Source(
        markup.classed, rank=60, runs=Gate.NO_PUBLICATION, switch="classed", limit=20
    ),
    "dateline": Source(text.datelines, rank=80, runs=Gate.NO_DATE, switch="datelines", limit=60),
    # Rule 10's last resorts, in the order they are read when Rules.fallbacks names them. All
    # but the application data carry no label: from "thread" on, the ranks say "unlabelled".
    "app-data": Source(markup.app_data, rank=50, runs=Gate.LAST_RESORT),
    "thread": Source(fallback.thread, rank=90, runs=Gate.LAST_RESORT, limit=60),
    "title": Source(fallback.page_title, rank=92, runs=Gate.LAST_RESORT),
    "url-month": Source(fallback.url_month_texts, rank=91, runs=Gate.LAST_RESORT, limit=200),
    "attribute": Source(fallback.attribute, rank=91, runs=Gate.LAST_RESORT, limit=12),
    "script": Source(fallback.writing_script, rank=91, runs=Gate.LAST_RESORT, limit=20),
    "share-image": Source(fallback.share_image, rank=90, runs=Gate.LAST_RESORT),
    "copyright": Source(fallback.copyright_line, rank=95, runs=Gate.LAST_RESORT, limit=60),
}

# The ranks the rules compare with: machine values rank below labelled visible text (rules 2,
# 3, 4, 9), unlabelled datelines (rule 4b), and the unlabelled last resorts (rule 10's note).
TEXT_RANK = SOURCES["text"].rank
DATELINE_RANK = SOURCES["dateline"].rank
UNLABELLED_RANK = SOURCES["thread"].rank


def read(
    name: str, page: Page, ctx: ParseContext, scratch: Scratch | None = None
) -> list[Candidate]:
    """The candidates of one source of the table on the page (`scratch`: what the page's other
    sources already selected)."""
    source = SOURCES[name]
    return source.collect(page, SourceContext(ctx, source, scratch or Scratch()))
