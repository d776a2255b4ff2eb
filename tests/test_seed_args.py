"""Seed arguments: whitespace from line wraps removed, non-URLs refused with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.spiders.related import DEFAULT_SEED, SeedError, check_arguments, clean_seed, read_seeds

ROOT = Path(__file__).resolve().parent.parent
WRAPPED = DEFAULT_SEED.replace("LS2PZRXO4", "LS2PZR XO4")


@pytest.mark.parametrize(
    ("raw", "expected", "had_space"),
    [
        (DEFAULT_SEED, DEFAULT_SEED, False),
        (WRAPPED, DEFAULT_SEED, True),
        ("  " + DEFAULT_SEED + "\n", DEFAULT_SEED, False),
        ("https://example.org/a\tb/", "https://example.org/ab/", True),
        ("https://example.org/a\u00a0b/", "https://example.org/ab/", True),
        ("HTTP://example.org/x", "HTTP://example.org/x", False),
    ],
)
def test_clean_seed(raw: str, expected: str, had_space: bool) -> None:
    assert clean_seed(raw) == (expected, had_space)


@pytest.mark.parametrize(
    "raw",
    ["", "lalibre.be/article", "ftp://example.org/x", "javascript:alert(1)", "https://", "/a"],
)
def test_clean_seed_refuses_non_http_urls(raw: str) -> None:
    with pytest.raises(SeedError, match="not an http"):
        clean_seed(raw)


def test_read_seeds_defaults_to_the_la_libre_seed() -> None:
    assert read_seeds(None, None) == [DEFAULT_SEED]


def test_read_seeds_from_file(tmp_path: Path) -> None:
    listing = tmp_path / "seeds.txt"
    listing.write_text("# mine\nhttps://a.example/x\n\nhttps://b.example/y\n", encoding="utf-8")
    assert read_seeds(None, str(listing)) == ["https://a.example/x", "https://b.example/y"]
    with pytest.raises(SeedError, match="cannot read"):
        read_seeds(None, str(tmp_path / "missing.txt"))
    (tmp_path / "empty.txt").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(SeedError, match="no URL"):
        read_seeds(None, str(tmp_path / "empty.txt"))


def test_check_arguments_checks_every_seed(tmp_path: Path) -> None:
    listing = tmp_path / "seeds.txt"
    listing.write_text("https://a.example/x\nnot a url\n", encoding="utf-8")
    with pytest.raises(SeedError):
        check_arguments({"urls": str(listing)})
    check_arguments({"url": WRAPPED})


@pytest.mark.parametrize("seed", ["not-a-url", "ftp://example.org/file"])
def test_bad_seed_exits_2_with_one_line(seed: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "related", "-a", f"url={seed}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: not an http(s) URL")
    assert "Traceback" not in run.stderr
