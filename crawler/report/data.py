"""What a report shows, as one JSON-ready dict: articles, timeline marks, graph, tables, run facts.

Items are read through `adapt`, which accepts the item shapes of every release: `section` or
`articleSection`, `tags` or `keywords`, authors and breadcrumbs as strings or `{name, url}`
objects, related links with or without `confidence`, `block` and the target's `canonicalUrl`.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.commands.dataset import Record, build
from crawler.extract.types import LinkKind
from crawler.extract.urls import normalize_url
from crawler.report.quality import QualityCounter, date_kind

# Link kinds, strongest first: when a page links to an article twice, the edge keeps the first.
LINK_KINDS = tuple(kind.value for kind in LinkKind)
# Radial layout: distance between rings, and the arc length one node needs on its ring (px).
RING_STEP = 140.0
NODE_ARC = 30.0
# Date candidates shown per article (the dates helper may list many).
MAX_CANDIDATES = 12


@dataclass(frozen=True)
class Moment:
    """One item date: UTC value, local value, raw text, source, kind (see quality.date_kind)."""

    value: str
    local: str | None
    raw: str | None
    source: str | None
    kind: str

    @property
    def wall(self) -> str:
        """The site's wall-clock time ("2023-09-12T16:41:00"), or the day ("2023-09-12"): what
        the timeline plots. A naive value is its own wall time; an instant without a local
        value (not written by this crawler) is shown in UTC."""
        if self.kind == "day_only":
            return self.value[:10]
        if self.local and len(self.local) >= 19:
            return self.local[:19]
        return self.value.removesuffix("Z")[:19]

    @property
    def offset(self) -> str | None:
        """The UTC offset of the wall time ("+02:00"), None for days and naive times."""
        if self.kind in ("day_only", "naive"):
            return None
        if self.local and len(self.local) > 19:
            tail = self.local[19:].lstrip("0123456789.")
            return "+00:00" if tail in ("Z", "") else tail
        return "+00:00"

    def as_json(self) -> dict[str, Any]:
        """The fields the page shows (the wall time is in the marks)."""
        return {
            key: value
            for key, value in (
                ("value", self.value),
                ("local", self.local),
                ("raw", self.raw),
                ("source", self.source),
                ("kind", self.kind),
            )
            if value is not None
        }


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _named(values: Any) -> list[dict[str, str | None]]:
    """Authors or breadcrumbs, as strings (old items) or {name, url} objects (new items)."""
    out: list[dict[str, str | None]] = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, Mapping):
            name = _text(value.get("name"))
            if name:
                out.append({"name": name, "url": _text(value.get("url"))})
        elif name := _text(value):
            out.append({"name": name, "url": None})
    return out


def _moment(item: Mapping[str, Any], name: str) -> Moment | None:
    value = _text(item.get(name))
    if value is None:
        return None
    raw = _text(item.get(f"{name}Raw"))
    return Moment(
        value=value,
        local=_text(item.get(f"{name}Local")),
        raw=raw,
        source=_text(item.get(f"{name}Source")),
        kind=date_kind(value, raw),
    )


def _confidence(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    return min(1.0, max(0.0, float(value)))


@dataclass
class Link:
    """A related link as the report reads it."""

    url: str
    kind: str
    text: str | None = None
    target: str | None = None
    """The target's canonical URL when the item gives it."""
    confidence: float | None = None
    heading: str | None = None
    """The heading of the block the link sat in ("Sur le même sujet"), when given."""


def _links(values: Any) -> list[Link]:
    out = []
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, Mapping) or not _text(value.get("url")):
            continue
        block = value.get("block")
        block = block if isinstance(block, Mapping) else {}
        kind = _text(value.get("kind")) or _text(block.get("kind")) or "body"
        out.append(
            Link(
                url=str(value["url"]).strip(),
                kind=kind,
                text=_text(value.get("text")),
                target=_text(value.get("canonicalUrl")) or _text(value.get("targetCanonicalUrl")),
                confidence=_confidence(value.get("confidence")),
                heading=_text(block.get("heading")),
            )
        )
    return out


def _candidates(values: Any) -> list[str]:
    """Date candidates (dateCandidates, when the item has them) as short display lines."""
    out = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, Mapping):
            parts = [
                f"{key}: {value[key]}"
                for key in ("field", "kind", "source", "value", "instant", "raw", "text", "note")
                if value.get(key) not in (None, "", [])
            ]
            line = "; ".join(parts) or json.dumps(value, ensure_ascii=False)
        else:
            line = str(value)
        out.append(line[:200])
        if len(out) == MAX_CANDIDATES:
            break
    return out


@dataclass
class Article:
    """One article (its latest version), in the report's terms."""

    canonical: str
    url: str
    headline: str | None
    section: str | None
    authors: list[dict[str, str | None]]
    keywords: list[str]
    breadcrumbs: list[dict[str, str | None]]
    language: str | None
    free: bool | None
    depth: int | None
    referrer: str | None
    crawled: str | None
    published: Moment | None
    modified: Moment | None
    first_published: Moment | None
    agreement: str | None
    notes: list[str]
    candidates: list[str]
    links: list[Link]
    item: Mapping[str, Any] = field(repr=False)
    versions: list[Mapping[str, Any]] = field(default_factory=list, repr=False)
    """Earlier versions of the article (items), oldest first."""


def adapt(item: Mapping[str, Any]) -> Article:
    """An item of any release (old or new field names and shapes) as an Article."""
    keywords = item.get("keywords", item.get("tags"))
    if isinstance(keywords, str):
        keywords = [part.strip() for part in keywords.split(",")]
    depth = item.get("depth")
    free = item.get("isAccessibleForFree")
    canonical = _text(item.get("canonicalUrl")) or _text(item.get("url")) or ""
    return Article(
        canonical=canonical,
        url=_text(item.get("url")) or canonical,
        headline=_text(item.get("headline")),
        section=_text(item.get("articleSection")) or _text(item.get("section")),
        authors=_named(item.get("authors")),
        keywords=[k for k in (_text(k) for k in keywords or []) if k],
        breadcrumbs=_named(item.get("breadcrumbs")),
        language=_text(item.get("inLanguage")),
        free=free if isinstance(free, bool) else None,
        depth=depth if isinstance(depth, int) and not isinstance(depth, bool) else None,
        referrer=_text(item.get("referrer")),
        crawled=_text(item.get("crawledAt")),
        published=_moment(item, "datePublished"),
        modified=_moment(item, "dateModified"),
        first_published=_moment(item, "dateFirstPublished"),
        agreement=_text(item.get("dateAgreement")),
        notes=[str(n) for n in item.get("dateNotes") or [] if n],
        candidates=_candidates(item.get("dateCandidates")),
        links=_links(item.get("relatedLinks")),
        item=item,
    )


def articles_of(records: Sequence[Record]) -> list[Article]:
    """One Article per canonical URL: its latest version, with the earlier ones attached."""
    versions: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in build(records, history=True):
        versions[str(item["canonicalUrl"])].append(item)
    latest = {str(item["canonicalUrl"]): item for item in build(records)}
    out = []
    for canonical, item in latest.items():
        article = adapt(item)
        article.versions = [v for v in versions[canonical] if v is not item]
        out.append(article)
    return out


def _sort_key(article: Article) -> tuple[int, str, str]:
    """Timeline order: by publication instant (a day at its midnight, a naive time as it
    reads), undated last."""
    moment = article.published
    if moment is None:
        return (1, "", article.canonical)
    return (0, moment.value.removesuffix("Z")[:19], article.canonical)


def marks(article: Article) -> list[list[str]]:
    """The article's timeline marks, [what, wall time, date kind]: its publication
    ("published"), the earlier publication a refreshed page keeps ("first-published"), its
    update ("modified") and the updates of its earlier versions ("version"); each distinct
    date once."""
    out: list[list[str]] = []
    seen: set[str] = set()
    moments = [
        ("published", article.published),
        ("first-published", article.first_published),
        ("modified", article.modified),
        *(("version", _moment(version, "dateModified")) for version in article.versions),
    ]
    for what, moment in moments:
        if moment is not None and moment.value not in seen:
            seen.add(moment.value)
            out.append([what, moment.wall, moment.kind])
    return out


def _parents(articles: Sequence[Article], edges: Iterable[tuple[int, int]]) -> list[int | None]:
    """Each article's parent in the layout tree: its referrer when that is nearer the seed,
    else its in-neighbour nearest the seed; None for seeds and orphans. Depths strictly
    decrease towards the root, so there is no cycle."""
    index = {a.canonical: i for i, a in enumerate(articles)}
    far = 1 << 30
    depth = [a.depth if a.depth is not None else far for a in articles]
    incoming: dict[int, list[int]] = defaultdict(list)
    for source, target in edges:
        incoming[target].append(source)
    parents: list[int | None] = []
    for i, article in enumerate(articles):
        ref = index.get(article.referrer or "")
        if ref is not None and depth[ref] < depth[i]:
            parents.append(ref)
            continue
        nearer = [s for s in incoming[i] if depth[s] < depth[i]]
        parents.append(min(nearer, key=lambda s: (depth[s], s)) if nearer else None)
    return parents


def radial_layout(
    parents: Sequence[int | None], order: Sequence[tuple[Any, ...]]
) -> list[tuple[float, float]]:
    """Positions of a radial tree: the root (the one seed, or a point between several roots) at
    the centre, each tree level in a ring band, each subtree in a wedge as wide as its share of
    leaves, siblings in `order`. A level with more nodes than one ring holds is spread over
    concentric sub-rings (node k of the level, in angular order, on sub-ring k mod m), so 5,000
    articles need a disc of ~1,300 px, not a ring of 16,000. Deterministic and O(n log n): it
    draws 5,000 articles at once, where a force layout in the browser takes tens of seconds."""
    n = len(parents)
    children: list[list[int]] = [[] for _ in range(n)]
    roots: list[int] = []
    for node, parent in enumerate(parents):
        (children[parent] if parent is not None else roots).append(node)
    for kids in children:
        kids.sort(key=lambda k: order[k])
    roots.sort(key=lambda k: order[k])
    # Levels (a single root sits at the centre, level 0; several roots make level 1).
    base = 0 if len(roots) == 1 else 1
    level = [0] * n
    stack = [(r, base) for r in roots]
    preorder = []
    while stack:
        node, lvl = stack.pop()
        level[node] = lvl
        preorder.append(node)
        stack += [(k, lvl + 1) for k in reversed(children[node])]
    leaves = [1] * n
    for node in reversed(preorder):
        if children[node]:
            leaves[node] = sum(leaves[k] for k in children[node])
    # Each level's first radius and number of sub-rings.
    per_level = Counter(level)
    depth_count = max(level, default=0) + 1
    radius, rings = [0.0] * depth_count, [1] * depth_count
    outer = -RING_STEP
    for lvl in range(depth_count):
        if lvl == 0 and base == 0:
            outer = 0.0
            continue
        r = outer + RING_STEP
        held, m = 0.0, 0
        while held < per_level[lvl]:
            held += max(1.0, 2 * math.pi * (r + m * NODE_ARC) / NODE_ARC)
            m += 1
        radius[lvl], rings[lvl] = r, max(1, m)
        outer = r + (rings[lvl] - 1) * NODE_ARC
    # Angles: wedges (node, start angle, width), from the roots down.
    angle = [0.0] * n
    total = sum(leaves[r] for r in roots) or 1
    wedges = []
    start = -math.pi / 2
    for root in roots:
        width = 2 * math.pi * leaves[root] / total
        wedges.append((root, start, width))
        start += width
    while wedges:
        node, start, width = wedges.pop()
        angle[node] = start + width / 2
        inner = start
        for kid in children[node]:
            part = width * leaves[kid] / leaves[node]
            wedges.append((kid, inner, part))
            inner += part
    pos = [(0.0, 0.0)] * n
    by_level: dict[int, list[int]] = defaultdict(list)
    for node in range(n):
        by_level[level[node]].append(node)
    for lvl, nodes in by_level.items():
        nodes.sort(key=lambda k: (angle[k], k))
        for rank, node in enumerate(nodes):
            r = radius[lvl] + (rank % rings[lvl]) * NODE_ARC
            pos[node] = (round(r * math.cos(angle[node]), 1), round(r * math.sin(angle[node]), 1))
    return pos


def _graph(
    articles: Sequence[Article], aliases: Mapping[str, str] | None = None
) -> tuple[list[list[Any]], list[int]]:
    """The edges, [source, target, kind, confidence or null, block heading or null] (one per
    pair of articles, the strongest kind), and per article the number of its links to articles
    outside the report. A link leads to the article whose `addresses` hold its URL (see
    crawler/graph.py), or that `aliases` (address -> canonical URL, from the address files)
    names; for items without addresses, to the one fetched from it."""
    index: dict[str, int] = {}
    for i, article in enumerate(articles):
        for version in (article.item, *article.versions):
            listed = version.get("addresses")
            for key in listed if isinstance(listed, list) else []:
                if isinstance(key, str):
                    index.setdefault(key, i)
            url = _text(version.get("url"))
            for key in (url, normalize_url(url)) if url else ():
                if key:
                    index.setdefault(key, i)
    for i, article in enumerate(articles):
        index[article.canonical] = i
    at = {article.canonical: i for i, article in enumerate(articles)}
    for address, canonical in (aliases or {}).items():
        if canonical in at:
            index.setdefault(address, at[canonical])
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    outside = [0] * len(articles)
    for i, article in enumerate(articles):
        for link in article.links:
            target = index.get(link.target or "", index.get(link.url))
            if target is None:
                target = index.get(normalize_url(link.url) or "")
            if target is None:
                outside[i] += 1
                continue
            if target == i:
                continue
            rank = LINK_KINDS.index(link.kind) if link.kind in LINK_KINDS else len(LINK_KINDS)
            held = edges.get((i, target))
            if held is None or rank < held["rank"]:
                edges[(i, target)] = {
                    "source": i,
                    "target": target,
                    "kind": link.kind,
                    "rank": rank,
                    "confidence": link.confidence,
                    "heading": link.heading,
                }
    ordered = [
        [e["source"], e["target"], e["kind"], e["confidence"], e["heading"]]
        for e in (edges[key] for key in sorted(edges))
    ]
    return ordered, outside


def _local_offsets(articles: Sequence[Article]) -> list[str]:
    offsets = Counter(
        moment.offset
        for a in articles
        for moment in (a.published, a.modified, a.first_published)
        if moment is not None and moment.offset
    )
    return [offset for offset, _ in offsets.most_common()]


def _article_json(
    article: Article, number: int, inlinks: int, outside: int, pos: tuple[float, float]
) -> dict[str, Any]:
    """The article as the page reads it; empty fields are left out (5,000 articles make a
    report of megabytes)."""
    fields: dict[str, Any] = {
        "id": number,
        "canonicalUrl": article.canonical,
        "url": article.url if article.url != article.canonical else None,
        "headline": article.headline,
        "section": article.section,
        "authors": [a["name"] for a in article.authors],
        "keywords": article.keywords[:20],
        "breadcrumbs": [b["name"] for b in article.breadcrumbs],
        "inLanguage": article.language,
        "isAccessibleForFree": article.free,
        "depth": article.depth,
        "crawledAt": article.crawled,
        "published": article.published.as_json() if article.published else None,
        "modified": article.modified.as_json() if article.modified else None,
        "firstPublished": article.first_published.as_json() if article.first_published else None,
        "dateAgreement": article.agreement,
        "dateNotes": article.notes,
        "dateCandidates": article.candidates,
        "versions": [
            {
                "crawledAt": _text(v.get("crawledAt")),
                "dateModified": _text(v.get("dateModified")),
            }
            for v in article.versions
        ],
        "marks": marks(article),
        "inLinks": inlinks,
        "outLinks": len(article.links),
        "linksOutside": outside,
        "x": pos[0],
        "y": pos[1],
    }
    return {key: value for key, value in fields.items() if value not in (None, [], "")}


def report_data(
    records: Sequence[Record],
    manifests: Sequence[Mapping[str, Any]],
    *,
    source: str,
    generated: datetime | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the page draws, from run file records and the runs' manifests; `aliases`:
    the addresses the runs learned after their article's line (address -> canonical URL)."""
    articles = sorted(articles_of(records), key=_sort_key)
    edges, outside = _graph(articles, aliases)
    inlinks = Counter(edge[1] for edge in edges)
    parents = _parents(articles, ((edge[0], edge[1]) for edge in edges))
    order = [(a.section or "~", *_sort_key(a)) for a in articles]
    positions = radial_layout(parents, order)
    seeds = [i for i, a in enumerate(articles) if a.depth == 0]
    quality = QualityCounter.of(a.item for a in articles).figures()
    walls = [mark[1] for a in articles for mark in marks(a)]
    return {
        "title": _title(articles, seeds),
        "source": source,
        "generated": (generated or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "offsets": _local_offsets(articles),
        "span": [min(walls), max(walls)] if walls else None,
        "seeds": seeds,
        "articles": [
            _article_json(a, i, inlinks[i], outside[i], positions[i])
            for i, a in enumerate(articles)
        ],
        "edges": edges,
        "quality": quality,
        "versions": sum(len(a.versions) + 1 for a in articles),
        "runs": [_run_facts(m) for m in manifests],
    }


def _title(articles: Sequence[Article], seeds: Sequence[int]) -> str:
    if len(seeds) == 1 and articles[seeds[0]].headline:
        return f"Coverage around: {articles[seeds[0]].headline}"
    return f"Coverage of {len(articles)} articles"


def _run_facts(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest's facts a reader wants, with the duration computed."""
    facts = dict(manifest)
    started, ended = manifest.get("started"), manifest.get("ended")
    try:
        if isinstance(started, str) and isinstance(ended, str):
            span = datetime.fromisoformat(ended.replace("Z", "+00:00")) - datetime.fromisoformat(
                started.replace("Z", "+00:00")
            )
            facts["duration_s"] = span.total_seconds()
    except ValueError:
        pass
    return facts


def read_manifest(run_file: Path) -> dict[str, Any] | None:
    """The manifest written beside a run file (`<run id>.json`), None when absent or
    unreadable."""
    path = run_file.with_suffix(".json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
