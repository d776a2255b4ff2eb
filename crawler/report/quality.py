"""Date quality and coverage figures of a set of items: one definition for manifests and reports.

An item date is one of five kinds (`date_kind`), from the strongest to none:

- "instant_page_offset": a time with its zone, and the page's own value carried the offset (an
  ISO 8601 value with "+02:00" or "Z", an HTTP date in GMT, epoch seconds): nothing was guessed.
- "instant_site_zone": a time the page gave as local wall-clock time; the offset is the site's
  time zone (site data, or hints from the page), so the instant is as good as that zone.
- "day_only": the page gave only a day ("2023-09-12").
- "naive": a time with no zone to be found; its instant is unknown within ±14 h.
- "undated": no date at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

DATE_KINDS = ("instant_page_offset", "instant_site_zone", "day_only", "naive", "undated")
INSTANT_KINDS = ("instant_page_offset", "instant_site_zone")
DATE_FIELDS = ("datePublished", "dateModified")

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The end of a raw value that states its own zone: "+02:00", "+0200", "Z", "GMT", "UTC".
_RAW_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|\d[zZ]|\b(?:GMT|UTC))\s*$")
_EPOCH = re.compile(r"^\s*\d{9,13}(?:\.\d+)?\s*$")


def date_kind(value: str | None, raw: str | None = None) -> str:
    """The kind of an item date (`datePublished` or `dateModified`) read with its raw text."""
    if not value:
        return "undated"
    if _DAY.match(value):
        return "day_only"
    if not value.endswith("Z"):
        return "naive"
    if raw and (_RAW_OFFSET.search(raw) or _EPOCH.match(raw)):
        return "instant_page_offset"
    return "instant_site_zone"


def item_date_kind(item: Mapping[str, Any], name: str) -> str:
    """`date_kind` of the item's field `name` ("datePublished" or "dateModified")."""
    value = item.get(name)
    raw = item.get(f"{name}Raw")
    return date_kind(
        value if isinstance(value, str) else None, raw if isinstance(raw, str) else None
    )


def share(count: int, total: int) -> float | None:
    """count / total rounded to 4 places; None when there is nothing to divide by."""
    return round(count / total, 4) if total else None


@dataclass
class QualityCounter:
    """Counts, item by item, what the date-quality and coverage figures are made of."""

    items: int = 0
    kinds: dict[str, Counter[str]] = field(
        default_factory=lambda: {name: Counter() for name in DATE_FIELDS}
    )
    sources: dict[str, Counter[str]] = field(
        default_factory=lambda: {name: Counter() for name in DATE_FIELDS}
    )
    agreement: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    without_links: int = 0

    def add(self, item: Mapping[str, Any]) -> None:
        """Count one item (any mapping with the item's field names)."""
        self.items += 1
        for name in DATE_FIELDS:
            kind = item_date_kind(item, name)
            self.kinds[name][kind] += 1
            if kind != "undated":
                self.sources[name][str(item.get(f"{name}Source") or "unknown")] += 1
        self.agreement[str(item.get("dateAgreement") or "none")] += 1
        for note in item.get("dateNotes") or []:
            self.notes[str(note)] += 1
        if not item.get("relatedLinks"):
            self.without_links += 1

    def to_stats(self, prefix: str = "quality/") -> dict[str, int]:
        """The counts as flat Scrapy stats ("quality/datePublished/day_only": 3, ...)."""
        stats = {f"{prefix}items": self.items, f"{prefix}without_related_links": self.without_links}
        for name in DATE_FIELDS:
            for kind, count in self.kinds[name].items():
                stats[f"{prefix}{name}/{kind}"] = count
            for source, count in self.sources[name].items():
                stats[f"{prefix}{name}_source/{source}"] = count
        for value, count in self.agreement.items():
            stats[f"{prefix}date_agreement/{value}"] = count
        for note, count in self.notes.items():
            stats[f"{prefix}date_notes/{note}"] = count
        return stats

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], prefix: str = "quality/") -> QualityCounter:
        """The counter `to_stats` wrote."""
        counter = cls()
        for key, value in stats.items():
            if not key.startswith(prefix) or not isinstance(value, int):
                continue
            name, _, rest = key.removeprefix(prefix).partition("/")
            if not rest:
                if name == "items":
                    counter.items = value
                elif name == "without_related_links":
                    counter.without_links = value
            elif name in DATE_FIELDS:
                counter.kinds[name][rest] = value
            elif name.endswith("_source") and name.removesuffix("_source") in DATE_FIELDS:
                counter.sources[name.removesuffix("_source")][rest] = value
            elif name == "date_agreement":
                counter.agreement[rest] = value
            elif name == "date_notes":
                counter.notes[rest] = value
        return counter

    @classmethod
    def of(cls, items: Iterable[Mapping[str, Any]]) -> QualityCounter:
        """A counter over `items`."""
        counter = cls()
        for item in items:
            counter.add(item)
        return counter

    def figures(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (counts, and shares of the items counted)."""
        dates: dict[str, Any] = {}
        for name in DATE_FIELDS:
            kinds = self.kinds[name]
            counts = {kind: kinds[kind] for kind in DATE_KINDS}
            instant = sum(kinds[kind] for kind in INSTANT_KINDS)
            dates[name] = {
                **counts,
                "instant": instant,
                "dated": self.items - kinds["undated"],
                "shares": {
                    **{kind: share(count, self.items) for kind, count in counts.items()},
                    "instant": share(instant, self.items),
                    "dated": share(self.items - kinds["undated"], self.items),
                },
                "sources": dict(self.sources[name].most_common()),
            }
        return {
            "items": self.items,
            **dates,
            "date_agreement": dict(self.agreement.most_common()),
            "date_notes": dict(self.notes.most_common()),
            "without_related_links": {
                "count": self.without_links,
                "share": share(self.without_links, self.items),
            },
        }
