"""The coverage graph joins (#10): each fetched link URL leads to one item by `addresses`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.backends.redis.server import RedisServer
from crawler.commands.reset import reset_targets
from crawler.dataset import build, join_addresses, read_runs
from crawler.graph import (
    ADDRESS_FILE_SUFFIX,
    EDGE_COLUMNS,
    address_file_of,
    page_addresses,
    read_address_files,
)
from tests.conftest import ServedSite, read_items, run_argv
from tests.faults import Fault, serve_faults
from tests.test_faults import depth1_paths, related_box
from tests.test_incremental import scheduled_argv
from tests.test_redis_backend import Workers, worker_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

# --- the rule, as a user applies it to JSON Lines alone ---------------------------------------


def by_address(items: list[dict[str, Any]]) -> dict[tuple[str, bool], set[str]]:
    """(address, localCopy) -> the canonical URLs of the items listing it."""
    index: dict[tuple[str, bool], set[str]] = {}
    for item in items:
        for address in item["addresses"]:
            index.setdefault((address, bool(item["localCopy"])), set()).add(item["canonicalUrl"])
    return index


def joins(items: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(source canonical URL, link URL, target) for every related link of every item: the target
    is the one item whose addresses contain the link's URL, None when none does."""
    index = by_address(items)
    out = []
    for item in items:
        for link in item["relatedLinks"]:
            found = index.get((link["url"], bool(item["localCopy"])), set())
            assert len(found) <= 1, f"{link['url']} leads to {len(found)} items"
            out.append((item["canonicalUrl"], link["url"], next(iter(found), None)))
    return out


def address_lines(runs: Path) -> list[dict[str, Any]]:
    """Every line of every address file in `runs`."""
    return [
        json.loads(line)
        for path in sorted(runs.glob("*" + ADDRESS_FILE_SUFFIX))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def dataset(runs: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`scrapy dataset --runs RUNS --include-local` (the offline sites are local copies)."""
    argv = [sys.executable, "-m", "scrapy", "dataset", "--runs", str(runs), "--include-local"]
    return run_argv([*argv, *options], timeout=120)


def dataset_rows(runs: Path) -> list[dict[str, Any]]:
    proc = dataset(runs)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


# --- what the site says each link should join, from its routes, robots.txt and truth ----------


@dataclass(frozen=True)
class Expected:
    """Where a link address leads on the offline site: the canonical URL of the article the
    crawl exports for it, or None and why."""

    target: str | None
    why: str


def expectations(site: ServedSite, depth: int) -> dict[str, Expected]:
    """Expected join of every link path of the site's articles at DEPTH_LIMIT `depth`, worked out
    from the site's files alone: a link is requested when an article within depth - 1 hops
    carries it; it then follows the site's redirects, unless robots.txt forbids the path; it
    joins when it ends on an article page."""
    routes = json.loads((site.root / "routes.json").read_text(encoding="utf-8"))
    robots = (site.root / routes["/robots.txt"]["file"]).read_text(encoding="utf-8")
    disallow = [line.split(":", 1)[1].strip() for line in robots.splitlines() if "Disallow" in line]
    truth = site.truth
    by_path = {article["path"]: canonical for canonical, article in truth["articles"].items()}
    within = set(truth["depth_limits"][str(depth)])
    requested = {
        link["path"]
        for canonical in truth["depth_limits"][str(depth - 1)]
        for link in truth["articles"][canonical]["relatedLinks"]
    }
    out: dict[str, Expected] = {}
    for article in truth["articles"].values():
        for link in article["relatedLinks"]:
            path = link["path"]
            if path not in requested:
                out[path] = Expected(None, "not fetched: beyond DEPTH_LIMIT")
                continue
            out[path] = _follow(routes, disallow, path, by_path, within)
    return out


def _follow(
    routes: dict[str, Any],
    disallow: list[str],
    path: str,
    by_path: dict[str, str],
    within: set[str],
) -> Expected:
    for _ in range(5):
        if any(path.startswith(prefix) for prefix in disallow):
            return Expected(None, "not fetched: robots.txt")
        route = routes.get(path) or routes.get(path.split("?", 1)[0])
        if route is None or route["status"] == 404:
            return Expected(None, "fetch failed: HTTP 404")
        if route["status"] == 301:
            path = route["location"]
            continue
        canonical = by_path.get(path)
        if canonical is None:
            return Expected(None, "not an article")
        assert canonical in within
        return Expected(canonical, "joins")
    return Expected(None, "redirect loop")


def link_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_against_site(
    rows: list[dict[str, Any]], site: ServedSite, depth: int
) -> tuple[int, int, Counter[str]]:
    """Every link of every row joins exactly the article the site says, or none for the reason
    it says; (joined, links, reasons of the others)."""
    expected = expectations(site, depth)
    got = joins(rows)
    wrong = [
        (link, target, expected[link_path(link)])
        for _, link, target in got
        if target != expected[link_path(link)].target
    ]
    assert wrong == []
    reasons = Counter(expected[link_path(link)].why for _, link, target in got if target is None)
    return sum(target is not None for *_, target in got), len(got), reasons


# --- the offline La Libre site, crawled once ----------------------------------------------------

DEPTH = 2


@pytest.fixture(scope="module")
def offline_crawl(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scheduled run of the offline site (the demo's crawl) at DEPTH_LIMIT 2: its work dir."""
    work = tmp_path_factory.mktemp("graph")
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    proc = run_argv(scheduled_argv(seed, work, depth=DEPTH))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work


def test_every_fetched_link_url_of_the_offline_site_joins_exactly_one_item(
    offline_crawl: Path, lalibre_site: ServedSite
) -> None:
    rows = dataset_rows(offline_crawl / "runs")
    joined, total, reasons = check_against_site(rows, lalibre_site, DEPTH)
    # 0 of 234 before addresses (no link URL equals a canonicalUrl: the links name the local
    # copy's address); now every link whose page the crawl fetched and exported.
    assert (joined, total) == (154, 234), f"{joined} of {total} link URLs join"
    assert reasons == {
        "not fetched: beyond DEPTH_LIMIT": 75,
        "not fetched: robots.txt": 1,
        "fetch failed: HTTP 404": 2,
        "not an article": 2,
    }
    # In the dataset every address is one article's (the rule's "exactly one").
    index = by_address(rows)
    assert all(len(canonicals) == 1 for canonicals in index.values())


def test_the_run_file_alone_joins_all_but_the_addresses_learned_late(
    offline_crawl: Path, lalibre_site: ServedSite
) -> None:
    (feed,) = (offline_crawl / "runs").glob("*.jsonl")
    items = read_items(feed)
    late = {
        (line["address"], line["canonicalUrl"]) for line in address_lines(offline_crawl / "runs")
    }
    expected = expectations(lalibre_site, DEPTH)
    listed = by_address(items)
    for _, link, target in joins(items):
        want = expected[link_path(link)].target
        if target is None and want is not None:
            # Resolved after the article's line was written: in the run's address file.
            assert (link, want) in late
        else:
            assert target == want
    # An address file holds only what the lines do not.
    assert not [pair for pair in late if pair[1] in listed.get((pair[0], True), set())]
    manifest = json.loads(feed.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["counts"]["late_addresses"] == len(late)


def test_edge_list(offline_crawl: Path, lalibre_site: ServedSite, tmp_path: Path) -> None:
    runs = offline_crawl / "runs"
    rows = dataset_rows(runs)
    proc = dataset(runs, "--edges", "-o", str(tmp_path / "edges.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "234 edges, 154 to an article of the dataset, 80 with an empty target" in proc.stderr
    raw = (tmp_path / "edges.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's UTF-8 mark, as for the articles
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(table[0]) == list(EDGE_COLUMNS)
    # One row per related link, in dataset then page order, the target by the rule.
    want = [(source, link, target or "") for source, link, target in joins(rows)]
    assert [(r["source"], r["url"], r["target"]) for r in table] == want
    links = [link for row in rows for link in row["relatedLinks"]]
    assert [(r["kind"], r["text"]) for r in table] == [(x["kind"], x["text"]) for x in links]
    # The link's confidence and its block's heading, as the item gives them (null: empty).
    assert [(r["confidence"], r["heading"]) for r in table] == [
        (str(x["confidence"]), x["heading"] or "") for x in links
    ]
    assert {r["localCopy"] for r in table} == {"true"}
    assert {r["heading"] for r in table} >= {"Sur le même sujet", ""}
    # JSON Lines: the same rows, null where CSV is empty.
    proc = dataset(runs, "--edges", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    edges = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(e["source"], e["url"], e["target"] or "") for e in edges] == want
    assert sum(e["target"] is None for e in edges) == 80
    assert set(edges[0]) == set(EDGE_COLUMNS)


# --- redirects and tracking copies, in a small site of the test's own -------------------------

OLD_LATE = "/actu/international/article/990001/l-ancienne-adresse-d-un-article-deja-exporte.html"
OLD_EARLY = "/actu/international/article/990002/l-ancienne-adresse-d-un-article-lointain.html"
LATE = 3.0
"""Seconds the late addresses wait: their article's line is written by then."""


@dataclass
class Copies:
    """The crawl of the seed with its extra links: the paths, the run files and the server's
    base URL."""

    work: Path
    base: str
    direct: str
    """A related article of the seed, linked directly too; the late addresses lead to it."""
    delayed: str
    """Another one, answered late: its tracking copy is read first."""
    far: str
    """An article two hops away, reached only by a redirect at depth 1."""
    tracked: str
    """Another article two hops away, linked with utm_ parameters."""

    def url(self, path: str) -> str:
        return self.base.rstrip("/") + path


def two_hops_away(site: ServedSite) -> list[str]:
    """Paths of articles at depth 2, served directly, sorted."""
    routes = json.loads((site.root / "routes.json").read_text(encoding="utf-8"))
    return sorted(
        str(article["path"])
        for article in site.truth["articles"].values()
        if article["depth"] == 2 and "file" in routes.get(str(article["path"]), {})
    )


@pytest.fixture(scope="module")
def copies(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Copies:
    work = tmp_path_factory.mktemp("copies")
    direct, delayed = depth1_paths(lalibre_site)[:2]
    far, tracked = two_hops_away(lalibre_site)[:2]
    extra = [
        OLD_LATE,  # 301 to `direct`, answered after `direct`'s line is written
        OLD_EARLY,  # 301 to `far`, which no other link of the seed reaches
        tracked + "?utm_source=newsletter&utm_medium=email",  # dropped before fetching
        direct + "?origin=home",  # a copy by a parameter no rule drops, answered late
        delayed + "?origin=home",  # the same, answered before its original
    ]
    seed = lalibre_site.truth["seed_path"]
    faults = {
        seed: Fault("rewrite", rewrite=related_box(extra, "À lire aussi")),
        OLD_LATE: Fault("redirect", code=301, location=direct, seconds=LATE),
        OLD_EARLY: Fault("redirect", code=301, location=far),
        direct + "?origin=home": Fault("delay", seconds=LATE),
        delayed: Fault("delay", seconds=LATE),
        delayed + "?origin=home": Fault("delay", seconds=0),
    }
    with serve_faults(lalibre_site.root, faults) as server:
        argv = scheduled_argv(server.url(seed), work, "-s", "RELATED_EXTRACT_PROCESSES=0", depth=1)
        proc = run_argv(argv)
        base = server.base_url
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Copies(work, base, direct, delayed, far, tracked)


def _canonical(site: ServedSite, path: str) -> str:
    return str(site.truth["canonical_root"]) + path


def test_redirects_and_tracking_copies_join(copies: Copies, lalibre_site: ServedSite) -> None:
    runs = copies.work / "runs"
    (feed,) = runs.glob("*.jsonl")
    items = read_items(feed)
    seed = next(item for item in items if item["depth"] == 0)
    links = {link["url"] for link in seed["relatedLinks"]}
    url = copies.url
    expected = {
        url(OLD_LATE): _canonical(lalibre_site, copies.direct),
        url(OLD_EARLY): _canonical(lalibre_site, copies.far),
        # The utm_ parameters are gone from the link itself: it names the article.
        url(copies.tracked): _canonical(lalibre_site, copies.tracked),
        url(copies.direct + "?origin=home"): _canonical(lalibre_site, copies.direct),
        url(copies.delayed + "?origin=home"): _canonical(lalibre_site, copies.delayed),
    }
    assert set(expected) <= links
    assert not [link for link in links if "utm_" in link]
    # The run file alone: a redirect or a copy resolved before its article's line is in it...
    alone = {link: target for _, link, target in joins(items) if link in expected}
    assert alone[url(OLD_EARLY)] == expected[url(OLD_EARLY)]
    assert alone[url(copies.tracked)] == expected[url(copies.tracked)]
    assert (
        alone[url(copies.delayed + "?origin=home")]
        == expected[url(copies.delayed + "?origin=home")]
    )
    # ...those resolved after it are in the address file...
    late = {(line["address"], line["canonicalUrl"]) for line in address_lines(runs)}
    assert late == {
        (url(OLD_LATE), expected[url(OLD_LATE)]),
        (url(copies.direct + "?origin=home"), expected[url(copies.direct + "?origin=home")]),
    }
    assert alone[url(OLD_LATE)] is None
    assert alone[url(copies.direct + "?origin=home")] is None
    # ...and the dataset joins every one of them, to one item each.
    rows = dataset_rows(runs)
    got = {link: target for _, link, target in joins(rows) if link in expected}
    assert got == expected
    # The same article by two addresses is one item.
    canonicals = [row["canonicalUrl"] for row in rows]
    assert len(canonicals) == len(set(canonicals))
    assert set(canonicals) == (
        set(lalibre_site.truth["depth_limits"]["1"])
        | {expected[url(OLD_EARLY)], expected[url(copies.tracked)]}
    )


def test_edge_list_of_the_copies(copies: Copies, lalibre_site: ServedSite) -> None:
    proc = dataset(copies.work / "runs", "--edges")
    assert proc.returncode == 0, proc.stderr
    edges = [json.loads(line) for line in proc.stdout.splitlines()]
    seed = _canonical(lalibre_site, lalibre_site.truth["seed_path"])
    from_seed = {e["url"]: e["target"] for e in edges if e["source"] == seed}
    assert from_seed[copies.url(OLD_LATE)] == _canonical(lalibre_site, copies.direct)
    assert from_seed[copies.url(copies.tracked)] == _canonical(lalibre_site, copies.tracked)
    # Nothing beyond the seed's links was fetched at DEPTH_LIMIT 1: their edges have no target
    # unless they lead to an article the crawl reached another way.
    reached = {row["canonicalUrl"] for row in dataset_rows(copies.work / "runs")}
    assert all(e["target"] in reached for e in edges if e["target"] is not None)
    assert {e["target"] for e in edges if e["source"] != seed} - {None} <= reached


# --- reruns: a new address of an article exported by an earlier run ---------------------------

BODY = '<div class="article__body">'
UPDATE = '<p class="paragraph">Mise à jour : deux nouvelles adresses.</p>'


def test_a_later_run_joins_a_new_address_to_an_earlier_runs_line(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    (direct,) = depth1_paths(lalibre_site)[:1]
    seed = lalibre_site.truth["seed_path"]
    with serve_faults(lalibre_site.root) as server:
        first = run_argv(scheduled_argv(server.url(seed), tmp_path, depth=1))
        assert first.returncode == 0, first.stderr[-3000:]
        # The seed is updated: new text, and two new addresses of an article the first run
        # exported and this one finds unchanged.
        update = related_box([OLD_LATE, direct + "?origin=home"], "À lire aussi")
        server.faults[seed] = Fault(
            "rewrite",
            rewrite=lambda html: update(html.replace(BODY, BODY + UPDATE, 1)),
        )
        server.faults[OLD_LATE] = Fault("redirect", code=301, location=direct)
        second = run_argv(scheduled_argv(server.url(seed), tmp_path, depth=1, always_due=True))
        assert second.returncode == 0, second.stderr[-3000:]
        old, copy = server.url(OLD_LATE), server.url(direct + "?origin=home")
    runs = tmp_path / "runs"
    feeds = sorted(runs.glob("*.jsonl"))
    assert len(feeds) == 2
    target = _canonical(lalibre_site, direct)
    updated = read_items(feeds[1])
    # The second run exports the updated seed only: the article is an earlier run's line.
    assert [item["depth"] for item in updated] == [0]
    assert target in {item["canonicalUrl"] for item in read_items(feeds[0])}
    late = {(line["address"], line["canonicalUrl"]) for line in address_lines(runs)}
    assert {(old, target), (copy, target)} <= late
    assert address_file_of(feeds[1]).is_file()
    rows = dataset_rows(runs)
    got = {link: t for _, link, t in joins(rows)}
    assert got[old] == got[copy] == target


# --- a shared crawl: the workers' run files and address files together -----------------------


def test_a_shared_crawl_joins_like_one_process(
    lalibre_site: ServedSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    client.flushall()
    client.close()
    workers = Workers(tmp_path)
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    try:
        for _ in range(2):
            workers.start(worker_argv(redis_server.url, tmp_path, seed, depth=DEPTH))
        assert workers.wait() == [0, 0], workers.log(1)[-3000:]
    finally:
        workers.kill_all()
    rows = dataset_rows(tmp_path / "runs")
    joined, total, _ = check_against_site(rows, lalibre_site, DEPTH)
    assert (joined, total) == (154, 234)


# --- the join's rules, on run files written by hand -------------------------------------------

A = "https://www.lalibre.be/a/2023/09/12/a-AAAAAAAAAAAAAAAAAAAAAAAAAA/"
B = "https://www.lalibre.be/b/2023/09/12/b-BBBBBBBBBBBBBBBBBBBBBBBBBB/"
OLD = "https://www.lalibre.be/actu/article/1/old.html"


def line(canonical: str, crawled: str, addresses: list[str], links: list[Any]) -> dict[str, Any]:
    return {
        "url": canonical,
        "canonicalUrl": canonical,
        "addresses": addresses,
        "relatedLinks": links,
        "contentHash": crawled,
        "crawledAt": crawled,
        "localCopy": False,
    }


def write(
    runs: Path,
    run_id: str,
    items: list[dict[str, Any]],
    late: list[tuple[str, str, str]] | None = None,
) -> None:
    runs.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(i) + "\n" for i in items)
    (runs / f"{run_id}.jsonl").write_text(text, encoding="utf-8")
    if late:
        lines = [
            {"address": a, "canonicalUrl": c, "localCopy": False, "crawledAt": t}
            for a, c, t in late
        ]
        body = "".join(json.dumps(x) + "\n" for x in lines)
        (runs / f"{run_id}{ADDRESS_FILE_SUFFIX}").write_text(body, encoding="utf-8")


def test_page_addresses_keep_the_link_url_as_written() -> None:
    link = "http://127.0.0.1:8000/a/2023/x/"
    got = page_addresses(
        link, [link, "http://127.0.0.1:8000/old?utm_source=x"], "http://127.0.0.1:8000/a/2023/x/"
    )
    assert got == [link, "http://127.0.0.1:8000/old"]


def test_an_address_goes_to_the_article_it_led_to_last(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    link = {"url": OLD, "text": "Ancien", "kind": "related-box"}
    # Run 1: OLD redirected to A. Run 2: B links to OLD, which now redirects to B's sibling...
    write(runs, "related-20261124T100000Z", [line(A, "2026-11-24T10:00:00Z", [OLD, A], [])])
    write(
        runs,
        "related-20261124T110000Z",
        [line(B, "2026-11-24T11:00:00Z", [B], [link])],
        late=[(OLD, B, "2026-11-24T11:00:05Z"), ("https://x.example/gone", "https://x/", "z")],
    )
    records = read_runs(runs)
    rows = build(records)
    book = join_addresses(rows, records, read_address_files(sorted(runs.glob("*.jsonl"))))
    # ...so OLD is B's now, and A keeps its other addresses; an address of an article the
    # dataset does not hold is no one's.
    assert {r["canonicalUrl"]: r["addresses"] for r in rows} == {A: [A], B: [B, OLD]}
    assert book[(OLD, False)] == B
    assert ("https://x.example/gone", False) not in book


def test_an_address_of_an_article_left_out_falls_back_to_the_one_held(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    write(runs, "related-20261124T100000Z", [line(A, "2026-11-24T10:00:00Z", [OLD, A], [])])
    # A later address line names an article only a local copy holds: not in this dataset.
    local = {**line(B, "2026-11-24T11:00:00Z", [B], []), "localCopy": True}
    write(runs, "related-20261124T110000Z", [local], late=[(OLD, B, "2026-11-24T11:00:01Z")])
    records = [r for r in read_runs(runs) if not r.local]
    rows = build(records)
    join_addresses(rows, records, read_address_files(sorted(runs.glob("*.jsonl"))))
    assert [r["addresses"] for r in rows] == [[OLD, A]]


def test_edges_command_reads_confidence_and_heading_when_items_have_them(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    links = [
        {"url": B, "text": "Lire aussi", "kind": "related-box", "confidence": 0.9,
         "heading": "Sur le même sujet"},
        {"url": OLD, "text": "Ancien", "kind": "body", "confidence": 0.25, "heading": None},
        {"url": "https://www.lalibre.be/c/", "text": "Jamais lu", "kind": "embedded"},
    ]  # fmt: skip
    write(
        runs,
        "related-20261124T100000Z",
        [line(A, "2026-11-24T10:00:00Z", [A], links), line(B, "2026-11-24T10:00:01Z", [B], [])],
        late=[(OLD, B, "2026-11-24T10:00:02Z")],
    )
    argv = [sys.executable, "-m", "scrapy", "dataset", "--runs", str(runs), "--edges"]
    proc = run_argv([*argv, "--format", "csv"], timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "3 edges, 2 to an article of the dataset, 1 with an empty target" in proc.stderr
    assert list(csv.reader(io.StringIO(proc.stdout))) == [
        list(EDGE_COLUMNS),
        [A, B, "related-box", "Lire aussi", "0.9", "Sur le même sujet", B, "false"],
        [A, B, "body", "Ancien", "0.25", "", OLD, "false"],
        [A, "", "embedded", "Jamais lu", "", "", "https://www.lalibre.be/c/", "false"],
    ]
    # --help says what becomes of a link to no article.
    help_text = run_argv([*argv[:4], "-h"], timeout=120).stdout
    assert "--edges" in help_text
    assert "keeps an empty target" in " ".join(help_text.split())
    for options, message in (
        (["--history"], "not with --history"),
        (["-o", str(tmp_path / "e.parquet")], "jsonl or csv"),
    ):
        proc = run_argv([*argv, *options], timeout=120)
        assert proc.returncode != 0
        assert message in proc.stderr


def test_reset_deletes_address_files(tmp_path: Path) -> None:
    from scrapy.settings import Settings

    runs = tmp_path / "runs"
    write(runs, "related-20261124T100000Z", [], late=[(OLD, A, "t")])
    (runs / "notes.ndjson").write_text("{}\n", encoding="utf-8")
    feeds = {str(runs / "%(run_id)s.jsonl"): {"format": "jsonlines"}}
    settings = Settings({"FEEDS": feeds, "STATE_DB_PATH": str(tmp_path / "state.sqlite3")})
    assert sorted(p.name for p in reset_targets(settings)) == [
        "related-20261124T100000Z.addresses.ndjson",
        "related-20261124T100000Z.jsonl",
    ]
