"""The crawl under faults, hostile pages and bad input (issue #12): nothing lost, nothing hung, no
one let in. Each test crawls the offline La Libre site behind the fault-injecting server of
tests/faults.py, with the faults it names on chosen paths."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.meta import META_KEY, META_REFERRER, META_SEED
from devtools.bench.run import _tree_rss_kb
from tests.conftest import ROOT, ServedSite, read_items
from tests.faults import Fault, FaultServer, serve_faults
from tests.test_incremental import scheduled_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

# --- helpers ---------------------------------------------------------------------------------


def expected(site: ServedSite, depth: int) -> set[str]:
    """The canonical URLs of the articles within `depth` hops of the seed."""
    return set(site.truth["depth_limits"][str(depth)])


def path_of(site: ServedSite, canonical: str) -> str:
    return str(site.truth["articles"][canonical]["path"])


def depth1_paths(site: ServedSite) -> list[str]:
    """Paths of the seed's related articles, served directly (no redirect), sorted."""
    routes = json.loads((site.root / "routes.json").read_text(encoding="utf-8"))
    return sorted(
        path
        for canonical, article in site.truth["articles"].items()
        if article["depth"] == 1
        and "file" in routes.get(path := str(article["path"]), {})
        and canonical in site.truth["depth_limits"]["1"]
    )


def seed_of(server: FaultServer, site: ServedSite) -> str:
    return server.url(site.truth["seed_path"])


def run(argv: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=ROOT,
        env=dict(os.environ, PYTHONHASHSEED="0"),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def crawl(
    server: FaultServer, site: ServedSite, work: Path, *extra: str, depth: int = 2
) -> subprocess.CompletedProcess[str]:
    """A scheduled run (run file and manifest in work/runs, state in work/) from the seed."""
    return run(scheduled_argv(seed_of(server, site), work, *extra, depth=depth))


def run_lines(work: Path) -> list[dict[str, Any]]:
    """Every item line of every run file under work/runs."""
    return [item for feed in sorted((work / "runs").glob("*.jsonl")) for item in read_items(feed)]


def manifests(work: Path) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((work / "runs").glob("*.json"))
    ]


def exported(work: Path) -> set[str]:
    return {item["canonicalUrl"] for item in run_lines(work)}


def children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found |= {int(c) for c in (task / "children").read_text().split()}
    except OSError:
        pass
    return found


def extraction_workers(pid: int) -> set[int]:
    """The crawl's extraction worker processes (spawned pool workers, not the resource
    tracker)."""
    out = set()
    for child in children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            out.add(child)
    return out


def _start(argv: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        env=dict(os.environ, PYTHONHASHSEED="0"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_fault(
    site: ServedSite, work: Path, fault: Fault, depth: int
) -> tuple[subprocess.CompletedProcess[str], list[Any]]:
    """A crawl with `fault` on the first depth-1 article; the requests that article got."""
    path = depth1_paths(site)[0]
    with serve_faults(site.root, {path: fault}) as server:
        proc = crawl(server, site, work, depth=depth)
        return proc, server.hits_of(path)


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single line a refused start prints (and nothing else)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def jsonld_nested(depth: int) -> Callable[[str], str]:
    """A rewrite adding a JSON-LD block nested `depth` arrays deep (~2 bytes a level)."""
    block = '<script type="application/ld+json">' + "[" * depth + "]" * depth + "</script>"
    return lambda html: html.replace("</head>", block + "</head>", 1)


def next_data_nested(depth: int) -> Callable[[str], str]:
    """A rewrite adding Next.js application state nested `depth` objects deep."""
    state = '{"related":' * depth + "1" + "}" * depth
    block = f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    return lambda html: html.replace("</body>", block + "</body>", 1)


def set_canonical(url: str) -> Callable[[str], str]:
    """A rewrite making the page claim `url` as its rel=canonical and og:url."""

    def rewrite(html: str) -> str:
        html = re.sub(r'(<link rel="canonical" href=")[^"]*', lambda m: m.group(1) + url, html)
        return re.sub(r'(<meta property="og:url" content=")[^"]*', lambda m: m.group(1) + url, html)

    return rewrite


def related_box(links: list[str], label: str = "Sur le même sujet") -> Callable[[str], str]:
    """A rewrite adding a related box of `links` at the end of the article text."""
    items = "".join(f'<li><a href="{u}">Lien {i}</a></li>' for i, u in enumerate(links))
    box = f'<section class="related"><h2>{label}</h2><ul>{items}</ul></section>'
    return lambda html: html.replace("</article>", box + "</article>", 1)


# --- 1. a failed feed write is never recorded as exported ------------------------------------

FULL_DISK = ("FEED_STORAGES", json.dumps({"": "tests.faults.FullDiskFeedStorage"}))


def test_1_a_full_disk_fails_the_run_and_the_next_run_exports_the_rest(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    with serve_faults(lalibre_site.root) as server:
        full = crawl(
            server,
            lalibre_site,
            tmp_path,
            "-s",
            f"{FULL_DISK[0]}={FULL_DISK[1]}",
            "-s",
            "FULL_DISK_AFTER_BYTES=120000",
        )
        (feed,) = (tmp_path / "runs").glob("*.jsonl")
        raw = feed.read_bytes()
        first = read_items(feed)
        (manifest,) = manifests(tmp_path)
        db = sqlite3.connect(tmp_path / "state.sqlite3")
        recorded = {
            row[0]
            for row in db.execute(
                "SELECT canonical_url FROM articles WHERE exported_at IS NOT NULL"
            )
        }
        db.close()
        again = crawl(server, lalibre_site, tmp_path)
    # The write failed: non-zero exit, one error saying why, no torn line, no traceback per item.
    assert full.returncode == 1, full.stderr[-3000:]
    assert "No space left on device" in full.stderr
    assert full.stderr.count("Traceback") == 0, full.stderr[-3000:]
    assert raw.endswith(b"\n")
    assert 0 < len(first) < len(expected(lalibre_site, 2))
    assert manifest["status"] == "failed"
    assert any("No space left on device" in why for why in manifest["failure_reasons"])
    # The state says "exported" for exactly the lines in the file.
    assert recorded == {item["canonicalUrl"] for item in first}
    # The next run exports everything the failed one could not write.
    assert again.returncode == 0, again.stderr[-3000:]
    assert exported(tmp_path) == expected(lalibre_site, 2)


def test_1_an_unwritable_output_directory_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the run directory should be\n", encoding="utf-8")
    feeds = {str(blocker / "runs" / "%(run_id)s.jsonl"): {"format": "jsonlines"}}
    proc = run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "related",
            "-a",
            "url=http://127.0.0.1:9/a/2023/09/12/x-AAAAAAAAAAAAAAAAAAAAAAAAAA/",
            "-s",
            f"FEEDS={json.dumps(feeds)}",
            "-s",
            f"STATE_DB_PATH={tmp_path / 'state.sqlite3'}",
        ],
        timeout=120,
    )
    assert proc.returncode == 1
    assert "cannot write to the output directory" in one_error_line(proc)


# --- 2. a dead extraction worker is replaced --------------------------------------------------


def _kill_workers_while_crawling(
    argv: list[str], runs: Path, *, kills: int | None
) -> subprocess.CompletedProcess[str]:
    """Run the crawl; once its first line is written, SIGKILL an extraction worker (`kills`
    times, or every worker that appears when None) as the OOM killer would."""
    proc = _start(argv)
    killed: set[int] = set()

    def killer() -> None:
        while proc.poll() is None and (kills is None or len(killed) < kills):
            lines = sum(p.read_bytes().count(b"\n") for p in runs.glob("*.jsonl"))
            if lines >= 1:
                for pid in sorted(extraction_workers(proc.pid) - killed):
                    if kills is not None and len(killed) >= kills:
                        break
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        continue
                    killed.add(pid)
            time.sleep(0.02)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        proc.kill()
        thread.join(timeout=10)
    assert killed, "no worker was killed"
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def _crawl_killing_workers(
    site: ServedSite, work: Path, kills: int | None
) -> subprocess.CompletedProcess[str]:
    """A depth-2 crawl in two extraction workers, slowed down, with workers killed."""
    with serve_faults(site.root, delay=0.03) as server:
        argv = scheduled_argv(
            seed_of(server, site),
            work,
            "-s",
            "RELATED_EXTRACT_PROCESSES=2",
            "-s",
            "CONCURRENT_REQUESTS=4",
            depth=2,
        )
        return _kill_workers_while_crawling(argv, work / "runs", kills=kills)


def test_2_a_killed_worker_is_replaced_and_nothing_is_lost(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    proc = _crawl_killing_workers(lalibre_site, tmp_path, kills=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "An extraction worker died" in proc.stderr
    assert exported(tmp_path) == expected(lalibre_site, 2)
    (manifest,) = manifests(tmp_path)
    assert manifest["status"] == "finished"
    assert manifest["counts"]["workers_replaced"] >= 1


def test_2_workers_that_keep_dying_fail_the_run_loudly(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    proc = _crawl_killing_workers(lalibre_site, tmp_path, kills=None)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Run failed: " in proc.stderr
    (manifest,) = manifests(tmp_path)
    assert manifest["status"] == "failed"
    assert manifest["failure_reasons"]


# --- 3. one malformed page costs at most that page -------------------------------------------


def test_3_hostile_json_ld_and_empty_or_cut_bodies_lose_nothing(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    paths = depth1_paths(lalibre_site)
    faults = {paths[0]: Fault("rewrite", rewrite=jsonld_nested(1100))}
    # Transient: the first answer is empty or cut short, the retry is whole.
    faults |= {path: Fault("empty", times=1) for path in paths[1:4]}
    faults |= {path: Fault("truncate", keep=3000, times=1) for path in paths[4:6]}
    with serve_faults(lalibre_site.root, faults) as server:
        proc = crawl(server, lalibre_site, tmp_path)
        retried = {path: len(server.hits_of(path)) for path in paths[1:6]}
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert exported(tmp_path) == expected(lalibre_site, 2)
    assert all(n == 2 for n in retried.values()), retried
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["extract_errors"] == 0


def test_3_an_empty_page_that_stays_empty_is_a_counted_failure(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    proc, hits = one_fault(lalibre_site, tmp_path, Fault("empty"), depth=1)
    (manifest,) = manifests(tmp_path)
    assert len(hits) == 3  # the first answer and RETRY_TIMES=2 retries
    assert manifest["counts"]["empty_bodies"] == 1
    # Failed, beside the deleted articles (404) the site has around the seed.
    http_errors = sum(manifest["counts"]["http_errors"].values())
    assert manifest["counts"]["pages_failed"] == 1 + http_errors
    assert re.search(r"Not fetched: \S+ \(empty body, 2 retries\)", proc.stderr)


def test_3_an_extraction_error_costs_its_page_is_counted_and_fails_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.runs.status import RunStatus
    from crawler.spiders.related import RelatedSpider
    from crawler.workers import Extractor

    class Crashing(Extractor):
        async def extract(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
            raise RecursionError("maximum recursion depth exceeded while decoding a JSON array")

    url = "https://news.example/monde/2023/09/12/un-article-AAAAAAAAAAAAAAAAAAAAAAAAAA/"
    crawler = get_crawler(RelatedSpider)
    crawler.spider = spider = RelatedSpider.from_crawler(crawler, url=url)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    spider.extractor = Crashing(0)
    request = Request(url, meta={"depth": 0, META_KEY: url, META_SEED: True, META_REFERRER: None})
    response = HtmlResponse(url, body=b"<html><body><p>x</p></body></html>", request=request)

    async def outputs() -> list[Any]:
        return [out async for out in spider.parse_article(response)]

    with caplog.at_level("ERROR"):
        assert asyncio.run(outputs()) == []
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert url in errors[0].getMessage()
    assert "RecursionError" in errors[0].getMessage()
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("related/extract_errors") == 1
    reasons = RunStatus(stats, 0.5).reasons()
    assert any("extraction failed" in why for why in reasons), reasons


def test_3_scrapy_extract_goes_on_after_a_page_it_cannot_read(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    routes = json.loads((lalibre_site.root / "routes.json").read_text(encoding="utf-8"))
    seed = lalibre_site.truth["seed_path"]
    html = (lalibre_site.root / routes[seed]["file"]).read_text(encoding="utf-8")
    pages = {
        "deep-json-ld.html": jsonld_nested(1100)(html),
        "deep-state.html": next_data_nested(100_000)(html),
        "plain.html": html,
    }
    listing = tmp_path / "pages.jsonl"
    with listing.open("w", encoding="utf-8") as out:
        for name, text in pages.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            out.write(json.dumps({"file": str(tmp_path / name), "url": lalibre_site.url(seed)}))
            out.write("\n")
    proc = run([sys.executable, "-m", "scrapy", "extract", "--input", str(listing)], timeout=120)
    items = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(i["file"]).name for i in items] == list(pages)
    for item in (items[0], items[2]):
        assert item.get("headline")
        assert "error" not in item


# --- 5. one run at a time per JOBDIR and state database ---------------------------------------


@pytest.mark.parametrize("shared", ["jobdir", "state"])
def test_5_a_second_run_on_a_busy_jobdir_or_state_exits_at_once(
    shared: str, lalibre_site: ServedSite, tmp_path: Path
) -> None:
    with serve_faults(lalibre_site.root, delay=0.05) as server:
        seed = seed_of(server, lalibre_site)
        first_argv = scheduled_argv(
            seed, tmp_path / "a", "-s", f"JOBDIR={tmp_path / 'job'}", "-s", "CONCURRENT_REQUESTS=2"
        )
        first = _start(first_argv)
        try:
            deadline = time.monotonic() + 120
            while not list((tmp_path / "a" / "runs").glob("*.jsonl")):
                assert first.poll() is None, "the first run ended"
                assert time.monotonic() < deadline
                time.sleep(0.05)
            if shared == "jobdir":
                second_argv = scheduled_argv(
                    seed, tmp_path / "b", "-s", f"JOBDIR={tmp_path / 'job'}"
                )
            else:
                second_argv = scheduled_argv(
                    seed, tmp_path / "b", "-s", f"STATE_DB_PATH={tmp_path / 'a' / 'state.sqlite3'}"
                )
            second = run(second_argv, timeout=120)
            still_running = first.poll() is None
            _, err = first.communicate(timeout=300)
        finally:
            first.kill()
    assert still_running, "the first run ended before the second one was tried"
    assert second.returncode == 75
    line = one_error_line(second)
    what = "the JOBDIR" if shared == "jobdir" else "the state database"
    assert line.startswith(f"error: another run holds {what}"), line
    assert "since" in line
    assert not (tmp_path / "b" / "runs").exists() or not list((tmp_path / "b" / "runs").iterdir())
    assert first.returncode == 0, err[-3000:]
    assert exported(tmp_path / "a") == expected(lalibre_site, 2)


def test_5_the_readme_cron_line_has_a_time_limit_and_the_busy_exit_code_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (cron,) = [line for line in readme.splitlines() if line.startswith("0 * * * *")]
    assert re.search(r"\btimeout\b[^|]*\d+m\b[^|]*scrapy crawl", cron), cron
    assert "75" in readme
    assert "another run holds" in readme


# --- 6. Retry-After -----------------------------------------------------------------------


def test_6_retry_after_delays_the_retry(lalibre_site: ServedSite, tmp_path: Path) -> None:
    busy = Fault("status", code=503, headers={"Retry-After": "2"}, times=1)
    proc, hits = one_fault(lalibre_site, tmp_path, busy, depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert exported(tmp_path) == expected(lalibre_site, 1)
    assert len(hits) == 2
    # Behaviour, not speed: the retry did not come before the site said it could.
    assert hits[1].at - hits[0].at >= 1.9
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["retry_after_honoured"] == 1


def test_6_a_retry_after_above_the_limit_is_given_up_with_the_reason(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    closed = Fault("status", code=503, headers={"Retry-After": "3600"})
    proc, hits = one_fault(lalibre_site, tmp_path, closed, depth=1)
    assert len(hits) == 1
    assert re.search(r"Giving up on \S+: HTTP 503 asks to come back in 3600 s", proc.stderr)
    assert "RELATED_MAX_RETRY_AFTER" in proc.stderr
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["retry_after_given_up"] == 1
    assert manifest["counts"]["http_errors"]["503"] == 1


def test_6_retry_after_values() -> None:
    from datetime import UTC, datetime

    from crawler.middlewares import retry_after_seconds

    now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", now) == 120
    assert retry_after_seconds("Tue, 24 Nov 2026 10:05:00 GMT", now) == 300
    assert retry_after_seconds("Tue, 24 Nov 2026 09:00:00 GMT", now) == 0
    assert retry_after_seconds(None, now) is None
    assert retry_after_seconds("soon", now) is None


def test_6_the_settings_comment_no_longer_claims_scrapy_honours_it() -> None:
    text = (ROOT / "crawler" / "settings.py").read_text(encoding="utf-8")
    assert "the retry middleware backs off on them" not in text


# --- 7. decompression bombs are cut early ---------------------------------------------------


def test_7_a_gzip_bomb_is_cut_and_memory_stays_bounded(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    path = depth1_paths(lalibre_site)[0]
    bomb = Fault("gzip-bomb", inflated=900 * 1024 * 1024)
    with serve_faults(lalibre_site.root, {path: bomb}) as server:
        assert len(server.bomb(bomb.inflated)) < 1_000_000  # 0.9 MB on the wire
        argv = scheduled_argv(seed_of(server, lalibre_site), tmp_path, depth=1)
        proc = _start(argv)
        stderr: list[str] = []
        pipe = proc.stderr
        assert pipe is not None
        reader = threading.Thread(target=lambda: stderr.append(pipe.read()), daemon=True)
        reader.start()
        peak_tree = 0
        deadline = time.monotonic() + 300
        # wait4: the largest resident set of the crawl process and of every worker it waited for.
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        while pid == 0 and time.monotonic() < deadline:
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            time.sleep(0.02)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == 0:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        reader.join(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    peak_process_mb = usage.ru_maxrss / 1024
    print(
        f"gzip bomb: peak RSS {peak_process_mb:.0f} MB (one process), "
        f"{peak_tree / 1024:.0f} MB (process tree, sampled)"
    )
    assert peak_process_mb < 500
    assert peak_tree / 1024 < 500
    assert proc.returncode == 0, "".join(stderr)[-3000:]
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["too_large"] == 1
    assert exported(tmp_path) == expected(lalibre_site, 1) - {
        c for c in expected(lalibre_site, 1) if path_of(lalibre_site, c) == path
    }


# --- 8. fan-out is capped -------------------------------------------------------------------


def _arc_id(n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digits = ""
    for _ in range(26):
        digits += alphabet[n % 32]
        n //= 32
    return digits


def test_8_a_related_box_of_10000_links_is_capped(lalibre_site: ServedSite, tmp_path: Path) -> None:
    seed = lalibre_site.truth["seed_path"]
    trap = [f"/international/2023/09/12/piege-{n}-{_arc_id(n)}/" for n in range(10_000)]
    faults = {seed: Fault("rewrite", rewrite=related_box(trap, "À lire aussi"))}
    with serve_faults(lalibre_site.root, faults) as server:
        proc = crawl(server, lalibre_site, tmp_path, depth=1)
        trap_hits = sum(1 for hit in server.hits if "/piege-" in hit.path)
    assert trap_hits <= 50
    seed_item = next(i for i in run_lines(tmp_path) if i["depth"] == 0)
    assert len(seed_item["relatedLinks"]) == 50
    assert "related-links-capped" in seed_item["crawlNotes"]
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["links_capped_pages"] == 1
    assert proc.returncode in (0, 1)


def _calendar(html: str) -> Callable[[str], Fault | None]:
    """Dynamic faults: /agenda/2023/09/12/jour-<n>-<id>/ is an article whose related box links to
    the next five days, without end (a calendar trap)."""

    def page(path: str) -> Fault | None:
        match = re.match(r"/agenda/2023/09/12/jour-(\d+)-[A-Z2-7]{26}/$", path)
        if match is None:
            return None
        n = int(match.group(1))
        days = [f"/agenda/2023/09/12/jour-{d}-{_arc_id(d)}/" for d in range(n + 1, n + 6)]

        def rewrite(text: str) -> str:
            return related_box(days, "Lire aussi")(set_canonical(path)(text))

        return Fault("rewrite", rewrite=rewrite, body=html.encode("utf-8"))

    return page


def test_8_depth_limit_0_has_a_page_budget(lalibre_site: ServedSite, tmp_path: Path) -> None:
    routes = json.loads((lalibre_site.root / "routes.json").read_text(encoding="utf-8"))
    seed = lalibre_site.truth["seed_path"]
    html = (lalibre_site.root / routes[seed]["file"]).read_text(encoding="utf-8")
    first_day = f"/agenda/2023/09/12/jour-0-{_arc_id(0)}/"
    faults = {seed: Fault("rewrite", rewrite=related_box([first_day], "Lire aussi"))}
    redirects = {path for path, route in routes.items() if int(route.get("status", 200)) != 200}
    with serve_faults(lalibre_site.root, faults, dynamic=_calendar(html)) as server:
        proc = crawl(
            server, lalibre_site, tmp_path, "-s", "RELATED_MAX_PAGES_PER_SEED=200", depth=0
        )
        calendar_hits = sum(1 for hit in server.hits if hit.path.startswith("/agenda/"))
        requests = sum(
            1
            for hit in server.hits
            if not hit.path.endswith("/robots.txt") and hit.path not in redirects
        )
    assert calendar_hits >= 5  # the trap was followed...
    assert requests <= 200  # ...up to the budget, and the crawl ended
    assert "Page budget reached" in proc.stderr
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["page_budget_skipped"] >= 1
    assert manifest["settings"]["RELATED_MAX_PAGES_PER_SEED"] == 200


# --- 9. no request to private addresses -------------------------------------------------------


class _Listener:
    """A local TCP port that counts the connections it gets (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    ear = _Listener()
    yield ear
    ear.close()


def test_9_redirects_to_private_addresses_are_refused(
    lalibre_site: ServedSite, tmp_path: Path, listener: _Listener
) -> None:
    paths = depth1_paths(lalibre_site)
    targets = [
        "http://10.0.0.1/admin/",
        "http://169.254.169.254/latest/meta-data/",
        f"http://127.0.0.1:{listener.port}/internal/",
        f"http://localhost:{listener.port}/internal/",  # a name resolving to loopback
        f"http://[::1]:{listener.port}/internal/",
        "http://[fd00::1]/internal/",
    ]
    faults = {
        path: Fault("redirect", code=302, location=target)
        for path, target in zip(paths, targets, strict=False)
    }
    with serve_faults(lalibre_site.root, faults) as server:
        proc = crawl(server, lalibre_site, tmp_path, depth=1)
    assert listener.connections == 0
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["refused_addresses"] == len(targets)
    assert proc.stderr.count("address (only the seeds' own local addresses") == len(targets)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lost = {c for c in expected(lalibre_site, 1) if path_of(lalibre_site, c) in faults}
    assert exported(tmp_path) == expected(lalibre_site, 1) - lost


def test_9_address_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler.addresses import GuardedResolver, non_public_kind

    # As in a crawl run, where PrivateAddressMiddleware switches the resolver's guard on.
    monkeypatch.setattr(GuardedResolver, "active", True)

    for address, kind in [
        ("10.0.0.1", "private"),
        ("192.168.1.10", "private"),
        ("172.16.0.5", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not global"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.216.34", None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
    ]:
        assert non_public_kind(address) == kind, address
    # DNS rebinding: the resolver the connections use refuses a private answer too.
    from twisted.internet.error import DNSLookupError

    with pytest.raises(DNSLookupError, match="refused"):
        GuardedResolver._check("10.0.0.1", "rebind.example")
    assert GuardedResolver._check("93.184.216.34", "example.org") == "93.184.216.34"


# --- 10. a canonical URL on another site does not widen the scope -----------------------------


def test_10_a_canonical_on_another_site_is_ignored_for_scope_and_identity(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    path = depth1_paths(lalibre_site)[0]
    alien = "http://10.0.0.1" + path
    links = [
        f"http://10.0.0.1/international/2023/09/12/interne-{n}-{_arc_id(n)}/" for n in range(5)
    ]

    def rewrite(html: str) -> str:
        return related_box(links)(set_canonical(alien)(html))

    with serve_faults(lalibre_site.root, {path: Fault("rewrite", rewrite=rewrite)}) as server:
        proc = crawl(server, lalibre_site, tmp_path, depth=2)
        own = server.url(path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "10.0.0.1" not in " ".join(
        line for line in proc.stderr.splitlines() if "Not fetched" in line
    )
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["refused_addresses"] == 0
    item = next(i for i in run_lines(tmp_path) if i["url"] == own)
    assert item["canonicalUrl"] == own
    assert "canonical-other-site-ignored" in item["crawlNotes"]
    assert not [link for link in item["relatedLinks"] if "10.0.0.1" in link["url"]]
    assert all("10.0.0.1" not in i["canonicalUrl"] for i in run_lines(tmp_path))


def test_10_a_redirect_to_another_site_is_not_exported_or_followed(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    path = depth1_paths(lalibre_site)[0]
    with serve_faults(lalibre_site.root) as elsewhere:
        moved = Fault("redirect", code=301, location=elsewhere.url(path))
        with serve_faults(lalibre_site.root, {path: moved}) as server:
            # Another port is another site; private addresses allowed, so only scope decides.
            proc = crawl(
                server, lalibre_site, tmp_path, "-s", "RELATED_ALLOW_PRIVATE_ADDRESSES=True"
            )
        pages_elsewhere = [hit.path for hit in elsewhere.hits if hit.path != "/robots.txt"]
    assert pages_elsewhere == [path]  # the redirect was followed, nothing beyond it
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Redirected off the crawl's sites, not followed" in proc.stderr
    (manifest,) = manifests(tmp_path)
    assert manifest["counts"]["off_site_redirects"] == 1
    moved_away = next(c for c in expected(lalibre_site, 1) if path_of(lalibre_site, c) == path)
    assert moved_away not in exported(tmp_path)
    assert all(item["url"].startswith(server.base_url) for item in run_lines(tmp_path))


@pytest.mark.parametrize(
    ("claimed", "fetched", "identity", "note"),
    [
        # Another public site: ignored.
        ("https://autre.be/a/", "https://nieuws.be/a/", "https://nieuws.be/a/", True),
        # The same site by another host name: kept.
        (
            "https://www.nieuws.be/a/",
            "https://m.nieuws.be/a/",
            "https://www.nieuws.be/a/",
            False,
        ),
        # A local copy of a public site keeps the site's canonical URL...
        (
            "https://www.lalibre.be/a/",
            "http://127.0.0.1:8000/a/",
            "https://www.lalibre.be/a/",
            False,
        ),
        # ...but never an address from another site.
        ("http://10.0.0.1/a/", "http://127.0.0.1:8000/a/", "http://127.0.0.1:8000/a/", True),
        ("http://10.0.0.1/a/", "https://nieuws.be/a/", "https://nieuws.be/a/", True),
    ],
)
def test_10_identity_rules(claimed: str, fetched: str, identity: str, note: bool) -> None:
    from crawler.identity import OTHER_SITE, identity_of

    got = identity_of(claimed, fetched)
    assert got.canonical == identity
    assert (got.note == OTHER_SITE) is note


# --- 11. a spoofed canonical does not replace a real article ----------------------------------


@pytest.mark.parametrize("first", ["spoofer", "victim"])
def test_11_the_page_fetched_from_the_canonical_url_wins(
    first: str, lalibre_site: ServedSite, tmp_path: Path
) -> None:
    paths = depth1_paths(lalibre_site)
    victim_path, spoof_path = paths[0], paths[1]
    victim, spoofer = (
        next(c for c in expected(lalibre_site, 1) if path_of(lalibre_site, c) == path)
        for path in (victim_path, spoof_path)
    )
    # The page answered second arrives 2 s late: both orders are tried.
    late = 2.0
    faults = {
        spoof_path: Fault(
            "rewrite", rewrite=set_canonical(victim), seconds=late if first == "victim" else 0
        )
    }
    if first == "spoofer":
        faults[victim_path] = Fault("delay", seconds=late)
    with serve_faults(lalibre_site.root, faults) as server:
        proc = crawl(server, lalibre_site, tmp_path, depth=1)
        spoof_url = server.url(spoof_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = {i["canonicalUrl"]: i for i in run_lines(tmp_path)}
    truth = lalibre_site.truth["articles"]
    # The victim is exported under its URL with its own text...
    assert items[victim]["headline"] == truth[victim]["headline"]
    assert items[victim]["url"].endswith(victim_path)
    # ...and the spoofer under its own fetched URL, noted.
    assert items[spoof_url]["headline"] == truth[spoofer]["headline"]
    assert "canonical-claimed-by-other-page" in items[spoof_url]["crawlNotes"]
    assert set(items) == (expected(lalibre_site, 1) - {spoofer}) | {spoof_url}


# --- bad input: one line, exit 2 (arguments) or 1 (environment) -------------------------------


def _crawl_cmd(tmp_path: Path, *args: str) -> list[str]:
    feeds = {str(tmp_path / "runs" / "%(run_id)s.jsonl"): {"format": "jsonlines"}}
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "related",
        "-s",
        f"FEEDS={json.dumps(feeds)}",
        "-s",
        "STATE_DB_TIMEOUT=1",
        *args,
    ]


GOOD_SEED = "url=http://127.0.0.1:9/a/2023/09/12/x-AAAAAAAAAAAAAAAAAAAAAAAAAA/"


def _state_db(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "state.sqlite3"
    if kind == "garbage":
        path.write_bytes(b"this is not a database at all\n" * 200)
    elif kind == "zeroed":
        path.write_bytes(bytes(8192))
    elif kind == "directory":
        path.mkdir()
    elif kind == "other-schema":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        db.commit()
        db.close()
    elif kind == "other-version":
        from crawler.incremental.store import StateStore

        StateStore(path).close()
        db = sqlite3.connect(path)
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        db.commit()
        db.close()
    return path


@pytest.mark.parametrize(
    ("case", "args", "code", "says"),
    [
        ("unclosed-ipv6", ("-a", "url=http://[::1"), 2, "not a valid URL"),
        ("port-out-of-range", ("-a", "url=http://example.org:99999/a/"), 2, "not a valid URL"),
        ("space-in-host", ("-a", "url=http://exa mple.com/"), 2, "white space in the host"),
        ("depth-not-a-number", ("-a", GOOD_SEED, "-s", "DEPTH_LIMIT=abc"), 2, "DEPTH_LIMIT"),
        ("bool-not-a-bool", ("-a", GOOD_SEED, "-s", "ROBOTSTXT_OBEY=maybe"), 2, "ROBOTSTXT_OBEY"),
        ("seeds-not-utf8", ("seeds",), 2, "not UTF-8"),
        ("state-garbage", ("state", "garbage"), 1, "not a usable state database"),
        ("state-zeroed", ("state", "zeroed"), 1, "not a usable state database"),
        ("state-directory", ("state", "directory"), 1, "is a directory"),
        ("state-other-schema", ("state", "other-schema"), 1, "not a related-crawler state"),
        ("state-other-version", ("state", "other-version"), 1, "schema version 99"),
        ("state-locked", ("state", "locked"), 1, "locked by another process"),
    ],
)
def test_bad_input_gives_one_line_and_a_non_zero_exit(
    case: str, args: tuple[str, ...], code: int, says: str, tmp_path: Path
) -> None:
    holder: sqlite3.Connection | None = None
    argv_args: list[str]
    if args[0] == "seeds":
        seeds = tmp_path / "seeds.txt"
        seeds.write_bytes(b"https://www.lalibre.be/a/\nhttps://www.lalibre.be/caf\xe9/\n")
        argv_args = ["-a", f"urls={seeds}"]
    elif args[0] == "state":
        if args[1] == "locked":
            path = _state_db(tmp_path, "fresh")
            from crawler.incremental.store import StateStore

            StateStore(path).close()
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
        else:
            path = _state_db(tmp_path, args[1])
        argv_args = ["-a", GOOD_SEED, "-s", f"STATE_DB_PATH={path}"]
    else:
        argv_args = list(args)
    if not any(a.startswith("STATE_DB_PATH") for a in argv_args):
        argv_args += ["-s", f"STATE_DB_PATH={tmp_path / 'fresh.sqlite3'}"]
    try:
        proc = run(_crawl_cmd(tmp_path, *argv_args), timeout=120)
    finally:
        if holder is not None:
            holder.close()
    assert proc.returncode == code, proc.stderr[-2000:]
    assert says in one_error_line(proc)


def test_a_space_in_the_path_is_still_removed() -> None:
    from crawler.spiders.arguments import clean_seed

    assert clean_seed("https://www.lalibre.be/a/b-LS2PZR XO4JENNG3CMTBUBWR6GQ/") == (
        "https://www.lalibre.be/a/b-LS2PZRXO4JENNG3CMTBUBWR6GQ/",
        True,
    )


def test_dataset_skips_lines_whose_canonical_url_is_not_a_url(tmp_path: Path) -> None:
    import io

    from crawler.dataset import read_runs

    runs = tmp_path / "runs"
    runs.mkdir()
    lines = [
        {"canonicalUrl": "https://www.lalibre.be/a/", "crawledAt": "2026-01-01T00:00:00Z"},
        {"canonicalUrl": ["https://www.lalibre.be/b/"]},
        {"canonicalUrl": 42},
        {"canonicalUrl": {"url": "https://www.lalibre.be/c/"}},
        {"canonicalUrl": "not a url"},
    ]
    (runs / "related-20260101T000000Z.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    warnings = io.StringIO()
    records = read_runs(runs, warn=warnings)
    assert [r.canonical for r in records] == ["https://www.lalibre.be/a/"]
    assert warnings.getvalue().count("canonicalUrl is not an http(s) URL string") == 4


# --- the invariant: exit 0 only when nothing was lost ---------------------------------------


def _scenario_faults(site: ServedSite) -> dict[str, dict[str, Fault]]:
    paths = depth1_paths(site)
    return {
        # Transient faults of the site: retried, nothing may be lost.
        "transient-faults": {
            paths[0]: Fault("status", code=503, times=1),
            paths[1]: Fault("reset", times=1),
            paths[2]: Fault("empty", times=1),
            paths[3]: Fault("truncate", keep=2000, times=1),
            paths[4]: Fault("drip", seconds=0.01, chunk=8192),
            paths[5]: Fault("rewrite", rewrite=jsonld_nested(1100)),
            paths[6]: Fault("hang", seconds=6, times=1),  # DOWNLOAD_TIMEOUT is 3 s here
            paths[7]: Fault("bad-bytes", raw=b"\xff\xfe \xc3\x28 \xe2\x82"),
        },
        # A page our extraction cannot read today (application state nested 100,000 deep).
        "unreadable-page": {paths[0]: Fault("rewrite", rewrite=next_data_nested(100_000))},
        "full-disk": {},
        "workers-killed": {},
    }


@pytest.mark.parametrize(
    "scenario", ["transient-faults", "unreadable-page", "full-disk", "workers-killed"]
)
def test_exit_0_only_when_no_article_was_lost(
    scenario: str, lalibre_site: ServedSite, tmp_path: Path
) -> None:
    faults = _scenario_faults(lalibre_site)[scenario]
    with serve_faults(lalibre_site.root, faults, delay=0.02) as server:
        extra: list[str] = ["-s", "DOWNLOAD_TIMEOUT=3"]
        if scenario == "full-disk":
            extra += ["-s", f"{FULL_DISK[0]}={FULL_DISK[1]}", "-s", "FULL_DISK_AFTER_BYTES=60000"]
        argv = scheduled_argv(seed_of(server, lalibre_site), tmp_path, *extra, depth=2)
        if scenario == "workers-killed":
            argv += ["-s", "RELATED_EXTRACT_PROCESSES=2"]
            proc = _kill_workers_while_crawling(argv, tmp_path / "runs", kills=None)
        else:
            proc = run(argv)
    got = exported(tmp_path)
    lost = expected(lalibre_site, 2) - got
    if proc.returncode == 0:
        assert lost == set(), f"exit 0 with {len(lost)} article(s) lost"
    else:
        (manifest,) = manifests(tmp_path)
        assert manifest["status"] == "failed"
        assert manifest["failure_reasons"]
    if scenario == "transient-faults":
        assert proc.returncode == 0, proc.stderr[-3000:]
    else:
        assert proc.returncode != 0 or not lost
