"""The Redis backend: one crawl shared by any number of processes (RELATED_BACKEND=redis)."""
