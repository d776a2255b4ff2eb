"""Spider contracts for `scrapy check related`: request the seed, require filled fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

from crawler.extract.urls import normalize_url
from crawler.meta import META_KEY, META_KIND, META_REFERRER, META_SEED


class SeedContract(Contract):
    """`@seed`: the sample request is the spider's first seed (the default La Libre article,
    or `-a url=...` given to `scrapy check`), with the meta the spider gives a seed request."""

    name = "seed"

    def __init__(self, method: Callable[..., Any], *args: Any) -> None:
        """Keep the spider the method is bound to: its seeds are the URL to check."""
        super().__init__(method, *args)
        self.spider = getattr(method, "__self__", None)

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        """URL and meta of a seed request."""
        seeds = list(getattr(self.spider, "seeds", []))
        if not seeds:
            raise ContractFail("the spider has no seed to check")
        url = normalize_url(seeds[0]) or seeds[0]
        args["url"] = url
        args["meta"] = {
            "depth": 0,
            META_REFERRER: None,
            META_KEY: url,
            META_SEED: True,
            META_KIND: "seed",
        }
        return args


class FilledContract(Contract):
    """`@filled field ...`: every item has a non-empty value for each field (`@scrapes` only
    checks that the key exists, which every dataclass item passes)."""

    name = "filled"

    def post_process(self, output: list[Any]) -> None:
        """Fail naming the fields that are null or empty."""
        for item in output:
            if is_item(item):
                adapter = ItemAdapter(item)
                empty = [name for name in self.args if adapter.get(name) in (None, "", [], {})]
                if empty:
                    raise ContractFail(f"empty fields: {', '.join(empty)}")
