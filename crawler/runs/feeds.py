"""The run files: the FEEDS entry that names each run's own file, and the other feeds."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

RUN_ID_PARAM = "%(run_id)s"


def run_feed_template(settings: BaseSettings) -> str | None:
    """The FEEDS URI that names the run's own file (the one with %(run_id)s), if any."""
    for uri in settings.getdict("FEEDS"):
        if RUN_ID_PARAM in str(uri):
            return str(uri)
    return None


def complete_feeds(settings: BaseSettings) -> list[str]:
    """The FEEDS URIs that are not run files (-o/-O FILE, or another feed without %(run_id)s):
    each gets every article of the crawl, whatever the state says."""
    return [str(uri) for uri in settings.getdict("FEEDS") if RUN_ID_PARAM not in str(uri)]


def run_feed_path(settings: BaseSettings, run_id: str) -> Path | None:
    """The local file the items of run `run_id` go to (FEEDS entry with %(run_id)s), or None
    when there is none or it is not a local file."""
    template = run_feed_template(settings)
    if template is None:
        return None
    parts = urlsplit(template)
    if parts.scheme == "file":
        template = parts.path
    elif parts.scheme and len(parts.scheme) > 1:  # s3://, ftp://... (one letter: a drive)
        return None
    return Path(template.replace(RUN_ID_PARAM, run_id))


def cut_torn_line(path: Path) -> int:
    """Truncate `path` after its last newline (a killed write can leave part of a line);
    returns the number of bytes cut."""
    if not path.is_file():
        return 0
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        # Lines are at most a few hundred KB; read back in blocks until a newline.
        pos = size
        while pos > 0:
            step = min(65_536, pos)
            handle.seek(pos - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = pos - step + newline + 1
                break
            pos -= step
        else:
            keep = 0
        if keep == size:
            return 0
        handle.truncate(keep)
    logger.warning("Cut a torn last line (%d bytes) from %s", size - keep, path)
    return size - keep
