"""Extraction in worker processes: same results as in the crawl process, no orphans on kill."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.workers import Extractor
from devtools.offline.server import serve_in_thread
from tests.conftest import ROOT, ServedSite, crawl_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_worker_and_in_process_extraction_agree(lalibre_site: ServedSite) -> None:
    routes = json.loads((lalibre_site.root / "routes.json").read_text(encoding="utf-8"))
    paths = sorted(a["path"] for a in lalibre_site.truth["articles"].values())[:12]
    pages = [lalibre_site.root / routes[path]["file"] for path in paths if path in routes]

    async def extract_all(extractor: Extractor) -> list[object]:
        extractor.spider_opened()
        try:
            return [
                await extractor.extract(p.read_bytes(), "https://www.lalibre.be/x/", None, NOW)
                for p in pages
            ]
        finally:
            extractor.spider_closed()

    in_process = asyncio.run(extract_all(Extractor(0)))
    in_worker = asyncio.run(extract_all(Extractor(1)))
    assert in_worker == in_process
    assert len(pages) >= 10
    assert all(fields is not None for fields in in_process)


def test_workers_leave_when_the_crawl_is_killed(lalibre_site: ServedSite, tmp_path: Path) -> None:
    with serve_in_thread(lalibre_site.root, delay=0.2) as base:
        argv = crawl_argv(
            base.rstrip("/") + lalibre_site.truth["seed_path"],
            FEEDS="{}",
            STATE_ENABLED="False",
            RELATED_EXTRACT_PROCESSES="1",
            CONCURRENT_REQUESTS="1",
        )
        crawl = subprocess.Popen(
            [*argv, "-O", str(tmp_path / "items.jsonl")],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            workers: set[int] = set()
            while not workers and time.monotonic() < deadline:
                time.sleep(0.2)
                # The pool's workers are the python children (a resource tracker may be one too).
                workers = _children(crawl.pid)
            assert workers, "no worker process started"
            os.kill(crawl.pid, signal.SIGKILL)
        finally:
            crawl.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
