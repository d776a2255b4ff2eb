"""`scrapy reset`: start the crawl over: the state database and the run files go together."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from crawler.backends.reset import SharedReset
from crawler.graph import ADDRESS_FILE_SUFFIX
from crawler.runs import RUN_ID_FILE, RUN_ID_PARAM, run_feed_template

# A run id: the spider's name and its UTC start, "-2" (...) when that second was taken.
_RUN_ID = re.compile(r"^[\w.-]+-\d{8}T\d{6}Z(?:-\d+)?$")
EXIT_DECLINED = 1


def reset_targets(settings: BaseSettings) -> list[Path]:
    """What a reset deletes: the state database (with its WAL and shared-memory files), every
    run file, manifest and address file the run machinery wrote (named by run id, beside the
    FEEDS run file), and the JOBDIR of a resumable run when one is set. Existing paths only."""
    targets: list[Path] = []
    state = Path(str(settings.get("STATE_DB_PATH") or "output/state.sqlite3"))
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = state.with_name(state.name + suffix)
        if path.exists():
            targets.append(path)
    template = run_feed_template(settings)
    if template is not None and "://" not in template:
        feed = Path(template)
        head, _, tail = feed.name.partition(RUN_ID_PARAM)
        for path in sorted(feed.parent.iterdir()) if feed.parent.is_dir() else []:
            name = path.name.removesuffix(".tmp")
            run_file = name.startswith(head) and name.endswith(tail)
            run_id = name[len(head) : len(name) - len(tail)] if run_file else ""
            manifest = name.removesuffix(".json") if name.endswith(".json") else ""
            addresses = name.removesuffix(ADDRESS_FILE_SUFFIX)
            addresses = addresses if addresses != name else ""
            if path.is_file() and any(_RUN_ID.match(n) for n in (run_id, manifest, addresses)):
                targets.append(path)
    jobdir = settings.get("JOBDIR")
    if jobdir and (Path(jobdir) / RUN_ID_FILE).exists():
        targets.append(Path(jobdir))
    return targets


def delete(paths: list[Path]) -> None:
    """Remove files and directories."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


class Command(ScrapyCommand):
    """Delete the crawl state and the run files, after a prompt (or --yes)."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012 (Scrapy's own attribute shape)

    def syntax(self) -> str:
        """Usage line."""
        return "[--yes] [--dry-run]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Start over: delete the crawl state and the run files together"

    def long_desc(self) -> str:
        """Help text."""
        return (
            "Delete the state database (STATE_DB_PATH, output/state.sqlite3) and every run file, "
            "manifest and address file (output/runs/<run id>.jsonl, .json and .addresses.ndjson),"
            " and the JOBDIR of a stopped "
            "run when -s JOBDIR is given: the next crawl is a first run again and exports every "
            "article. They go together because the state says which articles the run files "
            "already hold: run files without the state are exported again (duplicates the "
            "dataset folds), the state without the run files exports nothing. Lists what it "
            "will delete and asks; --yes deletes without asking, --dry-run only lists. Other "
            "files in output/ are left alone."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """--yes, --dry-run."""
        super().add_options(parser)
        parser.add_argument("-y", "--yes", action="store_true", help="delete without asking")
        parser.add_argument("--dry-run", action="store_true", help="only list what would go")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """List, ask, delete."""
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        assert self.settings is not None
        targets = reset_targets(self.settings)
        # RELATED_BACKEND=redis: the state (and any crawl) kept in Redis goes with the files.
        shared = SharedReset.open(self.settings)
        if not targets and not shared.keys:
            print("reset: nothing to delete (no state database, no run files)")
            return
        runs = sum(1 for p in targets if p.suffix == ".jsonl")
        print(f"reset: this deletes the crawl state and {runs} run files:")
        for path in targets:
            print(f"  {path}{'/' if path.is_dir() else ''}")
        for line in shared.describe():
            print(f"  {line}")
        if opts.dry_run:
            return
        if not opts.yes:
            print("Delete them? [y/N] ", end="", flush=True)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("reset: nothing deleted" + ("" if answer else " (no answer; --yes to skip)"))
                self.exitcode = EXIT_DECLINED
                return
        delete(targets)
        shared.delete()
        print(f"reset: deleted {len(targets)} paths; the next crawl starts from scratch")
