"""The run files: the FEEDS entry that names each run's own file, and the other feeds."""

from __future__ import annotations

from scrapy.settings import BaseSettings

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
