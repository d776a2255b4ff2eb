"""Smoke tests of the bench's parts (no timing thresholds: the bench reports, it does not judge)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from devtools.bench import newsplease, nginx
from devtools.bench.extract import STEPS, SavedPage, offline_pages, percentile, summarize, time_page
from devtools.bench.floor import FloorSpider, article_hrefs, floor_settings
from devtools.bench.run import load_stats, related_argv
from devtools.bench.site import reachable_articles
from tests.conftest import ServedSite

ARC = "LS2PZRXO4JENNG3CMTBUBWR6GQ"


@pytest.mark.parametrize(
    ("hrefs", "expected"),
    [
        (
            [f"/international/europe/2023/09/12/kim-{ARC}/"],
            [f"/international/europe/2023/09/12/kim-{ARC}/"],
        ),
        ([f"/a/2023/09/12/kim-{ARC}/?utm_source=x"], [f"/a/2023/09/12/kim-{ARC}/"]),
        ([f"/a/2023/09/12/kim-{ARC}/#article-body"], [f"/a/2023/09/12/kim-{ARC}/"]),
        (["/tags/russie/", "/international/europe/", "mailto:x@y.be"], []),
        ([f"https://www.dhnet.be/a/2023/09/12/kim-{ARC}/"], []),
        ([f"/a/2023/09/12/kim-{ARC.lower()}/"], []),
    ],
)
def test_floor_keeps_same_site_article_links(hrefs: list[str], expected: list[str]) -> None:
    assert article_hrefs(hrefs) == expected


def _page(site: ServedSite, path: str) -> SavedPage:
    routes = json.loads((site.root / "routes.json").read_text("utf-8"))
    return SavedPage(site.url(path), (site.root / routes[path]["file"]).read_bytes())


def test_floor_spider_parses_a_page(lalibre_site: ServedSite) -> None:
    seed = lalibre_site.truth["seed_path"]
    page = _page(lalibre_site, seed)
    response = HtmlResponse(page.url, body=page.body, encoding="utf-8")
    spider = FloorSpider(url=page.url)
    out = list(spider.parse(response))
    assert out[0] == {"url": page.url}
    requests = [r for r in out if isinstance(r, Request)]
    assert requests, "the seed links to articles"
    assert all("127.0.0.1" in r.url and "?" not in r.url for r in requests)
    assert len({r.url for r in requests}) == len(requests)
    # A second page linking to the same articles builds no Request for them again.
    assert not [r for r in spider.parse(response) if isinstance(r, Request)]


def test_floor_settings_are_bare_scrapy() -> None:
    settings = floor_settings("out.jsonl", 10)
    assert settings.getint("CLOSESPIDER_PAGECOUNT") == 10
    assert not settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getdict("ITEM_PIPELINES") == {}
    assert list(settings.getdict("FEEDS")) == ["out.jsonl"]


def test_extract_bench_times_three_pages(lalibre_site: ServedSite) -> None:
    pages = offline_pages(lalibre_site.root, 3)
    assert len(pages) == 3
    rows = [time_page(p) for p in pages]
    for row in rows:
        assert set(row) == set(STEPS)
        assert all(isinstance(v, float) and v > 0 for v in row.values())
    stats = summarize(rows)
    assert all(median <= p95 for median, p95 in stats.values())


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([1.0], 0.95, 1.0),
        ([3.0, 1.0, 2.0], 0.5, 2.0),
        ([float(v) for v in range(1, 101)], 0.95, 95.0),
        ([float(v) for v in range(1, 21)], 0.95, 19.0),
    ],
)
def test_percentile(values: list[float], share: float, expected: float) -> None:
    assert percentile(values, share) == expected


def test_nginx_config_mirrors_routes(lalibre_site: ServedSite, tmp_path: Path) -> None:
    routes = json.loads((lalibre_site.root / "routes.json").read_text("utf-8"))
    config = nginx.write_config(lalibre_site.root, tmp_path, [8080])
    text = config.read_text("utf-8")
    assert "listen 127.0.0.1:8080;" in text
    targets = (tmp_path / "targets.map").read_text("utf-8")
    paths = (tmp_path / "paths.map").read_text("utf-8")
    assert targets.count("\n") + paths.count("\n") == len(routes)
    seed = lalibre_site.truth["seed_path"]
    assert f'"{seed}" "c0/files/' in paths or f'"{seed}" "c' in paths
    assert f'"{seed}?outputType=amp"' in targets
    for target, route in routes.items():
        if route.get("status") == 301:
            assert f'"{target}" "301 {route["location"]}";' in paths
        if route.get("status") == 404:
            assert f'"{target}" "404";' in paths
    if shutil.which("nginx") or Path(nginx.NGINX).exists():
        check = subprocess.run(
            [nginx.NGINX, "-t", "-q", "-c", str(config.resolve())],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stderr


def test_access_log_lines(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text(
        '1795482508.272 200 96794 "/a/b/?x=1" "related-crawler/0.1 (+https://x)"\n'
        '1795482508.500 404 168 "/gone/" "Scrapy/2.19 (+https://scrapy.org)"\n',
        encoding="utf-8",
    )
    hits = nginx.read_hits(log)
    assert [(h.status, h.target) for h in hits] == [(200, "/a/b/?x=1"), (404, "/gone/")]
    assert hits[0].agent.startswith("related-crawler/0.1")
    first = len(log.read_bytes().split(b"\n")[0]) + 1
    assert [h.status for h in nginx.read_hits(log, first)] == [404]


def test_newsplease_config(tmp_path: Path) -> None:
    package = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "newsplease" / "config"
    package.mkdir(parents=True)
    (package / "config.cfg").write_text(
        "[Files]\nworking_path = ~/news-please-repo/\n[Scrapy]\nROBOTSTXT_OBEY=True\n"
        "CONCURRENT_REQUESTS_PER_DOMAIN=4\n",
        encoding="utf-8",
    )
    out = newsplease.write_config(
        tmp_path / "venv",
        tmp_path / "cfg",
        tmp_path / "work",
        "http://127.0.0.1/a/",
        pages=7,
        per_domain=8,
    )
    text = (out / "config.cfg").read_text("utf-8")
    assert f"working_path = {(tmp_path / 'work').resolve()}/" in text
    assert "CLOSESPIDER_PAGECOUNT=7" in text
    assert "CONCURRENT_REQUESTS_PER_DOMAIN=8" in text
    sites = json.loads((out / "sitelist.hjson").read_text("utf-8"))
    assert sites["base_urls"][0]["url"] == "http://127.0.0.1/a/"
    (package / "config.cfg").write_text("[Scrapy]\n", encoding="utf-8")
    with pytest.raises(newsplease.PeerUnavailableError, match="working_path"):
        newsplease.write_config(
            tmp_path / "venv",
            tmp_path / "cfg",
            tmp_path / "work",
            "http://x/",
            pages=1,
            per_domain=1,
        )


def test_related_command_line(tmp_path: Path) -> None:
    argv = related_argv("http://127.0.0.1:1", "/a/", tmp_path / "items", tmp_path, 50)
    assert argv[1:5] == ["-m", "scrapy", "crawl", "related"]
    assert "url=http://127.0.0.1:1/a/" in argv
    settings = [argv[i + 1] for i, a in enumerate(argv) if a == "-s"]
    assert "DEPTH_LIMIT=0" in settings
    assert "AUTOTHROTTLE_ENABLED=False" in settings
    assert "CLOSESPIDER_PAGECOUNT=50" in settings
    feeds = json.loads(next(s for s in settings if s.startswith("FEEDS="))[len("FEEDS=") :])
    # A run file named by the run id: what switches the incremental state database on.
    assert list(feeds) == [f"{tmp_path / 'items'}/%(run_id)s.jsonl"]
    state = [s for s in settings if s.startswith("STATE_DB_PATH=")]
    assert state == [f"STATE_DB_PATH={tmp_path / 'state.sqlite3'}"]


def test_scrapy_stats_from_log(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    log.write_text(
        "2026 [scrapy.statscollectors] INFO: Dumping Scrapy stats:\n"
        "{'downloader/response_count': 5252,\n 'elapsed_time_seconds': 63.4,\n"
        " 'item_scraped_count': 5237,\n 'start_time': datetime.datetime(2026, 11, 24)}\n",
        encoding="utf-8",
    )
    assert load_stats(log) == {"downloader/response_count": 5252, "item_scraped_count": 5237}
    assert load_stats(tmp_path / "missing.log") == {}


def test_reachable_articles_is_the_deepest_limit() -> None:
    truth = {"depth_limits": {"0": ["a"], "1": ["a", "b"], "10": ["a", "b", "c"], "2": ["a"]}}
    assert reachable_articles(truth) == ["a", "b", "c"]
