"""The layout rules the project keeps: extraction free of Scrapy, schema in sync with the item."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crawler.schema import SCHEMA_PATH, render

ROOT = Path(__file__).resolve().parent.parent
EXTRACT_FILES = sorted((ROOT / "crawler" / "extract").rglob("*.py"))
ALLOWED_THIRD_PARTY = {"lxml", "dateparser", "jdatetime", "w3lib", "tldextract", "pycld2"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", EXTRACT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_extract_modules_do_not_import_scrapy(path: Path) -> None:
    roots = _imported_roots(path)
    assert "scrapy" not in roots
    assert "twisted" not in roots
    assert "itemadapter" not in roots


@pytest.mark.parametrize("path", EXTRACT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
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


@pytest.mark.parametrize(
    "path", sorted([*(ROOT / "crawler").rglob("*.py"), *(ROOT / "devtools").rglob("*.py")]), ids=str
)
def test_every_module_has_a_docstring(path: Path) -> None:
    if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
        pytest.fail(f"{path} is empty: give it a one-line docstring")
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_every_project_setting_is_scrapys_or_read_by_our_code() -> None:
    # A setting nobody reads is a lie in settings.py (REQUEST_FINGERPRINTER_IMPLEMENTATION
    # lost its meaning in Scrapy 2.19).
    from scrapy.settings import default_settings

    from crawler import settings

    code = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "crawler").rglob("*.py")
        if p.name != "settings.py"
    )
    dead = [
        name
        for name in dir(settings)
        if name.isupper() and not hasattr(default_settings, name) and name not in code
    ]
    assert dead == []


@pytest.mark.integration
def test_every_type_stub_dependency_has_its_module_imported() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    stubs = [
        d for d in project["project"]["optional-dependencies"]["dev"] if d.startswith("types-")
    ]
    imported: set[str] = set()
    for folder in ("crawler", "tests", "devtools"):
        for path in (ROOT / folder).rglob("*.py"):
            imported |= _imported_roots(path)
    for stub in stubs:
        module = stub.split(">")[0].split("=")[0].removeprefix("types-").removeprefix("python-")
        assert module.replace("-", "_") in imported, f"{stub} is unused"


@pytest.mark.integration
def test_schema_help_prints_help_and_writes_nothing() -> None:
    import sys

    from tests.conftest import run_argv

    before = SCHEMA_PATH.stat().st_mtime_ns
    proc = run_argv([sys.executable, "-m", "crawler.schema", "--help"])
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: python -m crawler.schema")
    assert "--check" in proc.stdout
    assert SCHEMA_PATH.stat().st_mtime_ns == before
    check = run_argv([sys.executable, "-m", "crawler.schema", "--check"])
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("path", sorted((ROOT / "crawler").rglob("*.py")), ids=str)
def test_the_product_never_imports_the_dev_tools(path: Path) -> None:
    # devtools/ (site generators, benches, the demo, training) is not in the wheel nor in the
    # scrapyd egg: a crawl must not need it.
    assert "devtools" not in _imported_roots(path), path


def test_the_wheel_packages_only_the_crawler() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["packages"]["find"]["include"] == ["crawler*"]
