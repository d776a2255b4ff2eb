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
# 429/503 answers carry Retry-After; the retry middleware backs off on them.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# Hops from the seed: the seed is depth 0, its related articles depth 1, theirs depth 2.
DEPTH_LIMIT = 2
# The spider tracks depth itself (shortest path wins, see spiders/related.py), so Scrapy's
# DepthMiddleware, which would stamp response depth + 1 on every request, is off.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.depth.DepthMiddleware": None}

ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.DedupePipeline": 200,
}
EXTENSIONS = {
    "crawler.extensions.RunStatus": 500,
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
# Line-by-line flushing, so that a killed run leaves only whole, valid lines.
# CSV (-O coverage.csv): list and object cells as JSON, not comma-joined or Python reprs.
FEED_EXPORTERS = {
    "jsonlines": "crawler.exporters.FlushingJsonLinesItemExporter",
    "csv": "crawler.exporters.JsonCellsCsvItemExporter",
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

# --- Incremental runs, run manifests, resume (crawler/state.py, middlewares.py, pipelines.py,
# extensions.py; see the README's "Scheduled runs" section) ----------------------------------
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
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.IncrementalMiddleware": 650}
# Last: an item is recorded as exported only once the feed exporter has written its line.
ITEM_PIPELINES["crawler.pipelines.StatePipeline"] = 900
# JobResume: with JOBDIR, a stopped run started again keeps its run id and run file.
EXTENSIONS["crawler.extensions.JobResume"] = 100
# RunManifest after RunStatus: the manifest records the exit status.
EXTENSIONS["crawler.extensions.RunManifest"] = 510
# --- end of incremental runs ------------------------------------------------------------------

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
