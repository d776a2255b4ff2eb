"""Whose article a page is: the scope and identity rules for the canonical URL a page claims.

A page names its identity itself (rel=canonical, og:url), so a page can lie. The rules:

* Scope and identity come from the fetched URL's site (its registered domain). A canonical URL
  on another site is ignored: the page is exported under its own (normalized) URL, noted
  "canonical-other-site-ignored", and its links are judged by the fetched site alone. The one
  exception is a local copy: a page fetched from an address rather than a site name (an IP
  address, "localhost": the offline sites of the demo and the tests, a mirror the user chose to
  crawl, since a crawl only reaches such addresses from a seed of its own, see
  crawler/addresses.py) keeps the public canonical URL it carries, as the original site's.
  A canonical that is itself an address is never taken from another site.
* A page *owns* its canonical URL when its fetched URL (or one its request was redirected
  through) is that URL (compared by `url_key`: scheme, "www." and the trailing slash aside; on
  a local copy, by path and query). When two fetched pages claim one canonical URL, the owner
  wins; the other keeps its own URL, noted "canonical-claimed-by-other-page", unless it is the
  same text (same contentHash): then it is the same article by another address, dropped.
  A claimant whose canonical URL has no owner (yet) waits: `ClaimBook` decides when the owner
  arrives, or when the crawl has nothing else to do (then the first claimant takes the URL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.extract.urls import normalize_url, registered_domain, site_of, url_key

OTHER_SITE = "canonical-other-site-ignored"
CLAIMED = "canonical-claimed-by-other-page"


def is_address_host(url: str) -> bool:
    """Whether the URL's host is an address, not a site name: an IP literal or a name with no
    public suffix ("localhost")."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return False
    if not host:
        return False
    if ":" in host:  # IPv6 literal
        return True
    return registered_domain(host) == host


def _path_key(url: str) -> str:
    key = url_key(url)
    return key[key.find("/") :] if "/" in key else "/"


@dataclass(frozen=True)
class Identity:
    """The identity a page gets: its canonical URL, the site its links may be on, whether it is
    a local copy (owner check by path) and the note to add, if any."""

    canonical: str
    site: str | None
    local_copy: bool
    note: str | None


def identity_of(claimed: str | None, fetched: str) -> Identity:
    """Apply the scope rule to the canonical URL a page claims, given the URL it was fetched
    from (after redirects)."""
    own = normalize_url(fetched) or fetched
    site = site_of(own)
    if not claimed:
        return Identity(own, site, False, None)
    claimed_site = site_of(claimed)
    if claimed_site is not None and claimed_site == site:
        return Identity(claimed, site, False, None)
    if is_address_host(own) and not is_address_host(claimed) and claimed_site is not None:
        return Identity(claimed, site, True, None)
    return Identity(own, site, False, OTHER_SITE)


def owns(identity: Identity, fetched_urls: Iterable[str]) -> bool:
    """Whether a page fetched through `fetched_urls` (request, redirects, final URL) is the page
    its canonical URL names."""
    if identity.local_copy:
        target = _path_key(identity.canonical)
        return any(_path_key(url) == target for url in fetched_urls)
    target = url_key(identity.canonical)
    return any(url_key(url) == target for url in fetched_urls)


@dataclass
class Claim:
    """A page that claims a canonical URL it is not fetched from, waiting for a decision."""

    canonical: str
    own_url: str
    """Its normalized fetched URL: its identity if it loses."""
    content_hash: str | None
    order: tuple[int, int]
    """(depth, arrival): the first claimant of an unowned URL takes it."""
    payload: dict[str, Any] = field(default_factory=dict)
    """What the spider needs to export it later (fields, depth, referrer, response data)."""


@dataclass(frozen=True)
class Decision:
    """What to do with a claimant: export it under `canonical` (with `note`), or drop it as the
    same article as the one exported under its claimed URL (`canonical` None)."""

    claim: Claim
    canonical: str | None
    note: str | None = None


@dataclass
class ClaimBook:
    """The canonical URLs taken in this crawl, with their content hash, and the claimants waiting
    for an owner."""

    taken: dict[str, str | None] = field(default_factory=dict)
    waiting: dict[str, list[Claim]] = field(default_factory=dict)
    arrivals: int = 0

    def is_taken(self, canonical: str) -> bool:
        """Whether an item (or a known unchanged article) already holds this canonical URL."""
        return canonical in self.taken

    def take(self, canonical: str, content_hash: str | None) -> list[Decision]:
        """The owner of `canonical` is exported: decide its waiting claimants."""
        self.taken[canonical] = content_hash
        return [self._against(claim, content_hash) for claim in self.waiting.pop(canonical, [])]

    def claim(self, claim: Claim) -> Decision | None:
        """A non-owner claims a canonical URL: decided at once when the URL is taken, else None
        (it waits for `take` or `flush`)."""
        self.arrivals += 1
        claim.order = (claim.order[0], self.arrivals)
        if claim.canonical in self.taken:
            return self._against(claim, self.taken[claim.canonical])
        self.waiting.setdefault(claim.canonical, []).append(claim)
        return None

    def flush(self) -> list[Decision]:
        """Nothing else will arrive: each unowned URL goes to its first claimant (by depth, then
        arrival); the others are decided against it."""
        decisions: list[Decision] = []
        for canonical, claims in sorted(self.waiting.items()):
            first, *others = sorted(claims, key=lambda c: c.order)
            self.taken[canonical] = first.content_hash
            decisions.append(Decision(first, canonical))
            decisions += [self._against(claim, first.content_hash) for claim in others]
        self.waiting.clear()
        return decisions

    def pending(self) -> int:
        """Claimants still waiting."""
        return sum(len(claims) for claims in self.waiting.values())

    def _against(self, claim: Claim, held_hash: str | None) -> Decision:
        if claim.content_hash is not None and claim.content_hash == held_hash:
            return Decision(claim, None)
        self.taken.setdefault(claim.own_url, claim.content_hash)
        return Decision(claim, claim.own_url, CLAIMED)
