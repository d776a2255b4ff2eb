"""Where `related`'s CPU goes per page: the crawl under cProfile, top functions in ms per page.

Run: ``python -m devtools.bench profile [--pages N] [--top N]`` (the bench site must exist: `make
bench` generates it). cProfile adds overhead to every Python call, so absolute figures are higher
than in the bench; the shares are what to read.
"""

from __future__ import annotations

import argparse
import pstats
import sys
from pathlib import Path

from devtools.bench import BENCH_ROOT, nginx
from devtools.bench.run import measure, related_argv
from devtools.bench.site import ensure_site

# Functions worth a line of their own even when they are not in the top list.
WATCH = (
    "parse_page",
    "extract_article",
    "extract_dates",
    "related_links",
    "is_article_page",
    "parse_article",
    "normalize_url",
    "document_fromstring",
    "process_item",
    "export_item",
)


def _label(func: tuple[str, int, str]) -> str:
    path, line, name = func
    if path == "~":
        return name
    parts = Path(path).parts
    short = (
        "/".join(parts[-2:])
        if "crawler" not in parts
        else "/".join(parts[parts.index("crawler") :])
    )
    return f"{short}:{line}({name})"


def report(stats_file: Path, pages: int, top: int) -> list[str]:
    """Lines: top functions by own time and by cumulative time, in ms per page."""
    stats = pstats.Stats(str(stats_file))
    table = stats.stats  # type: ignore[attr-defined]
    rows = [(func, v[2], v[3], v[1]) for func, v in table.items()]  # own, cumulative, calls
    lines = [f"profile: {pages} pages; ms/page (calls/page)"]
    lines.append("-- by own time --")
    for func, own, cum, calls in sorted(rows, key=lambda r: r[1], reverse=True)[:top]:
        lines.append(
            f"{1000 * own / pages:8.3f} own {1000 * cum / pages:8.3f} cum "
            f"({calls / pages:7.1f})  {_label(func)}"
        )
    lines.append("-- by cumulative time (our code and lxml) --")
    ours = [
        r
        for r in rows
        if "/crawler/" in r[0][0] or any(w == r[0][2] for w in WATCH) or "lxml" in r[0][2]
    ]
    for func, own, cum, calls in sorted(ours, key=lambda r: r[2], reverse=True)[:top]:
        lines.append(
            f"{1000 * cum / pages:8.3f} cum {1000 * own / pages:8.3f} own "
            f"({calls / pages:7.1f})  {_label(func)}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Profile one capped `related` crawl of the bench site and print the report."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench profile", description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    truth = ensure_site(BENCH_ROOT / "site")
    seed_path: str = truth["seed_path"]
    run_dir = BENCH_ROOT / "runs" / "profile"
    run_dir.mkdir(parents=True, exist_ok=True)
    out = run_dir / "related.prof"
    with nginx.serve(BENCH_ROOT / "site", BENCH_ROOT / "nginx") as served:
        crawl = related_argv(served.base_url, seed_path, run_dir / "items", run_dir, args.pages)
        argv_profiled = [sys.executable, "-m", "cProfile", "-o", str(out), *crawl[1:]]
        measured = measure(
            "related under cProfile",
            argv_profiled,
            served=served,
            log=run_dir / "crawl.log",
            feed=run_dir / "items",
            seed_path=seed_path,
        )
    print(measured.line())
    for line in report(out, measured.pages, args.top):
        print(line)
    return 0
