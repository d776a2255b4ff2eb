"""The JSON Schema of exported items, generated from ArticleItem (`python -m crawler.schema`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler.extract.types import DateRole, LinkKind
from crawler.items import ArticleItem

SCHEMA_PATH = Path(__file__).with_name("article.schema.json")
# Shapes the dates must have, on top of the types the item class gives.
_UTC = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z?)?$"
_LOCAL = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?)?$"


def build_schema() -> dict[str, Any]:
    """The item's schema: itemadapter's, every field required (exports carry them all) and the
    date fields constrained to their formats."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ArticleItem",
        "description": (ArticleItem.__doc__ or "").strip(),
        **ItemAdapter.get_json_schema(ArticleItem),
    }
    props = schema["properties"]
    schema["required"] = sorted(props)
    for name in ("datePublished", "dateModified", "dateFirstPublished"):
        props[name]["pattern"] = _UTC
        props[f"{name}Local"]["pattern"] = _LOCAL
    candidates = props["dateCandidates"]["items"]
    candidates["required"] = sorted(candidates["properties"])
    candidates["properties"]["role"]["enum"] = [role.value for role in DateRole]
    candidates["properties"]["value"]["pattern"] = _UTC
    props["crawledAt"]["pattern"] = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"
    props["depth"]["minimum"] = 0
    links = props["relatedLinks"]["items"]
    links["required"] = sorted(links["properties"])
    links["properties"]["kind"]["enum"] = [kind.value for kind in LinkKind]
    # Exports write every key of the nested objects too (null when unknown).
    for name in ("authors", "breadcrumbs", "mainImage", "publisher"):
        _require_all(props[name])
    return schema


def _require_all(node: Any) -> None:
    """Mark every property of every object schema under `node` as required."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["required"] = sorted(node["properties"])
        for value in node.values():
            _require_all(value)
    elif isinstance(node, list):
        for value in node:
            _require_all(value)


def render() -> str:
    """The schema as it is kept in the repository."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def load_schema() -> dict[str, Any]:
    """The schema file kept in the repository."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data
