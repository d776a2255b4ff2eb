"""Which hrefs of a page are same-site article URLs: the judgment, and its cache across pages."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract.caching import register
from crawler.extract.page import Page
from crawler.extract.sites import SiteProfile
from crawler.extract.urls import (
    article_shape,
    evidence_free_shape,
    host_path_query,
    join_url,
    looks_like_article_url,
    normalize_plain_path,
    normalize_url,
    origin_of,
    simple_origin,
    site_of,
    url_key,
)

_ABSOLUTE = ("https://", "http://")
_NOT_LINK_PREFIXES = ("#", "mailto:", "tel:", "javascript:", "data:", "sms:", "callto:", "about:")


# What a judged href comes to, whatever page it sits on: when its shape is an article's, the site
# of its URL and its normalized URL and comparison key; (None, None) otherwise.
_Verdict = tuple[str | None, tuple[str, str] | None]


class VerdictCache:
    """Verdicts of hrefs kept across pages, bounded: a crawl meets the same menus and the same
    related articles on page after page. Two generations: a hit in the old one is carried into
    the young one; when the young one is full the old one is dropped, so at most 2 x `size`
    verdicts (a few MB) are held however long the crawl, and what every page links to stays."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.young: dict[tuple[str, str], _Verdict] = {}
        self.old: dict[tuple[str, str], _Verdict] = {}

    def get(self, key: tuple[str, str]) -> _Verdict | None:
        """The verdict remembered for `key`, or None."""
        verdict = self.young.get(key)
        if verdict is None:
            verdict = self.old.get(key)
            if verdict is not None:
                self.put(key, verdict)
        return verdict

    def put(self, key: tuple[str, str], verdict: _Verdict) -> None:
        """Remember a verdict, dropping the old generation when the young one is full. The key
        is stored as plain strings: an lxml "smart" href would keep its whole page alive."""
        key = (str(key[0]), str(key[1]))
        if len(self.young) >= self.size:
            self.old = self.young
            self.young = {}
        self.young[key] = verdict

    def __len__(self) -> int:
        return len(self.young) + len(self.old)


_VERDICTS_SIZE = 8192
# One cache per site profile (a verdict depends on the profile's URL patterns); the profile is
# held with its cache so that its id cannot be reused. Profiles are module constants in a crawl;
# tests build many, hence the bound.
_VERDICTS: dict[int, tuple[SiteProfile | None, VerdictCache]] = {}
_MAX_PROFILES = 16
_NO_VERDICT: _Verdict = (None, None)


def verdicts_for(site: SiteProfile | None) -> VerdictCache:
    entry = _VERDICTS.get(id(site))
    if entry is None or entry[0] is not site:
        if len(_VERDICTS) >= _MAX_PROFILES:
            _VERDICTS.clear()
        entry = (site, VerdictCache(_VERDICTS_SIZE))
        _VERDICTS[id(site)] = entry
    return entry[1]


def _is_link(href: str) -> bool:
    """Whether an href leads to a page at all (not "#top", mailto:, javascript: and the like)."""
    head = href.lstrip()[:12].lower()
    return bool(head) and not head.startswith(_NOT_LINK_PREFIXES)


def _judge_href(href: str, base: str, site: SiteProfile | None) -> _Verdict:
    """The page-independent verdict of one href against `base`. The site of a URL is only
    looked up for article shapes: an unknown host costs a public-suffix lookup."""
    if not _is_link(href):
        return _NO_VERDICT
    if _PLAIN_HREF.match(href):
        # Plain links (the menus, most of a page) are judged on their joined form before any
        # normalization: non-article shapes are most links and cost least.
        joined = join_url(base, href)
        if not looks_like_article_url(joined, site):
            return _NO_VERDICT
        site_id = site_of(joined)
        url = normalize_url(href, base)
    else:
        url = normalize_url(href, base)
        if url is None or not looks_like_article_url(url, site):
            return _NO_VERDICT
        site_id = site_of(url)
    if url is None:
        return _NO_VERDICT
    return site_id, (url, url_key(url))


def _og_url(page: Page) -> str | None:
    """page.meta_first("og:url"), without building the page's meta table when no other
    extractor has (one early <meta> is all this needs)."""
    if "meta" in page.__dict__:  # the cached_property has run
        return page.meta_first("og:url")
    for el in page.by_tag["meta"]:
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key and key.strip().lower() == "og:url":
                return str(content).strip()
    return None


def _amphtml(link: HtmlElement) -> str | None:
    href = link.get("href")
    return str(href) if href is not None and link.get("rel") == "amphtml" else None


class UrlJudge:
    """Accepts an href when it is a same-site article URL other than the page itself."""

    def __init__(self, page: Page, site: SiteProfile | None) -> None:
        self.base = page.base_url
        self.site = site
        own = [page.url, page.canonical, _og_url(page)]
        own += [h for h in (_amphtml(link) for link in page.by_tag["link"]) if h is not None]
        self.sites: set[str] = set()
        self.own_keys: set[str] = set()
        for url in own:
            if not url:
                continue
            normalized = normalize_url(url, self.base)
            if normalized is None:
                continue
            self.own_keys.add(url_key(normalized))
            if url is page.url or url == page.canonical:
                site_id = site_of(normalized)
                if site_id:
                    self.sites.add(site_id)
        # A root-relative href means the same on every page of one origin, an absolute one on
        # every page of one scheme (urljoin treats same-scheme and other-scheme URLs apart):
        # those are the keys under which verdicts are shared across pages.
        self.scheme, self.origin = origin_of(self.base)
        self.origin_host = host_path_query(self.origin + "/")[0]
        self.origin_site = site_of(self.origin + "/")
        self.simple_origin = simple_origin(self.origin)
        self.shared = verdicts_for(site)
        self.young = self.shared.young
        self.local: dict[str, _Verdict] = {}
        # A page whose own address says nothing of an article ("/riester/" on a guide site)
        # tells how its site files stories: same-site links of that shape are candidates too,
        # marked (`shape_only`) for the model to weigh; None on most news pages (a date, an id).
        self.own_shape = evidence_free_shape(page.canonical or page.url, site)
        self.shape_only: set[str] = set()
        """Comparison keys of the links accepted for their shape alone."""
        self.by_shape: dict[str, tuple[str, str] | None] = {}

    def is_other_story(self, url: str) -> bool:
        """Whether a URL is an article other than this page (not its address, canonical, og:url
        or AMP copy), by its shape."""
        normalized = normalize_url(url, self.base)
        return (
            normalized is not None
            and url_key(normalized) not in self.own_keys
            and looks_like_article_url(normalized, self.site)
        )

    def accept(self, href: str) -> tuple[str, str] | None:
        """(normalized URL, comparison key) of an acceptable link, else None."""
        # The hot path of link discovery: a page has 150 to 300 hrefs, most already judged on
        # an earlier page of the crawl.
        first = href[:1]
        if first == "/":
            key = (self.origin, href)
        elif first == "h" and href.startswith(_ABSOLUTE):
            key = (self.scheme, href)
        else:
            unusual = self._scope_of_unusual(href)
            if unusual is None:
                return self._accept_relative(href)
            key = unusual
        verdict = self.young.get(key)
        if verdict is None:
            verdict = self._judge_shared(key, href)
        accepted = verdict[1]
        if accepted is None:
            return None if self.own_shape is None else self._accept_by_shape(href)
        if verdict[0] not in self.sites or accepted[1] in self.own_keys:
            return None
        return accepted

    def _accept_by_shape(self, href: str) -> tuple[str, str] | None:
        """An href without article evidence whose path has the page's own evidence-free shape
        (see `own_shape`), on this site, not this page, and ruled out by nothing (a tag, an
        author, a section, a media file); judged once per href and page."""
        if href in self.by_shape:
            return self.by_shape[href]
        accepted = None
        url = normalize_url(href, self.base) if _is_link(href) else None
        if url is not None and site_of(url) in self.sites:
            key = url_key(url)
            # The test that made `own_shape`, on the link: the same evidence-free shape.
            if key not in self.own_keys and evidence_free_shape(url, self.site) == self.own_shape:
                accepted = (url, key)
                self.shape_only.add(key)
        self.by_shape[href] = accepted
        return accepted

    def _scope_of_unusual(self, href: str) -> tuple[str, str] | None:
        """The shared key of an href that starts with white space ("\\n  /nieuws/..."),
        which normalization drops; None for relative paths, fragments, mailto: and the like."""
        if not href[:1].isspace():
            return None
        lead = href.lstrip()
        if lead.startswith("/"):
            return self.origin, href
        if lead.startswith(_ABSOLUTE):
            return self.scheme, href
        return None

    def _accept_relative(self, href: str) -> tuple[str, str] | None:
        # Relative paths depend on the whole base: judged for this page only.
        verdict = self.local.get(href)
        if verdict is None:
            verdict = _judge_href(href, self.base, self.site)
            self.local[href] = verdict
        site_id, accepted = verdict
        if accepted is None:
            return None if self.own_shape is None else self._accept_by_shape(href)
        if site_id not in self.sites or accepted[1] in self.own_keys:
            return None
        return accepted

    def _judge_shared(self, key: tuple[str, str], href: str) -> _Verdict:
        verdict = self.shared.get(key)
        if verdict is None:
            if key[0] is self.origin and href[1:2] != "/" and _PLAIN_HREF.match(href):
                verdict = self._judge_root_relative(href)
            elif (
                key[0] is self.scheme
                and not _PLAIN_HREF.match(href)
                and _SIMPLE_NETLOC.match(href)
                and site_of(href) not in self.sites
            ):
                # Share buttons ("https://www.linkedin.com/shareArticle?url=https%3A..."): on
                # another site, whatever normalization does after the host; unique to the page,
                # so not worth remembering.
                verdict = _NO_VERDICT
                self.young = self.shared.young
                return verdict
            else:
                verdict = _judge_href(href, self.base, self.site)
            # str(): an lxml "smart string" would keep its whole document alive in the cache.
            self.shared.put((key[0], str(href)), verdict)
        # The young generation may have been replaced by this put or the get's promotion.
        self.young = self.shared.young
        return verdict

    def _judge_root_relative(self, href: str) -> _Verdict:
        """_judge_href for a plain "/path?query" href: its host and site are the base's, its
        path and query are in it (most links of a page; each saves a URL parse)."""
        path, _, query = href.partition("?")
        if not article_shape(self.origin_host, path, query, self.site):
            return _NO_VERDICT
        if self.simple_origin is not None:
            normalized = normalize_plain_path(self.simple_origin, href)
            if normalized is not None:
                return self.origin_site, normalized
        url = normalize_url(href, self.base)
        if url is None:
            return _NO_VERDICT
        return self.origin_site, (url, url_key(url))


# "https://host.example:8080/...": a host that normalization only lower-cases.
_SIMPLE_NETLOC = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]|\Z)")

# ASCII, no whitespace, entities, percent-escapes, dot segments or AMP markers: normalization
# cannot change what such a link's shape says.
_PLAIN_HREF = re.compile(r"(?:https?:)?[A-Za-z0-9\-._~/!$'()*+,;=:@?]*\Z")


register(f"{__name__}._VERDICTS", _VERDICTS.clear)
