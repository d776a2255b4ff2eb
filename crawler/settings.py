"""Scrapy settings of the project; each non-default value says why (override with -s NAME=VALUE)."""

from __future__ import annotations

BOT_NAME = "related-crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# Our `crawl` (seed validation, exit codes), `extract` and `dataset` commands.
COMMANDS_MODULE = "crawler.commands"

# Who is crawling: for a live crawl, put your own contact here or with -s USER_AGENT=..., e.g.
# "related-crawler/0.1 (+https://your.site/about; you@example.org)", so that a site's admins
# can write to you rather than block you. `scrapy crawl related` warns on every live run while
# this default, which names no one, is in place (crawler/commands/crawl.py).
USER_AGENT = "related-crawler/0.1 (news research; operator contact not set)"
ROBOTSTXT_OBEY = True

# Politeness for live use: news sites are shared infrastructure. AutoThrottle adapts the delay
# to the site's latency; the offline site and the bench turn it off with -s.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's RetryMiddleware retries 429/503 at once, whatever their Retry-After says; ours
# (crawler.middlewares.RetryAfterMiddleware) pauses the site's download slot that long first, and
# gives the page up, with the reason, when the wait asked exceeds this many seconds.
RELATED_MAX_RETRY_AFTER = 300
# A news page is 60-300 KB of HTML (a long live blog a few MB); Scrapy's default limit of 1 GB
# let a 0.9 MB gzip bomb inflate to 900 MB in memory. Bodies above 16 MB, compressed or
# inflated, are cut (the page fails, stat related/too_large); above 4 MB a warning is logged.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# No request to private, loopback, link-local, multicast or reserved addresses (resolved, IPv4
# and IPv6, every redirect hop) but the seeds' own; True allows them all (an intranet crawl).
# See crawler/addresses.py.
RELATED_ALLOW_PRIVATE_ADDRESSES = False
TWISTED_DNS_RESOLVER = "crawler.addresses.GuardedResolver"

# Hops from the seed: the seed is depth 0, its related articles depth 1, theirs depth 2.
DEPTH_LIMIT = 2
# Fan-out: related links kept and followed per page (a real related box holds 3-20; a page
# listing thousands is a trap or a sitemap in disguise). The first ones are kept, the item noted.
RELATED_MAX_LINKS_PER_PAGE = 50
# Pages requested per seed at most, whatever the depth: the bound of DEPTH_LIMIT=0 (no depth
# limit), where a calendar or pagination trap would otherwise grow without end. 0: no budget.
RELATED_MAX_PAGES_PER_SEED = 10_000
# The spider tracks depth itself (shortest path wins, see spiders/related.py), so Scrapy's
# DepthMiddleware, which would stamp response depth + 1 on every request, is off.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.depth.DepthMiddleware": None}

ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.DedupePipeline": 200,
}
EXTENSIONS: dict[str, int | None] = {
    "crawler.runs.status.RunStatus": 500,
}
# `scrapy check related`: @seed (the seed, or -a url=...) and @filled (non-empty fields).
SPIDER_CONTRACTS = {"crawler.contracts.SeedContract": 10, "crawler.contracts.FilledContract": 20}

# Every run writes its own file; %(run_id)s is "related-20261124T101500Z" (spider name + UTC start).
FEEDS = {
    "output/runs/%(run_id)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf8",
        "store_empty": True,
    },
}
# Line-by-line writes, so that a killed run leaves only whole, valid lines; each line confirmed
# before its article counts as exported, and a failed write fails the run (crawler/exporters.py).
# CSV (-O coverage.csv): list and object cells as JSON, not comma-joined or Python reprs.
FEED_EXPORTERS = {
    "jsonlines": "crawler.exporters.FlushingJsonLinesItemExporter",
    "csv": "crawler.exporters.JsonCellsCsvItemExporter",
}
EXTENSIONS["scrapy.extensions.feedexport.FeedExporter"] = None
EXTENSIONS["crawler.exporters.CheckedFeedExporter"] = 0
FEED_STORAGES = {
    "": "crawler.exporters.UnbufferedFileFeedStorage",
    "file": "crawler.exporters.UnbufferedFileFeedStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
# A UTF-8 CSV file starts with a byte-order mark: Excel reads it as UTF-8 only then.
RELATED_CSV_BOM = True

# Time zones of sites whose pages write local times without an offset, by host suffix
# ({"example.com": "America/New_York"} covers www.example.com too): without it, a site in a
# country with several zones gets naive local times (note "naive-time-no-zone"). Names are IANA
# zones; a bad one stops the crawl before it starts (exit 2). `-a timezone=ZONE` sets one zone for
# every page of a single run instead.
RELATED_SITE_TIMEZONES: dict[str, str] = {}

# The confidence (0 to 1) a link needs to be exported as related coverage and followed. Empty:
# the link model's own threshold, the one with the best site-held-out F1 (README, "How sure is
# a related link"). Lower it for recall (0.2: more of the story's coverage, more widgets), raise
# it for precision; links the page declares related (a "Sur le même sujet" box, an inline
# "Lire aussi", the page's data) have confidence 1 and pass any threshold.
RELATED_MIN_CONFIDENCE = ""

# Exit status: share of failed pages (HTTP errors, timeouts) above which the run fails.
RELATED_MAX_FAILURE_RATIO = 0.5
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every response's output (default 100); a page
# of ours yields one item and a few requests, and the pipelines are synchronous, so 100 tasks a
# page only cost CPU: 218,000 tasks for 2,000 pages, a quarter of the crawl process's time in a
# cProfile of `make bench` (see the README's "Speed" section for the before/after figures).
CONCURRENT_ITEMS = 4
# Worker processes that extract pages while the crawl process fetches ("auto": one per core, at
# most 4, when the machine has two or more; 0: extract in the crawl process). On 2 cores,
# `make bench`: 103-136 pages/s in the crawl process, 147-162 with one worker, 201-220 with two.
# See crawler/workers.py.
RELATED_EXTRACT_PROCESSES = "auto"

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# A scheduled crawler opens no ports: no telnet console, no remote-control HTTP server (Scrapy 2.19
# starts both by default, and the latter executes code it is sent).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# The run machinery below (run file, manifest, state, resume, exit status) is for
# `scrapy crawl related` only: our crawl command sets RELATED_RUN, and the RunScope add-on turns
# the machinery off for everything else (shell, fetch, parse, view, check, bench), which then
# behaves as in any Scrapy project (see crawler/addons.py).
RELATED_RUN = False
ADDONS = {"crawler.addons.RunScope": 0, "crawler.backends.redis.addon.RedisBackend": 10}

# --- Incremental runs, run manifests, resume (crawler/incremental/, crawler/runs/; see the
# README's "Scheduled runs" section) ------------------------------------------------------------
# A state database remembers every article (hash, dates, validators, links, exported version), so
# a run exports only new articles and new versions. On only when the run writes a run file (the
# FEEDS entry with %(run_id)s); a one-off -o/-O export always exports every article.
STATE_ENABLED = True
STATE_DB_PATH = "output/state.sqlite3"
# True: fetch everything again (no revisit policy, no conditional requests) and export every
# article again; the state database is still updated.
STATE_FULL_RECRAWL = False
# Revisit policy by the article's age (from datePublished), in seconds since its last fetch: often
# while news is fresh, daily in its first week, rarely after. Due articles are fetched with
# If-None-Match / If-Modified-Since, so an unchanged one costs a 304.
REVISIT_FIRST_DAY = 3_600
REVISIT_FIRST_WEEK = 86_400
REVISIT_OLDER = 30 * 86_400
REVISIT_UNDATED = 86_400
DOWNLOADER_MIDDLEWARES = {
    # First: answers from memory, then the address guard (before robots.txt is even asked).
    "crawler.middlewares.ReplayMiddleware": 40,
    "crawler.addresses.PrivateAddressMiddleware": 45,
    # On the way back, after decompression (590) and before RetryMiddleware (550).
    "crawler.middlewares.BodyCheckMiddleware": 570,
    "crawler.middlewares.RetryAfterMiddleware": 560,
    "crawler.incremental.middleware.IncrementalMiddleware": 650,
}
# Last: an item is recorded as exported only once the feed exporter has written its line.
ITEM_PIPELINES["crawler.incremental.pipeline.StatePipeline"] = 900
# RunIdentity first among the run's components: it decides the run id, which they read from
# when they are built (crawler/runs/identity.py).
EXTENSIONS["crawler.runs.identity.RunIdentity"] = 1
# JobResume: with JOBDIR, a stopped run started again keeps its run id and run file.
EXTENSIONS["crawler.runs.resume.JobResume"] = 100
# RunManifest after RunStatus: the manifest records the exit status.
EXTENSIONS["crawler.runs.manifest.RunManifest"] = 510
# --- end of incremental runs ------------------------------------------------------------------

# --- The run watches its data (crawler/monitors.py, crawler/progress.py; README "Monitors") ---
# DataMonitors after RunStatus (it may fail the run) and before RunManifest (which records it).
EXTENSIONS["crawler.monitors.DataMonitors"] = 505
# RunProgress last: its closing summary tells the final exit status.
EXTENSIONS["crawler.progress.RunProgress"] = 520
# Scrapy's LogStats line (pages and items, once a minute) gives way to RunProgress's (0: off;
# a PERIODIC_LOG_* user sets it back).
LOGSTATS_INTERVAL = 0
# A progress line every 30 s (0: none).
RELATED_PROGRESS_INTERVAL = 30.0
# Minimums a run must reach, else it exits 1 naming the monitor (0 turns one off): articles
# covered; shares of exported articles with a publication date, with an exact instant, with
# related links. Defaults catch a broken run without failing a thin but healthy one.
RELATED_MIN_ITEMS = 1
RELATED_MIN_DATED_RATIO = 0.5
RELATED_MIN_INSTANT_RATIO = 0.0
RELATED_MIN_LINKED_RATIO = 0.0
# --- end of monitors ---------------------------------------------------------------------------

# --- Beyond one machine (crawler/backends; the README's "Several processes and hosts") --------
# "sqlite": the crawl's bookkeeping in the crawl process, the state in STATE_DB_PATH. "redis":
# every `scrapy crawl related` process started with the same REDIS_URL is a worker of one shared
# crawl (scrapy-redis's scheduler, with a leased queue; depths, exports and the state in Redis).
RELATED_BACKEND = "sqlite"
# e.g. "redis://127.0.0.1:6379/0" (redis://:password@host:port/db).
REDIS_URL = None
# Keys start with this (default: the spider's name, as scrapy-redis's "related:requests").
# Seeds pushed while workers run go to "<prefix>:start_urls" (REDIS_START_URLS_KEY).
RELATED_REDIS_PREFIX = "related"
# A worker whose heartbeat is this many seconds old is taken for dead (on its own machine a
# worker sees at once that another's process ended): its requests go back to the queue.
RELATED_REDIS_WORKER_TIMEOUT = 30
# Seconds the shared crawl must have had nothing to do before a worker stops; 0: keep waiting
# for seeds until stopped (a service).
RELATED_REDIS_IDLE_CLOSE = 5
# Seconds between two looks at an empty (or depth-gated) queue.
RELATED_REDIS_POLL_INTERVAL = 0.05
# How long a Redis step waits for Redis to come back (restart, network) before the worker stops.
RELATED_REDIS_RETRY_SECONDS = 120
# An export claim of a dead worker whose run file no live worker can read (another host) is
# fetched again after this many seconds (a duplicate line is possible; the dataset folds it).
RELATED_REDIS_ORPHAN_TIMEOUT = 600
