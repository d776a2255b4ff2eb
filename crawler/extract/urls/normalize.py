"""URL normalization and site identity: the URL to fetch, the key of an article, its site."""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

from crawler.extract.caching import str_cache

# No network, no cache directory: the suffix list snapshot shipped inside tldextract.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Zero-width characters survive str.split(); copy-paste from word processors brings them in.
_WHITESPACE = re.compile(r"\s")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Only entities with their semicolon: "?a=1&copy=2" is a parameter, not "©=2".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Parameters that identify a campaign or a click, never a document.
_TRACKING_PARAM = re.compile(
    r"""^(?:utm_\w*|fbclid|gclid|gclsrc|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl
    |xtor|xtref|xts|at_\w+|ref|ref_src|ref_url|referrer|ns_\w+|ito|cmpid|cmp|ocid|icid
    |mtm_\w+|pk_\w+|piwik_\w+|_hsenc|_hsmi|hsctatracking|s_cid|sr_share|wt_mc|wt_zmc
    |share|shared|smid|from_rss|origin_ref|rb_clickid|oly_\w+
    |vero_\w+|soc_src|soc_trk|dicbo|sc_cid|outputtype|amp|_amp|output)$""",
    re.X | re.I,
)
# "outputType=amp" and "amp=1" mark an AMP copy; "outputType=xml" is a feed and must stay.
_AMP_VALUES = frozenset({"", "1", "true", "amp", "yes"})
# "/<slug>-ID/amp/", "/amp/<path>", "/<slug>.amp", "/<slug>.amp.html" (BBC, Spiegel, WordPress).
_AMP_PATH = (
    (re.compile(r"/amp/?$"), "/"),
    (re.compile(r"^/amp(/.+)$"), r"\1"),
    (re.compile(r"\.amp(\.html?)?$"), r"\1"),
)
_HOST_ALIASES = re.compile(r"^(?:www\d?|m|mobile|amp)\.(?=.+\.)")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _clean_query(url: str, query: str) -> str:
    """Drop tracking and AMP-marker parameters with w3lib's url_query_cleaner."""
    drop = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        lowered = name.lower()
        if not _TRACKING_PARAM.match(name):
            continue
        # "outputType=xml" selects the feed, "output=json" an API answer: keep those.
        if lowered in ("outputtype", "output", "amp", "_amp") and value.lower() not in _AMP_VALUES:
            continue
        drop.append(name)
    if not drop:
        return url
    return url_query_cleaner(url, drop, remove=True, keep_fragments=False)


def _fold_amp_path(path: str) -> str:
    if "amp" not in path:
        return path
    for pattern, replacement in _AMP_PATH:
        folded = pattern.sub(replacement, path)
        if folded != path:
            return folded or "/"
    return path


# Already-canonical absolute URLs (lower-case scheme and host, ASCII path of unreserved
# characters, no query, no percent-escapes, no dot segments) need no w3lib pass: most links of a
# page take this path, which keeps link discovery within its 2 ms budget.
_SIMPLE_URL = re.compile(
    r"(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9\-._~/!$'()*+,;=:@]*)?(?:#.*)?\Z"
)


@str_cache(maxsize=4096)
def origin_of(base: str) -> tuple[str, str]:
    """(scheme, "scheme://netloc") of a base URL, for joining root-relative links cheaply."""
    parts = urlsplit(base)
    return parts.scheme, f"{parts.scheme}://{parts.netloc}"


def join_url(base: str | None, url: str) -> str:
    """`url` made absolute against `base` (cheap paths for absolute and root-relative links)."""
    if url.startswith(("http://", "https://")):
        return url
    if not base:
        return "https:" + url if url.startswith("//") else url
    if url.startswith("//"):
        return f"{origin_of(base)[0]}:{url}"
    if url.startswith("/"):
        return origin_of(base)[1] + url
    return urljoin(base, url)


_SIMPLE_ORIGIN = re.compile(r"(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?\Z")


@str_cache(maxsize=1024)
def simple_origin(origin: str) -> tuple[str, str] | None:
    """For an origin ("scheme://netloc", see origin_of) on which normalize_url takes its fast
    path: its normalized form and the netloc part of url_key ("http://www.x.be:8080" ->
    ("http://www.x.be:8080", "x.be:8080")); else None."""
    simple = _SIMPLE_ORIGIN.match(origin)
    if simple is None:
        return None
    scheme, host, port = simple.groups()
    host = host.lower().rstrip(".")
    if not host or host.startswith(".") or ".." in host:
        return None
    if port is not None:
        if int(port) > 65535:
            return None
        if int(port) != _DEFAULT_PORTS[scheme]:
            host = f"{host}:{int(port)}"
    return f"{scheme}://{host}", _HOST_ALIASES.sub("", host)


def normalize_plain_path(origin: tuple[str, str], path: str) -> tuple[str, str] | None:
    """(normalize_url(path, base), its url_key) for a root-relative link of a simple origin
    (simple_origin(origin_of(base))), when `path` is one "/" and printable ASCII of unreserved
    and sub-delimiter characters without query, fragment or dot segment; else None."""
    if not _PLAIN_PATH.match(path) or "/." in path:
        return None
    folded = _fold_amp_path(path)
    if "amp" in folded:
        # Folding again (as url_key's normalization does) could change it: the general way.
        url = f"{origin[0]}{folded}"
        return url, url_key(url)
    return f"{origin[0]}{folded}", f"{origin[1]}{folded.rstrip('/') or '/'}"


_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~/!$'()*+,;=:@]*\Z")


@str_cache(maxsize=65536)
def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of `url` (resolved against `base`), or None when it is not an
    http(s) link (mailto:, tel:, javascript:, data:, a bare fragment without base, garbage)."""
    if not url:
        return None
    if not url.isascii() or _WHITESPACE.search(url):
        url = _INVISIBLE.sub("", "".join(url.split()))
    if "&" in url:
        url = _ENTITY.sub(lambda m: html.unescape(m.group(0)), url)
    if not url:
        return None
    try:
        joined = join_url(base, url)
    except ValueError:
        return None
    simple = _SIMPLE_URL.match(joined)
    if simple is not None and "/." not in (simple.group(4) or ""):
        scheme, host, port, path = simple.groups()
        host = host.lower().rstrip(".")
        if host and not host.startswith(".") and ".." not in host:
            if port is not None and int(port) > 65535:
                return None
            if port is not None and int(port) != _DEFAULT_PORTS[scheme]:
                host = f"{host}:{int(port)}"
            return f"{scheme}://{host}{_fold_amp_path(path or '/')}"
    try:
        # urljoin also removes dot segments ("/depeches/../news.phtml") from absolute links.
        return _normalize_w3lib(urljoin(base, url) if base else joined)
    except ValueError:
        return None


def _normalize_w3lib(url: str) -> str | None:
    """The general path of normalize_url for absolute URLs: w3lib does the hard parts."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if "/." in path:  # "http://x.be/a/../b": urljoin removes dot segments of a path
        path = urlsplit(urljoin(f"{scheme}://{netloc}/", path)).path
    path = _fold_amp_path(path)
    # Userinfo is dropped on purpose: a news link never needs credentials.
    rebuilt = urlunsplit((scheme, netloc, path, parts.query, ""))
    if parts.query:
        rebuilt = _clean_query(rebuilt, parts.query)
    try:
        # safe_url_string percent-encodes non-ASCII paths and IDNA-encodes the host;
        # canonicalize_url sorts the query and makes the percent-encoding canonical.
        return canonicalize_url(safe_url_string(rebuilt), keep_fragments=False)
    except (ValueError, UnicodeError):
        return None


def is_amp_url(url: str) -> bool:
    """Whether `url` is an AMP copy (``?outputType=amp``, ``/amp/``, ``.amp``, ``amp.`` host)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if (parts.hostname or "").startswith("amp."):
        return True
    if any(pattern.search(parts.path) for pattern, _ in _AMP_PATH):
        return True
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if name.lower() in ("outputtype", "output", "amp", "_amp") and (
            value.lower() in _AMP_VALUES
        ):
            return True
    return False


def fold_amp(url: str) -> str:
    """The article URL an AMP copy stands for (normalized); other URLs are only normalized."""
    normalized = normalize_url(url)
    if normalized is None:
        return url
    parts = urlsplit(normalized)
    host = parts.hostname or ""
    if host.startswith("amp."):
        # amp.theguardian.com serves www.theguardian.com's articles.
        netloc = "www." + parts.netloc[4:]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return normalized


@str_cache(maxsize=65536)
def url_key(url: str) -> str:
    """Comparison key of an article URL: normalized, then http/https, www./m./amp. host
    labels and the trailing slash ignored. Two URLs with one key are one article."""
    normalized = normalize_url(url) or url
    simple = _SIMPLE_NORMALIZED.match(normalized)
    if simple is not None:
        # What urlsplit gives for such a URL, without its cost: most keys are of this form.
        netloc, path = simple.group(1), simple.group(2) or ""
        return f"{_HOST_ALIASES.sub('', netloc)}{path.rstrip('/') or '/'}"
    parts = urlsplit(normalized)
    netloc = _HOST_ALIASES.sub("", parts.netloc)
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{netloc}{path}{query}"


# A normalized URL without userinfo, IPv6 literal, query or fragment, in printable ASCII.
_SIMPLE_NORMALIZED = re.compile(r"https?://([A-Za-z0-9.:-]+)(/[A-Za-z0-9\-._~/!$'()*+,;=:@%]*)?\Z")


@str_cache(maxsize=16384)
def registered_domain(host: str) -> str:
    """ "lalibre.be" for "www.lalibre.be"; the host itself (with its port, when given) for IP
    addresses and hosts without a public suffix ("127.0.0.1:8000", "localhost")."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):  # "[::1]:8000"
        return host
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if _is_ip(name):
        return host
    result = _TLD(name)
    domain = result.top_domain_under_public_suffix
    return domain or host


def site_of(url: str) -> str | None:
    """The site identity of a URL: its registered domain, or ``host:port`` for IP and
    single-label hosts (the port omitted when it is the scheme's default)."""
    start = url.find("://")
    if start < 0:
        return None
    rest = url[start + 3 :]
    cut = len(rest)
    for sep in "/?#":
        index = rest.find(sep)
        if 0 <= index < cut:
            cut = index
    return site_of_netloc(url[:start].lower(), rest[:cut])


@str_cache(maxsize=16384)
def site_of_netloc(scheme: str, netloc: str) -> str | None:
    """`site_of` for a URL's scheme and netloc."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}/")
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    domain = registered_domain(host)
    if domain != host:
        return domain
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def same_site(url: str, other: str) -> bool:
    """Whether two URLs belong to the same site (same registered domain, or same host:port for
    IP addresses and hosts like localhost)."""
    site = site_of(url)
    return site is not None and site == site_of(other)


def is_loopback_url(url: str) -> bool:
    """Whether `url` is served from this machine: a loopback address (127.0.0.0/8, ::1) or
    `localhost`. Pages fetched there are local copies, never the live site."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
