"""The run machinery (run file, manifest, state, exit status) only for `scrapy crawl related`."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from crawler.runs import RUN_ID_PARAM

logger = logging.getLogger(__name__)

# The components that make a crawl a scheduled run, by the setting that enables them. Add any
# new run-only component here.
RUN_COMPONENTS: dict[str, tuple[str, ...]] = {
    "EXTENSIONS": (
        "crawler.runs.identity.RunIdentity",
        "crawler.runs.status.RunStatus",
        "crawler.runs.manifest.RunManifest",
        "crawler.runs.resume.JobResume",
        "crawler.monitors.DataMonitors",
        "crawler.progress.RunProgress",
    ),
    # The address guard protects crawls, whose addresses come from pages; in `scrapy fetch`,
    # `shell` or `parse` the user types the address.
    "DOWNLOADER_MIDDLEWARES": (
        "crawler.incremental.middleware.IncrementalMiddleware",
        "crawler.addresses.PrivateAddressMiddleware",
    ),
    "ITEM_PIPELINES": ("crawler.incremental.pipeline.StatePipeline",),
}


class RunScope:
    """Scrapy add-on that keeps the run machinery to `scrapy crawl related`.

    A run writes a run file (the FEEDS entry with %(run_id)s) and its manifest, reads and writes
    the state database, resumes from JOBDIR and sets the exit status. That is what a scheduled
    crawl needs, and nothing `scrapy shell`, `fetch`, `parse`, `view`, `check` or `bench` should
    do: without it they behave as in any Scrapy project (no run files, no manifests, pages
    fetched whatever the state says). Our `crawl` command sets RELATED_RUN when it runs the
    `related` spider; for every other command this add-on removes the run feeds and turns the
    run components off before the crawler builds them.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        """Remove the run machinery unless RELATED_RUN is set."""
        if settings.getbool("RELATED_RUN"):
            return
        feeds = settings.getdict("FEEDS")
        kept = {uri: options for uri, options in feeds.items() if RUN_ID_PARAM not in str(uri)}
        if kept != feeds:
            settings.set("FEEDS", kept, priority=settings.getpriority("FEEDS") or "project")
        for setting, paths in RUN_COMPONENTS.items():
            for path in paths:
                cls: Any = load_object(path)
                settings.set_in_component_priority_dict(setting, cls, None)
        logger.debug("Not a `scrapy crawl related` run: run files, manifests and state are off")
