"""The speed bench: a large offline site served by nginx; floor spider, `related`, news-please."""

from __future__ import annotations

from pathlib import Path

BENCH_ROOT = Path("output") / "bench"
"""Everything the bench writes (site, nginx config and logs, feeds, news-please's virtualenv)."""
