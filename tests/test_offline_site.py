"""The offline La Libre site: determinism, page shapes, routes, server behaviour and its truth."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from devtools.offline import SITES, lalibre
from devtools.offline.server import serve_in_thread

ROOT = Path(__file__).resolve().parent.parent
CLI = (sys.executable, "-m", "devtools.offline")
BRUSSELS = ZoneInfo("Europe/Brussels")
ARTICLE_SHAPES = (
    re.compile(r"/\d{4}/\d{2}/\d{2}/[^/]+-[A-Z2-7]{26}/?$"),
    re.compile(r"/article/\d+/[^/]+\.html$"),
    re.compile(r"/[a-z0-9-]+-[0-9a-f]{24}$"),
)
# How this site marks its related boxes (the generator's markup variants).
BOX_XPATH = (
    "//section[contains(@class,'related')]//a | //aside[contains(@class,'article-related')]//a"
    " | //div[@class='b-related-articles']//a | //section[@class='c-dossier']//a"
    " | //ul[@class='articleLinks']//a"
)
FUSION = re.compile(r"Fusion\.globalContent=(\{.*?\});Fusion\.globalContentConfig", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The default site (300 articles, seed 1)."""
    root = tmp_path_factory.mktemp("lalibre")
    truth = lalibre.generate(root)
    return root, truth


@pytest.fixture(scope="module")
def routes(site: tuple[Path, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """routes.json of the default site."""
    data: dict[str, dict[str, Any]] = json.loads((site[0] / "routes.json").read_text())
    return data


@pytest.fixture(scope="module")
def served(site: tuple[Path, dict[str, Any]]) -> Iterator[str]:
    """Base URL of the default site served in a thread."""
    with serve_in_thread(site[0]) as base:
        yield base


def _tree(root: Path, routes: dict[str, dict[str, Any]], path: str) -> Any:
    route = routes[path]
    charset = route["content_type"].split("charset=")[-1]
    return lxml.html.document_fromstring((root / route["file"]).read_bytes().decode(charset))


def _norm(href: str, page: str) -> str | None:
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or page
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query)
        if not k.startswith("utm_") and (k, v) != ("outputType", "amp")
    ]
    return path + ("?" + urlencode(query) if query else "")


def _is_article_shaped(path: str) -> bool:
    return any(p.search(path) for p in ARTICLE_SHAPES)


def _edges_from_html(root: Path, routes: dict[str, dict[str, Any]], path: str) -> set[str]:
    """Related-coverage targets read back from the served HTML, independently of the plan."""
    tree = _tree(root, routes, path)
    found: set[str] = set()
    hrefs = [a.get("href", "") for a in tree.xpath(BOX_XPATH)]
    hrefs += [
        a.get("href", "")
        for a in tree.xpath("//div[@class='article__body']//a")
        if _is_article_shaped(urlsplit(a.get("href", "")).path)
    ]
    raw = (root / routes[path]["file"]).read_bytes().decode("utf-8", "replace")
    match = FUSION.search(raw)
    if match:
        hrefs += [r["canonical_url"] for r in json.loads(match[1])["related_content"]["basic"]]
    for href in hrefs:
        target = _norm(href, path)
        if target and target != path:
            found.add(target)
    return found


def _resolve(routes: dict[str, dict[str, Any]], disallow: list[str], target: str) -> str | None:
    for _ in range(5):
        if any(target.startswith(d) for d in disallow):
            return None
        route = routes.get(target) or routes.get(target.split("?", maxsplit=1)[0])
        if route is None or route["status"] == 404:
            return None
        if route["status"] == 301:
            target = route["location"]
            continue
        return target
    return None


@pytest.mark.integration
def test_seed_path_and_its_wrapped_form(site: tuple[Path, dict[str, Any]]) -> None:
    _, truth = site
    assert truth["seed_path"] == lalibre.SEED_PATH
    assert truth["seed_path"].endswith("-LS2PZRXO4JENNG3CMTBUBWR6GQ/")
    assert "LS2PZR XO4JENNG3CMTBUBWR6GQ/" in truth["seed_path_with_space"]
    assert truth["seed_path_with_space"].replace(" ", "") == truth["seed_path"]
    seed = truth["articles"]["https://www.lalibre.be" + truth["seed_path"]]
    assert (seed["datePublished"], seed["datePublishedLocal"]) == (
        "2023-09-12T14:41:00Z",
        "2023-09-12T16:41:00+02:00",
    )
    assert (seed["dateModified"], seed["dateModifiedLocal"]) == (
        "2023-09-13T14:50:00Z",
        "2023-09-13T16:50:00+02:00",
    )
    assert truth["depth_limits"]["0"] == ["https://www.lalibre.be" + truth["seed_path"]]


@pytest.mark.integration
def test_same_seed_same_bytes_other_seed_other_site(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    lalibre.generate(a, articles=80, seed=5)
    lalibre.generate(b, articles=80, seed=5)
    lalibre.generate(c, articles=80, seed=6)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    assert (a / "truth.json").read_bytes() != (c / "truth.json").read_bytes()
    # Regenerating into the same root leaves no stale file behind.
    lalibre.generate(a, articles=70, seed=5)
    routes = json.loads((a / "routes.json").read_text())
    served = {r["file"] for r in routes.values() if "file" in r}
    on_disk = {str(p.relative_to(a)) for p in (a / "files").rglob("*") if p.is_file()}
    assert on_disk == served


def test_site_is_registered_and_rejects_tiny_sites(tmp_path: Path) -> None:
    assert SITES["lalibre"] is lalibre.generate
    with pytest.raises(ValueError, match="at least"):
        lalibre.generate(tmp_path, articles=10)


def test_article_pages_have_realistic_size(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    assert len(truth["articles"]) >= 300
    sizes = {
        a["path"]: (root / routes[a["path"]]["file"]).stat().st_size
        for a in truth["articles"].values()
    }
    wrong = {p: s for p, s in sizes.items() if not 60_000 <= s <= 100_000}
    assert wrong == {}


@pytest.mark.parametrize(
    ("status", "minimum"),
    [(200, 600), (301, 4), (404, 1)],
)
def test_route_kinds(routes: dict[str, dict[str, Any]], status: int, minimum: int) -> None:
    assert sum(1 for r in routes.values() if r["status"] == status) >= minimum


def test_redirects_land_on_pages(routes: dict[str, dict[str, Any]]) -> None:
    redirects = {t: r["location"] for t, r in routes.items() if r["status"] == 301}
    assert any("/article/" in t and t.endswith(".html") for t in redirects)
    assert any(re.search(r"-[0-9a-f]{24}$", t) for t in redirects)
    for location in redirects.values():
        assert routes[location]["status"] == 200


def test_robots_disallows_a_path_a_related_box_links_into(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    robots = (root / routes["/robots.txt"]["file"]).read_text()
    assert f"Disallow: {lalibre.ROBOTS_DISALLOWED}" in robots.splitlines()
    linked = [
        link["path"]
        for art in truth["articles"].values()
        if art["depth"] is not None
        for link in art["relatedLinks"]
        if link["path"].startswith(lalibre.ROBOTS_DISALLOWED) and link["kind"] == "related-box"
    ]
    assert linked
    assert routes[linked[0]]["status"] == 200  # the page exists: only robots.txt keeps it out
    exported = {a["path"] for a in truth["articles"].values() if a["depth"] is not None}
    assert not any(p.startswith(lalibre.ROBOTS_DISALLOWED) for p in exported)


def test_amp_copies(site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]) -> None:
    root, truth = site
    seed = truth["seed_path"]
    page = _tree(root, routes, seed)
    assert page.xpath("//link[@rel='amphtml']/@href") == [seed + "?outputType=amp"]
    amp = _tree(root, routes, seed + "?outputType=amp")
    assert amp.xpath("//link[@rel='canonical']/@href") == ["https://www.lalibre.be" + seed]
    assert amp.xpath("//html/@amp") == [""]


def test_one_page_is_iso_8859_1(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    latin = [t for t, r in routes.items() if r.get("content_type", "").endswith("iso-8859-1")]
    assert len(latin) == 1
    data = (root / routes[latin[0]]["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "Sibérie" in data.decode("iso-8859-1")
    facts = truth["articles"]["https://www.lalibre.be" + latin[0]]
    assert facts["datePublished"] == "2011-08-22"  # "Mis en ligne le 22/08/2011": a day only
    assert facts["depth"] == 2


def test_non_article_at_article_shaped_url_is_linked_not_exported(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    seed = truth["articles"]["https://www.lalibre.be" + truth["seed_path"]]
    live = [link["path"] for link in seed["relatedLinks"] if "/direct-" in link["path"]]
    assert len(live) == 1
    assert _is_article_shaped(live[0])
    tree = _tree(root, routes, live[0])
    assert tree.xpath("//meta[@property='og:type']/@content") == ["website"]
    assert "https://www.lalibre.be" + live[0] not in truth["articles"]


def test_depth_sets_grow_but_never_cover_the_site(site: tuple[Path, dict[str, Any]]) -> None:
    _, truth = site
    limits = truth["depth_limits"]
    sizes = [len(limits[str(d)]) for d in range(5)]
    assert sizes[0] == 1
    assert 10 <= sizes[1] <= 20
    assert 50 <= sizes[2] <= 100
    assert sizes[2] < sizes[3] < sizes[4] < len(truth["articles"])
    for d in range(4):
        assert set(limits[str(d)]) <= set(limits[str(d + 1)])
    for url in limits["4"]:
        assert truth["articles"][url]["depth"] <= 4


def test_truth_links_exist_or_are_intended_dead_ends(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    _, truth = site
    outcomes = {"200": 0, "301": 0, "404": 0}
    for art in truth["articles"].values():
        for link in art["relatedLinks"]:
            assert link["kind"] in ("related-box", "body", "embedded")
            assert "utm_" not in link["path"]
            assert "#" not in link["path"]
            assert "outputType" not in link["path"]
            route = routes.get(link["path"])
            outcomes[str(route["status"] if route else 404)] += 1
    assert outcomes["200"] > 0
    assert outcomes["301"] >= 4
    assert outcomes["404"] >= 3


@pytest.mark.integration
def test_truth_links_are_what_the_html_says(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site

    def key(target: str) -> str:
        # "/a/b" and "/a/b/" are one target (one redirects to the other): listed once.
        path, _, query = target.partition("?")
        return path.rstrip("/") + "?" + query

    for art in truth["articles"].values():
        listed = [key(link["path"]) for link in art["relatedLinks"]]
        assert len(listed) == len(set(listed)), art["path"]
        assert {key(t) for t in _edges_from_html(root, routes, art["path"])} == set(listed)


@pytest.mark.integration
def test_truth_is_the_bfs_of_the_served_html(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    """An independent BFS over the HTML (og:type, robots, redirects) gives the same sets."""
    root, truth = site
    robots = (root / routes["/robots.txt"]["file"]).read_text().splitlines()
    disallow = [line.split(":", 1)[1].strip() for line in robots if line.startswith("Disallow:")]
    depth: dict[str, int] = {}
    queue = deque([(truth["seed_path"], 0)])
    seen = {truth["seed_path"]}
    while queue:
        target, d = queue.popleft()
        final = _resolve(routes, disallow, target)
        if final is None:
            continue
        tree = _tree(root, routes, final)
        if tree.xpath("//meta[@property='og:type']/@content") != ["article"]:
            continue
        canonical = tree.xpath("//link[@rel='canonical']/@href")[0]
        if canonical in depth:
            continue
        depth[canonical] = d
        for nxt in sorted(_edges_from_html(root, routes, final)):
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, d + 1))
    for limit, urls in truth["depth_limits"].items():
        assert sorted(u for u, d in depth.items() if d <= int(limit)) == urls, limit


def test_dates_are_consistent_instants(site: tuple[Path, dict[str, Any]]) -> None:
    _, truth = site
    for art in truth["articles"].values():
        for field in ("Published", "Modified"):
            utc, local = art[f"date{field}"], art[f"date{field}Local"]
            if utc is None or len(utc) == 10:
                assert local == utc
                continue
            instant = datetime.fromisoformat(utc.replace("Z", "+00:00"))
            assert datetime.fromisoformat(local) == instant
            assert local == instant.astimezone(BRUSSELS).isoformat()
        if art["dateModified"] and len(art["dateModified"]) > 10:
            assert art["dateModified"] >= art["datePublished"]


def _pub(a: dict[str, Any]) -> str:
    return str(a["datePublishedLocal"])


def _mod(a: dict[str, Any]) -> str:
    return str(a["dateModifiedLocal"] or "")


DATE_TRAPS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "visible only": lambda a: a["date_forms"] == ["visible"],
    "meta only": lambda a: a["date_forms"] == ["meta-offset"],
    "json-ld only": lambda a: a["date_forms"] == ["json-ld-utc"],
    "local time labelled UTC": lambda a: "meta-local-labelled-utc" in a["date_forms"],
    "updated on a later day": lambda a: _mod(a)[:10] > _pub(a)[:10],
    "before spring DST": lambda a: _pub(a).startswith("2023-03-26T01:"),
    "after spring DST": lambda a: _mod(a).startswith("2023-03-26T03:"),
    "before autumn DST": lambda a: _pub(a) == "2023-10-29T01:45:00+02:00",
    "after autumn DST": lambda a: _pub(a) == "2023-10-29T03:15:00+01:00",
    "repeated hour, first": lambda a: _pub(a) == "2023-10-29T02:30:05+02:00",
    "repeated hour, second": lambda a: _mod(a) == "2023-10-29T02:40:09+01:00",
    "local day is not the UTC day": lambda a: _pub(a)[:10] != a["datePublished"][:10],
    "new year's eve": lambda a: a["datePublished"] == "2023-12-31T22:30:00Z",
    "winter offset": lambda a: _pub(a).endswith("+01:00"),
}


@pytest.mark.parametrize("label", sorted(DATE_TRAPS))
def test_date_traps_within_two_hops(site: tuple[Path, dict[str, Any]], label: str) -> None:
    predicate = DATE_TRAPS[label]
    _, truth = site
    near = [a for a in truth["articles"].values() if a["depth"] is not None and a["depth"] <= 2]
    assert any(len(a["datePublished"]) > 10 and predicate(a) for a in near), label


def test_visible_dates_match_the_truth(
    site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    checked = 0
    for art in truth["articles"].values():
        if art["date_forms"] != ["visible"]:
            continue
        text = _tree(root, routes, art["path"]).text_content()
        local = datetime.fromisoformat(art["datePublishedLocal"])
        assert f"Publié le {local:%d-%m-%Y} à {local:%Hh%M}" in text
        checked += 1
    assert checked >= 5


def _fetch(
    url: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_server_answers(
    served: str, site: tuple[Path, dict[str, Any]], routes: dict[str, dict[str, Any]]
) -> None:
    root, truth = site
    seed = served.rstrip("/") + truth["seed_path"]
    status, headers, body = _fetch(seed)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert body == (root / routes[truth["seed_path"]]["file"]).read_bytes()
    assert headers["Last-Modified"] == "Wed, 13 Sep 2023 14:50:00 GMT"
    head_status, head_headers, head_body = _fetch(seed, method="HEAD")
    assert (head_status, head_body, head_headers["ETag"]) == (200, b"", headers["ETag"])
    assert _fetch(seed, {"If-None-Match": headers["ETag"]})[0] == 304
    assert _fetch(seed, {"If-None-Match": '"other"'})[0] == 200
    assert _fetch(seed, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert _fetch(seed, {"If-Modified-Since": "Tue, 12 Sep 2023 00:00:00 GMT"})[0] == 200
    # Tracking parameters fall back to the path; the AMP copy is its own route.
    assert _fetch(seed + "?utm_source=x&fbclid=1")[2] == body
    assert b"<html amp" in _fetch(seed + "?outputType=amp")[2]
    assert _fetch(served.rstrip("/") + "/no/such/page/")[0] == 404
    assert _fetch(served.rstrip("/") + "/robots.txt")[1]["Content-Type"].startswith("text/plain")


def test_server_redirects_and_gone(served: str, routes: dict[str, dict[str, Any]]) -> None:
    base = served.rstrip("/")
    for target, route in routes.items():
        if route["status"] == 301:
            status, headers, _ = _fetch(base + target)
            assert (status, headers["Location"]) == (301, route["location"])
        elif route["status"] == 404:
            assert _fetch(base + target)[0] == 404


@pytest.mark.integration
def test_server_rereads_routes_when_they_change(tmp_path: Path) -> None:
    lalibre.generate(tmp_path, articles=60)
    routes_file = tmp_path / "routes.json"
    routes = json.loads(routes_file.read_text())
    with serve_in_thread(tmp_path) as base:
        assert _fetch(base + "new-page/")[0] == 404
        routes["/new-page/"] = {"status": 301, "location": lalibre.SEED_PATH}
        routes_file.write_text(json.dumps(routes))
        status, headers, _ = _fetch(base + "new-page/")
        assert (status, headers["Location"]) == (301, lalibre.SEED_PATH)


@pytest.mark.integration
def test_cli_generates_then_serves_and_prints_the_url_first(tmp_path: Path) -> None:
    gen = subprocess.run(
        [*CLI, "generate", "lalibre", str(tmp_path), "--articles", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert gen.returncode == 0, gen.stderr
    assert "exported per depth limit" in gen.stdout
    with subprocess.Popen(
        [*CLI, "serve", str(tmp_path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", first)
            status, _, _ = _fetch(first.rstrip("/") + lalibre.SEED_PATH)
            assert status == 200
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.mark.integration
def test_cli_serve_refuses_a_missing_site(tmp_path: Path) -> None:
    run = subprocess.run(
        [*CLI, "serve", str(tmp_path / "nothing")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "routes.json not found" in run.stderr
