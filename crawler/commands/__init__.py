"""Project commands: `crawl` (seed checks, exit status), `extract` (saved pages), `dataset`."""
