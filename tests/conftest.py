"""Shared fixtures: the offline sites, generated once per session and served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Servers they start by themselves: a test that uses one is an integration test whatever its
# module says (`pytest -m unit` must not start a crawl).
_SERVER_FIXTURES = frozenset({"lalibre_site", "dagelijksepost_site", "redis_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test is `integration` (marked so, or using a served site or Redis) or `unit`: `make
    test` runs both, `pytest -m unit` the fast ones."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("integration") is None and fixtures & _SERVER_FIXTURES:
            item.add_marker(pytest.mark.integration)
        if item.get_closest_marker("integration") is None:
            item.add_marker(pytest.mark.unit)


@dataclass
class ServedSite:
    """A generated offline site, its ground truth and the URL it is served at."""

    name: str
    root: Path
    base_url: str
    truth: dict[str, Any]

    def url(self, path: str) -> str:
        """Absolute URL of a site path on the local server."""
        return self.base_url.rstrip("/") + path


def _serve(name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    from devtools.offline import SITES
    from devtools.offline.server import serve_in_thread

    root = tmp_path_factory.mktemp(name)
    SITES[name](root)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    with serve_in_thread(root) as base_url:
        yield ServedSite(name, root, base_url, truth)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's redis-server on a free 127.0.0.1 port, persistence on (installed with apt-get
    when missing), stopped after the session."""
    from crawler.backends.redis.server import running_redis

    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="session")
def dagelijksepost_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The second offline site: Dutch, WordPress-like, with no site profile."""
    yield from _serve("dagelijksepost", tmp_path_factory)


@pytest.fixture(scope="session")
def lalibre_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The offline copy of the La Libre section around the seed."""
    yield from _serve("lalibre", tmp_path_factory)


def crawl_argv(seed: str, *, depth: int = 2, **settings: str) -> list[str]:
    """`scrapy crawl related` from `seed`, politeness off (local server), with these settings."""
    argv = [sys.executable, "-m", "scrapy", "crawl", "related", "-a", f"url={seed}"]
    base = {"DEPTH_LIMIT": str(depth), "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO"}
    for name, value in {**base, **settings}.items():
        argv += ["-s", f"{name}={value}"]
    return argv


def run_argv(argv: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a crawl command line from the project root, its output captured."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_crawl(
    seed: str, out: Path, *extra: str, depth: int = 2
) -> subprocess.CompletedProcess[str]:
    """A one-off crawl: items to `out` only (no run file), with a state database of its own
    next to `out` (so every call is a first run)."""
    argv = crawl_argv(
        seed, depth=depth, FEEDS="{}", STATE_DB_PATH=str(out.with_suffix(".state.sqlite3"))
    )
    return run_argv([*argv, "-O", str(out), *extra])


def read_items(path: Path) -> list[dict[str, Any]]:
    """The JSON Lines items of a feed file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def link_key(url: str) -> str:
    """Path and query of a link, the form the ground truth lists them in."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
