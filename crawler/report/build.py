"""Build a report: read a run file or a runs directory, write the page (see build_report)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from crawler.dataset import read_files, run_files
from crawler.graph import read_address_files
from crawler.report import html
from crawler.report.browser import ChromiumMissingError, find_chromium, screenshot
from crawler.report.data import read_manifest, report_data


class ReportInputError(ValueError):
    """The input cannot make a report; the message is one line for the user."""


@dataclass(frozen=True)
class Built:
    """What build_report wrote."""

    path: Path
    articles: int
    links: int
    size: int
    """Bytes written."""
    seconds: float
    """Wall time from reading the input to the file written."""
    warnings: str
    """Lines skipped while reading (a torn last line of a killed run), one per line."""


def inputs(source: Path) -> tuple[list[Path], str]:
    """The run files a report reads: `source` itself (a .jsonl run file), or every run file of
    a runs directory (the dataset: latest version of each article, earlier versions as
    updates); with a label saying which."""
    if source.is_dir():
        files = run_files(source)
        if not files:
            raise ReportInputError(f"no run file (*.jsonl) in {source}")
        return files, f"{len(files)} run files in {source}"
    if not source.is_file():
        raise ReportInputError(f"no such run file or directory: {source}")
    return [source], str(source)


def build_report(source: Path, output: Path, *, manifests: bool = True) -> Built:
    """Read `source` (a run file or a runs directory), write the report to `output`."""
    started = time.perf_counter()
    files, label = inputs(source)
    warnings = StringIO()
    records = read_files(files, warn=warnings)
    if not records:
        raise ReportInputError(f"no article in {label}")
    runs = [m for m in (read_manifest(f) for f in files) if m is not None] if manifests else []
    # Addresses learned after their article's line, by the order they were learned in.
    learned = sorted(read_address_files(files), key=lambda s: s.when)
    aliases = {s.address: s.canonical for s in learned}
    data = report_data(records, runs, source=label, aliases=aliases)
    size = html.write(data, output)
    return Built(
        path=output,
        articles=len(data["articles"]),
        links=len(data["edges"]),
        size=size,
        seconds=time.perf_counter() - started,
        warnings=warnings.getvalue(),
    )


def default_output(source: Path) -> Path:
    """Where a report goes when no -o is given: beside the run file (`<run id>.html`), or
    `report.html` in the runs directory."""
    return source / "report.html" if source.is_dir() else source.with_suffix(".html")


def report_with_screenshot(run_file: Path, say: Callable[[str], None]) -> Built:
    """`make demo`'s step: the report beside the run file, and a PNG of it beside the report
    (Chromium is installed with apt-get when missing; without it, the demo says why)."""
    built = build_report(run_file, default_output(run_file))
    say(
        f"report: {built.path} ({built.articles} articles, {built.links} links, "
        f"{built.size / 1e6:.2f} MB, built in {built.seconds:.2f} s)"
    )
    if find_chromium() is None:
        say("installing Debian's chromium for the report's screenshot (apt-get install chromium)")
    try:
        png = screenshot(built.path, built.path.with_suffix(".png"), fragment="seed")
    except (ChromiumMissingError, RuntimeError, subprocess.TimeoutExpired) as exc:
        say(f"no screenshot of the report: {exc}")
    else:
        say(f"screenshot of the report: {png}")
    return built
