"""`scrapy crawl`, with seed arguments checked before start and an exit status schedulers can use."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.utils.misc import load_object

EXIT_USAGE = 2


class Command(ScrapyCrawl):
    """Scrapy's crawl command; a bad seed stops it with one line and exit code 2, and the exit
    code afterwards is the run's status (stat `run/exit_code`, see crawler.extensions.RunStatus)."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the spider's arguments, crawl, and set the exit code from the run's status."""
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl related")
        assert self.crawler_process is not None
        spider_loader = self.crawler_process.spider_loader
        try:
            spidercls = spider_loader.load(args[0])
        except KeyError:
            print(f"error: no spider named {args[0]!r}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        checker = getattr(sys.modules[spidercls.__module__], "check_arguments", None)
        if checker is not None:
            seed_error = load_object("crawler.spiders.related.SeedError")
            try:
                checker(opts.spargs)
            except seed_error as exc:
                print(f"error: {exc}", file=sys.stderr)
                self.exitcode = EXIT_USAGE
                return
        crawler = self._create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        assert crawler.stats is not None
        self.exitcode = int(crawler.stats.get_value("run/exit_code", 0) or 0)
