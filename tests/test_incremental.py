"""Incremental runs against the offline site: only new and changed articles, 304s for the rest."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawler.dataset import build, read_runs
from devtools.offline import SITES
from devtools.offline.changes import apply_changes
from devtools.offline.server import serve_in_thread
from tests.conftest import crawl_argv, read_items, run_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

# Every known article is due at once: the test measures conditional requests, not the clock.
ALWAYS_DUE = ("REVISIT_FIRST_DAY", "REVISIT_FIRST_WEEK", "REVISIT_OLDER", "REVISIT_UNDATED")


def run_scheduled(
    seed: str,
    work: Path,
    *extra: str,
    depth: int = 2,
    always_due: bool = False,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl related` as a scheduled run: run files in work/runs, state in work/."""
    return run_argv(scheduled_argv(seed, work, *extra, depth=depth, always_due=always_due), timeout)


def scheduled_argv(
    seed: str, work: Path, *extra: str, depth: int = 2, always_due: bool = False
) -> list[str]:
    """The command line of a scheduled run writing under `work`."""
    feeds = {str(work / "runs" / "%(run_id)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    due = dict.fromkeys(ALWAYS_DUE, "0") if always_due else {}
    argv = crawl_argv(
        seed,
        depth=depth,
        FEEDS=json.dumps(feeds),
        STATE_DB_PATH=str(work / "state.sqlite3"),
        **due,
    )
    return [*argv, *extra]


def runs_of(work: Path) -> list[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """(items, manifest) of each run under work/runs, oldest first."""
    out = []
    for feed in sorted((work / "runs").glob("*.jsonl")):
        manifest = json.loads(feed.with_suffix(".json").read_text(encoding="utf-8"))
        out.append((read_items(feed), manifest))
    return out


@dataclass
class Scenario:
    """Three runs around one change of the site."""

    truth_before: dict[str, Any]
    truth_after: dict[str, Any]
    changes: dict[str, list[str]]
    runs: list[tuple[list[dict[str, Any]], dict[str, Any]]]
    procs: list[subprocess.CompletedProcess[str]]
    work: Path


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    # A site of its own: the changes rewrite it.
    root = tmp_path_factory.mktemp("site")
    work = tmp_path_factory.mktemp("incremental")
    SITES["lalibre"](root)
    before = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    procs = []
    with serve_in_thread(root) as base_url:
        seed = base_url.rstrip("/") + before["seed_path"]
        procs.append(run_scheduled(seed, work, always_due=True))
        changes = apply_changes(root)
        procs.append(run_scheduled(seed, work, always_due=True))
        procs.append(run_scheduled(seed, work, always_due=True))
    after = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return Scenario(before, after, changes, runs_of(work), procs, work)


def test_three_runs_succeed_with_three_run_files(scenario: Scenario) -> None:
    for proc in scenario.procs:
        assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(scenario.runs) == 3
    assert [m["status"] for _, m in scenario.runs] == ["finished"] * 3


def test_first_run_exports_every_article_as_new(scenario: Scenario) -> None:
    items, manifest = scenario.runs[0]
    expected = set(scenario.truth_before["depth_limits"]["2"])
    assert {i["canonicalUrl"] for i in items} == expected
    assert manifest["counts"]["new"] == len(expected) == len(items)


def test_second_run_exports_exactly_the_changed_and_added(scenario: Scenario) -> None:
    items, manifest = scenario.runs[1]
    changed, added = scenario.changes["changed"], scenario.changes["added"]
    assert (len(changed), len(added)) == (3, 2)
    assert sorted(i["canonicalUrl"] for i in items) == sorted(changed + added)
    counts = manifest["counts"]
    assert (counts["new"], counts["updated"], counts["unchanged"]) == (2, 3, 0)
    for item in items:
        truth = scenario.truth_after["articles"][item["canonicalUrl"]]
        assert item["dateModified"] == truth["dateModified"]
        assert item["datePublished"] == truth["datePublished"]


def test_changed_articles_have_new_text_and_date(scenario: Scenario) -> None:
    first = {i["canonicalUrl"]: i for i in scenario.runs[0][0]}
    second = {i["canonicalUrl"]: i for i in scenario.runs[1][0]}
    for url in scenario.changes["changed"]:
        assert second[url]["contentHash"] != first[url]["contentHash"]
        assert second[url]["dateModified"] > (first[url]["dateModified"] or "")


def test_second_run_answers_the_unchanged_with_304(scenario: Scenario) -> None:
    counts = scenario.runs[1][1]["counts"]
    unchanged = len(scenario.truth_before["depth_limits"]["2"]) - 3
    assert counts["not_modified_304"] >= unchanged


def test_third_run_exports_nothing_and_counts_304s(scenario: Scenario) -> None:
    items, manifest = scenario.runs[2]
    assert items == []
    counts = manifest["counts"]
    articles = len(scenario.truth_after["depth_limits"]["2"])
    assert counts["not_modified_304"] >= articles
    assert (counts["new"], counts["updated"], counts["items"]) == (0, 0, 0)


def test_dataset_holds_the_latest_versions(scenario: Scenario) -> None:
    rows = build(read_runs(scenario.work / "runs"))
    urls = [r["canonicalUrl"] for r in rows]
    assert urls == sorted(set(urls))
    assert set(urls) == set(scenario.truth_after["depth_limits"]["2"])
    for row in rows:
        truth = scenario.truth_after["articles"][row["canonicalUrl"]]
        assert row["dateModified"] == truth["dateModified"], row["canonicalUrl"]


def test_history_shows_both_versions_of_the_changed(scenario: Scenario) -> None:
    rows = build(read_runs(scenario.work / "runs"), history=True)
    versions: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        versions.setdefault(row["canonicalUrl"], []).append(row)
    changed = set(scenario.changes["changed"])
    assert {url for url, rows in versions.items() if len(rows) > 1} == changed
    for url in changed:
        old, new = versions[url]
        assert old["crawledAt"] <= new["crawledAt"]
        assert new["dateModified"] == scenario.truth_after["articles"][url]["dateModified"]


def test_state_database_is_where_the_setting_says(scenario: Scenario) -> None:
    assert (scenario.work / "state.sqlite3").is_file()


def test_full_recrawl_exports_everything_again(scenario: Scenario, tmp_path: Path) -> None:
    # A copy of the state: the scenario's own is left as it was.
    import shutil

    shutil.copy(scenario.work / "state.sqlite3", tmp_path / "state.sqlite3")
    root = tmp_path / "site"
    SITES["lalibre"](root)
    with serve_in_thread(root) as base_url:
        seed = base_url.rstrip("/") + scenario.truth_before["seed_path"]
        proc = run_scheduled(seed, tmp_path, "-s", "STATE_FULL_RECRAWL=True", depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ((items, manifest),) = runs_of(tmp_path)
    assert {i["canonicalUrl"] for i in items} == set(scenario.truth_before["depth_limits"]["1"])
    assert manifest["counts"]["not_modified_304"] == 0
    assert manifest["counts"]["not_due"] == 0


def test_a_run_id_taken_by_an_earlier_run_gets_a_suffix(lalibre_site: Any, tmp_path: Path) -> None:
    # Earlier runs for every second around this one's start (ids are to the second).
    from datetime import UTC, datetime, timedelta

    runs = tmp_path / "runs"
    runs.mkdir()
    now = datetime.now(UTC)
    for second in range(-5, 120):
        (runs / f"related-{now + timedelta(seconds=second):%Y%m%dT%H%M%SZ}.jsonl").write_text("")
    proc = run_scheduled(lalibre_site.url(lalibre_site.truth["seed_path"]), tmp_path, depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "is taken by an earlier run" in proc.stderr
    (feed,) = [p for p in runs.glob("*.jsonl") if p.stat().st_size]
    assert feed.stem.endswith("Z-2")
    assert len(read_items(feed)) == len(lalibre_site.truth["depth_limits"]["1"])
    assert json.loads(feed.with_suffix(".json").read_text(encoding="utf-8"))["run_id"] == feed.stem
