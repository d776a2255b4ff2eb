"""Offline copies of news sites for tests, demos and benchmarks: generators and their registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.offline import lalibre, othersite

Generator = Callable[..., dict[str, Any]]
"""`generate(root, *, articles=..., seed=1) -> truth`: writes files/, routes.json, truth.json."""

SITES: dict[str, Generator] = {
    "lalibre": lalibre.generate,
    othersite.SITE: othersite.generate,
}


def default_root(site: str) -> Path:
    """Where a generated site goes when no directory is given: output/sites/<name>/."""
    return Path("output") / "sites" / site
