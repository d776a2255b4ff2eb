"""`scrapy crawl`, with seeds checked before start and an exit status schedulers can use."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler import settings as project_settings
from crawler.backends import BackendError, check_backend
from crawler.extract.urls import is_loopback_url
from crawler.extract.zones import ZoneError
from crawler.spiders.related import (
    RelatedSpider,
    SeedError,
    check_arguments,
    clean_seed,
    read_seeds,
)

EXIT_USAGE = 2


def contact_warning(user_agent: str, seeds: list[str]) -> str | None:
    """The warning for a live crawl (a seed that is not on this machine) whose USER_AGENT is
    still the project's default, which names no one a site's admins could write to."""
    if user_agent != project_settings.USER_AGENT or all(map(is_loopback_url, seeds)):
        return None
    return (
        "warning: USER_AGENT names no contact. The sites you crawl see "
        f"{user_agent!r}; put your own contact in it, so that their admins can reach you "
        "instead of blocking you:\n"
        "  -s USER_AGENT='related-crawler/0.1 (+https://your.site/about; you@example.org)'\n"
        "(or set USER_AGENT in crawler/settings.py). See the README, 'Crawling a site that is "
        "not yours'."
    )


class Command(ScrapyCrawl):
    """Scrapy's crawl command; a bad seed stops it with one line and exit code 2 before anything
    starts, and the exit code afterwards is the run's status (stat `run/exit_code`, see
    crawler.extensions.RunStatus)."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the `related` spider's arguments now (Scrapy has not started logging yet),
        warn about a live crawl without a contact, and turn the run machinery on (RELATED_RUN,
        see crawler/addons.py)."""
        super().process_options(args, opts)
        if args and args[0] == RelatedSpider.name:
            assert self.settings is not None
            try:
                check_arguments(opts.spargs, self.settings)
                check_backend(self.settings)
                seeds = [
                    clean_seed(raw)[0]
                    for raw in read_seeds(opts.spargs.get("url"), opts.spargs.get("urls"))
                ]
            except (SeedError, ZoneError, BackendError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                sys.exit(EXIT_USAGE)
            warning = contact_warning(str(self.settings.get("USER_AGENT")), seeds)
            if warning:
                print(warning, file=sys.stderr)
            self.settings.set("RELATED_RUN", True, priority="cmdline")

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
