"""The run id: decided once per crawl, by RunIdentity, before any run component reads it.

A run id names the run's file (`<run id>.jsonl`, the FEEDS entry with %(run_id)s), its manifest
and its address file, and the state store records it with every export. It is one of:

- the id kept in JOBDIR by a run that was stopped before it finished: the run is resumed, same
  id, same run file (see crawler/runs/resume.py);
- "<spider>-<UTC start>" (`related-20261124T101500Z`), or for a worker of a crawl shared through
  Redis "<spider>-<host>-<pid>-<UTC start>", so that workers on one host write files of their
  own; when an earlier run's file or manifest already has that id (two runs started in one
  second), "-2" (-3, ...) is added rather than appending to the other run.

RunIdentity is the first run component the crawler builds (EXTENSIONS, see settings.py): it
decides the id then, before the spider opens (Scrapy's feeds name the run file at that moment)
and before the extensions, middlewares and pipelines that read it are built. Everyone reads it
with `run_id(crawler)` (or `run_file(crawler)`); reading it earlier is an error, never another id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Self
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler

from crawler.backends import is_shared
from crawler.runs.feeds import run_feed_path

logger = logging.getLogger(__name__)

RUN_ID_FILE = "related-run-id"
"""In JOBDIR: the id of the run that was started there and has not finished yet."""


@dataclass(frozen=True)
class Run:
    """The run's id, and whether it continues a run stopped in JOBDIR."""

    id: str
    resumed: bool


def resumable_id(crawler: Crawler) -> str | None:
    """The id kept in JOBDIR by a stopped run, when this crawl resumes it: JOBDIR is set and the
    run has a state store (without one, JOBDIR works as in plain Scrapy)."""
    jobdir = crawler.settings.get("JOBDIR")
    if not jobdir:
        return None
    from crawler.incremental import IncrementalState  # it reads the run files' settings here

    if IncrementalState.for_crawler(crawler) is None:
        return None
    id_file = Path(jobdir) / RUN_ID_FILE
    if not id_file.is_file():
        return None
    return id_file.read_text(encoding="utf-8").strip()


def new_id(crawler: Crawler, started: datetime) -> str:
    """The id of a new run started at `started`: the spider's name and the UTC second, with the
    worker's host and process in a shared crawl."""
    assert crawler.spider is not None
    name = crawler.spider.name
    stamp = f"{started.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if is_shared(crawler.settings):
        from crawler.backends.redis.shared import SharedCrawl

        worker = SharedCrawl.for_crawler(crawler).worker
        return f"{name}-{worker.host}-{worker.pid}-{stamp}"
    return f"{name}-{stamp}"


def untaken(crawler: Crawler, base: str) -> str:
    """`base`, or "<base>-2" (-3, ...) when an earlier run's file or manifest has that id."""
    run_id, n = base, 1
    while (feed := run_feed_path(crawler.settings, run_id)) is not None and (
        feed.exists() or feed.with_name(run_id + ".json").exists()
    ):
        n += 1
        run_id = f"{base}-{n}"
    if run_id != base:
        logger.warning("Run id %s is taken by an earlier run: this run is %s", base, run_id)
    return run_id


def decide_run(crawler: Crawler, started: datetime) -> Run:
    """The run of this crawl: resumed from JOBDIR, else new (see the module docstring)."""
    resumed = resumable_id(crawler)
    if resumed is not None:
        return Run(resumed, resumed=True)
    return Run(untaken(crawler, new_id(crawler, started)), resumed=False)


class RunIdentity:
    """The extension that decides the run id when the crawler is built (see the module
    docstring). It also gives it to the spider as `run_id`: Scrapy fills the FEEDS URI's
    %(run_id)s from the spider's attributes. Stat: run/resumed."""

    _decided: ClassVar[WeakKeyDictionary[Crawler, Run]] = WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        """Decide the run id, once for the crawler."""
        assert crawler.spider is not None
        assert crawler.stats is not None
        if crawler in self._decided:
            raise RuntimeError("the run id of this crawl is decided already")
        run = decide_run(crawler, datetime.now(UTC))
        self._decided[crawler] = run
        crawler.spider.run_id = run.id  # type: ignore[attr-defined]
        if run.resumed:
            crawler.stats.set_value("run/resumed", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built first among the run components (EXTENSIONS priority, see settings.py)."""
        return cls(crawler)

    @classmethod
    def decided(cls, crawler: Crawler) -> Run | None:
        """The crawl's run, or None when it is not a run (the run machinery is off)."""
        return cls._decided.get(crawler)


def run_of(crawler: Crawler) -> Run:
    """The crawl's run; RuntimeError when RunIdentity has not decided it (yet)."""
    run = RunIdentity.decided(crawler)
    if run is None:
        raise RuntimeError(
            "the run id is read before RunIdentity decided it: is crawler.runs.RunIdentity in "
            "EXTENSIONS, before the component that reads it?"
        )
    return run


def run_id(crawler: Crawler) -> str:
    """The crawl's run id (see the module docstring)."""
    return run_of(crawler).id


def run_file(crawler: Crawler) -> Path | None:
    """The local file the run's items go to; None when the crawl is not a run, or its run file
    is not a local file (s3://, ftp://)."""
    run = RunIdentity.decided(crawler)
    return run_feed_path(crawler.settings, run.id) if run is not None else None
