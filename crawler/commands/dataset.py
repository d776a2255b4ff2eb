"""`scrapy dataset`: one dataset from all run files, latest version per article or every version."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import os
import re
import sys
import types
import typing
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.dataset import build, edges_of, join_addresses, read_files, run_files
from crawler.exporters import csv_cell, plain
from crawler.graph import (
    EDGE_COLUMNS,
    read_address_files,
)
from crawler.items import ArticleItem
from crawler.runs import run_feed_template

FORMATS = ("jsonl", "csv", "parquet")


def columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The item's fields in their declared order, then any other key found, sorted."""
    known = [f.name for f in dataclasses.fields(ArticleItem)]
    extra = sorted({k for row in rows for k in row} - set(known))
    return known + extra


def write_jsonl(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """One JSON object per line, UTF-8, fields in the order the run files have them."""
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(
    rows: Sequence[dict[str, Any]], out: TextIO, names: Sequence[str] | None = None
) -> None:
    """A header row of the columns (`names`, else the item's), then one row per item; lists
    are JSON-encoded cells."""
    names = columns(rows) if names is None else names
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in names])


def _arrow_type(hint: Any, pa: Any) -> Any:
    """The Arrow type of an ArticleItem field's annotation."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _arrow_type(args[0], pa)
    if origin is list:
        return pa.list_(_arrow_type(args[0], pa))
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct(
            [pa.field(f.name, _arrow_type(hints[f.name], pa)) for f in dataclasses.fields(hint)]
        )
    simple = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), float: pa.float64()}
    return simple.get(hint, pa.string())


# Date fields that hold an instant in UTC, a day alone, or a naive time (see crawler/items.py).
INSTANT_FIELDS = ("datePublished", "dateModified", "dateFirstPublished")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _instant(value: Any) -> datetime | None:
    """An item date that is an instant ("...Z" or with an offset), aware; else None."""
    if not isinstance(value, str) or _DAY.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else None


def _day(value: Any) -> date | None:
    """An item date given as a day only ("2023-09-12"); else None."""
    if isinstance(value, str) and _DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def write_parquet(rows: Sequence[dict[str, Any]], path: Path) -> None:
    """A Parquet file typed from the item class (lists of strings, structs for links, authors,
    breadcrumbs, image and publisher). Dates are typed, not strings: each of INSTANT_FIELDS is
    a UTC timestamp when the page gave an instant, and its `<name>Day` column a date when it
    gave a day only (a naive time with no zone is neither: its `<name>Local` text keeps it);
    crawledAt is a UTC timestamp. Keys the item class does not declare become JSON-encoded
    string columns. Needs pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            "Parquet output needs pyarrow: pip install 'related-crawler[parquet]'",
            print_help=False,
        ) from exc
    hints = typing.get_type_hints(ArticleItem)
    # Parquet has no second unit: pyarrow would store "s" as milliseconds anyway.
    timestamp = pa.timestamp("ms", tz="UTC")
    fields = []
    data: dict[str, list[Any]] = {}
    for name in columns(rows):
        values = [row.get(name) for row in rows]
        if name in INSTANT_FIELDS or name == "crawledAt":
            fields.append(pa.field(name, timestamp))
            data[name] = [_instant(v) for v in values]
            if name in INSTANT_FIELDS:
                fields.append(pa.field(f"{name}Day", pa.date32()))
                data[f"{name}Day"] = [_day(v) for v in values]
        elif name in hints:
            fields.append(pa.field(name, _arrow_type(hints[name], pa)))
            data[name] = [plain(v) for v in values]
        else:
            fields.append(pa.field(name, pa.string()))
            data[name] = [None if v is None else csv_cell(v) for v in values]
    table = pa.table(data, schema=pa.schema(fields))
    pq.write_table(table, str(path))


def write_dataset(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    output: Path | None,
    names: Sequence[str] | None = None,
) -> None:
    """Write `rows` as `fmt` to `output` (replaced atomically) or to stdout (None); `names`:
    the CSV columns when they are not the item's (the edge list's)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")

    def text(out: TextIO) -> None:
        if fmt == "jsonl":
            write_jsonl(rows, out)
        else:
            write_csv(rows, out, names)

    if output is None:
        if fmt == "parquet":
            raise UsageError("Parquet is binary: give -o FILE", print_help=False)
        text(sys.stdout)
        sys.stdout.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    if fmt == "parquet":
        write_parquet(rows, tmp)
    else:
        # A CSV file starts with a byte-order mark so that Excel reads it as UTF-8 (as -O does).
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with tmp.open("w", encoding=encoding, newline="") as handle:
            text(handle)
    os.replace(tmp, output)


def _format_of(opts: argparse.Namespace) -> str:
    if opts.format:
        return str(opts.format)
    suffix = Path(opts.output).suffix.lstrip(".").lower() if opts.output else ""
    return {"csv": "csv", "parquet": "parquet", "pq": "parquet"}.get(suffix, "jsonl")


class Command(ScrapyCommand):
    """Build the dataset from the run files."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 (Scrapy's own attribute shape)

    def syntax(self) -> str:
        """Usage line."""
        return "[--history | --edges] [--format jsonl|csv|parquet] [-o FILE] [--runs DIR]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Build the dataset from all run files (latest version of each article)"

    def long_desc(self) -> str:
        """Help text."""
        return (
            "Read every run file (<run id>.jsonl) in the runs directory (default: the directory "
            "of the FEEDS run file, output/runs) and write one line per article (canonicalUrl) "
            "in its latest version (by crawledAt, then run order), or with --history one line "
            "per version (distinct contentHash and dateModified). Ordered by canonicalUrl then "
            "crawledAt: the same run files always give the same bytes. A torn last line left by "
            "a killed run is skipped with a warning. Lines fetched from a loopback address "
            "(localCopy: the demo's or the tests' offline copies) are left out, with a count on "
            "stderr, unless --include-local; even then they are never merged with live lines. "
            "CSV: list and object cells are JSON, and a file starts with a UTF-8 byte-order "
            "mark (Excel). Parquet: typed columns, dates as UTC timestamps or days; needs "
            "pyarrow (the 'parquet' extra). Default output: stdout (jsonl, csv). The workers of "
            "a shared crawl (RELATED_BACKEND=redis) each write their own run files: on one host "
            "they are all in the runs directory; from several hosts, give --runs once per "
            "directory (or copy them into one). Every article's `addresses` is completed from "
            "all run files and their address files (<run id>.addresses.ndjson): each "
            "relatedLinks[].url the crawl fetched and exported is then in exactly one "
            "article's addresses (among the lines of the same localCopy). --edges writes the "
            "coverage graph instead, one row per related link of each article (latest "
            "version): source, target (the canonical URLs of the linking and the linked "
            "article), kind, text, confidence, heading (empty when the item does not give "
            "them), url (the link as written) and localCopy; links whose address led to no "
            "article of the dataset (not fetched: depth limit, page budget, robots.txt, "
            "another site; fetch failed; not an article) are kept, with an empty target."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--history, --format, -o, --runs, --include-local."""
        super().add_options(parser)
        parser.add_argument("--history", action="store_true", help="every version, not the latest")
        parser.add_argument(
            "--edges",
            action="store_true",
            # No colon at a line's end: Scrapy's help formatter takes such a line for a heading.
            help="the coverage graph as an edge list (jsonl or csv), columns source, target, "
            "kind, text, confidence, heading, url, localCopy; a link to no article of the "
            "dataset keeps an empty target",
        )
        parser.add_argument("--format", choices=FORMATS, help="default: from -o's suffix, or jsonl")
        parser.add_argument("-o", "--output", help="file to write (default: stdout)")
        parser.add_argument(
            "--runs",
            action="append",
            help="directory of the run files (default: output/runs); give it once per directory "
            "to merge several (the run files of a shared crawl's hosts)",
        )
        parser.add_argument(
            "--include-local",
            action="store_true",
            help="keep lines fetched from a loopback address (localCopy), apart from live ones",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Read the runs, build, write."""
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        if opts.runs:
            runs = [Path(d) for d in opts.runs]
        else:
            template = run_feed_template(self.settings) if self.settings else None
            runs = [Path(template).parent if template else Path("output/runs")]
        for folder in runs:
            if not folder.is_dir():
                raise UsageError(f"no runs directory {folder} (crawl first, or give --runs)", False)
        fmt = _format_of(opts)
        if opts.edges and opts.history:
            raise UsageError("--edges joins the latest versions: not with --history", False)
        if opts.edges and fmt == "parquet":
            raise UsageError("--edges writes jsonl or csv", print_help=False)
        warnings = io.StringIO()
        files = run_files(runs)
        records = read_files(files, warn=warnings)
        sightings = read_address_files(files, warn=warnings)
        sys.stderr.write(warnings.getvalue())
        local = sum(record.local for record in records)
        if local and not opts.include_local:
            records = [record for record in records if not record.local]
            print(
                f"dataset: left out {local} lines fetched from a loopback address (localCopy: "
                "a local copy such as the demo's, not the live site); --include-local keeps them",
                file=sys.stderr,
            )
        rows = build(records, history=opts.history)
        book = join_addresses(rows, records, sightings)
        output = Path(opts.output) if opts.output else None
        what = "lines"
        if opts.edges:
            edges = edges_of(rows, book)
            joined = sum(edge["target"] is not None for edge in edges)
            print(
                f"dataset: {len(edges)} edges, {joined} to an article of the dataset, "
                f"{len(edges) - joined} with an empty target",
                file=sys.stderr,
            )
            write_dataset(edges, fmt, output, EDGE_COLUMNS)
            rows, what = edges, "edges"
        else:
            write_dataset(rows, fmt, output)
        if opts.output:
            print(
                f"dataset: {len(rows)} {what} from {len(files)} run files -> {opts.output} ({fmt})",
                file=sys.stderr,
            )
