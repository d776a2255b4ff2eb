"""Spiders: what to fetch and in which order; extraction lives in crawler.extract."""
