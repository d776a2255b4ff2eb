"""Site builder shared by the offline generators: files, routes, robots and the BFS ground truth."""

from __future__ import annotations

import json
import shutil
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that never change what a page is: analytics tags and click ids. The AMP
# switch ("?outputType=amp") is folded too: an AMP copy is the same article.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "xtor", "at_medium", "ref"})
AMP_PARAMS = {"outputType": "amp"}

KINDS = ("related-box", "body", "embedded")
"""Edge kinds, in the order of precedence when one target appears in several places."""


@dataclass(frozen=True)
class Link:
    """A related-coverage edge as the page writes it: the raw href and where it sits."""

    href: str
    kind: str
    text: str = ""


@dataclass
class ArticleFacts:
    """What a correct extraction reads from an article page (the truth for one article)."""

    headline: str
    published: datetime | date | None
    modified: datetime | date | None
    date_forms: list[str]


@dataclass
class PageInfo:
    """A served HTML page, as the truth computation sees it."""

    path: str
    canonical: str
    article: ArticleFacts | None
    links: list[Link] = field(default_factory=list)


def normalize_target(href: str, page_path: str, site_hosts: tuple[str, ...]) -> str | None:
    """Request target (path[?query]) an href designates on this site, with fragment, tracking
    parameters and the AMP switch dropped; None for other sites and non-http links."""
    href = "".join(href.split())
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.lower() not in site_hosts:
        return None
    path = parts.path
    if not path:
        path = page_path
    elif not path.startswith("/"):
        path = page_path.rsplit("/", 1)[0] + "/" + path
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith(TRACKING_PREFIXES)
        and k not in TRACKING_PARAMS
        and AMP_PARAMS.get(k) != v
    ]
    return path + ("?" + urlencode(query) if query else "")


def iso_utc(value: datetime | date | None) -> str | None:
    """ "2023-09-12T14:41:00Z" (or "2023-09-12" for a day-only date)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(value: datetime | date | None) -> str | None:
    """ "2023-09-12T16:41:00+02:00": the instant in the page's own zone (the value's tzinfo)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.replace(microsecond=0).isoformat()


def http_date(value: datetime) -> str:
    """RFC 7231 date for Last-Modified headers."""
    return format_datetime(value.astimezone(UTC), usegmt=True)


class SiteBuilder:
    """Collects pages, redirects and gone URLs, writes `files/`, `routes.json` and `truth.json`."""

    def __init__(self, root: Path, *, site: str, canonical_root: str) -> None:
        """Prepare `root` (its old `files/` tree is removed so a rebuild leaves no stale page)."""
        self.root = root
        self.site = site
        self.canonical_root = canonical_root.rstrip("/")
        host = urlsplit(self.canonical_root).netloc.lower()
        self.hosts: tuple[str, ...] = (host, host.removeprefix("www."))
        self.routes: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, PageInfo] = {}
        self.disallow: list[str] = []
        self._dirs: set[Path] = set()
        files = root / "files"
        if files.exists():
            shutil.rmtree(files)
        files.mkdir(parents=True)

    def _file_for(self, target: str) -> str:
        path, _, query = target.partition("?")
        name = path.lstrip("/")
        if not name or name.endswith("/"):
            name += "index.html"
        if query:
            name += "." + "".join(c if c.isalnum() else "_" for c in query)
        return "files/" + name

    def add_file(
        self,
        target: str,
        data: bytes,
        content_type: str,
        last_modified: datetime | None = None,
    ) -> None:
        """Serve `data` with status 200 at the request target `target`."""
        if target in self.routes:
            raise ValueError(f"route defined twice: {target}")
        rel = self._file_for(target)
        dest = self.root / rel
        parent = dest.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        dest.write_bytes(data)
        route: dict[str, Any] = {"status": 200, "file": rel, "content_type": content_type}
        if last_modified is not None:
            route["last_modified"] = http_date(last_modified)
        self.routes[target] = route

    def add_page(
        self,
        path: str,
        html: str,
        *,
        canonical: str,
        article: ArticleFacts | None,
        links: list[Link],
        encoding: str = "utf-8",
        last_modified: datetime | None = None,
    ) -> None:
        """Serve an HTML page and record what the truth needs to know about it."""
        self.add_file(
            path,
            html.encode(encoding, "xmlcharrefreplace"),
            f"text/html; charset={encoding}",
            last_modified,
        )
        self.pages[path] = PageInfo(path, canonical, article, links)

    def add_redirect(self, source: str, location: str) -> None:
        """A 301 from `source` to the same-site target `location`."""
        if source in self.routes:
            raise ValueError(f"route defined twice: {source}")
        self.routes[source] = {"status": 301, "location": location}

    def add_gone(self, path: str, *, explicit: bool = True) -> None:
        """A deleted page: an explicit 404 route, or (explicit=False) simply no route."""
        if explicit:
            self.routes[path] = {"status": 404}

    def add_robots(self, lines: list[str]) -> None:
        """Serve /robots.txt; its `Disallow:` lines (for `User-agent: *`) bind the truth."""
        self.disallow = [
            line.split(":", 1)[1].strip()
            for line in lines
            if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()
        ]
        self.add_file("/robots.txt", ("\n".join(lines) + "\n").encode(), "text/plain")

    def lookup(self, target: str) -> dict[str, Any] | None:
        """The route the server answers `target` with (exact target, else the path alone)."""
        route = self.routes.get(target)
        if route is None and "?" in target:
            route = self.routes.get(target.split("?", 1)[0])
        return route

    def allowed(self, target: str) -> bool:
        """Whether robots.txt lets a crawler fetch `target`."""
        return not any(target.startswith(prefix) for prefix in self.disallow)

    def resolve(self, target: str) -> PageInfo | None:
        """The page a crawler ends on when it requests `target`: redirects followed, None when
        the chain hits a 404, a robots-disallowed URL or a loop."""
        seen: list[str] = []
        while target not in seen:
            seen.append(target)
            if not self.allowed(target):
                return None
            route = self.lookup(target)
            if route is None or route["status"] == 404:
                return None
            if route["status"] == 301:
                target = str(route["location"])
                continue
            return self.pages.get(target) or self.pages.get(target.split("?", 1)[0])
        return None

    def related_of(self, page: PageInfo) -> list[tuple[str, str, str]]:
        """(target, kind, text) of the page's edges: normalized, each target once (the most
        visible kind wins: related box, then body, then embedded data, and its form of the URL
        is kept), the page itself excluded. "/a/b" and "/a/b/" are one target: sites redirect
        one to the other, and a correct extractor lists the article once."""
        self_target = normalize_target(page.canonical, page.path, self.hosts)
        best: dict[str, tuple[int, str, str, str]] = {}
        order: list[str] = []
        for link in page.links:
            target = normalize_target(link.href, page.path, self.hosts)
            if target is None or target in (page.path, self_target):
                continue
            path, _, query = target.partition("?")
            key = path.rstrip("/") + "?" + query
            rank = KINDS.index(link.kind)
            if key not in best:
                order.append(key)
                best[key] = (rank, link.kind, link.text, target)
            elif rank < best[key][0]:
                best[key] = (rank, link.kind, link.text or best[key][2], target)
        return [(best[k][3], best[k][1], best[k][2]) for k in order]

    def compute_truth(self, seed_path: str, *, min_depths: int = 4) -> dict[str, Any]:
        """Ground truth by BFS from the seed, following the contract's semantics."""
        depth_of: dict[str, int] = {}
        queue: deque[tuple[str, int]] = deque([(seed_path, 0)])
        requested = {seed_path}
        while queue:
            target, depth = queue.popleft()
            page = self.resolve(target)
            if page is None or page.article is None or page.canonical in depth_of:
                continue
            depth_of[page.canonical] = depth
            for link_target, _, _ in self.related_of(page):
                if link_target not in requested:
                    requested.add(link_target)
                    queue.append((link_target, depth + 1))
        if seed_path not in self.pages or self.pages[seed_path].article is None:
            raise ValueError(f"seed {seed_path} is not an article page of the site")
        max_depth = max(*depth_of.values(), min_depths)
        articles: dict[str, Any] = {}
        for page in sorted(self.pages.values(), key=lambda p: p.canonical):
            facts = page.article
            if facts is None or page.canonical in articles:
                continue
            articles[page.canonical] = {
                "path": page.path,
                "headline": facts.headline,
                "datePublished": iso_utc(facts.published),
                "datePublishedLocal": iso_local(facts.published),
                "dateModified": iso_utc(facts.modified),
                "dateModifiedLocal": iso_local(facts.modified),
                "date_forms": facts.date_forms,
                "depth": depth_of.get(page.canonical),
                "relatedLinks": [
                    {"path": t, "kind": k, "text": text} for t, k, text in self.related_of(page)
                ],
            }
        return {
            "site": self.site,
            "canonical_root": self.canonical_root,
            "seed_path": seed_path,
            "depth_limits": {
                str(d): sorted(c for c, cd in depth_of.items() if cd <= d)
                for d in range(max_depth + 1)
            },
            "articles": articles,
        }

    def finish(self, truth: dict[str, Any]) -> None:
        """Write routes.json and truth.json (sorted, stable bytes)."""
        (self.root / "routes.json").write_text(
            json.dumps(self.routes, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        (self.root / "truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
