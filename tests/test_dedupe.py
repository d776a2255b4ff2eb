"""One item per canonical URL: the path where DedupePipeline, not the spider, guarantees it."""

from __future__ import annotations

from typing import Any, cast

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.identity import CLAIMED, Claim, ClaimBook
from crawler.pipelines import DedupePipeline

HELD = "https://news.example/held/"
OWN = "https://news.example/other/"


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count


def _claimant() -> Claim:
    return Claim(canonical=HELD, own_url=OWN, content_hash="other text", order=(1, 0))


def test_two_fetches_of_a_losing_claimant_are_both_exported_under_its_own_url() -> None:
    # One page reached by two addresses, claiming a canonical URL another text holds: the claim
    # book decides each fetch on its own, so the spider yields two items under the page's URL.
    book = ClaimBook()
    book.take(HELD, "held text")
    first, second = book.claim(_claimant()), book.claim(_claimant())
    assert first is not None
    assert second is not None
    assert (first.canonical, first.note) == (second.canonical, second.note) == (OWN, CLAIMED)


def test_dedupe_pipeline_drops_the_second_item_of_a_canonical_url() -> None:
    stats = _Stats()
    pipeline = DedupePipeline(cast(StatsCollector, stats))
    item: dict[str, Any] = {"canonicalUrl": OWN, "url": OWN}
    assert pipeline.process_item(item) is item
    with pytest.raises(DropItem):
        pipeline.process_item({"canonicalUrl": OWN, "url": "https://news.example/old/"})
    assert stats.values == {"dedupe/dropped": 1}
