"""What a report shows, as one JSON-ready dict: articles, timeline marks, graph, tables, run facts.

The articles are read by crawler/report/articles.py and placed by crawler/report/layout.py.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.dataset import Record
from crawler.extract.types import LinkKind
from crawler.extract.urls import normalize_url
from crawler.report.articles import Article, articles_of, as_text, marks, sort_key
from crawler.report.layout import radial_layout
from crawler.report.quality import QualityCounter

# Link kinds, strongest first: when a page links to an article twice, the edge keeps the first.
LINK_KINDS = tuple(kind.value for kind in LinkKind)


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
            url = as_text(version.get("url"))
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
                "crawledAt": as_text(v.get("crawledAt")),
                "dateModified": as_text(v.get("dateModified")),
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
    articles = sorted(articles_of(records), key=sort_key)
    edges, outside = _graph(articles, aliases)
    inlinks = Counter(edge[1] for edge in edges)
    parents = _parents(articles, ((edge[0], edge[1]) for edge in edges))
    order = [(a.section or "~", *sort_key(a)) for a in articles]
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
