"""The article links of a listing page (home, section, tag): seeds for `-a follow_listing=1`."""

from __future__ import annotations

from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.urls import looks_like_article_url, normalize_url, same_site


def listing_article_links(page: Page, site: SiteProfile | None, limit: int = 200) -> list[str]:
    """Every link of the page to an article-shaped URL on the page's own site, normalized, in
    page order, without duplicates or the page itself; at most `limit`."""
    own = normalize_url(page.url) or page.url
    found: dict[str, None] = {}
    for href in page.tree.xpath("//a/@href"):
        url = normalize_url(str(href), page.base_url)
        if url is None or url == own or url in found:
            continue
        if same_site(url, page.url) and looks_like_article_url(url, site):
            found[url] = None
            if len(found) >= limit:
                break
    return list(found)
