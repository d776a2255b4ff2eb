"""`make demo` keeps to its own folder and marks what it crawled as a local copy (issue #13,
item 2), and explains the seed's line-wrap space in its own output (item 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_demo_writes_only_under_its_folder_and_marks_local_copies(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    project_output = ROOT / "output"
    live = {p for p in _files(project_output) if "demo" not in p.parts}
    for attempt in (1, 2):  # a second demo starts from scratch as well
        proc = subprocess.run(
            [sys.executable, "-m", "devtools.demo", "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "precision 1.000, recall 1.000 (62/62)" in proc.stdout, attempt
        assert "62 of 62 items say localCopy: true" in proc.stdout
        assert "join an article by its addresses: 154 of 234" in proc.stdout
        assert "the seed as received has a line-wrap space" in proc.stdout
        assert "Removed whitespace from seed URL" in proc.stderr
        runs = sorted((out / "runs").glob("*.jsonl"))
        assert len(runs) == 1, attempt
        assert runs[0].with_suffix(".json").is_file()
        assert (out / "state.sqlite3").is_file()
        items = [json.loads(line) for line in runs[0].read_text(encoding="utf-8").splitlines()]
        assert len(items) == 62
        assert all(item["localCopy"] for item in items)
    # Nothing outside its folder: not the project's output/runs nor output/state.sqlite3.
    assert {p for p in _files(project_output) if "demo" not in p.parts} == live
