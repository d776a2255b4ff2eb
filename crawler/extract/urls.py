"""URL normalization, site identity and article-shape tests: the one place URLs are judged."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.extract.sites import SiteProfile


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of `url` (resolved against `base`), or None when it is not an
    http(s) link (INTERFACE STUB: being implemented)."""
    url = "".join(url.split())
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return parts._replace(fragment="").geturl()


def registered_domain(host: str) -> str:
    """"lalibre.be" for "www.lalibre.be" (INTERFACE STUB)."""
    return ".".join(host.lower().split(":")[0].split(".")[-2:])


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to the same site (INTERFACE STUB)."""
    a, b = urlsplit(url).hostname or "", urlsplit(other).hostname or ""
    return registered_domain(a) == registered_domain(b)


def looks_like_article_url(url: str, site: SiteProfile | None) -> bool:
    """Whether `url` has the shape of an article on its site, judged before fetching (STUB)."""
    del site
    return urlsplit(url).path.count("/") >= 2
