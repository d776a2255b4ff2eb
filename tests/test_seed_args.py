"""Spider arguments: whitespace from line wraps removed, non-URLs and unknown arguments refused
with one line, a seed that is not an article fails the run (or, with follow_listing, lists the
seeds), the default seed is said, a live crawl asks for a contact (issue #13, items 8 and 9)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.commands.crawl import contact_warning
from crawler.spiders.arguments import (
    DEFAULT_SEED,
    ArgumentError,
    SeedError,
    check_arguments,
    clean_seed,
    read_seeds,
    spider_arguments,
)
from crawler.spiders.related import RelatedSpider
from tests.conftest import ServedSite, read_items, run_argv, run_crawl

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


@pytest.mark.integration
@pytest.mark.parametrize("seed", ["not-a-url", "ftp://example.org/file"])
def test_bad_seed_exits_2_with_one_line(seed: str, tmp_path: Path) -> None:
    run = run_argv([sys.executable, "-m", "scrapy", "crawl", "related", "-a", f"url={seed}"])
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: not an http(s) URL")
    assert "Traceback" not in run.stderr


@pytest.mark.integration
@pytest.mark.parametrize(
    ("argument", "unknown"), [("ur=https://example.org/a/", "'ur'"), ("depth=3", "'depth'")]
)
def test_unknown_argument_exits_2_listing_the_valid_ones(argument: str, unknown: str) -> None:
    run = run_argv([sys.executable, "-m", "scrapy", "crawl", "related", "-a", argument])
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(
        f"error: unknown spider argument {unknown}: the related spider takes"
    )
    for name in spider_arguments():
        assert name in lines[0]


def test_valid_arguments_are_the_spider_parameters() -> None:
    assert {"url", "urls", "follow_listing"} <= set(spider_arguments())
    check_arguments({"url": DEFAULT_SEED, "_job": "abc"})  # scrapyd's own argument passes
    with pytest.raises(ArgumentError, match="give 1 or 0"):
        check_arguments({"url": DEFAULT_SEED, "follow_listing": "maybe"})
    with pytest.raises(ArgumentError, match="unknown spider argument 'seed'"):
        RelatedSpider(seed=DEFAULT_SEED)


def test_without_a_seed_the_default_is_used_and_said(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="related"):
        spider = RelatedSpider.from_crawler(get_crawler(RelatedSpider))
    assert spider.seeds == [DEFAULT_SEED]
    assert "No seed given" in caplog.text
    assert DEFAULT_SEED in caplog.text
    caplog.clear()
    RelatedSpider.from_crawler(get_crawler(RelatedSpider), url=DEFAULT_SEED)
    assert "No seed given" not in caplog.text


@pytest.mark.integration
def test_a_seed_that_is_not_an_article_fails_the_run_with_one_line(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    home = lalibre_site.url("/")
    proc = run_crawl(home, tmp_path / "items.jsonl")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "ERROR" in line]
    assert any(f"Seed is not an article: {home}" in line for line in errors), proc.stderr[-3000:]
    assert any("-a follow_listing=1" in line for line in errors)
    assert any("Run failed: 1 seed(s) are not articles" in line for line in errors)


@pytest.mark.integration
def test_follow_listing_starts_from_the_articles_a_listing_links_to(
    lalibre_site: ServedSite, tmp_path: Path
) -> None:
    out = tmp_path / "items.jsonl"
    home = lalibre_site.url("/")
    proc = run_crawl(home, out, "-a", "follow_listing=1", depth=1)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = read_items(out)
    # The home page lists the 40 latest articles (and more in its widgets): each one hop away,
    # the listing its referrer.
    assert len(items) >= 40
    assert {item["depth"] for item in items} == {1}
    assert {item["referrer"] for item in items} == {home}
    assert set(lalibre_site.truth["articles"]) >= {item["canonicalUrl"] for item in items}


def test_contact_warning_only_for_live_crawls_with_the_default_user_agent() -> None:
    live, local = [DEFAULT_SEED], ["http://127.0.0.1:8000/a/"]
    warning = contact_warning(project_settings.USER_AGENT, live)
    assert warning is not None
    assert "USER_AGENT names no contact" in warning
    assert contact_warning(project_settings.USER_AGENT, local) is None
    assert contact_warning("related-crawler/0.1 (+mailto:me@example.org)", live) is None
    # The default names no address that does not exist.
    assert "http" not in project_settings.USER_AGENT
