"""`make demo`: build the offline seed site, serve it on 127.0.0.1, crawl it, summarize the run.

Everything the demo writes stays under its own folder (output/demo/: the site, the run files, the
state database), which it empties first: the demo never touches output/runs or
output/state.sqlite3, and its items carry localCopy: true (fetched from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATE_FIELDS = ("datePublished", "datePublishedLocal", "dateModified", "dateModifiedLocal")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def summarize(items: list[dict[str, Any]], truth: dict[str, Any], depth: int) -> list[str]:
    """Lines comparing a run's items with the site's ground truth."""
    expected = set(truth["depth_limits"][str(depth)])
    got = [item["canonicalUrl"] for item in items]
    found = set(got) & expected
    exact = sum(
        all(
            item.get(f) == truth["articles"].get(item["canonicalUrl"], {}).get(f)
            for f in DATE_FIELDS
        )
        for item in items
    )
    by_depth = Counter(item["depth"] for item in items)
    sources = Counter(item.get("datePublishedSource") or "none" for item in items)
    kinds = Counter(link["kind"] for item in items for link in item["relatedLinks"])
    link_tp = link_fp = link_fn = 0
    for item in items:
        article = truth["articles"].get(item["canonicalUrl"])
        if article is None:
            continue
        want = {link["path"] for link in article["relatedLinks"]}
        have = {_path(link["url"]) for link in item["relatedLinks"]}
        link_tp += len(want & have)
        link_fp += len(have - want)
        link_fn += len(want - have)
    link_p = link_tp / max(1, link_tp + link_fp)
    link_r = link_tp / max(1, link_tp + link_fn)
    precision = len(found) / len(set(got)) if got else 0.0
    recall = len(found) / len(expected) if expected else 1.0
    return [
        f"items: {len(got)} ({len(set(got))} distinct), by depth "
        + ", ".join(f"{d}: {n}" for d, n in sorted(by_depth.items())),
        f"articles vs ground truth at DEPTH_LIMIT={depth}: precision {precision:.3f}, "
        f"recall {recall:.3f} ({len(found)}/{len(expected)})",
        f"dates exact to the second (published, modified, UTC and local): {exact}/{len(items)}",
        f"relatedLinks vs ground truth, page by page: precision {link_p:.3f}, recall {link_r:.3f}",
        "publication date sources: " + ", ".join(f"{k} {v}" for k, v in sources.most_common()),
        "related links by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()),
    ]


def graph_summary(runs: Path) -> str:
    """How many related-link URLs of the run's items join an article by the rule of
    crawler/graph.py, on the dataset of `runs` (local copies included: the demo's are)."""
    from crawler.dataset import build, edges_of, join_addresses, read_files, run_files
    from crawler.graph import read_address_files

    files = run_files(runs)
    records = read_files(files)
    rows = build(records)
    edges = edges_of(rows, join_addresses(rows, records, read_address_files(files)))
    joined = sum(edge["target"] is not None for edge in edges)
    return (
        f"related-link URLs that join an article by its addresses: {joined} of {len(edges)} "
        f"(the others were not fetched, failed or are not articles); the edge list: "
        f".venv/bin/scrapy dataset --runs {_shown(runs)} --include-local --edges -o edges.csv"
    )


def _shown(path: Path) -> str:
    """`path` relative to the project when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Generate, serve, crawl, summarize; the exit code is the crawl's."""
    from devtools.offline import SITES
    from devtools.offline.server import serve_in_thread

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", default="lalibre", choices=sorted(SITES))
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "output" / "demo", help="default: output/demo"
    )
    args = parser.parse_args(argv)

    out_dir: Path = args.out.resolve()
    root, runs, state = out_dir / "site", out_dir / "runs", out_dir / "state.sqlite3"
    # The demo shows a first run of a freshly generated site: its own state and run files
    # start empty every time (later runs of a real crawl only export changes).
    shutil.rmtree(runs, ignore_errors=True)
    for stale in (
        state,
        state.with_name(state.name + "-wal"),
        state.with_name(state.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    SITES[args.site](root)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    print(
        f"demo: generated the offline {args.site} site in {_shown(root)} "
        f"({len(truth['articles'])} articles, {time.perf_counter() - started:.1f} s); the demo "
        f"writes only under {_shown(out_dir)}/ (its own run files and state)"
    )
    with serve_in_thread(root) as base_url:
        seed = base_url.rstrip("/") + truth.get("seed_path_with_space", truth["seed_path"])
        print(f"demo: serving it at {base_url}; crawling from {seed!r}")
        if any(ch.isspace() for ch in seed):
            print(
                "demo: the seed as received has a line-wrap space inside its id (the URL "
                "arrived wrapped in an e-mail): the crawler removes it, with the warning below"
            )
        feeds = {str(runs / "%(run_id)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
        argv_crawl = [
            sys.executable, "-m", "scrapy", "crawl", "related", "-a", f"url={seed}",
            "-s", f"DEPTH_LIMIT={args.depth}", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "LOG_LEVEL=WARNING",
            "-s", f"FEEDS={json.dumps(feeds)}", "-s", f"STATE_DB_PATH={state}",
        ]  # fmt: skip
        sys.stdout.flush()  # our lines before the crawl's, also when piped
        crawl = subprocess.run(argv_crawl, cwd=ROOT, env=dict(os.environ), check=False)
    new = sorted(runs.glob("*.jsonl"))
    if not new:
        print("demo: the crawl wrote no output file", file=sys.stderr)
        return crawl.returncode or 1
    out = new[-1]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    local = sum(bool(item.get("localCopy")) for item in items)
    print(
        f"demo: crawl exit code {crawl.returncode}; output {_shown(out)} and its manifest "
        f"{_shown(out.with_suffix('.json'))}"
    )
    print(
        f"demo: {local} of {len(items)} items say localCopy: true (fetched from 127.0.0.1, "
        "a local copy: their canonicalUrl names lalibre.be, but this is not the live site)"
    )
    for line in summarize(items, truth, args.depth):
        print("demo: " + line)
    print("demo: " + graph_summary(runs))
    seed_item = next((i for i in items if i["depth"] == 0), None)
    if seed_item:
        print(
            f"demo: seed published {seed_item['datePublished']} "
            f"({seed_item['datePublishedLocal']}), updated {seed_item['dateModified']}"
        )
    if items:
        from crawler.report.build import report_with_screenshot

        report_with_screenshot(out, lambda line: print("demo: " + line, flush=True))
    return crawl.returncode


if __name__ == "__main__":
    sys.exit(main())
