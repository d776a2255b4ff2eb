"""Extraction: pure functions from HTML and a URL to plain values (no Scrapy here)."""
