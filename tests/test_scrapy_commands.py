"""Scrapy's own commands behave as in any Scrapy project: no run files, manifests or state
outside `scrapy crawl related`, and `scrapy check related` runs real contracts (issue #13,
items 4 and 5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, ServedSite, crawl_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration


def _project(tmp_path: Path) -> Path:
    """An empty directory that is the project for Scrapy (its scrapy.cfg): the project's
    relative output paths (output/runs, output/state.sqlite3) land in it."""
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(ROOT / "scrapy.cfg", work / "scrapy.cfg")
    return work


def _scrapy(work: Path, *argv: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    # BROWSER: `scrapy view` opens the page with a command that does nothing.
    env = dict(os.environ, PYTHONHASHSEED="0", BROWSER="true")
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *argv],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _written(work: Path) -> list[str]:
    return sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.name != "scrapy.cfg")


@pytest.fixture
def known_article(lalibre_site: ServedSite, tmp_path: Path) -> tuple[Path, str]:
    """A project directory whose state database already knows the seed (a crawl ran there),
    so that a state-aware command would answer it as "not due" without fetching it."""
    work = _project(tmp_path)
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    crawl = subprocess.run(
        crawl_argv(seed, depth=1), cwd=work, capture_output=True, text=True, check=False
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert (work / "output" / "state.sqlite3").exists()
    shutil.rmtree(work / "output" / "runs")
    return work, seed


def test_fetch_prints_the_page_and_writes_nothing(known_article: tuple[Path, str]) -> None:
    work, seed = known_article
    before = _written(work)
    proc = _scrapy(work, "fetch", "--nolog", seed)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Poutine et Kim Jong Un" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert _written(work) == before


def test_parse_shows_the_item_of_a_known_article(known_article: tuple[Path, str]) -> None:
    work, seed = known_article
    before = _written(work)
    proc = _scrapy(work, "parse", "--spider", "related", "--nolog", seed)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Scraped Items" in proc.stdout
    assert "'datePublished': '2023-09-12T14:41:00Z'" in proc.stdout
    assert _written(work) == before


def test_shell_runs_and_writes_nothing(lalibre_site: ServedSite, tmp_path: Path) -> None:
    work = _project(tmp_path)
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    proc = _scrapy(work, "shell", "--nolog", seed, "-c", "(response.status, len(response.body))")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("(200, ")
    assert "Traceback" not in proc.stderr
    assert _written(work) == []


def test_view_runs_and_writes_nothing(lalibre_site: ServedSite, tmp_path: Path) -> None:
    work = _project(tmp_path)
    proc = _scrapy(work, "view", "--nolog", lalibre_site.url(lalibre_site.truth["seed_path"]))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert _written(work) == []


def test_bench_runs_and_writes_nothing(tmp_path: Path) -> None:
    work = _project(tmp_path)
    proc = _scrapy(work, "bench", "-s", "CLOSESPIDER_TIMEOUT=1", "-s", "LOG_LEVEL=WARNING")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "Run failed" not in proc.stderr
    assert _written(work) == []


def test_check_runs_the_contracts_on_an_article(lalibre_site: ServedSite, tmp_path: Path) -> None:
    work = _project(tmp_path)
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    proc = _scrapy(work, "check", "related", "-a", f"url={seed}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Ran 4 contracts" in proc.stderr
    assert proc.stderr.rstrip().endswith("OK")
    assert _written(work) == []


def test_check_fails_on_a_page_that_is_not_an_article(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    work = _project(tmp_path)
    proc = _scrapy(work, "check", "related", "-a", f"url={lalibre_site.url('/')}")
    assert proc.returncode == 1
    assert "Returned 0 items, expected 1" in proc.stderr
    assert _written(work) == []


def test_check_lists_the_contracts(tmp_path: Path) -> None:
    proc = _scrapy(_project(tmp_path), "check", "-l")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "related\n  * parse_article" in proc.stdout
