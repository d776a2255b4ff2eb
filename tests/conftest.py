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
    from crawler.offline import SITES
    from crawler.offline.server import serve_in_thread

    root = tmp_path_factory.mktemp(name)
    SITES[name](root)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    with serve_in_thread(root) as base_url:
        yield ServedSite(name, root, base_url, truth)


@pytest.fixture(scope="session")
def dagelijksepost_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The second offline site: Dutch, WordPress-like, with no site profile."""
    yield from _serve("dagelijksepost", tmp_path_factory)


@pytest.fixture(scope="session")
def lalibre_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The offline copy of the La Libre section around the seed."""
    yield from _serve("lalibre", tmp_path_factory)


def run_crawl(
    seed: str, out: Path, *extra: str, depth: int = 2, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl related` in a subprocess, politeness off (local server), items to `out`,
    with a state database of its own next to `out` (so every call is a first run)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    argv = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "related",
        "-a",
        f"url={seed}",
        "-O",
        str(out),
        "-s",
        f"DEPTH_LIMIT={depth}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "FEEDS={}",
        "-s",
        "LOG_LEVEL=INFO",
        "-s",
        f"STATE_DB_PATH={out.with_suffix('.state.sqlite3')}",
        *extra,
    ]
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def read_items(path: Path) -> list[dict[str, Any]]:
    """The JSON Lines items of a feed file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def link_key(url: str) -> str:
    """Path and query of a link, the form the ground truth lists them in."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
