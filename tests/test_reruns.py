"""Reruns keep the user's data: -O files are complete, `make clean` keeps the crawl's data and
`scrapy reset` clears state and run files together (issue #13, items 1 and 3)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, ServedSite, read_items, run_argv
from tests.test_incremental import run_scheduled, runs_of

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration


def _seed(site: ServedSite) -> str:
    return site.url(site.truth["seed_path"])


def test_overwrite_output_is_complete_on_every_run(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    # The README's first live command, run twice: the second run's -O file is as complete as
    # the first's, while its run file holds only what changed (nothing).
    expected = set(lalibre_site.truth["depth_limits"]["1"])
    coverage = tmp_path / "coverage.jsonl"
    for attempt in (1, 2):
        proc = run_scheduled(_seed(lalibre_site), tmp_path, "-O", str(coverage), depth=1)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert {i["canonicalUrl"] for i in read_items(coverage)} == expected, attempt
        time.sleep(1.1)  # a new run id (one per second)
    (first, _), (second, manifest) = runs_of(tmp_path)
    assert {i["canonicalUrl"] for i in first} == expected
    assert second == []
    assert manifest["counts"]["unchanged"] == len(expected)
    assert manifest["counts"]["items_in_file"] == 0


def test_append_output_adds_every_article_of_each_run(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    expected = lalibre_site.truth["depth_limits"]["1"]
    coverage = tmp_path / "coverage.jsonl"
    for _ in (1, 2):
        proc = run_scheduled(_seed(lalibre_site), tmp_path, "-o", str(coverage), depth=1)
        assert proc.returncode == 0, proc.stderr[-3000:]
        time.sleep(1.1)
    lines = read_items(coverage)
    assert len(lines) == 2 * len(expected)
    assert {i["canonicalUrl"] for i in lines} == set(expected)


def _project_copy(tmp_path: Path) -> Path:
    """A directory laid out like the project for `make`: the Makefile and an output/ tree."""
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    for name in (
        "output/runs/related-20261124T100000Z.jsonl",
        "output/runs/related-20261124T100000Z.json",
        "output/state.sqlite3",
        "output/demo/runs/related-20261124T090000Z.jsonl",
        "output/demo/site/truth.json",
        "output/sites/lalibre/truth.json",
        "output/bench/report.txt",
        ".pytest_cache/v/x",
        ".ruff_cache/x",
    ):
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    return work


def test_make_clean_removes_only_what_can_be_rebuilt(tmp_path: Path) -> None:
    work = _project_copy(tmp_path)
    proc = subprocess.run(
        ["make", "-C", str(work), "clean"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    left = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
    assert left == [
        "Makefile",
        "output/runs/related-20261124T100000Z.json",
        "output/runs/related-20261124T100000Z.jsonl",
        "output/state.sqlite3",
    ]


def _reset(work: Path, *options: str, answer: str = "") -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "scrapy.cfg", work / "scrapy.cfg")
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "reset", *options],
        cwd=work,
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_reset_asks_then_clears_state_and_run_files_together(tmp_path: Path) -> None:
    work = _project_copy(tmp_path)
    (work / "output/runs/notes.txt").write_text("mine\n", encoding="utf-8")
    (work / "output/state.sqlite3-wal").write_text("x", encoding="utf-8")
    proc = _reset(work, answer="n\n")
    assert proc.returncode == 1
    assert "output/state.sqlite3" in proc.stdout
    assert "output/runs/related-20261124T100000Z.jsonl" in proc.stdout
    assert "nothing deleted" in proc.stdout
    assert (work / "output/state.sqlite3").exists()
    # Not a terminal and no answer: nothing happens either.
    assert _reset(work).returncode == 1
    assert (work / "output/runs/related-20261124T100000Z.jsonl").exists()
    proc = _reset(work, answer="y\n")
    assert proc.returncode == 0, proc.stderr
    assert not (work / "output/state.sqlite3").exists()
    assert not (work / "output/state.sqlite3-wal").exists()
    assert sorted(p.name for p in (work / "output/runs").iterdir()) == ["notes.txt"]
    # The demo's own folder is not the crawl's data.
    assert (work / "output/demo/runs/related-20261124T090000Z.jsonl").exists()
    assert "nothing to delete" in _reset(work, "--yes").stdout


def test_after_reset_the_next_crawl_exports_everything(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    expected = set(lalibre_site.truth["depth_limits"]["1"])
    assert run_scheduled(_seed(lalibre_site), tmp_path, depth=1).returncode == 0
    feeds = f'{{"{tmp_path}/runs/%(run_id)s.jsonl": {{"format": "jsonlines"}}}}'
    reset = run_argv(
        [
            *(sys.executable, "-m", "scrapy", "reset", "--yes"),
            *("-s", f"FEEDS={feeds}", "-s", f"STATE_DB_PATH={tmp_path / 'state.sqlite3'}"),
        ]
    )
    assert reset.returncode == 0, reset.stderr
    assert not list((tmp_path / "runs").iterdir())
    time.sleep(1.1)
    assert run_scheduled(_seed(lalibre_site), tmp_path, depth=1).returncode == 0
    ((items, _),) = runs_of(tmp_path)
    assert {i["canonicalUrl"] for i in items} == expected
