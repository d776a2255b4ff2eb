"""URL normalization, site identity and article-shape tests: the one place URLs are judged.

Rules (decided here, relied on everywhere else):

* ``normalize_url`` gives the URL to fetch and to export. All whitespace is removed (a seed
  pasted from a wrapped e-mail reads ``...-LS2PZR XO4JENNG3CMTBUBWR6GQ/``), entities are
  decoded, relative and protocol-relative links are resolved, scheme and host are lower-cased,
  default ports, fragments and tracking parameters are dropped, the query is put in w3lib's
  canonical order, AMP copies are folded onto their article (``?outputType=amp``, ``?amp=1``,
  a trailing or leading ``/amp`` segment, ``.amp`` / ``.amp.html`` suffixes). The path keeps
  its case (Arc ids are upper-case) and its trailing slash as given: some sites need it, some
  404 with it.
* ``url_key`` is the comparison key for "same article": it also ignores http/https, a
  leading ``www.``/``m.``/``mobile.``/``amp.`` host label and the trailing slash.
* Site identity is the registered domain (public suffix list snapshot bundled with tldextract,
  private suffixes included, so ``a.blogspot.com`` and ``b.blogspot.com`` are two sites). All
  subdomains of a registered domain are one site (``www.lalibre.be``, ``lalibre.be`` and
  ``sport.lalibre.be``); whether a page there is an article is the URL-shape test's job.
  IP addresses and single-label hosts (``localhost``) have no registered domain: their site is
  ``host:port`` exactly, so two local test servers on two ports are two sites.
"""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, safe_url_string, url_query_cleaner

from crawler.extract.caching import str_cache
from crawler.extract.sites import SiteProfile

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


# --- Article shape -------------------------------------------------------------------------

_MEDIA_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|tiff?|pdf|mp3|mp4|m4a|m4v|aac|wav|ogg|oga|ogv"
    r"|webm|avi|mov|wmv|flv|swf|mkv|zip|gz|rar|7z|docx?|xlsx?|pptx?|odt|csv|css|js|json|xml"
    r"|rss|atom|txt|ics|vcf|apk|exe|dmg|woff2?|ttf|eot)/?$",
    re.I,
)
# Path segments of pages that list or serve, never tell a story.
_NOT_ARTICLE_SEGMENT_WORDS = (
    "tag", "tags", "topic", "topics", "sujet", "sujets", "thema", "themas", "themen",
    "onderwerp", "onderwerpen", "trefwoord", "author", "authors", "auteur", "auteurs", "autor",
    "autoren", "journalist", "journalisten", "journaliste", "redacteur", "search", "recherche",
    "rechercher", "zoeken", "zoek", "suche", "buscar", "cerca", "busqueda", "category",
    "categories", "categorie", "categorieen", "rubriek", "rubrique", "rubriques", "rubriken",
    "kategorie", "section", "sections", "sectie", "dossiers", "archive", "archives", "archief",
    "archiv", "login", "logout", "signin", "sign-in", "signup", "sign-up", "register",
    "connexion", "inloggen", "anmelden", "account", "compte", "mon-compte", "moncompte",
    "profile", "profil", "abonnement", "abonnements", "abonnez-vous", "subscribe",
    "subscription", "subscriptions", "abo", "premium-offer", "newsletter", "newsletters",
    "nieuwsbrief", "services", "service", "contact", "about", "a-propos", "over-ons",
    "impressum", "privacy", "cookies", "cgu", "mentions-legales", "disclaimer", "sitemap",
    "rss", "feed", "feeds", "outboundfeeds", "print", "imprimer", "share", "partager", "sharer",
    "send", "envoyer", "mail", "email", "redirect", "meteo", "weather", "weer", "wetter",
    "horoscope", "jeux", "games", "spellen", "page", "pages",
)  # fmt: skip
_NOT_ARTICLE_SEGMENT = frozenset(_NOT_ARTICLE_SEGMENT_WORDS)
# Segments that name a part of the site: a section front on their own, but newsrooms also file
# stories under them ("/sections/goatsandsoda/2023/10/24/1208211857/<slug>",
# "/meteo/<slug>-02-11-2023-ZVNHMESPVJHM7JFRD3CI4DDXTQ.php"), which a dated or identified slug
# tells apart.
_SECTION_SEGMENT = frozenset(
    {"section", "sections", "sectie", "category", "categories", "categorie", "kategorie",
     "rubrique", "rubriques", "rubriek", "rubriken", "archive", "archives", "archief", "archiv",
     "meteo", "weather", "weer", "wetter"}
)  # fmt: skip
# "02-11-2023": a day written day first, as French and German URLs do.
_DAY_FIRST_DATE = re.compile(
    r"(?<![0-9])(?:0[1-9]|[12][0-9]|3[01])-(?:0[1-9]|1[0-2])-(?:19|20)[0-9]{2}"
)


def _story_below(path: str, last: str) -> bool:
    """Whether a path under a section names a story: its last segment is a slug of four words
    or more, and the path carries a date or a content id."""
    stem = last.rsplit(".", 1)[0] if "." in last else last
    if len(_SLUG_WORDS.findall(stem)) < 4:
        return False
    return bool(
        _DATE_IN_PATH.search(path)
        or _DAY_FIRST_DATE.search(path)
        or _NUMERIC_ID.search(path)
        or _ARC_ID.search(path)
    )


# Print/send/save actions hide in file names: "article_print.phtml", "article_send.phtml".
_ACTION_STEM = re.compile(
    r"(?:^|[_.-])(?:print|imprimer|send|envoyer|save|sauvegarder|share|partager|login"
    r"|comments?|reactions?|commentaires)(?:[_.-]|$)",
    re.I,
)
# Subdomains that serve applications around the newsroom, not its stories
# ("galeries.dhnet.be/album/...", "podcast.lalibre.be/articles/audio_....mp3", "blogs.lalibre.be").
_SERVICE_HOST_LABELS_WORDS = (
    "blog", "blogs", "galerie", "galeries", "gallery", "galleries", "photo", "photos", "foto",
    "fotos", "video", "videos", "podcast", "podcasts", "audio", "comment", "comments",
    "commentaires", "forum", "forums", "shop", "boutique", "abonnement", "abo", "subscribe",
    "login", "account", "accounts", "services", "static", "cdn", "img", "images", "media",
    "assets", "pdf", "pdf-online", "epaper", "e-paper", "jobs", "emploi", "immo", "shopping",
    "rencontres", "annonces",
)  # fmt: skip
_SERVICE_HOST_LABELS = frozenset(_SERVICE_HOST_LABELS_WORDS)
_INDEX_FILE = re.compile(r"^(?:index|default|home|accueil|main)\.\w+$", re.I)

# "/2023/09/12/", "/2023/sep/12/" (Guardian), "2023-09-12", "20230912" (De Morgen "dmf20230912"),
# "/2023/09/" (WordPress): a year first, so the scan only starts on "19"/"20".
_DATE_IN_PATH = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}"
    r"(?:/(?:0?[1-9]|1[0-2]|[a-z]{3})/(?:0?[1-9]|[12][0-9]|3[01])(?=/|$)"
    r"|-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|/(?:0?[1-9]|1[0-2])(?=/))",
    re.I,
)
_NUMERIC_ID = re.compile(r"(?<![0-9])[0-9]{5,}(?![0-9])")
_ARC_ID = re.compile(r"(?<![A-Z0-9])[A-Z2-7]{26}(?![A-Z0-9])")
# HLN "~a1b2c3d4", Mongo-style "-5c1a2b3c4d5e6f7a8b9c0d1e": whole hex tokens with digits and
# letters; "dmf20230912_97654321" (De Morgen), "cnt1a2b3c4d5e": long letter+digit tokens. The
# patterns find runs; the digit/letter counts are checked in Python (lookaheads cost more).
_HEX_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{8,}(?![0-9A-Za-z])")
_ALNUM_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{10,}(?![0-9A-Za-z])")
# Older CMSs carry the story id in the query: "article.php?id=123456", WordPress "?p=4567".
_QUERY_ID = re.compile(
    r"(?:^|&)(?:id|p|art_?id|article_?id|article|story_?id|story|news_?id|nid|cid)=\d{4,}(?:&|$)",
    re.I,
)
_SLUG_WORDS = re.compile(r"[a-z0-9\u00c0-\u024f]+", re.I)
_DIGIT = re.compile(r"[0-9]")


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def host_path_query(url: str) -> tuple[str, str, str]:
    """(host, path, query) of an absolute URL by plain string cuts: urlsplit costs several times
    more, and this runs for every link of every page."""
    start = url.find("://")
    if start < 0:
        parts = urlsplit(url)
        return (parts.hostname or ""), parts.path, parts.query
    rest = url[start + 3 :].split("#", 1)[0]
    cut = len(rest)
    for sep in "/?":
        index = rest.find(sep)
        if 0 <= index < cut:
            cut = index
    netloc, tail = rest[:cut], rest[cut:]
    host = netloc.rpartition("@")[2]
    host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    path, _, query = tail.partition("?")
    return host.lower(), path or "/", query


def non_article_reason(url: str, site: SiteProfile | None = None) -> str | None:
    """Why `url` is certainly not an article page (media file, tag/author/search/section page,
    share or print action, site root, service subdomain), or None when nothing rules it out."""
    try:
        host, path, query = host_path_query(url)
    except ValueError:
        return "unparsable"
    return _non_article_reason(host, path, query, site)


def _non_article_reason(host: str, path: str, query: str, site: SiteProfile | None) -> str | None:
    # Every test below is guarded by a cheaper one that is necessary for it to match ("." before
    # a file extension, a word of the set among the segments): this runs for every link.
    if host.count(".") >= 2 and host.split(".", 1)[0] in _SERVICE_HOST_LABELS:
        return f"service subdomain {host!r}"
    if "." in path and _MEDIA_EXT.search(path):
        return "media file"
    if site is not None:
        for pattern in site.not_article_url:
            if pattern.search(path):
                return "site profile: not an article"
    if not path.strip("/"):
        return "site root"
    if not _NOT_ARTICLE_SEGMENT.isdisjoint(path.lower().split("/")):
        segments = _segments(path)
        story = None
        for segment in segments[:-1] if len(segments) > 1 else segments:
            lowered = segment.lower()
            if lowered not in _NOT_ARTICLE_SEGMENT:
                continue
            if lowered in _SECTION_SEGMENT and len(segments) > 1:
                if story is None:
                    story = _story_below(path, segments[-1])
                if story:
                    continue
            return f"listing or service segment {segment!r}"
        if segments[-1].lower() in _NOT_ARTICLE_SEGMENT:
            return f"listing or service page {segments[-1]!r}"
    last = path.rstrip("/").rpartition("/")[2]
    if "." in last and _INDEX_FILE.match(last):
        return f"listing or service page {last!r}"
    stem = last.rsplit(".", 1)[0] if "." in last else last
    # "article_print.phtml" is an action; "comment-choisit-on-le-nom-des-tempetes.html" is a
    # story whose French slug starts with "comment" (how): only short stems are actions.
    if stem.count("-") + stem.count("_") <= 2 and _ACTION_STEM.search(stem):
        return "print, share or save action"
    if query and ("outputtype=xml" in query.lower() or "outputtype=rss" in query.lower()):
        return "feed"
    return None


def article_url_evidence(url: str, site: SiteProfile | None = None) -> str | None:
    """What in the URL says "article": a site pattern, a date, an id, a long slug; or None."""
    try:
        _, path, query = host_path_query(url)
    except ValueError:
        return None
    return _article_url_evidence(path, query, site)


def _article_url_evidence(path: str, query: str, site: SiteProfile | None) -> str | None:
    if site is not None:
        for pattern in site.article_url:  # a loop: cheaper than any() over a generator
            if pattern.search(path):
                return "site pattern"
    last = path.rstrip("/").rpartition("/")[2]
    if not last:
        return None
    # A year starts every date form; ids need digits or upper-case letters: section pages
    # ("/international/") have neither and leave after a few substring tests.
    date = _DATE_IN_PATH.search(path) if ("20" in path or "19" in path) else None
    # A date alone ("/2023/09/12/") is a day archive: a story follows the date.
    if date and path[date.end() :].strip("/-_"):
        return "date"
    # An Arc id has upper-case letters, or is 26 digits: a lower-case path needs a digit.
    if (not path.islower() or _DIGIT.search(path)) and _ARC_ID.search(path):
        return "content id"
    # Ids are judged outside the date so that "/2023/09/" is not read as one.
    undated = path[: date.start()] + path[date.end() :] if date else path
    if _DIGIT.search(undated):
        if _NUMERIC_ID.search(undated):
            return "numeric id"
        for run in _HEX_RUN.findall(undated):
            digits = sum(c.isdigit() for c in run)
            if 2 <= digits < len(run):
                return "content id"
        for run in _ALNUM_RUN.findall(undated):
            digits = sum(c.isdigit() for c in run)
            if digits >= 3 and len(run) - digits >= 2:
                return "content id"
    if query and _QUERY_ID.search(query):
        return "query id"
    stem = last.rsplit(".", 1)[0] if "." in last else last
    if len(stem) >= 20 and len(_SLUG_WORDS.findall(stem)) >= 4:
        return "slug"
    return None


def article_shape(host: str, path: str, query: str, site: SiteProfile | None) -> bool:
    """`looks_like_article_url` for a URL already cut into lower-case host, path and query."""
    # Evidence first: most links of a page (sections, tags, services) have none, and its
    # test is the cheaper one.
    return (
        _article_url_evidence(path, query, site) is not None
        and _non_article_reason(host, path, query, site) is None
    )


def looks_like_article_url(url: str, site: SiteProfile | None) -> bool:
    """Whether `url` has the shape of an article on its site, judged before fetching: nothing
    rules it out (media, tag/author/search/section pages, actions, root) and something points to
    an article (site profile pattern, date segments, a long numeric/hex/base32 id, a slug of four
    words or more)."""
    try:
        host, path, query = host_path_query(url)
    except ValueError:
        return False
    return article_shape(host, path, query, site)


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
