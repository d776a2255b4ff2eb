"""scrapyd: the project egg builds and deploys to a real scrapyd, which runs `related` against
the offline site through its HTTP API and writes the run file and manifest."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, ServedSite, read_items

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")

BIN = Path(sys.executable).parent
PROJECT = "crawler"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def api(base: str, endpoint: str, form: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """GET (no form) or POST a scrapyd endpoint; its JSON answer."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with urllib.request.urlopen(base + endpoint, data=data, timeout=30) as answer:
        result: dict[str, Any] = json.loads(answer.read())
    return result


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real scrapyd on 127.0.0.1, running in a temp dir; yields (base URL, its dir)."""
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
        "max_proc = 1\npoll_interval = 0.2\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [str(BIN / "scrapyd")],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if api(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base, home
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def deploy(base: str, work: Path) -> subprocess.CompletedProcess[str]:
    """`scrapyd-deploy` from a copy of the project whose [deploy] target is the test's scrapyd
    (it builds the egg with setuptools and uploads it through addversion.json)."""
    src = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "crawler", src / "crawler", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    cfg = (ROOT / "scrapy.cfg").read_text(encoding="utf-8")
    lines = [f"url = {base}" if line.startswith("url") else line for line in cfg.splitlines()]
    (src / "scrapy.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--version", "r1"],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_egg_deploys_and_scrapyd_runs_the_spider(
    scrapyd: tuple[str, Path], lalibre_site: ServedSite, tmp_path: Path
) -> None:
    base, home = scrapyd
    deployed = deploy(base, tmp_path)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "related" in api(base, f"listspiders.json?project={PROJECT}")["spiders"]

    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    job = api(
        base,
        "schedule.json",
        [
            ("project", PROJECT),
            ("spider", "related"),
            ("url", seed),
            ("setting", "DEPTH_LIMIT=1"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
        ],
    )
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 180
    while True:
        jobs = api(base, f"listjobs.json?project={PROJECT}")
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.3)

    # Jobs run in scrapyd's working directory: FEEDS' output/runs/ is relative to it.
    (feed,) = (home / "output" / "runs").glob("related-*.jsonl")
    items = read_items(feed)
    assert {i["canonicalUrl"] for i in items} == set(lalibre_site.truth["depth_limits"]["1"])
    manifest = json.loads(feed.with_suffix(".json").read_text(encoding="utf-8"))
    assert (manifest["status"], manifest["exit_code"]) == ("finished", 0)
    assert (home / "output" / "state.sqlite3").is_file()
    env_log = list((home / "logs" / PROJECT / "related").glob("*.log"))
    assert env_log, "scrapyd kept no log of the job"
    assert os.path.getsize(env_log[0]) > 0
