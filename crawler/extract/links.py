"""Related-coverage links of an article page: related boxes, body links, embedded data."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile


@dataclass(frozen=True)
class Link:
    """A related-coverage link: absolute normalized URL, visible text, and where it sat."""

    url: str
    text: str
    kind: str
    """"related-box", "body" or "embedded"."""


def related_links(page: Page, *, site: SiteProfile | None) -> list[Link]:
    """The page's related-coverage links, best first (INTERFACE STUB: being implemented)."""
    del page, site
    return []
