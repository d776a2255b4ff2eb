"""URLs: normalization, site identity and article shape, the one place URLs are judged."""

# Rules (decided here, relied on everywhere else):
#
# * ``normalize_url`` gives the URL to fetch and to export. All whitespace is removed (a seed
#   pasted from a wrapped e-mail reads ``...-LS2PZR XO4JENNG3CMTBUBWR6GQ/``), entities are
#   decoded, relative and protocol-relative links are resolved, scheme and host are lower-cased,
#   default ports, fragments and tracking parameters are dropped, the query is put in w3lib's
#   canonical order, AMP copies are folded onto their article (``?outputType=amp``, ``?amp=1``,
#   a trailing or leading ``/amp`` segment, ``.amp`` / ``.amp.html`` suffixes). The path keeps
#   its case (Arc ids are upper-case) and its trailing slash as given: some sites need it, some
#   404 with it.
# * ``url_key`` is the comparison key for "same article": it also ignores http/https, a
#   leading ``www.``/``m.``/``mobile.``/``amp.`` host label and the trailing slash.
# * Site identity is the registered domain (public suffix list snapshot bundled with tldextract,
#   private suffixes included, so ``a.blogspot.com`` and ``b.blogspot.com`` are two sites). All
#   subdomains of a registered domain are one site (``www.lalibre.be``, ``lalibre.be`` and
#   ``sport.lalibre.be``); whether a page there is an article is the URL-shape test's job.
#   IP addresses and single-label hosts (``localhost``) have no registered domain: their site is
#   ``host:port`` exactly, so two local test servers on two ports are two sites.

from crawler.extract.urls.normalize import (
    fold_amp,
    is_amp_url,
    is_loopback_url,
    join_url,
    normalize_plain_path,
    normalize_url,
    origin_of,
    registered_domain,
    same_site,
    simple_origin,
    site_of,
    site_of_netloc,
    url_key,
)
from crawler.extract.urls.shape import (
    PathShape,
    article_shape,
    article_url_evidence,
    evidence_free_shape,
    host_path_query,
    looks_like_article_url,
    non_article_reason,
    path_shape,
)

__all__ = [
    "PathShape",
    "article_shape",
    "article_url_evidence",
    "evidence_free_shape",
    "fold_amp",
    "host_path_query",
    "is_amp_url",
    "is_loopback_url",
    "join_url",
    "looks_like_article_url",
    "non_article_reason",
    "normalize_plain_path",
    "normalize_url",
    "origin_of",
    "path_shape",
    "registered_domain",
    "same_site",
    "simple_origin",
    "site_of",
    "site_of_netloc",
    "url_key",
]
