"""The layout rules the project keeps: extraction free of Scrapy, schema in sync with the item."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crawler.schema import SCHEMA_PATH, render

ROOT = Path(__file__).resolve().parent.parent
EXTRACT_FILES = sorted((ROOT / "crawler" / "extract").glob("*.py"))
ALLOWED_THIRD_PARTY = {"lxml", "dateparser", "w3lib", "tldextract"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", EXTRACT_FILES, ids=lambda p: p.name)
def test_extract_modules_do_not_import_scrapy(path: Path) -> None:
    roots = _imported_roots(path)
    assert "scrapy" not in roots
    assert "twisted" not in roots
    assert "itemadapter" not in roots


@pytest.mark.parametrize("path", EXTRACT_FILES, ids=lambda p: p.name)
def test_extract_modules_use_only_allowed_packages(path: Path) -> None:
    import sys

    third_party = {
        r for r in _imported_roots(path) if r not in sys.stdlib_module_names and r != "crawler"
    }
    assert third_party <= ALLOWED_THIRD_PARTY


def test_extract_package_exists() -> None:
    assert len(EXTRACT_FILES) >= 5


def test_schema_file_matches_item_class() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "regenerate with: .venv/bin/python -m crawler.schema"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "crawler").rglob("*.py")), ids=str)
def test_every_module_has_a_docstring(path: Path) -> None:
    if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
        pytest.fail(f"{path} is empty: give it a one-line docstring")
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path
