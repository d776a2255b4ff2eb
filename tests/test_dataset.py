"""`scrapy dataset`: latest versions, history, formats, determinism, torn lines."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import UsageError

from crawler.commands.dataset import write_csv, write_dataset
from crawler.dataset import build, read_runs, run_files
from tests.conftest import ROOT

A = "https://www.lalibre.be/a/2023/09/12/a-AAAAAAAAAAAAAAAAAAAAAAAAAA/"
B = "https://www.lalibre.be/b/2023/09/12/b-BBBBBBBBBBBBBBBBBBBBBBBBBB/"


def item(url: str, crawled: str, content: str, modified: str | None = None) -> dict[str, Any]:
    return {
        "url": url,
        "canonicalUrl": url,
        "headline": f"Titre {content}",
        "authors": [{"name": "Jeanne Dupont", "url": None}],
        "keywords": ["Russie", "Corée du Nord"],
        "mainImage": {"url": "https://www.lalibre.be/img.jpg"},
        "publisher": None,
        "isAccessibleForFree": True,
        "datePublished": "2023-09-12T14:41:00Z",
        "dateModified": modified,
        "dateFirstPublished": "2004-05-01",
        "relatedLinks": [{"url": B, "text": "Lire aussi", "kind": "related-box"}],
        "contentHash": content,
        "depth": 1,
        "referrer": None,
        "crawledAt": crawled,
    }


def write_run(runs: Path, run_id: str, items: list[dict[str, Any]], tail: str = "") -> None:
    runs.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items) + tail
    (runs / f"{run_id}.jsonl").write_text(text, encoding="utf-8")


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    runs = tmp_path / "runs"
    write_run(
        runs,
        "related-20261124T100000Z",
        [item(B, "2026-11-24T10:00:02Z", "b1"), item(A, "2026-11-24T10:00:01Z", "a1")],
    )
    # The second run re-exports A changed, and B (a duplicate line, as a resumed run may leave),
    # and was killed in the middle of a line.
    write_run(
        runs,
        "related-20261124T110000Z",
        [
            item(A, "2026-11-24T11:00:01Z", "a2", "2026-11-24T10:30:00Z"),
            item(B, "2026-11-24T11:00:02Z", "b1"),
        ],
        tail='{"url": "http://127.0.0.1:8000/c/", "canonicalUrl": "https://www.lali',
    )
    (runs / "related-20261124T110000Z.json").write_text("{}", encoding="utf-8")
    return runs


def test_run_files_in_run_order(tmp_path: Path) -> None:
    for name in ("related-20261124T110000Z", "other-20261124T090000Z", "related-20261123T235959Z"):
        write_run(tmp_path, name, [])
    assert [p.stem for p in run_files(tmp_path)] == [
        "related-20261123T235959Z",
        "other-20261124T090000Z",
        "related-20261124T110000Z",
    ]


def test_latest_version_per_article(runs: Path) -> None:
    rows = build(read_runs(runs))
    assert [(r["canonicalUrl"], r["contentHash"]) for r in rows] == [(A, "a2"), (B, "b1")]
    assert rows[0]["dateModified"] == "2026-11-24T10:30:00Z"


def test_history_has_every_distinct_version_once(runs: Path) -> None:
    rows = build(read_runs(runs), history=True)
    assert [(r["canonicalUrl"], r["contentHash"], r["crawledAt"]) for r in rows] == [
        (A, "a1", "2026-11-24T10:00:01Z"),
        (A, "a2", "2026-11-24T11:00:01Z"),
        (B, "b1", "2026-11-24T10:00:02Z"),
    ]


def test_a_new_date_alone_is_a_new_version(tmp_path: Path) -> None:
    write_run(tmp_path, "related-20261124T100000Z", [item(A, "2026-11-24T10:00:00Z", "a1")])
    write_run(
        tmp_path,
        "related-20261124T110000Z",
        [item(A, "2026-11-24T11:00:00Z", "a1", "2026-11-24T10:55:00Z")],
    )
    assert len(build(read_runs(tmp_path), history=True)) == 2


def test_torn_line_is_skipped_with_a_warning(runs: Path) -> None:
    warnings = io.StringIO()
    records = read_runs(runs, warn=warnings)
    assert len(records) == 4
    assert "related-20261124T110000Z.jsonl:3" in warnings.getvalue()
    assert "torn" in warnings.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_rerun_gives_identical_bytes(runs: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    rows = build(read_runs(runs), history=True)
    first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
    write_dataset(rows, fmt, first)
    write_dataset(build(read_runs(runs), history=True), fmt, second)
    assert first.read_bytes() == second.read_bytes()


def test_csv_flattens_lists_as_json(runs: Path) -> None:
    out = io.StringIO()
    write_csv(build(read_runs(runs)), out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["canonicalUrl"] for row in table] == [A, B]
    assert json.loads(table[0]["keywords"]) == ["Russie", "Corée du Nord"]
    assert json.loads(table[0]["authors"]) == [{"name": "Jeanne Dupont", "url": None}]
    assert json.loads(table[0]["mainImage"]) == {"url": "https://www.lalibre.be/img.jpg"}
    assert json.loads(table[0]["relatedLinks"])[0]["kind"] == "related-box"
    assert table[0]["isAccessibleForFree"] == "true"
    assert table[1]["dateModified"] == ""
    # Columns follow the item's declared fields.
    assert list(table[0])[:3] == ["url", "canonicalUrl", "headline"]


def test_parquet_is_typed(runs: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "d.parquet"
    write_dataset(build(read_runs(runs)), "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 2
    assert str(table.schema.field("keywords").type) == "list<element: string>"
    assert str(table.schema.field("depth").type) == "int64"
    links = table.column("relatedLinks").to_pylist()[0]
    # A run written before links carried their confidence and heading: typed nulls.
    assert links == [
        {"url": B, "text": "Lire aussi", "kind": "related-box", "confidence": None, "heading": None}
    ]
    assert table.column("authors").to_pylist()[0] == [{"name": "Jeanne Dupont", "url": None}]
    assert table.column("mainImage").to_pylist()[0] == {"url": "https://www.lalibre.be/img.jpg"}


def test_parquet_dates_are_timestamps_and_days_not_strings(runs: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "d.parquet"
    write_dataset(build(read_runs(runs)), "parquet", path)
    table = pq.read_table(path)
    for name in ("datePublished", "dateModified", "dateFirstPublished", "crawledAt"):
        assert str(table.schema.field(name).type) == "timestamp[ms, tz=UTC]", name
    assert str(table.schema.field("dateFirstPublishedDay").type) == "date32[day]"
    row = table.slice(0, 1).to_pylist()[0]
    assert row["datePublished"] == datetime(2023, 9, 12, 14, 41, tzinfo=UTC)
    assert row["dateModified"] == datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    # A day-only date is a date in its Day column, not a midnight instant.
    assert row["dateFirstPublished"] is None
    assert row["dateFirstPublishedDay"] == date(2004, 5, 1)
    assert row["datePublishedDay"] is None


def test_csv_file_has_a_byte_order_mark_for_excel(runs: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    write_dataset(build(read_runs(runs)), "csv", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfurl,canonicalUrl,")
    assert "Corée du Nord" in raw.decode("utf-8-sig")


@pytest.mark.integration
def test_local_copies_are_left_out_and_never_merged(tmp_path: Path) -> None:
    live = item(A, "2026-11-24T10:00:00Z", "live")
    offline = {**item(A, "2026-11-24T12:00:00Z", "copy"), "localCopy": True}
    # A run file written before the localCopy field: its url alone says loopback.
    old = {**item(B, "2026-11-24T12:00:00Z", "old"), "url": "http://127.0.0.1:8000/b/"}
    write_run(tmp_path / "runs", "related-20261124T100000Z", [live, offline, old])
    argv = [sys.executable, "-m", "scrapy", "dataset", "--runs", str(tmp_path / "runs")]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["contentHash"] for r in rows] == ["live"]
    assert "left out 2 lines fetched from a loopback address" in proc.stderr
    argv.append("--include-local")
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    # The later local copy of A does not replace the live line: both are kept, apart.
    assert [(r["canonicalUrl"], r["contentHash"]) for r in rows] == [
        (A, "live"),
        (A, "copy"),
        (B, "old"),
    ]


def test_parquet_without_pyarrow_says_how_to_get_it(
    runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(UsageError, match=r"pyarrow.*\[parquet\]"):
        write_dataset(build(read_runs(runs)), "parquet", tmp_path / "d.parquet")


def test_parquet_to_stdout_is_refused() -> None:
    with pytest.raises(UsageError, match="-o FILE"):
        write_dataset([], "parquet", None)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("options", "suffix"),
    [(["--format", "jsonl"], "jsonl"), (["--history", "--format", "csv"], "csv")],
)
def test_command(runs: Path, tmp_path: Path, options: list[str], suffix: str) -> None:
    out = tmp_path / f"dataset.{suffix}"
    argv = [sys.executable, "-m", "scrapy", "dataset", "--runs", str(runs), "-o", str(out)]
    proc = subprocess.run(
        [*argv, *options], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "torn" in proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == (2 if suffix == "jsonl" else 4)


@pytest.mark.integration
def test_command_without_runs_directory_fails(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "scrapy", "dataset", "--runs", str(tmp_path / "none")]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0
    assert "no runs directory" in proc.stderr
