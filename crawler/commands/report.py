"""`scrapy report`: one self-contained HTML page of a run file or of the dataset."""

from __future__ import annotations

import argparse
import sys
import webbrowser
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.runs import run_feed_template


class Command(ScrapyCommand):
    """Write the coverage report: timeline, graph, tables, date quality, run facts."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 (Scrapy's own attribute shape)

    def syntax(self) -> str:
        """Usage line."""
        return "[--runs DIR | FILE.jsonl] [-o report.html] [--open]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Write the HTML report of a run file or of all runs (timeline, graph, tables)"

    def long_desc(self) -> str:
        """Help text."""
        return (
            "Write one self-contained HTML file (no network at view time: scripts, styles and "
            "data inline; opens from file://, can be sent by e-mail) showing a run file "
            "(FILE.jsonl, with the facts of its manifest <run id>.json when present) or, with "
            "--runs DIR or no argument, the dataset of every run file in DIR (default: the "
            "directory of the FEEDS run file, output/runs): the latest version of each article, "
            "earlier versions' updates on its timeline row. Default output: FILE.html beside "
            "the run file, or DIR/report.html."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--runs, -o, --open."""
        super().add_options(parser)
        parser.add_argument("--runs", help="directory of run files: report on the dataset")
        parser.add_argument("-o", "--output", help="the HTML file to write")
        parser.add_argument("--open", action="store_true", help="open the report in a browser")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Read, build, write, say where."""
        from crawler.report.build import ReportInputError, build_report, default_output

        if len(args) > 1 or (args and opts.runs):
            raise UsageError("give one run file, or --runs DIR, not both", print_help=False)
        if args:
            source = Path(args[0])
        elif opts.runs:
            source = Path(opts.runs)
        else:
            template = run_feed_template(self.settings) if self.settings else None
            source = Path(template).parent if template else Path("output/runs")
        output = Path(opts.output) if opts.output else default_output(source)
        try:
            built = build_report(source, output)
        except ReportInputError as exc:
            raise UsageError(str(exc), print_help=False) from exc
        sys.stderr.write(built.warnings)
        print(
            f"report: {built.articles:,} articles, {built.links:,} links -> {built.path} "
            f"({built.size / 1e6:.2f} MB, {built.seconds:.2f} s)"
        )
        if opts.open:
            webbrowser.open(built.path.resolve().as_uri())
