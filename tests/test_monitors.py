"""The run watches its data: monitors, the manifest's data figures, progress and summary lines."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.monitors import MONITORS, DataMonitors, evaluate
from crawler.progress import RunProgress
from crawler.spiders.related import RelatedSpider
from tests.conftest import ServedSite, crawl_argv, read_items, run_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

DEFAULTS = {m.setting: m.default for m in MONITORS}


def crawl(
    site: ServedSite, out: Path, **settings: str
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], dict[str, Any]]:
    """A crawl of the offline site writing a run file and manifest under `out`."""
    feeds = {str(out / "%(run_id)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    argv = crawl_argv(
        site.url(site.truth["seed_path"]),
        FEEDS=json.dumps(feeds),
        STATE_DB_PATH=str(out / "state.sqlite3"),
    )
    for name, value in settings.items():
        argv += ["-s", f"{name}={value}"]
    before = set(out.glob("*.jsonl"))
    run = run_argv(argv)
    (run_file,) = set(out.glob("*.jsonl")) - before
    manifest = json.loads(run_file.with_suffix(".json").read_text(encoding="utf-8"))
    return run, read_items(run_file), manifest


@pytest.fixture(scope="module")
def default_run(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Any:
    # Slowed down (one request at a time, a small delay) so that progress lines come.
    return crawl(
        lalibre_site,
        tmp_path_factory.mktemp("monitored"),
        RELATED_PROGRESS_INTERVAL="0.5",
        CONCURRENT_REQUESTS="1",
        DOWNLOAD_DELAY="0.03",
    )


def test_default_thresholds_pass(default_run: Any) -> None:
    run, items, manifest = default_run
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Monitor " not in run.stderr
    assert manifest["exit_code"] == 0
    results = {m["name"]: m for m in manifest["monitors"]}
    assert set(results) == set(DEFAULTS)
    assert all(m["passed"] for m in results.values())
    assert results["RELATED_MIN_ITEMS"]["value"] == len(items)


def test_manifest_date_quality_matches_the_run_file(default_run: Any) -> None:
    _, items, manifest = default_run
    quality = manifest["data_quality"]
    assert quality["items"] == len(items)
    for name in ("datePublished", "dateModified"):
        figures = quality[name]
        kinds = ("instant_page_offset", "instant_site_zone", "day_only", "naive", "undated")
        assert sum(figures[k] for k in kinds) == len(items)
        assert figures["undated"] == sum(1 for i in items if not i[name])
        assert figures["day_only"] == sum(1 for i in items if len(i[name] or "") == 10)
        assert figures["shares"]["dated"] == round(figures["dated"] / len(items), 4)
    assert quality["without_related_links"]["count"] == sum(
        1 for i in items if not i["relatedLinks"]
    )
    assert quality["date_notes"] == dict(
        sorted(
            {
                n: sum(n in i["dateNotes"] for i in items) for i in items for n in i["dateNotes"]
            }.items(),
            key=lambda kv: -kv[1],
        )
    )
    pages = quality["pages"]
    counts = manifest["counts"]
    assert pages["failed"]["count"] == counts["pages_failed"] > 0
    assert pages["attempted"] == counts["pages_ok"] + counts["pages_failed"]
    assert pages["not_articles"]["count"] == counts["not_articles"] > 0
    assert 0 < pages["failed"]["share"] < 1


def test_progress_lines_and_closing_summary(default_run: Any) -> None:
    run, items, manifest = default_run
    log = run.stderr
    assert re.search(r"Progress: \d+ pages \([\d.]+/s\), \d+ articles exported", log)
    summary = re.search(
        r"Run (related-\S+) finished \(finished\) in [\d:]+, exit code 0: (\d+) articles "
        r"exported \(new (\d+), updated 0\).*failed (\d+) \(HTTP 404: \d+\)",
        log,
    )
    assert summary, log[-3000:]
    assert summary.group(1) == manifest["run_id"]
    assert int(summary.group(2)) == int(summary.group(3)) == len(items)
    feed = manifest["feed"]
    assert f"Items: {feed}" in log
    assert f"Report: scrapy report {feed}" in log
    # Scrapy's own once-a-minute stats line gave way to ours.
    assert "Crawled " not in log


def test_a_threshold_that_cannot_be_met_fails_the_run(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    run, items, manifest = crawl(lalibre_site, tmp_path, RELATED_MIN_ITEMS="100000")
    assert items, "the data is still written"
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if "Monitor " in line]
    assert len(lines) == 1, lines
    assert re.search(
        rf"ERROR: Monitor RELATED_MIN_ITEMS failed: {len(items)} articles covered, below 100000",
        lines[0],
    )
    assert manifest["exit_code"] == 1
    assert manifest["status"] == "failed"
    assert any(r.startswith("monitor RELATED_MIN_ITEMS") for r in manifest["failure_reasons"])
    failed = [m for m in manifest["monitors"] if m["passed"] is False]
    assert [m["name"] for m in failed] == ["RELATED_MIN_ITEMS"]


def test_an_incremental_run_with_nothing_new_passes(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    _, first, _ = crawl(lalibre_site, tmp_path)
    run, items, manifest = crawl(lalibre_site, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert items == []
    results = {m["name"]: m for m in manifest["monitors"]}
    assert results["RELATED_MIN_ITEMS"]["value"] == len(first)
    assert results["RELATED_MIN_DATED_RATIO"]["passed"] is None


# -- the monitors' rules, on stats -------------------------------------------------------------
def stats(**values: int) -> dict[str, int]:
    return {key.replace("__", "/"): value for key, value in values.items()}


def test_ratios_are_not_judged_when_nothing_was_exported() -> None:
    # An incremental run that found nothing new: every article known and unchanged.
    quiet = stats(state__not_modified_304=40, state__not_due=20, monitors__articles_covered=60)
    results = {r["name"]: r for r in evaluate(quiet, DEFAULTS)}
    assert results["RELATED_MIN_ITEMS"]["value"] == 60
    assert results["RELATED_MIN_ITEMS"]["passed"] is True
    assert results["RELATED_MIN_DATED_RATIO"]["passed"] is None


def test_each_ratio_monitor_judges_its_figure() -> None:
    run = stats(
        monitors__articles_covered=10,
        quality__items=10,
        quality__datePublished__undated=6,
        quality__datePublished__instant_page_offset=2,
        quality__datePublished__instant_site_zone=1,
        quality__without_related_links=9,
    )
    thresholds = dict(DEFAULTS, RELATED_MIN_INSTANT_RATIO=0.5, RELATED_MIN_LINKED_RATIO=0.2)
    results = {r["name"]: (r["value"], r["passed"]) for r in evaluate(run, thresholds)}
    assert results == {
        "RELATED_MIN_ITEMS": (10.0, True),
        "RELATED_MIN_DATED_RATIO": (0.4, False),
        "RELATED_MIN_INSTANT_RATIO": (0.3, False),
        "RELATED_MIN_LINKED_RATIO": (0.1, False),
    }


@pytest.mark.parametrize("extension", [DataMonitors, RunProgress])
def test_off_for_other_spiders(extension: Any) -> None:
    with pytest.raises(NotConfigured):
        extension.from_crawler(get_crawler(Spider))
    assert extension.from_crawler(get_crawler(RelatedSpider)) is not None


def test_a_threshold_that_is_not_a_number_is_refused() -> None:
    crawler = get_crawler(RelatedSpider, {"RELATED_MIN_DATED_RATIO": "half"})
    with pytest.raises(ValueError, match="RELATED_MIN_DATED_RATIO must be a number"):
        DataMonitors.from_crawler(crawler)
