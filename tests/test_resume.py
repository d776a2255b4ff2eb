"""Pause and resume: a run killed with SIGKILL and started again in the same JOBDIR loses no
article and duplicates none in the dataset."""

from __future__ import annotations

import json
import os
import subprocess
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from crawler.dataset import build, read_runs
from devtools.offline.server import serve_in_thread
from tests.conftest import ROOT, ServedSite
from tests.test_incremental import run_scheduled, scheduled_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

DELAY = 0.04
"""Seconds the slow server waits before each answer, so that kills land mid-crawl."""
SLOW = ("-s", "CONCURRENT_REQUESTS=2")


def slow_server(root: Path, delay: float) -> AbstractContextManager[str]:
    """The offline site served with a delay before every answer; yields its base URL."""
    return serve_in_thread(root, delay=delay)


def lines_in(runs: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in runs.glob("*.jsonl") if p.is_file())


def kill_after(argv: list[str], runs: Path, items: int) -> None:
    """Start the crawl and SIGKILL it once `items` lines are in its run file."""
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=dict(os.environ, PYTHONHASHSEED="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while lines_in(runs) < items and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the crawl ended before the kill"
        proc.kill()
    finally:
        proc.wait(timeout=60)


def versions(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    return [
        (r["canonicalUrl"], r["contentHash"], r["datePublished"], str(r["dateModified"]))
        for r in rows
    ]


@pytest.fixture(scope="module")
def uninterrupted(
    lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, str, str, str]]:
    work = tmp_path_factory.mktemp("whole")
    proc = run_scheduled(lalibre_site.url(lalibre_site.truth["seed_path"]), work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return versions(build(read_runs(work / "runs")))


@pytest.mark.parametrize("kill_at", [1, 20, 45])
def test_killed_and_resumed_run_gives_the_same_dataset(
    kill_at: int,
    lalibre_site: ServedSite,
    uninterrupted: list[tuple[str, str, str, str]],
    tmp_path: Path,
) -> None:
    jobdir = tmp_path / "job"
    with slow_server(lalibre_site.root, DELAY) as url:
        seed = url.rstrip("/") + lalibre_site.truth["seed_path"]
        argv = scheduled_argv(seed, tmp_path, *SLOW, "-s", f"JOBDIR={jobdir}")
        kill_after(argv, tmp_path / "runs", kill_at)
        killed = (tmp_path / "runs").glob("*.json")
        (manifest,) = [json.loads(p.read_text(encoding="utf-8")) for p in killed]
        assert manifest["status"] == "running"
        resumed = run_scheduled(seed, tmp_path, *SLOW, "-s", f"JOBDIR={jobdir}")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "Resuming run" in resumed.stderr
    # One run: the resumed attempt kept the run id and appended to the same file.
    feeds = list((tmp_path / "runs").glob("*.jsonl"))
    assert len(feeds) == 1
    manifest = json.loads(feeds[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert (manifest["status"], manifest["attempts"]) == ("finished", 2)
    assert versions(build(read_runs(tmp_path / "runs"))) == uninterrupted
    # The run id is cleared once the run finished: the next start is a new run.
    assert not (jobdir / "related-run-id").exists()


def test_next_run_in_the_same_jobdir_is_a_new_run(lalibre_site: ServedSite, tmp_path: Path) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    jobdir = ("-s", f"JOBDIR={tmp_path / 'job'}")
    first = run_scheduled(seed, tmp_path, *jobdir, depth=1)
    second = run_scheduled(seed, tmp_path, *jobdir, depth=1)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr[-3000:]
    manifests = [
        json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "runs").glob("*.json")
    ]
    assert len(manifests) == 2
    latest = max(manifests, key=lambda m: m["run_id"])
    # Scrapy's seen-requests file of the finished run did not filter the seeds: the articles
    # were all visited again, answered by the state store as not due.
    assert latest["counts"]["not_due"] >= len(lalibre_site.truth["depth_limits"]["1"])
    assert latest["counts"]["items"] == 0
