"""Extraction: pure functions from HTML and a URL to plain values (no Scrapy here)."""

from crawler.extract.article import (
    ArticleFields,
    extract_article,
    extract_html,
    is_article_page,
    site_for,
)
from crawler.extract.dates import extract_dates
from crawler.extract.links import Link, related_links, scored_candidates
from crawler.extract.page import Page, parse_page

__all__ = [
    "ArticleFields",
    "Link",
    "Page",
    "extract_article",
    "extract_dates",
    "extract_html",
    "is_article_page",
    "parse_page",
    "related_links",
    "scored_candidates",
    "site_for",
]
