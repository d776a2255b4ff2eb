"""The run: its id (decided once, crawler/runs/identity.py), its files, resume, manifest, status.

`scrapy crawl related` is a run: it writes its own run file (the FEEDS entry with %(run_id)s),
a manifest beside it (manifest.py), continues a stopped run kept in JOBDIR (resume.py) and ends
with an exit status a scheduler can act on (status.py). The extensions are named by their module
in settings.py; this package gives the run id and the run files to everyone else.
"""

from crawler.runs.feeds import (
    RUN_ID_PARAM,
    complete_feeds,
    cut_torn_line,
    run_feed_path,
    run_feed_template,
)
from crawler.runs.identity import RUN_ID_FILE, Run, RunIdentity, run_file, run_id, run_of

__all__ = [
    "RUN_ID_FILE",
    "RUN_ID_PARAM",
    "Run",
    "RunIdentity",
    "complete_feeds",
    "cut_torn_line",
    "run_feed_path",
    "run_feed_template",
    "run_file",
    "run_id",
    "run_of",
]
