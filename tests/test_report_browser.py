"""The report in a real browser: headless Chromium (Debian's), driven by Playwright.

The report of a crawl of the offline demo site is opened from file://; the test finds every
article as a graph node and every date as a timeline mark, clicks a node and reads its
headline, and fails on any console error or any network request.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, Request, Route, sync_playwright

from crawler.report.browser import FLAGS, ChromiumMissingError, ensure_chromium, screenshot
from tests.conftest import ROOT, ServedSite, crawl_argv, read_items, run_argv

# Starts servers or processes: `pytest -m unit` leaves it out.
pytestmark = pytest.mark.integration

READY = "document.documentElement.dataset.ready === 'true'"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt-get when missing."""
    try:
        return ensure_chromium(install=True)
    except ChromiumMissingError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def demo_run(lalibre_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the offline demo site as `make demo` runs it: a run file and its manifest."""
    out = tmp_path_factory.mktemp("report-run")
    feeds = {str(out / "%(run_id)s.jsonl"): {"format": "jsonlines", "encoding": "utf8"}}
    seed = lalibre_site.url(lalibre_site.truth["seed_path"])
    run = run_argv(
        crawl_argv(seed, FEEDS=json.dumps(feeds), STATE_DB_PATH=str(out / "state.sqlite3"))
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (run_file,) = out.glob("*.jsonl")
    return run_file


@pytest.fixture(scope="module")
def demo_report(demo_run: Path) -> Path:
    """`scrapy report` of that run file."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", str(demo_run)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return demo_run.with_suffix(".html")


class Browser:
    """One page in a fresh Chromium profile, recording console errors and every request."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def open(self, report: Path, fragment: str = "") -> Page:
        """Load the report from file:// and wait until its script says it is drawn."""
        url = report.resolve().as_uri()
        self.allowed = url
        self.page.goto(url + (f"#{fragment}" if fragment else ""))
        self.page.wait_for_function(READY)
        return self.page

    def foreign_requests(self) -> list[str]:
        """Requests other than the report file itself."""
        return [r for r in self.requests if r.split("#")[0] != self.allowed]


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1400, "height": 1000},
        )
        page = context.pages[0] if context.pages else context.new_page()
        probe = Browser(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                probe.errors.append(message.text)

        def on_request(request: Request) -> None:
            probe.requests.append(request.url)

        def only_files(route: Route) -> None:
            # Nothing leaves the machine, even if the page asked; the request is recorded.
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: probe.errors.append(str(error)))

        def on_dialog(dialog: Dialog) -> None:
            probe.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        context.on("request", on_request)
        context.route("**/*", only_files)
        try:
            yield probe
        finally:
            context.close()


def expected_marks(items: list[dict[str, Any]]) -> int:
    """One mark per distinct date of an item: published, first published, modified."""
    return sum(
        len({i[f] for f in ("datePublished", "dateFirstPublished", "dateModified") if i.get(f)})
        for i in items
    )


def test_demo_report_in_chromium(demo_run: Path, demo_report: Path, browser: Browser) -> None:
    items = read_items(demo_run)
    assert len(items) == 62
    page = browser.open(demo_report)

    # Every article is a node, every date a mark; day-only dates are drawn as day spans.
    assert page.evaluate("window.coverageReport.cy.nodes().length") == len(items)
    assert page.text_content("#graph-count").startswith(f"{len(items)} articles")  # type: ignore[union-attr]
    assert page.locator("#timeline .mark").count() == expected_marks(items)
    days = sum(len(i[f] or "") == 10 for i in items for f in ("datePublished", "dateModified"))
    assert days > 0
    assert page.locator("#timeline rect.mark.day_only").count() == days
    assert page.locator("#articles tbody tr").count() == len(items)

    # Click a node where the browser drew it: the panel shows that article.
    target = next(i for i in items if i["depth"] == 1)
    x, y = page.evaluate(
        """(url) => {
            const r = window.coverageReport;
            const node = r.cy.nodes()
                .filter((n) => r.data.articles[n.data('idx')].canonicalUrl === url)[0];
            const box = r.cy.container().getBoundingClientRect();
            const p = node.renderedPosition();
            return [box.left + p.x, box.top + p.y];
        }""",
        target["canonicalUrl"],
    )
    page.mouse.click(x, y)
    page.wait_for_function("!document.getElementById('detail').hidden")
    assert page.text_content("#detail-headline") == target["headline"]
    assert page.get_attribute("#detail-open", "href") == target["canonicalUrl"]
    selected = page.locator("#timeline .row.selected")
    assert selected.count() == 1
    row_id = int(selected.get_attribute("data-id") or -1)
    assert (
        page.evaluate(f"window.coverageReport.data.articles[{row_id}].headline")
        == target["headline"]
    )

    # Hovering a timeline row tells the headline, section and date source.
    page.locator("#timeline .row.selected .mark").last.hover()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    text = tooltip.text_content() or ""
    assert target["headline"] in text
    assert (target.get("articleSection") or target.get("section") or "") in text
    assert target["datePublishedSource"] in text

    # The table sorts by depth: the seed comes first.
    page.click("#articles th:nth-child(5) button")
    first = page.locator("#articles tbody tr").first.get_attribute("data-id")
    assert page.evaluate(f"window.coverageReport.data.articles[{first}].depth") == 0

    assert browser.errors == []
    assert browser.foreign_requests() == []


def test_hostile_text_stays_text(tmp_path: Path, browser: Browser) -> None:
    evil = (
        '<img src="https://evil.example/x.png" onerror="alert(1)">'
        "</script><script>alert(2)</script>"
    )
    run = tmp_path / "related-20260101T000000Z.jsonl"
    line = {
        "url": "javascript:alert(3)",
        "canonicalUrl": "https://news.example/a/1/",
        "headline": evil,
        "section": evil,
        "authors": [evil],
        "datePublished": "2023-09-12T14:41:00Z",
        "datePublishedLocal": "2023-09-12T16:41:00+02:00",
        "datePublishedSource": evil,
        "dateNotes": [evil],
        "relatedLinks": [],
        "depth": 0,
    }
    run.write_text(json.dumps(line) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", str(run)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = browser.open(run.with_suffix(".html"), fragment="seed")
    assert page.text_content("#detail-headline") == evil
    # A javascript: URL is never made a link; the canonical http(s) URL is used instead.
    assert page.get_attribute("#detail-open", "href") == "https://news.example/a/1/"
    assert page.locator("img").count() == 0
    assert browser.dialogs == []
    assert browser.errors == []
    assert browser.foreign_requests() == []


def test_screenshot_of_the_report(demo_report: Path, chromium: str, tmp_path: Path) -> None:
    png = screenshot(demo_report, tmp_path / "shot.png", fragment="seed", width=1200, height=900)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1200, 900)
