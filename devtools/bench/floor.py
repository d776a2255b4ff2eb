"""The floor: a bare Scrapy spider that follows article links with one parsel pass, URL-only items.

Run: ``python -m devtools.bench.floor URL --out FILE [--pages N]``. Scrapy's default settings, not
the project's (no pipelines, extensions or middlewares of ours), with the same concurrency as the
project and the same log level, so that `related` / floor is what our code costs per page.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings

from crawler import settings as project

# Arc XP article paths: "/<section>/.../2023/09/12/<slug>-<26 base32 chars>/".
ARTICLE_HREF = re.compile(r"^/[^?#]*/\d{4}/\d{2}/\d{2}/[^/?#]+-[A-Z2-7]{26}/")


def article_hrefs(hrefs: list[str]) -> list[str]:
    """The same-site article links among `hrefs`, without query or fragment."""
    out = []
    for href in hrefs:
        match = ARTICLE_HREF.match(href)
        if match is not None:
            out.append(match.group(0))
    return out


class FloorSpider(scrapy.Spider):
    """Follows every article-shaped link of every page; exports {"url": ...} per page."""

    name = "floor"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url]
        # Paths already requested: a page links to ~50 articles (menus, "most read", related),
        # mostly seen before; building a Request only to have the dupefilter drop it would make
        # the floor pay for something `related` (a handful of links per page) does not do.
        self.seen: set[str] = set()

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, str] | scrapy.Request]:
        """One XPath over //a/@href (parsel parses the page once), follow, export the URL."""
        if not isinstance(response, TextResponse):
            return
        yield {"url": response.url}
        for href in article_hrefs(response.xpath("//a/@href").getall()):
            if href not in self.seen:
                self.seen.add(href)
                yield response.follow(href, callback=self.parse)


def floor_settings(out: str, pages: int) -> Settings:
    """Scrapy's defaults, politeness off, the project's concurrency, log level and reactor."""
    return Settings(
        {
            "CONCURRENT_REQUESTS": project.CONCURRENT_REQUESTS,
            "CONCURRENT_REQUESTS_PER_DOMAIN": project.CONCURRENT_REQUESTS_PER_DOMAIN,
            "LOG_LEVEL": getattr(project, "LOG_LEVEL", "INFO"),
            "TWISTED_REACTOR": project.TWISTED_REACTOR,
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CLOSESPIDER_PAGECOUNT": pages,
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf8", "overwrite": True}},
        }
    )


def main(argv: list[str] | None = None) -> int:
    """Crawl from URL until no link is left or --pages responses were received."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench.floor", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--out", required=True, help="JSON Lines feed of the URLs")
    parser.add_argument("--pages", type=int, default=0, help="stop after N responses (0: none)")
    args = parser.parse_args(argv)
    process = CrawlerProcess(floor_settings(args.out, args.pages), install_root_handler=True)
    process.crawl(FloorSpider, url=args.url)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
