"""The offline De Dagelijkse Post site: determinism, shapes, traps, dates, served bytes, truth."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from crawler.extract.sites import profile_for_host
from devtools.offline import othersite
from devtools.offline.server import serve_in_thread

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ROOT_URL = "https://www.dagelijksepost.nl"
# Article URL shapes of this site, written here from the URLs the theme prints, independently
# of the generator's code: "/nieuws/binnenland/2024/05/17/<slug>/", "/achtergrond/<id>/<slug>.html"
# and the old CMS's "/artikel/<id>/<slug>" (which answer 301).
ARTICLE_SHAPE = re.compile(
    r"^/(?:[a-z0-9-]+/)*\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$"
    r"|^/achtergrond/\d+/[a-z0-9-]+\.html$"
    r"|^/artikel/\d+/[a-z0-9-]+$"
)
# Headings the theme gives its related boxes; "Meest gelezen" uses the same markup.
RELATED_HEADINGS = frozenset(
    {"lees ook", "meer over dit onderwerp", "gerelateerde artikelen", "gerelateerd"}
)
BOX_CLASSES = ("dp-box", "dp-cards", "jp-relatedposts")
STATE = re.compile(r"window\.__PRELOADED_STATE__ = (\{.*?\});</script>", re.S)
KIND_RANK = {"related-box": 0, "body": 1, "embedded": 2}
MONTHS = {m: i + 1 for i, m in enumerate(othersite.MONTHS)}


Site = tuple[Path, dict[str, Any], dict[str, dict[str, Any]]]


def _generate(root: Path, **kwargs: int) -> Site:
    truth = othersite.generate(root, **kwargs)
    routes: dict[str, dict[str, Any]] = json.loads((root / "routes.json").read_text("utf-8"))
    return root, truth, routes


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The default site (240 articles, seed 7)."""
    return _generate(tmp_path_factory.mktemp("dagelijksepost"))


@pytest.fixture(
    scope="module", params=[(240, 7), (48, 3), (24, 11)], ids=lambda p: f"{p[0]}-{p[1]}"
)
def any_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site at several sizes and seeds: the truth must hold for each."""
    articles, seed = request.param
    return _generate(tmp_path_factory.mktemp("dp"), articles=articles, seed=seed)


# ---------------------------------------------------------------------------------------------
# An independent reader of the served bytes: routes, robots.txt and the HTML the theme prints.


def normalize(href: str, page_path: str) -> str | None:
    """Same-site target of an href: whitespace, fragment, utm_* dropped, "/amp/" folded."""
    href = "".join(href.split())
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or page_path
    if path.endswith("/amp/"):
        path = path.removesuffix("amp/")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    return path + ("?" + urlencode(query) if query else "")


def strings(node: lxml.html.HtmlElement, expr: str) -> list[str]:
    """Attribute values or text nodes an XPath expression selects."""
    return [str(v) for v in cast("list[Any]", node.xpath(expr))]


def elements(node: lxml.html.HtmlElement, expr: str) -> list[lxml.html.HtmlElement]:
    """Elements an XPath expression selects."""
    return [e for e in cast("list[Any]", node.xpath(expr)) if isinstance(e, lxml.html.HtmlElement)]


def _file(root: Path, routes: dict[str, dict[str, Any]], target: str) -> str:
    """The body served at `target`, as text."""
    return (root / str(routes[target]["file"])).read_text("utf-8")


def _box_containers(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Related boxes: a heading with a related label and the block it titles."""
    out = []
    for heading in elements(tree, "//h2 | //h3"):
        if heading.text_content().strip().lower() not in RELATED_HEADINGS:
            continue
        parent = heading.getparent()
        if any(c in (parent.get("class") or "").split() for c in BOX_CLASSES):
            out.append(parent)
        else:
            out.append(heading.getnext())
    return out


def page_links(html: str, page_path: str) -> list[tuple[str, str]]:
    """(target, kind) of an article page's related coverage, read from its markup."""
    tree = lxml.html.document_fromstring(html)
    found: dict[str, str] = {}
    own = normalize(strings(tree, "//link[@rel='canonical']/@href")[0].removeprefix(ROOT_URL), "/")

    def add(href: str, kind: str) -> None:
        target = normalize(href, page_path)
        if target is None or target in (page_path, own) or not ARTICLE_SHAPE.match(target):
            return
        if target not in found or KIND_RANK[kind] < KIND_RANK[found[target]]:
            found[target] = kind

    # Keep the box anchors referenced: lxml proxies (and their ids) live only while referenced.
    box_anchors = [a for box in _box_containers(tree) for a in box.iter("a")]
    in_box = {id(a) for a in box_anchors}
    for a in box_anchors:
        add(a.get("href", ""), "related-box")
    for a in elements(tree, "//div[@class='entry-content']//a"):
        if id(a) not in in_box:
            add(a.get("href", ""), "body")
    state = STATE.search(html)
    if state:
        for item in json.loads(state.group(1))["article"]["relatedArticles"]:
            add(item["url"], "embedded")
    for block in strings(tree, "//script[@type='application/ld+json']/text()"):
        for node in json.loads(block).get("@graph", []):
            for href in node.get("relatedLink", []):
                add(href, "embedded")
    return sorted(found.items())


class Reader:
    """Fetches targets the way a crawler sees them: robots.txt, 301s, 404s, og:type."""

    def __init__(self, root: Path, routes: dict[str, dict[str, Any]]) -> None:
        self.root, self.routes = root, routes
        robots = _file(root, routes, "/robots.txt").splitlines()
        self.disallow = [
            line.split(":", 1)[1].strip()
            for line in robots
            if line.startswith("Disallow:") and "*" not in line
        ]

    def route(self, target: str) -> dict[str, Any] | None:
        return self.routes.get(target) or self.routes.get(target.split("?", 1)[0])

    def fetch(self, target: str) -> tuple[str, str] | None:
        """(final path, html) of an allowed 200 HTML answer after redirects, else None."""
        for _hop in range(5):
            if any(target.startswith(p) for p in self.disallow):
                return None
            route = self.route(target)
            if route is None or route["status"] == 404:
                return None
            if route["status"] == 301:
                target = route["location"]
                continue
            return target, _file(self.root, self.routes, target)
        return None

    def article(self, target: str) -> tuple[str, str, str] | None:
        """(final path, canonical, html) when the target is an exportable article."""
        got = self.fetch(target)
        if got is None:
            return None
        path, html = got
        tree = lxml.html.document_fromstring(html)
        if strings(tree, "//meta[@property='og:type']/@content") != ["article"]:
            return None
        return path, strings(tree, "//link[@rel='canonical']/@href")[0], html


def crawl(root: Path, routes: dict[str, dict[str, Any]], seed: str) -> dict[str, int]:
    """Depth of every exported canonical URL, by BFS over the links read from the pages."""
    reader = Reader(root, routes)
    depth: dict[str, int] = {}
    queue = deque([(seed, 0)])
    requested = {seed}
    while queue:
        target, d = queue.popleft()
        got = reader.article(target)
        if got is None or got[1] in depth:
            continue
        path, canonical, html = got
        depth[canonical] = d
        if d == othersite.MAX_DEPTH:
            continue
        for link, _kind in page_links(html, path):
            if link not in requested:
                requested.add(link)
                queue.append((link, d + 1))
    return depth


# ---------------------------------------------------------------------------------------------
# The truth agrees with what the pages say.


@pytest.mark.integration
def test_truth_depth_limits_match_a_crawl_of_the_served_bytes(any_site: Site) -> None:
    root, truth, routes = any_site
    depth = crawl(root, routes, truth["seed_path"])
    for limit, urls in truth["depth_limits"].items():
        assert urls == sorted(u for u, d in depth.items() if d <= int(limit)), limit


@pytest.mark.integration
def test_truth_related_links_match_the_markup(any_site: Site) -> None:
    root, truth, routes = any_site
    for canonical, art in truth["articles"].items():
        html = _file(root, routes, art["path"])
        expected = sorted((link["path"], link["kind"]) for link in art["relatedLinks"])
        assert page_links(html, art["path"]) == expected, canonical


@pytest.mark.integration
def test_depth_sets_grow_to_depth_four(site: Site) -> None:
    _root, truth, _routes = site
    sizes = [len(truth["depth_limits"][str(d)]) for d in range(5)]
    assert sizes[0] == 1
    assert all(a < b for a, b in itertools.pairwise(sizes)), sizes
    assert truth["depth_limits"]["0"] == [ROOT_URL + truth["seed_path"]]
    # Whole clusters stay out of reach: the precision traps have somewhere to lead.
    assert sizes[4] < len(truth["articles"]) // 2


def test_every_truth_url_is_a_served_article(site: Site) -> None:
    root, truth, routes = site
    reader = Reader(root, routes)
    for urls in truth["depth_limits"].values():
        for url in urls:
            art = truth["articles"][url]
            got = reader.article(art["path"])
            assert got is not None, url
            assert got[1] == url


@pytest.mark.integration
def test_generation_is_deterministic(site: Site, tmp_path: Path) -> None:
    root, _truth, _routes = site
    again, _, _ = _generate(tmp_path / "again")

    def digest(base: Path) -> dict[str, str]:
        return {
            p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*"))
            if p.is_file()
        }

    assert digest(root) == digest(again)


def test_site_has_no_profile() -> None:
    assert profile_for_host("www.dagelijksepost.nl") is None


def test_too_small_a_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 24 articles"):
        othersite.generate(tmp_path, articles=10)


# ---------------------------------------------------------------------------------------------
# Traps a correct crawl must see and get right, each present within the depth-4 crawl.


def _readable(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Articles whose links a depth-4 crawl reads (depth 0..3)."""
    return [a for a in truth["articles"].values() if a["depth"] is not None and a["depth"] < 4]


def _linked(truth: dict[str, Any], paths: Any) -> list[str]:
    wanted = set(paths)
    return [
        link["path"]
        for a in _readable(truth)
        for link in a["relatedLinks"]
        if link["path"] in wanted
    ]


def _trap_robots(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    assert "Disallow: /premium/" in _file(root, routes, "/robots.txt")
    linked = _linked(truth, truth["traps"]["robots_disallowed"])
    assert linked
    assert all(routes[p]["status"] == 200 for p in linked)


def _trap_redirects(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    linked = _linked(truth, truth["traps"]["redirects"])
    assert len(linked) >= 3
    assert all(
        routes[p] == {"status": 301, "location": truth["traps"]["redirects"][p]} for p in linked
    )
    assert any(p.startswith("/artikel/") for p in linked)
    assert any(p.endswith("-concept/") for p in linked)


def _trap_gone(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    linked = _linked(truth, truth["traps"]["gone"])
    assert linked
    assert all(routes.get(p, {"status": 404})["status"] == 404 for p in linked)
    assert any(p not in routes for p in truth["traps"]["gone"])


def _trap_not_article(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    linked = _linked(truth, truth["traps"]["not_articles"])
    assert linked
    html = _file(root, routes, linked[0])
    assert '<meta property="og:type" content="video.other">' in html
    assert '"@type": "VideoObject"' in html


def _trap_canonical_copy(
    root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]
) -> None:
    copies = truth["traps"]["canonical_copies"]
    linked = _linked(truth, copies)
    assert linked
    copy_html = _file(root, routes, linked[0])
    assert f'<link rel="canonical" href="{ROOT_URL}{copies[linked[0]]}">' in copy_html


def _trap_most_read(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    # The "Meest gelezen" box uses the related box's exact markup; its links are not coverage.
    most_read = set(truth["traps"]["most_read"])
    reached = set(truth["depth_limits"]["4"])
    assert not {ROOT_URL + p for p in most_read} & reached
    twins = 0
    for art in _readable(truth):
        tree = lxml.html.document_fromstring(_file(root, routes, art["path"]))
        boxes = {
            h.text_content().strip(): (h.getparent().tag, h.getparent().get("class"))
            for h in elements(tree, "//h2 | //h3")
        }
        for heading in RELATED_HEADINGS:
            label = heading[:1].upper() + heading[1:]
            if label in boxes and boxes.get("Meest gelezen") == boxes[label]:
                twins += 1
    assert twins >= 5


def _trap_json_only(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    json_only = [
        a
        for a in _readable(truth)
        if a["relatedLinks"]
        and all(link["kind"] != "related-box" for link in a["relatedLinks"])
        and any(link["kind"] == "embedded" for link in a["relatedLinks"])
    ]
    assert json_only
    html = _file(root, routes, json_only[0]["path"])
    assert "window.__PRELOADED_STATE__" in html
    assert "\\/" in STATE.search(html).group(1)  # type: ignore[union-attr]


def _trap_inline_lees_ook(
    root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]
) -> None:
    pattern = re.compile(r"<p[^>]*>(?:<em>|<strong>|» )?(?:Lees ook|LEES OOK)", re.I)
    assert sum(bool(pattern.search(_file(root, routes, a["path"]))) for a in _readable(truth)) >= 5


def _trap_link_forms(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    pages = "".join(_file(root, routes, a["path"]) for a in _readable(truth))
    assert "?utm_source=dagelijksepost&amp;utm_medium=web" in pages
    assert re.search(r'href="/[^"]+/amp/"', pages)
    assert re.search(r'href="\n +/', pages)
    assert "?share=facebook&amp;nb=1" in pages
    assert 'rel="prev"' in pages
    assert "Aanbevolen voor u" in pages
    assert "Net binnen" in pages


def _trap_amp(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    seed = truth["seed_path"]
    assert f'<link rel="amphtml" href="{seed}amp/">' in _file(root, routes, seed)
    assert f'<link rel="canonical" href="{ROOT_URL}{seed}">' in _file(root, routes, seed + "amp/")
    html_article = next(p for p in routes if p.endswith(".html?amp=1"))
    assert routes[html_article]["status"] == 200


def _trap_other_pages(root: Path, truth: dict[str, Any], routes: dict[str, dict[str, Any]]) -> None:
    for target in ("/tag/stikstof/", "/auteur/redactie/", "/nieuws/binnenland/", "/nieuwsbrief/"):
        assert '<meta property="og:type" content="website">' in _file(root, routes, target)
    assert routes["/wp-content/uploads/2024/01/rapport-stikstof.pdf"]["content_type"] == (
        "application/pdf"
    )


TRAPS: dict[str, Callable[[Path, dict[str, Any], dict[str, dict[str, Any]]], None]] = {
    "robots-disallowed-link-in-box": _trap_robots,
    "redirects": _trap_redirects,
    "gone": _trap_gone,
    "not-an-article": _trap_not_article,
    "canonical-copy": _trap_canonical_copy,
    "most-read-twin-of-related-box": _trap_most_read,
    "related-only-in-json": _trap_json_only,
    "inline-lees-ook": _trap_inline_lees_ook,
    "link-forms-and-widgets": _trap_link_forms,
    "amp-copies": _trap_amp,
    "non-article-pages": _trap_other_pages,
}


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_trap_is_present(site: Site, name: str) -> None:
    root, truth, routes = site
    TRAPS[name](root, truth, routes)


# ---------------------------------------------------------------------------------------------
# Dates: every form a page carries says the truth's instant, in Amsterdam time.

VISIBLE = re.compile(
    r"(?:Gepubliceerd(?::| op)? )?(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
    r"|ma|di|wo|do|vr|za|zo) )?(\d{1,2}) ([a-z]+) (\d{4}),? (?:om )?(\d{2})[.:](\d{2})"
    r"|(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})"
)


def _visible_published(html: str) -> datetime:
    meta = elements(lxml.html.document_fromstring(html), "//div[@class='entry-meta']")[0]
    text = elements(meta, ".//*[contains(@class,'posted-on')]")[0].text_content()
    m = VISIBLE.search(text)
    assert m, text
    if m.group(1):
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
        hour, minute = int(m.group(4)), int(m.group(5))
    else:
        day, month, year = int(m.group(6)), int(m.group(7)), int(m.group(8))
        hour, minute = int(m.group(9)), int(m.group(10))
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def _jsonld_published(html: str) -> str | None:
    tree = lxml.html.document_fromstring(html)
    graph = json.loads(strings(tree, "//script[@type='application/ld+json']/text()")[0])["@graph"]
    value = graph[0].get("datePublished")
    return str(value) if value is not None else None


def _check_form(form: str, html: str, art: dict[str, Any]) -> None:
    published = datetime.fromisoformat(art["datePublished"])
    local = art["datePublishedLocal"]
    tree = lxml.html.document_fromstring(html)
    if form == "json-ld-offset":
        assert _jsonld_published(html) == local
    elif form == "json-ld-utc":
        assert _jsonld_published(html) == art["datePublished"].replace("Z", "+00:00")
    elif form == "meta-offset":
        assert strings(tree, "//meta[@property='article:published_time']/@content") == [local]
    elif form == "meta-utc":
        value = strings(tree, "//meta[@property='article:published_time']/@content")[0]
        assert datetime.fromisoformat(value) == published
    elif form == "time-element":
        assert strings(tree, "//time[contains(@class,'published')]/@datetime") == [local]
    elif form == "state-json-utc":
        state = json.loads(STATE.search(html).group(1))  # type: ignore[union-attr]
        assert state["article"]["publishedAt"] == art["datePublished"].replace("Z", ".000Z")
    elif form == "visible":
        assert _visible_published(html) == published
    elif form == "visible-only":
        assert _visible_published(html) == published
        assert _jsonld_published(html) is None
        assert not elements(tree, "//meta[@property='article:published_time']")
        assert not elements(tree, "//div[@class='entry-meta']//time")
    else:
        raise AssertionError(f"unknown date form {form}")


DATE_FORMS = (
    "json-ld-offset",
    "json-ld-utc",
    "meta-offset",
    "meta-utc",
    "time-element",
    "state-json-utc",
    "visible",
    "visible-only",
)


@pytest.mark.integration
@pytest.mark.parametrize("form", DATE_FORMS)
def test_date_form_says_the_truth(site: Site, form: str) -> None:
    root, truth, routes = site
    carrying = [a for a in truth["articles"].values() if form in a["date_forms"]]
    assert len(carrying) >= 5
    for art in carrying:
        _check_form(form, _file(root, routes, art["path"]), art)


def test_local_times_use_the_amsterdam_offset_of_each_instant(site: Site) -> None:
    _root, truth, _routes = site
    offsets = set()
    for art in truth["articles"].values():
        for utc_key, local_key in (
            ("datePublished", "datePublishedLocal"),
            ("dateModified", "dateModifiedLocal"),
        ):
            if art[utc_key] is None:
                assert art[local_key] is None
                continue
            instant = datetime.fromisoformat(art[utc_key])
            local = datetime.fromisoformat(art[local_key])
            assert local == instant
            assert local.utcoffset() == instant.astimezone(AMSTERDAM).utcoffset()
            offsets.add(local.utcoffset())
    assert len(offsets) == 2  # both CET and CEST
    # Some articles are published after midnight local time: their UTC day is the day before.
    assert any(
        a["datePublished"][:10] != a["datePublishedLocal"][:10] for a in truth["articles"].values()
    )


@pytest.mark.parametrize(
    ("label", "pattern"),
    [
        ("long", r"Gepubliceerd: \d{1,2} [a-z]+ 2024, \d{2}:\d{2}"),
        ("uur", r"(?:ma|di|wo|do|vr|za|zo) \d{1,2} [a-z]+ 2024 om \d{2}\.\d{2} uur"),
        ("numeric", r"Gepubliceerd: \d{2}-\d{2}-2024 \d{2}:\d{2}"),
        ("full", r"Gepubliceerd op [a-z]+dag \d{1,2} [a-z]+ 2024 om \d{2}\.\d{2} uur"),
        ("same-day-update", r"bijgewerkt om \d{2}\.\d{2} uur"),
        ("update-long", r"Bijgewerkt: \d{1,2} [a-z]+ 2024, \d{2}:\d{2}"),
        ("render-day-in-header", r'class="dp-today">donderdag 28 november 2024<'),
    ],
)
def test_visible_date_styles_are_present(site: Site, label: str, pattern: str) -> None:
    root, truth, routes = site
    regex = re.compile(pattern)
    assert any(regex.search(_file(root, routes, a["path"])) for a in truth["articles"].values()), (
        label
    )


def test_article_pages_have_a_realistic_size(site: Site) -> None:
    root, truth, routes = site
    sizes = [(root / routes[a["path"]]["file"]).stat().st_size for a in truth["articles"].values()]
    assert min(sizes) >= 40_000
    assert max(sizes) <= 90_000


# ---------------------------------------------------------------------------------------------
# Served through the offline server.


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    """Base URL of the default site."""
    with serve_in_thread(site[0]) as base:
        yield base.rstrip("/")


@pytest.mark.integration
def test_served_pages_answer_as_routes_say(site: Site, served: str) -> None:
    root, truth, routes = site
    seed = truth["seed_path"]
    status, headers, body = _get(served + seed + "?utm_source=nieuwsbrief&utm_medium=email")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert body == (root / routes[seed]["file"]).read_bytes()
    old = next(iter(truth["traps"]["redirects"]))
    status, headers, _ = _get(served + old)
    assert (status, headers["Location"]) == (301, truth["traps"]["redirects"][old])
    for gone in truth["traps"]["gone"][:2]:
        assert _get(served + gone)[0] == 404
    status, _, body = _get(served + "/robots.txt")
    assert status == 200
    assert b"Disallow: /premium/" in body
    amp = next(p for p in routes if p.endswith(".html?amp=1"))
    status, _, body = _get(served + amp)
    assert status == 200
    assert "⚡".encode() in body
