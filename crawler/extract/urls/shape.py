"""Article-shaped URLs: what a URL says about the page behind it, judged before fetching."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.extract.sites import SiteProfile
from crawler.extract.urls.dated import DATE_IN_PATH, DAY_FIRST_DATE
from crawler.extract.vocab.urls import (
    ACTION_STEM,
    NOT_ARTICLE_SEGMENTS,
    SECTION_SEGMENTS,
    SERVICE_HOST_LABELS,
)

_MEDIA_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|tiff?|pdf|mp3|mp4|m4a|m4v|aac|wav|ogg|oga|ogv"
    r"|webm|avi|mov|wmv|flv|swf|mkv|zip|gz|rar|7z|docx?|xlsx?|pptx?|odt|csv|css|js|json|xml"
    r"|rss|atom|txt|ics|vcf|apk|exe|dmg|woff2?|ttf|eot)/?$",
    re.I,
)
_NOT_ARTICLE_SEGMENT = frozenset(NOT_ARTICLE_SEGMENTS)
# The same words as a file's name. Not "page": CMSs serve stories as "page.php?id=123".
_NOT_ARTICLE_FILE_STEMS = _NOT_ARTICLE_SEGMENT - {"page", "pages"}


def _story_below(path: str, last: str) -> bool:
    """Whether a path under a section names a story: its last segment is a slug of four words
    or more, and the path carries a date or a content id."""
    stem = last.rsplit(".", 1)[0] if "." in last else last
    if len(_SLUG_WORDS.findall(stem)) < 4:
        return False
    return bool(
        DATE_IN_PATH.search(path)
        or DAY_FIRST_DATE.search(path)
        or _NUMERIC_ID.search(path)
        or _ARC_ID.search(path)
    )


_SERVICE_HOST_LABELS = frozenset(SERVICE_HOST_LABELS)
_INDEX_FILE = re.compile(r"^(?:index|default|home|accueil|main)\.\w+$", re.I)

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
            if lowered in SECTION_SEGMENTS and len(segments) > 1:
                if story is None:
                    story = _story_below(path, segments[-1])
                if story:
                    continue
            return f"listing or service segment {segment!r}"
        if segments[-1].lower() in _NOT_ARTICLE_SEGMENT:
            return f"listing or service page {segments[-1]!r}"
    last = path.rstrip("/").rpartition("/")[2]
    dotted = "." in last
    stem = last.rsplit(".", 1)[0] if dotted else last
    if dotted and stem.lower() in _NOT_ARTICLE_FILE_STEMS:
        return f"listing or service page {last!r}"  # "search.php?search=x", "impressum.html"
    if dotted and _INDEX_FILE.match(last):
        # "/2021/03/08/uk/harry-meghan-interview/index.html" is the story of its directory;
        # "/international/index.html" the front of its section.
        directory = path[: path.rstrip("/").rfind("/") + 1]
        if _article_url_evidence(directory, query, site) is None:
            return f"listing or service page {last!r}"
    # "article_print.phtml" is an action; "comment-choisit-on-le-nom-des-tempetes.html" is a
    # story whose French slug starts with "comment" (how): only short stems are actions.
    if stem.count("-") + stem.count("_") <= 2 and ACTION_STEM.search(stem):
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
    date = DATE_IN_PATH.search(path) if ("20" in path or "19" in path) else None
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


# (number of path segments, first segment when there are several, trailing slash, extension).
PathShape = tuple[int, str, bool, str]


def path_shape(path: str) -> PathShape:
    """What a path looks like, not what it says: "/guides/riester/" and "/guides/gkv/" have one
    shape, "/riester/" and "/guides/riester.html" two others."""
    segments = _segments(path)
    last = segments[-1] if segments else ""
    extension = last.rpartition(".")[2].lower() if "." in last else ""
    first = segments[0].lower() if len(segments) > 1 else ""
    return len(segments), first, path.endswith("/"), extension


def evidence_free_shape(url: str, site: SiteProfile | None = None) -> PathShape | None:
    """The shape of an article URL in which nothing says "article" (no date, id or long slug:
    a blog's or a guide's "/riester/", "/magazin/ganze-welt-vegan/"), or None when the URL has
    such evidence or is no article at all (a root, a tag page): its site files stories under
    paths of that shape, which `looks_like_article_url` alone cannot tell from its menus."""
    try:
        host, path, query = host_path_query(url)
    except ValueError:
        return None
    if _article_url_evidence(path, query, site) is not None:
        return None
    if _non_article_reason(host, path, query, site) is not None:
        return None
    return path_shape(path)


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
