"""Several `scrapy crawl related` processes on one crawl through a real Redis (RELATED_BACKEND
=redis): their run files together are the single-process export, whatever is killed or restarted."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler import settings as project
from crawler.backends.redis.server import RedisServer, free_port
from crawler.backends.redis.shared import Worker
from crawler.dataset import read_runs
from devtools.offline.server import serve_in_thread
from tests.conftest import ROOT, ServedSite, read_items, run_argv
from tests.test_incremental import run_scheduled

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

# Workers see at once (same machine) that another's process ended, so no test waits for a
# heartbeat to expire: 15 s of silence (not the 3 s these tests once used) keeps a worker that a
# busy 2-core host paused for a few seconds from being taken for dead and fenced. One idle
# second ends a worker once the crawl is over.
WORKER_SETTINGS = {
    "RELATED_BACKEND": "redis",
    "RELATED_REDIS_IDLE_CLOSE": "1",
    "RELATED_REDIS_WORKER_TIMEOUT": "15",
    "RELATED_EXTRACT_PROCESSES": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
}
DELAY = 0.04
"""Seconds the slow server waits before each answer, so that a kill or a restart lands mid-crawl."""


def worker_argv(
    redis_url: str, work: Path, seed: str | None, *, depth: int, **settings: str
) -> list[str]:
    """A worker of the shared crawl: run files in work/runs."""
    feeds = {str(work / "runs" / "%(run_id)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    argv = [sys.executable, "-m", "scrapy", "crawl", "related"]
    if seed is not None:
        argv += ["-a", f"url={seed}"]
    base = {
        **WORKER_SETTINGS,
        "REDIS_URL": redis_url,
        "DEPTH_LIMIT": str(depth),
        "FEEDS": json.dumps(feeds),
        # Not used by a shared crawl: proves it by pointing where nothing is written.
        "STATE_DB_PATH": str(work / "unused" / "state.sqlite3"),
    }
    for name, value in {**base, **settings}.items():
        argv += ["-s", f"{name}={value}"]
    return argv


class Workers:
    """Worker processes started in the background, their logs in work/logs."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []
        (work / "logs").mkdir(parents=True, exist_ok=True)

    def start(self, argv: list[str]) -> subprocess.Popen[bytes]:
        log = self.work / "logs" / f"worker-{len(self.procs) + 1}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=dict(os.environ, PYTHONHASHSEED="0"),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.procs.append(proc)
        self.logs.append(log)
        return proc

    def wait(self, timeout: float = 240) -> list[int]:
        deadline = time.monotonic() + timeout
        codes = []
        for proc in self.procs:
            try:
                codes.append(proc.wait(timeout=max(1.0, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                codes.append(-9)
        return codes

    def log(self, number: int) -> str:
        return self.logs[number - 1].read_text(encoding="utf-8", errors="replace")

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    group = Workers(tmp_path)
    yield group
    group.kill_all()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, emptied for the test."""
    client = redis_server.client()
    client.flushall()
    client.close()
    return redis_server.url


def lines_in(runs: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in runs.glob("*.jsonl") if p.is_file())


def wait_for_lines(runs: Path, count: int, workers: Workers) -> None:
    deadline = time.monotonic() + 120
    while lines_in(runs) < count:
        assert time.monotonic() < deadline, "no progress"
        assert all(p.poll() is None for p in workers.procs), "a worker ended before the event"
        time.sleep(0.01)


def check_export(runs: Path, truth: dict[str, Any], depth: int) -> list[dict[str, Any]]:
    """The union of the run files is the ground truth at `depth`: every article once, each at
    its shortest depth, no torn line left."""
    warnings = io.StringIO()
    items = [record.item for record in read_runs(runs, warn=warnings)]
    assert warnings.getvalue() == ""
    got = [item["canonicalUrl"] for item in items]
    assert len(got) == len(set(got)), "an article was exported twice"
    assert set(got) == set(truth["depth_limits"][str(depth)])
    wrong = [
        (item["canonicalUrl"], item["depth"])
        for item in items
        if item["depth"] != truth["articles"][item["canonicalUrl"]]["depth"]
    ]
    assert wrong == []
    return items


def redis_state(redis_server: RedisServer) -> dict[str, tuple[Any, ...]]:
    """The shared state store's articles: what decides the next run's exports."""
    client = redis_server.client()
    rows = client.hgetall("related:state:articles")
    client.close()
    return {str(canonical): _version(json.loads(text)) for canonical, text in rows.items()}


def _version(row: dict[str, Any]) -> tuple[Any, ...]:
    links = [tuple(link) for link in row["links"]]
    return (
        row["content_hash"],
        row["date_published"],
        row["date_modified"],
        row["exported_hash"],
        row["exported_modified"],
        tuple(links),
    )


def sqlite_state(path: Path) -> dict[str, tuple[Any, ...]]:
    """The same from a single process's SQLite state."""
    db = sqlite3.connect(str(path))
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT * FROM articles").fetchall()
    db.close()
    return {
        row["canonical_url"]: _version({**row, "links": json.loads(row["links"])}) for row in rows
    }


@pytest.fixture(scope="module")
def single_process_state(
    lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Any, ...]]:
    """The state a single-process, SQLite run leaves at DEPTH_LIMIT 2."""
    work = tmp_path_factory.mktemp("single")
    proc = run_scheduled(lalibre_site.url(lalibre_site.truth["seed_path"]), work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return sqlite_state(work / "state.sqlite3")


@pytest.mark.parametrize(("count", "depth"), [(2, 2), (3, 3)])
def test_workers_share_one_crawl(
    count: int,
    depth: int,
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path_with_space"])
    for _ in range(count):
        workers.start(worker_argv(redis_url, tmp_path, seed, depth=depth))
    assert workers.wait() == [0] * count, workers.log(1)[-3000:]
    items = check_export(tmp_path / "runs", lalibre_site.truth, depth)
    # One run file and one finished manifest per worker; each one took part.
    feeds = sorted((tmp_path / "runs").glob("*.jsonl"))
    assert len(feeds) == count
    for feed in feeds:
        manifest = json.loads(feed.with_suffix(".json").read_text(encoding="utf-8"))
        assert manifest["status"] == "finished"
    # The state in Redis holds every exported article; the crawl's own keys are gone.
    state = redis_state(redis_server)
    assert set(state) == {item["canonicalUrl"] for item in items}
    client = redis_server.client()
    assert not client.exists("related:requests", "related:depths", "related:claims")
    client.close()
    assert not (tmp_path / "unused").exists()


def test_state_equals_a_single_process_run_and_the_next_run_is_incremental(
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    single_process_state: dict[str, tuple[Any, ...]],
    workers: Workers,
    tmp_path: Path,
) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    for _ in range(2):
        workers.start(worker_argv(redis_url, tmp_path / "first", seed, depth=2))
    assert workers.wait() == [0, 0], workers.log(1)[-3000:]
    assert redis_state(redis_server) == single_process_state
    # The next scheduled run, on two other workers: nothing new, nothing exported.
    again = Workers(tmp_path / "second")
    try:
        for _ in range(2):
            again.start(worker_argv(redis_url, tmp_path / "second", seed, depth=2))
        assert again.wait() == [0, 0], again.log(1)[-3000:]
    finally:
        again.kill_all()
    assert lines_in(tmp_path / "second" / "runs") == 0
    manifests = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (tmp_path / "second" / "runs").glob("*.json")
    ]
    assert len(manifests) == 2
    assert sum(m["counts"]["not_due"] for m in manifests) >= len(single_process_state)
    assert redis_state(redis_server) == single_process_state


def test_seeds_pushed_to_running_workers(
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    for _ in range(2):
        workers.start(worker_argv(redis_url, tmp_path, None, depth=2, RELATED_REDIS_IDLE_CLOSE="2"))
    client = redis_server.client()
    deadline = time.monotonic() + 60
    while client.hlen("related:workers") < 2:
        assert time.monotonic() < deadline, workers.log(1)[-3000:]
        time.sleep(0.05)
    # scrapy-redis's redis_key convention: a JSON entry, a plain URL (with the seed's line-wrap
    # space), and one that is no URL (refused, the crawl goes on).
    seed = lalibre_site.url(lalibre_site.truth["seed_path_with_space"])
    client.rpush("related:start_urls", "not a url", json.dumps({"url": seed}), seed)
    client.close()
    assert workers.wait() == [0, 0], workers.log(1)[-3000:]
    check_export(tmp_path / "runs", lalibre_site.truth, 2)
    logs = workers.log(1) + workers.log(2)
    assert "No seed given" not in logs
    assert "refused: not an http(s) URL: 'not a url'" in logs


@pytest.mark.parametrize(
    ("moment", "outcome"),
    [("before_write", "fetched again"), ("after_write", "its line is in its run file")],
)
def test_a_worker_killed_inside_an_export(
    moment: str,
    outcome: str,
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    """Killed with an export claimed and its line not written, or written and not recorded:
    another worker settles the claim from the dead worker's run file."""
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    marker = tmp_path / "paused"
    pause = {"tests.redis_faults.Pause": 850 if moment == "before_write" else 600}
    component = "ITEM_PIPELINES" if moment == "before_write" else "EXTENSIONS"
    victim = workers.start(
        worker_argv(
            redis_url,
            tmp_path,
            seed,
            depth=2,
            RELATED_TEST_PAUSE_AT=moment,
            RELATED_TEST_PAUSE_MARKER=str(marker),
            **{component: json.dumps({**getattr(project, component), **pause})},
        )
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline, workers.log(1)[-3000:]
        assert victim.poll() is None, workers.log(1)[-3000:]
        time.sleep(0.01)
    victim.kill()
    victim.wait()
    workers.start(worker_argv(redis_url, tmp_path, seed, depth=2))
    codes = workers.wait()
    assert codes == [-9, 0], workers.log(2)[-3000:]
    check_export(tmp_path / "runs", lalibre_site.truth, 2)
    assert outcome in workers.log(2)
    state = redis_state(redis_server)
    assert set(state) == set(lalibre_site.truth["depth_limits"]["2"])
    assert all(version[3] is not None for version in state.values()), "an export not recorded"


@pytest.mark.parametrize("event", ["a worker killed", "Redis restarted"])
def test_the_crawl_goes_on_after(
    event: str,
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    """SIGKILL of a worker mid-crawl, then a restart; or Redis stopped and started again (its
    append-only file on): the same export, the same state."""
    runs = tmp_path / "runs"
    with serve_in_thread(lalibre_site.root, delay=DELAY) as base_url:
        seed = base_url.rstrip("/") + lalibre_site.truth["seed_path"]
        argv = worker_argv(redis_url, tmp_path, seed, depth=3, CONCURRENT_REQUESTS="2")
        first = workers.start(argv)
        workers.start(argv)
        wait_for_lines(runs, 25, workers)
        if event == "a worker killed":
            first.kill()
            first.wait()
            workers.start(argv)  # the restart
        else:
            redis_server.restart(down=1.0)
        codes = workers.wait()
    expected = [-9, 0, 0] if event == "a worker killed" else [0, 0]
    assert codes == expected, workers.log(2)[-3000:]
    check_export(runs, lalibre_site.truth, 3)
    if event == "a worker killed":
        assert "is gone:" in workers.log(2) + workers.log(3)
    state = redis_state(redis_server)
    assert set(state) == set(lalibre_site.truth["depth_limits"]["3"])
    assert all(version[3] is not None for version in state.values()), "an export not recorded"


def test_dataset_merges_the_workers_run_files_from_several_hosts(
    lalibre_site: ServedSite, redis_url: str, workers: Workers, tmp_path: Path
) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    for _ in range(2):
        workers.start(worker_argv(redis_url, tmp_path, seed, depth=1))
    assert workers.wait() == [0, 0], workers.log(1)[-3000:]
    # As if the second worker ran on another host: its run file in a directory of its own.
    other = tmp_path / "other-host"
    other.mkdir()
    feed = sorted((tmp_path / "runs").glob("*.jsonl"))[1]
    feed.rename(other / feed.name)
    out = tmp_path / "dataset.jsonl"
    argv = [sys.executable, "-m", "scrapy", "dataset", "--include-local", "-o", str(out)]
    proc = run_argv([*argv, "--runs", str(tmp_path / "runs"), "--runs", str(other)])
    assert proc.returncode == 0, proc.stderr
    got = [item["canonicalUrl"] for item in read_items(out)]
    assert sorted(got) == sorted(lalibre_site.truth["depth_limits"]["1"])


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"RELATED_BACKEND": "mongodb"}, "RELATED_BACKEND='mongodb': one of sqlite, redis"),
        ({"RELATED_BACKEND": "redis"}, "RELATED_BACKEND=redis needs REDIS_URL"),
        (
            {"RELATED_BACKEND": "redis", "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
            "cannot reach Redis at redis://127.0.0.1:",
        ),
        (
            {"RELATED_BACKEND": "redis", "REDIS_URL": "redis://127.0.0.1:1/0", "JOBDIR": "job"},
            "JOBDIR with RELATED_BACKEND=redis",
        ),
    ],
)
def test_bad_backend_settings_stop_before_the_crawl(
    settings: dict[str, str], message: str, tmp_path: Path
) -> None:
    argv = [sys.executable, "-m", "scrapy", "crawl", "related", "-a", "url=http://127.0.0.1:1/a"]
    for name, value in settings.items():
        argv += ["-s", f"{name}={value}"]
    proc = run_argv(argv, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ")
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_reset_clears_the_shared_state_with_the_run_files(
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    argv = worker_argv(redis_url, tmp_path, seed, depth=1)
    workers.start(argv)
    assert workers.wait() == [0], workers.log(1)[-3000:]
    settings = argv[argv.index("-s") :]
    reset = [sys.executable, "-m", "scrapy", "reset", "--yes", *settings]
    client = redis_server.client()
    # While a worker is registered, reset refuses: the running crawl would break.
    other = Worker("elsewhere-1-abcd", "elsewhere", "another machine", 1, "1", "related-x", None)
    client.hset("related:workers", other.id, other.to_json())
    refused = run_argv(reset)
    assert refused.returncode != 0
    assert "1 workers of the shared crawl are running (on elsewhere): stop them first" in (
        refused.stderr + refused.stdout
    )
    client.hdel("related:workers", "elsewhere-1-abcd")
    assert client.hlen("related:state:articles") > 0
    done = run_argv(reset)
    assert done.returncode == 0, done.stderr
    assert "related:state:articles" in done.stdout
    assert not client.exists("related:state:articles", "related:state:urls")
    assert lines_in(tmp_path / "runs") == 0
    client.close()


def test_a_worker_with_another_depth_limit_is_refused(
    lalibre_site: ServedSite,
    redis_url: str,
    redis_server: RedisServer,
    workers: Workers,
    tmp_path: Path,
) -> None:
    client = redis_server.client()
    client.hset("related:settings", "DEPTH_LIMIT", "2")  # as the crawl's first worker left it
    client.close()
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    workers.start(worker_argv(redis_url, tmp_path, seed, depth=3))
    assert workers.wait() == [1]
    assert "runs with DEPTH_LIMIT=2 (set by its first worker); this worker has 3" in workers.log(1)


def test_each_step_can_run_twice_when_its_answer_was_lost(redis_url: str) -> None:
    """A worker retries a step whose answer the connection lost (Redis restarting): the second
    run changes nothing and answers as the first; a key another worker holds fences the step."""
    from scrapy.settings import Settings

    from crawler.backends.redis.shared import SharedCrawl

    crawl = SharedCrawl(Settings({"REDIS_URL": redis_url}))
    me = crawl.worker.id
    assert crawl.run("offer_seed", "http://x/a", 2) == 1
    assert crawl.run("offer_seed", "http://x/a", 2) == 0
    entries, status = crawl.run("pop", me, 10)
    assert [entry[0] for entry in entries] == ["http://x/a"]
    assert status[:2] == [0, 1]  # nothing queued, one key pending (leased)
    links = json.dumps([["http://x/b", "related-box"], ["http://x/c", "body"]])
    claim = json.dumps({"worker": me, "key": "http://x/a"})
    args = (me, "http://x/a", "http://x/a", 0, "http://x/A", links, "1", claim, 2)
    first = crawl.run("page_done", *args)
    assert first[:3] == [0, 1, 2]  # depth 0, export it, two links queued
    assert crawl.run("page_done", *args)[:3] == [0, 1, 0]
    entries, _ = crawl.run("pop", me, 10)
    assert [entry[0] for entry in entries] == ["http://x/b", "http://x/c"]  # related box first
    assert crawl.run("finish", me, "http://x/b", "failed") == 1
    assert crawl.run("finish", me, "http://x/b", "failed") == 1
    # Another worker's key: the step is refused (the caller stops, taken for dead).
    assert crawl.run("finish", "someone-else", "http://x/c", "pages") == 0
    fenced = ("someone-else", "http://x/c", "http://x/c", 1, "http://x/C", "[]", "1", "{}", 2)
    assert crawl.run("page_done", *fenced) == [-1]
    # The export claim on A is still open until its line is recorded: the crawl is not over.
    over, _ = crawl.finish_crawl(end=False)
    assert not over
    crawl.run("drop_claim", "http://x/A")
    assert crawl.run("finish", me, "http://x/c", "pages") == 1
    over, status = crawl.finish_crawl(end=True)
    assert over
    assert status[4] == 2  # pages: A done, C done (B failed)
    assert crawl.client.exists(crawl.keys["queue"], crawl.keys["depths"]) == 0
