"""The report's data, page and command, without a browser (see test_report_browser.py)."""

from __future__ import annotations

import hashlib
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.dataset import Record, read_files
from crawler.report import html
from crawler.report.articles import adapt, marks
from crawler.report.build import ReportInputError, build_report, default_output
from crawler.report.data import report_data
from crawler.report.layout import radial_layout
from crawler.report.quality import QualityCounter, date_kind
from tests.conftest import ROOT

SEED = "https://news.example/world/2023/09/12/seed-story-1/"


def item(url: str, **fields: Any) -> dict[str, Any]:
    """An item as the crawler exports it (old field names), with these fields replaced."""
    base: dict[str, Any] = {
        "url": url,
        "canonicalUrl": url,
        "headline": f"Headline of {url.rsplit('/', 2)[-2]}",
        "authors": ["Ann Writer"],
        "section": "World",
        "tags": ["Ukraine"],
        "breadcrumbs": ["News", "World"],
        "datePublished": "2023-09-12T14:41:00Z",
        "datePublishedLocal": "2023-09-12T16:41:00+02:00",
        "datePublishedRaw": "2023-09-12T16:41:00+02:00",
        "datePublishedSource": "json-ld",
        "dateModified": None,
        "dateAgreement": "agreed",
        "dateNotes": [],
        "relatedLinks": [],
        "contentHash": "h-" + url,
        "depth": 1,
        "referrer": SEED,
        "crawledAt": "2026-01-01T10:00:00Z",
    }
    base.update(fields)
    return base


def records(*items: dict[str, Any], run: int = 0) -> list[Record]:
    return [Record(i, run, n) for n, i in enumerate(items, 1)]


def write_run(path: Path, items: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


# -- date kinds ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "raw", "kind"),
    [
        ("2023-09-12T14:41:00Z", "2023-09-12T16:41:00+02:00", "instant_page_offset"),
        ("2023-09-12T14:41:00Z", "2023-09-12T14:41:00.000Z", "instant_page_offset"),
        ("2023-09-12T14:41:00Z", "Tue, 12 Sep 2023 14:41:00 GMT", "instant_page_offset"),
        ("2023-09-12T14:41:00Z", "1694529660", "instant_page_offset"),
        ("2023-09-12T14:41:00Z", "Publié le 12-09-2023 à 16h41", "instant_site_zone"),
        ("2023-09-12T14:41:00Z", None, "instant_site_zone"),
        ("2023-09-12", "12 septembre 2023", "day_only"),
        ("2023-09-12T16:41:00", "2023-09-12 16:41", "naive"),
        (None, None, "undated"),
        ("", None, "undated"),
    ],
)
def test_date_kind(value: str | None, raw: str | None, kind: str) -> None:
    assert date_kind(value, raw) == kind


def test_quality_figures_and_their_stats_round_trip() -> None:
    items = [
        item("https://news.example/a/1/"),
        item(
            "https://news.example/a/2/",
            datePublished="2023-09-12",
            datePublishedRaw="12/09/2023",
            dateNotes=["published-after-modified"],
            dateAgreement="resolved",
            relatedLinks=[{"url": SEED, "text": "x", "kind": "body"}],
        ),
        item("https://news.example/a/3/", datePublished=None, dateAgreement=None),
    ]
    counter = QualityCounter.of(items)
    figures = counter.figures()
    assert figures["items"] == 3
    published = figures["datePublished"]
    assert (published["instant_page_offset"], published["day_only"], published["undated"]) == (
        1,
        1,
        1,
    )
    assert published["dated"] == 2
    assert published["shares"]["dated"] == round(2 / 3, 4)
    assert published["sources"] == {"json-ld": 2}
    assert figures["dateModified"]["undated"] == 3
    assert figures["date_notes"] == {"published-after-modified": 1}
    assert figures["date_agreement"] == {"agreed": 1, "resolved": 1, "none": 1}
    assert figures["without_related_links"] == {"count": 2, "share": round(2 / 3, 4)}
    assert QualityCounter.from_stats(counter.to_stats()).figures() == figures


# -- the adapter -----------------------------------------------------------------------------------
def test_adapter_reads_old_and_new_item_shapes_alike() -> None:
    old = item(
        "https://news.example/a/1/",
        relatedLinks=[{"url": "https://news.example/a/2/", "text": "Two", "kind": "related-box"}],
    )
    new = {
        key: value
        for key, value in old.items()
        if key not in ("section", "tags", "authors", "breadcrumbs", "relatedLinks")
    }
    new.update(
        articleSection="World",
        keywords=["Ukraine"],
        authors=[{"name": "Ann Writer", "url": "https://news.example/by/ann/"}],
        breadcrumbs=[{"name": "News", "url": None}, {"name": "World", "url": "https://x/w/"}],
        dateCandidates=[{"source": "json-ld", "value": "2023-09-12T14:41:00Z"}],
        relatedLinks=[
            {
                "url": "https://news.example/a/2/?utm=x",
                "canonicalUrl": "https://news.example/a/2/",
                "text": "Two",
                "kind": "related-box",
                "confidence": 0.8,
                "block": {"kind": "related-box", "heading": "Sur le même sujet"},
            }
        ],
    )
    a, b = adapt(old), adapt(new)
    for article in (a, b):
        assert article.section == "World"
        assert article.keywords == ["Ukraine"]
        assert [x["name"] for x in article.authors] == ["Ann Writer"]
        assert [x["name"] for x in article.breadcrumbs] == ["News", "World"]
        assert article.published is not None
        assert article.published.wall == "2023-09-12T16:41:00"
        assert article.published.offset == "+02:00"
    assert a.links[0].confidence is None
    assert (b.links[0].confidence, b.links[0].heading) == (0.8, "Sur le même sujet")
    assert b.links[0].target == "https://news.example/a/2/"
    assert b.candidates == ["source: json-ld; value: 2023-09-12T14:41:00Z"]


def test_edges_follow_addresses_and_the_address_files(tmp_path: Path) -> None:
    two, three = "https://news.example/a/2/", "https://news.example/a/3/"
    old_two, old_three = "https://news.example/a/old-2/", "https://news.example/a/old-3/"
    seed = item(
        SEED,
        depth=0,
        referrer=None,
        relatedLinks=[
            {"url": old_two, "text": "redirected", "kind": "related-box"},
            {"url": old_three, "text": "learned late", "kind": "body"},
        ],
    )
    runs = tmp_path / "runs"
    feed = write_run(
        runs / "related-20260101T100000Z.jsonl",
        [seed, item(two, addresses=[old_two, two]), item(three, addresses=[three])],
    )
    late = {"address": old_three, "canonicalUrl": three, "localCopy": False, "crawledAt": "x"}
    (runs / "related-20260101T100000Z.addresses.ndjson").write_text(json.dumps(late) + "\n")
    built = build_report(feed, tmp_path / "r.html", manifests=False)
    assert built.links == 2


def test_edges_resolve_by_canonical_url_keep_the_strongest_kind_and_count_the_rest() -> None:
    two = "https://news.example/a/2/"
    seed = item(
        SEED,
        depth=0,
        referrer=None,
        relatedLinks=[
            {"url": two, "text": "in text", "kind": "body"},
            {"url": two, "text": "in box", "kind": "related-box"},
            {"url": "https://news.example/a/old-2/", "canonicalUrl": two, "kind": "embedded"},
            {"url": "https://news.example/not/crawled/", "text": "far", "kind": "body"},
            {"url": SEED, "text": "itself", "kind": "body"},
        ],
    )
    data = report_data(records(seed, item(two)), [], source="test")
    ids = {a["canonicalUrl"]: a["id"] for a in data["articles"]}
    assert data["edges"] == [[ids[SEED], ids[two], "related-box", None, None]]
    by_url = {a["canonicalUrl"]: a for a in data["articles"]}
    assert by_url[SEED]["linksOutside"] == 1
    assert by_url[two]["inLinks"] == 1
    assert data["seeds"] == [ids[SEED]]


# -- timeline marks --------------------------------------------------------------------------------
def test_marks_publication_update_first_publication_and_earlier_versions() -> None:
    url = "https://news.example/a/1/"
    v1 = item(
        url,
        dateModified="2023-09-12T15:00:00Z",
        dateModifiedLocal="2023-09-12T17:00:00+02:00",
        contentHash="v1",
        crawledAt="2026-01-01T10:00:00Z",
    )
    v2 = item(
        url,
        dateModified="2023-09-13T08:00:00Z",
        dateModifiedLocal="2023-09-13T10:00:00+02:00",
        dateFirstPublished="2004-05-01",
        contentHash="v2",
        crawledAt="2026-01-02T10:00:00Z",
    )
    data = report_data([*records(v1), *records(v2, run=1)], [], source="test")
    (article,) = data["articles"]
    assert article["marks"] == [
        ["published", "2023-09-12T16:41:00", "instant_page_offset"],
        ["first-published", "2004-05-01", "day_only"],
        ["modified", "2023-09-13T10:00:00", "instant_site_zone"],
        ["version", "2023-09-12T17:00:00", "instant_site_zone"],
    ]
    assert article["versions"] == [
        {"crawledAt": "2026-01-01T10:00:00Z", "dateModified": "2023-09-12T15:00:00Z"}
    ]
    assert data["versions"] == 2


def test_same_update_and_publication_is_one_mark() -> None:
    same = item(
        "https://news.example/a/1/",
        dateModified="2023-09-12T14:41:00Z",
        dateModifiedLocal="2023-09-12T16:41:00+02:00",
    )
    assert [m[0] for m in marks(adapt(same))] == ["published"]


def test_undated_articles_come_last_and_have_no_mark() -> None:
    undated = item("https://news.example/a/0/", datePublished=None)
    later = item("https://news.example/a/2/", datePublished="2023-10-01T08:00:00Z")
    data = report_data(records(undated, later, item(SEED, depth=0)), [], source="t")
    order = [a["canonicalUrl"] for a in data["articles"]]
    assert order == [SEED, "https://news.example/a/2/", "https://news.example/a/0/"]
    assert "marks" not in data["articles"][-1]


# -- the layout ------------------------------------------------------------------------------------
def test_radial_layout_puts_the_seed_in_the_centre_and_depths_on_rings() -> None:
    # A seed, 3 children, 2 grandchildren under the first child.
    parents = [None, 0, 0, 0, 1, 1]
    pos = radial_layout(parents, [(i,) for i in range(6)])
    radius = [round(math.hypot(x, y)) for x, y in pos]
    assert radius[0] == 0
    assert radius[1] == radius[2] == radius[3] > 0
    assert radius[4] == radius[5] > radius[1]
    assert len(set(pos)) == 6


def test_radial_layout_spreads_a_crowded_level_over_sub_rings() -> None:
    n = 2000
    pos = radial_layout([None] + [0] * n, [(i,) for i in range(n + 1)])
    radius = sorted({round(math.hypot(x, y)) for x, y in pos[1:]})
    assert len(radius) > 1, "one ring for 2,000 nodes"
    assert max(radius) < 3000
    # No two nodes on top of each other.
    assert len({(round(x), round(y)) for x, y in pos}) == n + 1


def test_several_seeds_share_the_centre() -> None:
    pos = radial_layout([None, None, 0, 1], [(i,) for i in range(4)])
    assert math.hypot(*pos[0]) == pytest.approx(math.hypot(*pos[1]))
    assert math.hypot(*pos[2]) > math.hypot(*pos[0]) > 0


# -- the page --------------------------------------------------------------------------------------
def test_vendored_scripts_match_their_pins_and_licences_ship() -> None:
    libs = html.vendored()
    assert {lib["name"] for lib in libs} == {"cytoscape", "d3"}
    vendor = ROOT / "crawler" / "report" / "vendor"
    for lib in libs:
        assert hashlib.sha256((vendor / lib["file"]).read_bytes()).hexdigest() == lib["sha256"]
        assert f'"{lib["version"]}"' in (vendor / lib["file"]).read_text(encoding="utf-8")
        assert (vendor / lib["license_file"]).read_text(encoding="utf-8").strip()


def test_a_hostile_headline_cannot_leave_the_data_element() -> None:
    evil = "</script><script>window.pwned=1</script><!-- @@SCRIPTS@@ \u2028 end"
    data = report_data(records(item(SEED, depth=0, headline=evil)), [], source="t")
    page = html.render(data)
    assert "window.pwned=1</script>" not in page
    start = page.index('<script type="application/json" id="report-data">')
    end = page.index("</script>", start)
    payload = page[start : end + len("</script>")]
    assert payload.count("</script") == 1
    assert "<!--" not in payload
    embedded = payload.removeprefix('<script type="application/json" id="report-data">')
    assert json.loads(embedded.removesuffix("</script>"))["articles"][0]["headline"] == evil
    # The placeholder inside the data was not replaced with the scripts.
    assert page.count("// d3 ") == 1


def test_the_page_asks_for_nothing_from_the_network() -> None:
    page = html.render(report_data(records(item(SEED, depth=0)), [], source="t"))
    assert "default-src 'none'" in page
    # No external resource in the markup: no src=, no stylesheet link, no url(http...).
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:)?//", markup)
    assert "@import" not in markup


def test_build_report_from_a_runs_directory_reads_every_run(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    url = "https://news.example/a/1/"
    write_run(runs / "related-20260101T100000Z.jsonl", [item(SEED, depth=0), item(url)])
    changed = item(url, contentHash="v2", dateModified="2023-09-20T10:00:00Z")
    changed["crawledAt"] = "2026-01-02T10:00:00Z"
    write_run(runs / "related-20260102T100000Z.jsonl", [changed])
    (runs / "related-20260102T100000Z.json").write_text(
        json.dumps({"run_id": "related-20260102T100000Z", "started": "2026-01-02T10:00:00Z",
                    "ended": "2026-01-02T10:01:30Z", "exit_code": 0, "status": "finished"}),
        encoding="utf-8",
    )  # fmt: skip
    out = default_output(runs)
    built = build_report(runs, out)
    assert out == runs / "report.html"
    assert (built.articles, built.size) == (2, out.stat().st_size)
    page = out.read_text(encoding="utf-8")
    start = page.index('id="report-data">') + len('id="report-data">')
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["runs"][0]["duration_s"] == 90
    article = next(a for a in data["articles"] if a["canonicalUrl"] == url)
    assert [m[0] for m in article["marks"]] == ["published", "modified"]
    assert len(article["versions"]) == 1


def test_build_report_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match="no such run file"):
        build_report(tmp_path / "missing.jsonl", tmp_path / "r.html")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportInputError, match="no run file"):
        build_report(tmp_path / "empty", tmp_path / "r.html")
    torn = tmp_path / "torn.jsonl"
    torn.write_text('{"canonicalUrl": "https://x.example/a/', encoding="utf-8")
    with pytest.raises(ReportInputError, match="no article"):
        build_report(torn, tmp_path / "r.html")
    assert read_files([torn]) == []


@pytest.mark.integration
def test_report_command(tmp_path: Path) -> None:
    run = write_run(tmp_path / "related-20260101T100000Z.jsonl", [item(SEED, depth=0)])
    ok = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", str(run)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "report: 1 articles, 0 links -> " in ok.stdout
    assert run.with_suffix(".html").is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", str(run), "--runs", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "not both" in bad.stderr
