"""The report's articles: items of every release read into one shape (`adapt`), and their marks.

Items are read through `adapt`, which accepts the item shapes of every release: `section` or
`articleSection`, `tags` or `keywords`, authors and breadcrumbs as strings or `{name, url}`
objects, related links with or without `confidence`, `block` and the target's `canonicalUrl`.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.dataset import Record, build
from crawler.report.quality import date_kind

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


def as_text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _named(values: Any) -> list[dict[str, str | None]]:
    """Authors or breadcrumbs, as strings (old items) or {name, url} objects (new items)."""
    out: list[dict[str, str | None]] = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, Mapping):
            name = as_text(value.get("name"))
            if name:
                out.append({"name": name, "url": as_text(value.get("url"))})
        elif name := as_text(value):
            out.append({"name": name, "url": None})
    return out


def _moment(item: Mapping[str, Any], name: str) -> Moment | None:
    value = as_text(item.get(name))
    if value is None:
        return None
    raw = as_text(item.get(f"{name}Raw"))
    return Moment(
        value=value,
        local=as_text(item.get(f"{name}Local")),
        raw=raw,
        source=as_text(item.get(f"{name}Source")),
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
        if not isinstance(value, Mapping) or not as_text(value.get("url")):
            continue
        block = value.get("block")
        block = block if isinstance(block, Mapping) else {}
        kind = as_text(value.get("kind")) or as_text(block.get("kind")) or "body"
        out.append(
            Link(
                url=str(value["url"]).strip(),
                kind=kind,
                text=as_text(value.get("text")),
                target=as_text(value.get("canonicalUrl"))
                or as_text(value.get("targetCanonicalUrl")),
                confidence=_confidence(value.get("confidence")),
                heading=as_text(block.get("heading")),
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
    canonical = as_text(item.get("canonicalUrl")) or as_text(item.get("url")) or ""
    return Article(
        canonical=canonical,
        url=as_text(item.get("url")) or canonical,
        headline=as_text(item.get("headline")),
        section=as_text(item.get("articleSection")) or as_text(item.get("section")),
        authors=_named(item.get("authors")),
        keywords=[k for k in (as_text(k) for k in keywords or []) if k],
        breadcrumbs=_named(item.get("breadcrumbs")),
        language=as_text(item.get("inLanguage")),
        free=free if isinstance(free, bool) else None,
        depth=depth if isinstance(depth, int) and not isinstance(depth, bool) else None,
        referrer=as_text(item.get("referrer")),
        crawled=as_text(item.get("crawledAt")),
        published=_moment(item, "datePublished"),
        modified=_moment(item, "dateModified"),
        first_published=_moment(item, "dateFirstPublished"),
        agreement=as_text(item.get("dateAgreement")),
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


def sort_key(article: Article) -> tuple[int, str, str]:
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
