"""Exit codes a scheduler can act on, and the manifest saying why."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ServedSite
from tests.test_incremental import run_scheduled

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

GONE = "/international/2023/09/10/cet-article-n-existe-pas-AAAAAAAAAAAAAAAAAAAAAAAAAA/"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def manifest_of(work: Path) -> dict[str, Any]:
    (path,) = (work / "runs").glob("*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("case", "depth", "extra", "code", "reason"),
    [
        ("ok", 1, (), 0, None),
        ("seed-404", 1, (), 1, "seed(s) could not be fetched"),
        ("nothing-fetched", 1, ("-s", "RETRY_TIMES=0"), 1, "no page could be fetched"),
        # The seed's neighbourhood has deleted articles (404): any failure is too many here.
        ("failure-share", 1, ("-s", "RELATED_MAX_FAILURE_RATIO=0.0"), 1, "pages failed"),
    ],
)
def test_exit_code_and_manifest(
    case: str,
    depth: int,
    extra: tuple[str, ...],
    code: int,
    reason: str | None,
    lalibre_site: ServedSite,
    tmp_path: Path,
) -> None:
    if case == "seed-404":
        seed = lalibre_site.url(GONE)
    elif case == "nothing-fetched":
        seed = f"http://127.0.0.1:{closed_port()}{lalibre_site.truth['seed_path']}"
    else:
        seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    proc = run_scheduled(seed, tmp_path, *extra, depth=depth)
    assert proc.returncode == code, proc.stderr[-3000:]
    manifest = manifest_of(tmp_path)
    assert manifest["exit_code"] == code
    assert manifest["status"] == ("finished" if code == 0 else "failed")
    assert manifest["seeds"] == [seed]
    assert manifest["ended"] >= manifest["started"]
    if reason is None:
        assert manifest["failure_reasons"] == []
        assert manifest["counts"]["items"] == len(lalibre_site.truth["depth_limits"][str(depth)])
        assert (
            sum(manifest["date_sources"]["datePublished"].values()) == manifest["counts"]["items"]
        )
    else:
        assert any(reason in why for why in manifest["failure_reasons"]), manifest
        assert "Run failed: " in proc.stderr


def test_manifest_records_the_settings_that_matter(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    proc = run_scheduled(seed, tmp_path, "-s", "REVISIT_FIRST_DAY=600", depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    settings = manifest_of(tmp_path)["settings"]
    assert settings["DEPTH_LIMIT"] == 1
    assert settings["REVISIT_FIRST_DAY"] == 600
    assert settings["STATE_DB_PATH"] == str(tmp_path / "state.sqlite3")
    assert settings["ROBOTSTXT_OBEY"] is True
