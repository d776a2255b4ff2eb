"""`scrapy crawl`, with its input checked before start and an exit status schedulers can use."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, default_settings

from crawler import settings as project_settings
from crawler.backends import BackendError, check_backend
from crawler.extract.dates.zones import ZoneError
from crawler.extract.links.model import parse_min_confidence
from crawler.extract.urls import is_loopback_url
from crawler.incremental.store import StateError, StateStore
from crawler.locks import LockBusyError, LockError, RunLock
from crawler.runs import run_feed_template
from crawler.spiders.arguments import SeedError, check_arguments, clean_seed, read_seeds
from crawler.spiders.related import RelatedSpider

EXIT_FAILED = 1
"""The environment is unusable (state database, output directory), or the run failed."""
EXIT_USAGE = 2
"""A bad argument: a seed, a seed file, a -s value."""
EXIT_BUSY = 75
"""Another run holds the JOBDIR or the state database (EX_TEMPFAIL: try again later)."""

# Settings read as integers (Scrapy's getint): a -s value must be a whole number.
INTEGER_SETTINGS = frozenset(
    {
        "DEPTH_LIMIT",
        "DEPTH_PRIORITY",
        "CONCURRENT_ITEMS",
        "CONCURRENT_REQUESTS",
        "CONCURRENT_REQUESTS_PER_DOMAIN",
        "CONCURRENT_REQUESTS_PER_IP",
        "RETRY_TIMES",
        "REDIRECT_MAX_TIMES",
        "DOWNLOAD_MAXSIZE",
        "DOWNLOAD_WARNSIZE",
        "CLOSESPIDER_ITEMCOUNT",
        "CLOSESPIDER_PAGECOUNT",
        "CLOSESPIDER_ERRORCOUNT",
        "RELATED_MAX_LINKS_PER_PAGE",
        "RELATED_MAX_PAGES_PER_SEED",
        "RELATED_EXTRACT_ATTEMPTS",
        "RELATED_EXTRACT_MAX_BREAKS",
    }
)


def _default(name: str) -> Any:
    if hasattr(project_settings, name):
        return getattr(project_settings, name)
    return getattr(default_settings, name, None)


def setting_problem(settings: BaseSettings, name: str) -> str | None:
    """Why the value of `name` cannot be read as the type its default has, or None."""
    value = settings.get(name)
    default = _default(name)
    try:
        if name == "RELATED_EXTRACT_PROCESSES":
            if str(value).lower() != "auto" and int(value) < 0:
                return f"{value!r} is neither 'auto' nor a number of processes"
        elif name == "RELATED_MIN_CONFIDENCE":
            try:
                parse_min_confidence(value)
            except ValueError as exc:
                return str(exc)
        elif name == "LOG_LEVEL":
            if str(value).upper() not in logging.getLevelNamesMapping():
                return f"{value!r} is not a log level"
        elif isinstance(default, bool):
            settings.getbool(name)
        elif name in INTEGER_SETTINGS or isinstance(default, int):
            if name in INTEGER_SETTINGS:
                settings.getint(name)
            else:
                settings.getfloat(name)
        elif isinstance(default, float):
            settings.getfloat(name)
        elif isinstance(default, dict):
            settings.getdict(name)
    except (ValueError, TypeError):
        kind = (
            "true or false"
            if isinstance(default, bool)
            else "a whole number"
            if name in INTEGER_SETTINGS
            else "a number"
            if isinstance(default, int | float)
            else "a JSON object"
        )
        return f"{value!r} is not {kind}"
    return None


def check_settings(settings: BaseSettings) -> None:
    """Raise UsageError (one line) for a -s value of the wrong type."""
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    for name in sorted(settings.attributes):
        if settings.getpriority(name) != cmdline:
            continue
        problem = setting_problem(settings, name)
        if problem is not None:
            raise UsageError(f"setting {name}: {problem}", print_help=False)


def _local_dirs(settings: BaseSettings) -> list[Path]:
    """The local directories the feeds write to (those without placeholders)."""
    out = []
    for uri in settings.getdict("FEEDS"):
        text = str(uri)
        parts = urlsplit(text)
        if parts.scheme == "file":
            text = parts.path
        elif parts.scheme and len(parts.scheme) > 1:
            continue
        parent = Path(text).parent
        if "%(" not in str(parent):
            out.append(parent)
    return out


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
    """Scrapy's crawl command. Before anything starts: a bad seed or -s value stops it with one
    line and exit code 2; an output directory that cannot be written or a state database that
    cannot be used (not a database, another schema, locked), exit code 1; another run holding
    the JOBDIR or the state database, exit code 75. Afterwards the exit code is the run's status
    (stat `run/exit_code`, see crawler.runs.status.RunStatus)."""

    locks: list[RunLock]

    def _fail(self, message: str, code: int) -> NoReturn:
        print(f"error: {message}", file=sys.stderr)
        sys.exit(code)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the arguments and the environment now (Scrapy has not started logging yet),
        warn about a live crawl without a contact, and turn the run machinery on for our
        spider (RELATED_RUN, see crawler/addons.py)."""
        try:
            super().process_options(args, opts)
        except UsageError as exc:
            self._fail(str(exc), EXIT_USAGE)
        assert self.settings is not None
        self.locks = []
        related = bool(args) and args[0] == RelatedSpider.name
        seeds: list[str] = []
        try:
            check_settings(self.settings)
            if related:
                check_arguments(opts.spargs, self.settings)
                check_backend(self.settings)
                seeds = [
                    clean_seed(raw)[0]
                    for raw in read_seeds(opts.spargs.get("url"), opts.spargs.get("urls"))
                ]
        except (SeedError, UsageError, ZoneError, BackendError) as exc:
            self._fail(str(exc), EXIT_USAGE)
        if not related:
            return
        warning = contact_warning(str(self.settings.get("USER_AGENT")), seeds)
        if warning:
            print(warning, file=sys.stderr)
        self.settings.set("RELATED_RUN", True, priority="cmdline")
        try:
            self._check_environment(self.settings)
        except LockBusyError as exc:
            self._fail(str(exc), EXIT_BUSY)
        except (LockError, StateError, OSError) as exc:
            self._fail(str(exc), EXIT_FAILED)

    def _check_environment(self, settings: BaseSettings) -> None:
        """Take the run's locks, and check its output directories and state database."""
        jobdir = settings.get("JOBDIR")
        if jobdir:
            self._lock(Path(jobdir) / "related.lock", f"the JOBDIR {jobdir}")
        for directory in _local_dirs(settings):
            try:
                directory.mkdir(parents=True, exist_ok=True)
                with tempfile.TemporaryFile(dir=directory):
                    pass
            except OSError as exc:
                raise OSError(
                    f"cannot write to the output directory {directory}: {exc.strerror or exc}"
                ) from exc
        shared = settings.get("RELATED_BACKEND", "sqlite") == "redis"  # no local state database
        if (
            not shared
            and settings.getbool("STATE_ENABLED", True)
            and run_feed_template(settings) is not None
        ):
            path = Path(settings.get("STATE_DB_PATH", "output/state.sqlite3"))
            if path.is_dir():
                raise StateError(f"state database {path} is a directory")
            self._lock(path.with_name(path.name + ".lock"), f"the state database {path}")
            StateStore(path, timeout=settings.getfloat("STATE_DB_TIMEOUT", 30.0)).close()

    def _lock(self, path: Path, what: str) -> None:
        lock = RunLock(path, what)
        lock.acquire()
        self.locks.append(lock)

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
