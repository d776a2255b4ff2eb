"""`-O coverage.csv`: list and object cells are JSON, and the file is UTF-8 with a BOM for
Excel (issue #13, item 6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from crawler.exporters import JsonCellsCsvItemExporter, csv_cell
from crawler.items import Author, RelatedLink, article_item
from tests.conftest import ServedSite, run_crawl

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def coverage_csv(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "coverage.csv"
    proc = run_crawl(lalibre_site.url(lalibre_site.truth["seed_path"]), out, depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_csv_starts_with_a_byte_order_mark(coverage_csv: Path) -> None:
    assert coverage_csv.read_bytes().startswith(b"\xef\xbb\xbfurl,canonicalUrl,headline,")


def test_list_and_object_cells_are_json(coverage_csv: Path, lalibre_site: ServedSite) -> None:
    rows = _rows(coverage_csv)
    assert len(rows) == len(lalibre_site.truth["depth_limits"]["1"])
    seed = next(r for r in rows if r["depth"] == "0")
    links = json.loads(seed["relatedLinks"])
    assert links
    assert all(set(link) >= {"url", "text", "kind"} for link in links)
    assert json.loads(seed["authors"])[0]["name"]
    assert isinstance(json.loads(seed["keywords"]), list)
    assert json.loads(seed["localCopy"]) is True
    assert json.loads(seed["dateNotes"]) == []
    assert seed["datePublished"] == "2023-09-12T14:41:00Z"
    assert seed["dateFirstPublished"] == ""  # null is an empty cell


def test_the_same_cells_as_the_dataset_command() -> None:
    fields: dict[str, Any] = {
        "url": "https://www.lalibre.be/a/",
        "authors": [{"name": "Anne", "url": None}],
        "relatedLinks": [
            {
                "url": "https://www.lalibre.be/b/",
                "text": "B",
                "kind": "body",
                "confidence": 0.9,
                "heading": None,
            }
        ],
    }
    item = article_item(fields, crawledAt="2026-11-24T10:00:00Z")
    assert item.authors == [Author("Anne")]
    assert item.relatedLinks == [RelatedLink("https://www.lalibre.be/b/", "B", "body", 0.9)]
    out = io.BytesIO()
    exporter = JsonCellsCsvItemExporter(out, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    row = next(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    # The rule of `scrapy dataset --format csv`, applied to the run file's plain JSON values.
    assert row["authors"] == csv_cell(fields["authors"]) == '[{"name": "Anne", "url": null}]'
    assert row["relatedLinks"] == csv_cell(fields["relatedLinks"])
    assert row["isAccessibleForFree"] == ""
    assert row["depth"] == "0"


def test_appending_writes_no_second_header_or_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    for n in (1, 2):
        with path.open("ab") as handle:
            exporter = JsonCellsCsvItemExporter(handle, encoding="utf-8")
            exporter.start_exporting()
            exporter.export_item(article_item({"url": f"https://x.example/{n}/"}))
            exporter.finish_exporting()
    raw = path.read_bytes()
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert [r["url"] for r in _rows(path)] == ["https://x.example/1/", "https://x.example/2/"]


def test_bom_can_be_turned_off(tmp_path: Path) -> None:
    out = io.BytesIO()
    exporter = JsonCellsCsvItemExporter(out, encoding="utf-8", bom=False)
    exporter.start_exporting()
    exporter.export_item(article_item({"url": "https://x.example/1/"}))
    exporter.finish_exporting()
    assert out.getvalue().startswith(b"url,")
