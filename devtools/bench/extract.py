"""`make bench-extract`: parse, date extraction and link discovery alone over saved pages, ms/page.

Every step is timed on its own freshly parsed page, so that what a step computes first (the
page's meta tags, JSON-LD, canonical URL: cached on the Page) is charged to it, as in a crawl
where it runs alone. Pages: article pages of the generated offline site (the bench site when
`make bench` made it, else a small one), and the shared dev sets when they are present (only to
measure; never required: all their pages by default). A page's figure for a step is its best of
five passes, as timeit takes the best run: the machine's speed drifts with other load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.extract.article import extract_article, site_for
from crawler.extract.dates import extract_dates
from crawler.extract.links import related_links
from crawler.extract.page import Page, parse_page
from devtools.bench import BENCH_ROOT
from devtools.bench.site import STAMP, ensure_site

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[3] / "shared" / "datasets"
STEPS = ("parse", "dates", "links", "article")


@dataclass(frozen=True)
class SavedPage:
    """Page bytes as served, the URL they were fetched from and the declared charset."""

    url: str
    body: bytes
    encoding: str | None = None


def _ms(func: Callable[[], object]) -> float:
    started = time.perf_counter_ns()
    func()
    return (time.perf_counter_ns() - started) / 1e6


def _fresh(page: SavedPage) -> Page:
    return parse_page(page.body, page.url, page.encoding)


def time_page(page: SavedPage) -> dict[str, float]:
    """Milliseconds of each step on this page: parse_page, extract_dates, related_links, and the
    whole extract_article (which includes the other two), each on its own fresh parse."""
    times = {"parse": _ms(lambda: _fresh(page))}
    parsed = _fresh(page)
    times["dates"] = _ms(lambda: extract_dates(parsed, site=site_for(parsed), now=NOW))
    parsed = _fresh(page)
    times["links"] = _ms(lambda: related_links(parsed, site=site_for(parsed)))
    parsed = _fresh(page)
    times["article"] = _ms(lambda: extract_article(parsed, now=NOW))
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def summarize(rows: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    """Median and p95 per step."""
    return {
        step: (statistics.median(r[step] for r in rows), percentile([r[step] for r in rows], 0.95))
        for step in STEPS
    }


def offline_pages(root: Path, limit: int) -> list[SavedPage]:
    """Up to `limit` article pages of a generated site, spread evenly over its articles, served
    from 127.0.0.1 as in a crawl."""
    routes: dict[str, dict[str, Any]] = json.loads((root / "routes.json").read_text("utf-8"))
    truth: dict[str, Any] = json.loads((root / "truth.json").read_text("utf-8"))
    paths = sorted(a["path"] for a in truth["articles"].values())
    step = max(1, len(paths) // limit)
    pages: list[SavedPage] = []
    for path in paths[::step][:limit]:
        route = routes.get(path, {})
        if route.get("status") != 200:
            continue
        charset = str(route.get("content_type", "")).partition("charset=")[2] or None
        pages.append(
            SavedPage(f"http://127.0.0.1:8000{path}", (root / route["file"]).read_bytes(), charset)
        )
    return pages


def shared_pages(limit: int) -> dict[str, list[SavedPage]]:
    """The shared dev sets' pages when ../shared is there (measurement only)."""
    sets: dict[str, list[SavedPage]] = {}
    dates = SHARED / "dates-dev"
    if (dates / "truth.json").is_file():
        rows: list[dict[str, Any]] = json.loads((dates / "truth.json").read_text("utf-8"))
        sets["dates-dev"] = [
            SavedPage(r["url"], (dates / "html" / r["file"]).read_bytes()) for r in rows[:limit]
        ]
    links = SHARED / "links-dev"
    if (links / "truth.jsonl").is_file():
        lines = (links / "truth.jsonl").read_text("utf-8").splitlines()
        entries = [json.loads(line) for line in lines if line.strip()]
        sets["links-dev"] = [
            SavedPage(r["url"], (links / "data" / r["file"]).read_bytes()) for r in entries[:limit]
        ]
    return sets


def bench(name: str, pages: Iterable[SavedPage], rounds: int = 5) -> str:
    """One report line for a page set: median / p95 over pages of each step's ms, a page's
    figure being its best of `rounds` passes (timeit's convention: the best pass is the one the
    machine's other load disturbed least)."""
    pages = list(pages)
    passes = [[time_page(p) for p in pages] for _ in range(rounds)]
    rows = [
        {step: min(run[i][step] for run in passes) for step in STEPS} for i in range(len(pages))
    ]
    stats = summarize(rows)
    size = statistics.mean(len(p.body) for p in pages) / 1000
    parts = [f"{step} {med:.2f}/{p95:.2f}" for step, (med, p95) in stats.items()]
    return (
        f"bench-extract: {name}, {len(pages)} pages of {size:.0f} KB, best of {rounds} passes: "
        "ms median/p95 " + ", ".join(parts)
    )


def main(argv: list[str] | None = None) -> int:
    """Time the extract steps over the page sets; one line per set."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench extract", description=__doc__)
    parser.add_argument("--pages", type=int, default=300, help="pages of the offline site")
    parser.add_argument(
        "--dev-pages", type=int, default=0, help="pages per shared dev set (0: all of them)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="passes over each set")
    parser.add_argument("--no-shared", action="store_true", help="skip the ../shared dev sets")
    args = parser.parse_args(argv)
    site = BENCH_ROOT / "site"
    if not (site / STAMP).is_file():
        site = BENCH_ROOT / "extract-site"
        ensure_site(site, articles=300)
    pages = offline_pages(site, args.pages)
    # Warm-up: imports, compiled patterns, dateparser's first call, lru caches of site lookups.
    for page in pages[:20]:
        time_page(page)
    print(
        "bench-extract: each step on its own fresh parse; 'article' = extract_article (all fields, "
        "dates and links included); targets: dates <= 1 ms, links <= 2 ms median",
        flush=True,
    )
    print(bench(f"offline site {site.name}", pages, args.rounds), flush=True)
    if not args.no_shared:
        for name, saved in shared_pages(args.dev_pages or 1_000_000).items():
            for page in saved[:10]:
                time_page(page)
            print(bench(f"{name} (../shared, measure only)", saved, args.rounds), flush=True)
    return 0
