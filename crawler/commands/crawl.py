"""`scrapy crawl`, with seeds checked before start and an exit status schedulers can use."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.extract.zones import ZoneError
from crawler.spiders.related import RelatedSpider, SeedError, check_arguments

EXIT_USAGE = 2


class Command(ScrapyCrawl):
    """Scrapy's crawl command; a bad seed stops it with one line and exit code 2 before anything
    starts, and the exit code afterwards is the run's status (stat `run/exit_code`, see
    crawler.extensions.RunStatus)."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the `related` spider's seeds now: Scrapy has not started logging yet."""
        super().process_options(args, opts)
        if args and args[0] == RelatedSpider.name:
            try:
                check_arguments(opts.spargs, self.settings)
            except (SeedError, ZoneError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                sys.exit(EXIT_USAGE)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Crawl, and set the exit code from the run's status."""
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl related")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        if crawler.stats is not None:
            self.exitcode = int(crawler.stats.get_value("run/exit_code", 0) or 0)
