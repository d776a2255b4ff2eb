"""The crawl's depth bookkeeping: which link to request next and at what depth, which article to
export; `LocalFrontier` keeps it in the crawl process (the default)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from scrapy.http import Response


class Hop(NamedTuple):
    """A link to request: its URL, its depth (hops from a seed), the page it was found on
    (None for a seed) and its kind ("related-box", "body", "embedded", "listing", "seed")."""

    url: str
    depth: int
    referrer: str | None
    kind: str


class Frontier(Protocol):
    """What the `related` spider asks about depths and exports (see RelatedSpider's docstring
    for the shortest-depth rule). Links are (url, kind) pairs; URLs are normalized."""

    shared: bool
    """True when several crawl processes share the bookkeeping (a worker may start seedless)."""

    def seed(self, key: str) -> list[Hop]:
        """Record `key` as a seed (depth 0); the hops the spider requests itself."""

    def settle(self, key: str, final: str, requested: int) -> int:
        """The depth of a response (request key, final URL after redirects), before extraction;
        `requested` is the depth the request was made at."""

    def page(
        self,
        response: Response,
        *,
        key: str,
        final: str,
        depth: int,
        canonical: str,
        links: Sequence[tuple[str, str]],
        fresh: bool,
    ) -> tuple[int, bool, list[Hop]]:
        """An article's page was read: remember its links, follow them. `fresh`: a page fetched
        and extracted (else one known unchanged from the state store, exported earlier). Returns
        its depth (the shortest known now), whether to export it (False: the same article by
        another address was exported already) and the hops the spider requests itself."""

    def follow(self, links: Iterable[tuple[str, str]], depth: int, referrer: str) -> list[Hop]:
        """Links found on a page at `depth` (a listing seed's): the hops to request."""


class LocalFrontier:
    """The bookkeeping in this process: normalized URL -> shortest known depth, normalized URL
    -> its page's related links, and the canonical URLs exported."""

    def __init__(self, depth_limit: int) -> None:
        """`depth_limit`: the deepest hop followed (DEPTH_LIMIT, 1 << 30 for none)."""
        self.depth_limit = depth_limit
        self.shared = False
        self.best_depth: dict[str, int] = {}
        self.links_of: dict[str, list[str]] = {}
        self.exported: set[str] = set()

    def seed(self, key: str) -> list[Hop]:
        """A seed is requested even when a link led to it already (depth 0 wins)."""
        self.best_depth[key] = 0
        return [Hop(key, 0, None, "seed")]

    def settle(self, key: str, final: str, requested: int) -> int:
        """The shorter of the key's and the final URL's depths, recorded for both."""
        depth = min(self.best_depth.get(key, requested), self.best_depth.get(final, 1 << 30))
        self.best_depth[key] = self.best_depth[final] = depth
        return depth

    def page(
        self,
        response: Response,
        *,
        key: str,
        final: str,
        depth: int,
        canonical: str,
        links: Sequence[tuple[str, str]],
        fresh: bool,
    ) -> tuple[int, bool, list[Hop]]:
        """A shorter chain may have reached the page while it was being extracted: its depth
        is read again. One export per canonical URL."""
        depth = min(depth, self.best_depth.get(key, depth), self.best_depth.get(final, depth))
        self.links_of[key] = self.links_of[final] = [url for url, _ in links]
        export = fresh and canonical not in self.exported
        self.exported.add(canonical)
        return depth, export, self.follow(links, depth, canonical)

    def follow(self, links: Iterable[tuple[str, str]], depth: int, referrer: str) -> list[Hop]:
        """Hops one further, or re-expansion where a shorter chain reaches an article already
        fetched (its links, kept from its page, move one hop closer too)."""
        hops: list[Hop] = []
        if depth >= self.depth_limit:
            return hops
        # Popped from the end: reversed, so the page's first (related-box) links go first.
        stack = [Hop(url, depth + 1, referrer, kind) for url, kind in reversed(list(links))]
        while stack:
            hop = stack.pop()
            known = self.best_depth.get(hop.url)
            if known is not None and known <= hop.depth:
                continue
            self.best_depth[hop.url] = hop.depth
            if hop.url in self.links_of:
                if hop.depth < self.depth_limit:
                    stack += [
                        Hop(u, hop.depth + 1, hop.url, "body")
                        for u in reversed(self.links_of[hop.url])
                    ]
                continue
            if known is None:
                hops.append(hop)
            # Else it is in flight from a longer chain: its response reads the new best depth.
        return hops
