"""`scrapy extract`: the spider's extraction run on saved pages, one JSON item per page."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.extract.article import extract_article, is_article_page
from crawler.extract.dates.zones import ZoneError
from crawler.extract.links.model import parse_min_confidence
from crawler.extract.page import Page, parse_page
from crawler.extract.urls import is_loopback_url
from crawler.spiders.arguments import site_timezones


def extract_file(
    path: str,
    url: str | None,
    now: datetime,
    timezones: dict[str, str] | None = None,
    *,
    min_confidence: float | None = None,
    notes: TextIO | None = None,
) -> dict[str, Any]:
    """The item for one saved page, as the spider would export it at depth 0, plus `file` and
    `isArticle`; a page that cannot be read gives an item with `error` instead. Without `url`,
    the page's own canonical URL (or og:url) is its address, and `notes` (stderr) says so."""
    item: dict[str, Any] = {"file": path}
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        item["error"] = f"cannot read: {exc.strerror or exc}"
        return item
    page_url = url or Path(path).resolve().as_uri()
    try:
        page = parse_page(body, page_url)
        if url is None:
            page = _at_own_address(page, body, path, notes)
            page_url = page.url
        fields = extract_article(page, now=now, timezones=timezones, min_confidence=min_confidence)
        item["isArticle"] = is_article_page(page, fields)
    except (ValueError, TypeError, LookupError, RecursionError) as exc:
        # A page our parser cannot make sense of (or nested deeper than it can follow):
        # reported, and the batch goes on.
        item["error"] = f"cannot parse: {type(exc).__name__}: {exc}"
        return item
    item.update(fields)
    item.update(
        depth=0,
        referrer=None,
        crawledAt=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        localCopy=is_loopback_url(page_url),
    )
    return item


def _at_own_address(page: Page, body: bytes, path: str, notes: TextIO | None) -> Page:
    """A page saved without its address, read at the address it gives itself (canonical URL,
    else og:url): its links are judged as on its site. Without one, same-site links cannot be
    told from others: say so."""
    own = page.canonical
    if own and urlsplit(own).scheme in ("http", "https"):
        if notes is not None:
            print(f"{path}: no --url: using the page's own address {own}", file=notes)
        return parse_page(body, own)
    if notes is not None:
        print(
            f"{path}: warning: no --url and no canonical URL or og:url in the page: its "
            "same-site links cannot be judged (give --url)",
            file=notes,
        )
    return page


def _inputs(listing: str) -> list[tuple[str, str | None, str | None]]:
    """(file, url, error) per line of a JSON Lines listing, in order."""
    out: list[tuple[str, str | None, str | None]] = []
    try:
        lines = Path(listing).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {listing}: {exc.strerror}", print_help=False) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            out.append((str(entry["file"]), entry.get("url"), None))
        except (ValueError, KeyError, TypeError):
            out.append((f"{listing}:{number}", None, "bad input line: expected {file, url}"))
    return out


class Command(ScrapyCommand):
    """Print the item for saved pages."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 (Scrapy's own attribute shape)

    def syntax(self) -> str:
        """Usage line."""
        return "[--url URL] FILE | --input LIST.jsonl"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Extract the article item (dates, related links, fields) from saved pages"

    def long_desc(self) -> str:
        """Help text."""
        return (
            "Run exactly the spider's extraction on saved HTML. With FILE, print its item; "
            "--url gives the address it was saved from (links and site data depend on it; "
            "without it, the page's canonical URL or og:url is used, and stderr says so). "
            'With --input LIST.jsonl (lines {"file": ..., "url": ...}), print one item per '
            "line, in input order, each with its file; a page that cannot be read gives an "
            "item with an error field and the batch goes on."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--url, --input, --now, --timezone, --min-confidence."""
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the page was saved from")
        parser.add_argument("--input", help="JSON Lines listing of {file, url}")
        parser.add_argument(
            "--now",
            help="the crawl time to date against, ISO 8601 (default: now); dates more than a "
            "day after it are rejected as future",
        )
        parser.add_argument(
            "--timezone",
            help="IANA zone of the pages' site, e.g. America/New_York (default: the "
            "RELATED_SITE_TIMEZONES setting, then the page's own hints)",
        )
        parser.add_argument(
            "--min-confidence",
            help="the confidence (0-1) a related link needs (default: the "
            "RELATED_MIN_CONFIDENCE setting, else the link model's threshold)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Extract and print."""
        now = datetime.now(UTC)
        if opts.now:
            try:
                now = datetime.fromisoformat(opts.now)
            except ValueError as exc:
                raise UsageError(f"--now: not an ISO date: {opts.now!r}") from exc
            now = now if now.tzinfo else now.replace(tzinfo=UTC)
        if opts.input and args:
            raise UsageError("give either FILE or --input, not both")
        if opts.input:
            jobs = _inputs(opts.input)
        elif len(args) == 1:
            jobs = [(args[0], opts.url, None)]
        else:
            raise UsageError("give one FILE or --input LIST.jsonl")
        try:
            timezones = site_timezones(opts.timezone, self.settings, "--timezone")
        except ZoneError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        raw = opts.min_confidence
        if raw is None and self.settings is not None:
            raw = self.settings.get("RELATED_MIN_CONFIDENCE")
        try:
            min_confidence = parse_min_confidence(raw)
        except ValueError as exc:
            print(f"error: --min-confidence: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        out: TextIO = sys.stdout
        failures = 0
        for path, url, error in jobs:
            item = (
                {"file": path, "error": error}
                if error
                else extract_file(
                    path, url, now, timezones, min_confidence=min_confidence, notes=sys.stderr
                )
            )
            failures += "error" in item
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        out.flush()
        if failures and len(jobs) == 1:
            self.exitcode = 1
