"""Text normalizers the extractors share: spaces collapsed, markup dropped, case folded."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

_WS = re.compile(r"\s+")

# Non-breaking and thin spaces are how French typography separates "à" from "15h01":
# "27 octobre 2023 à&nbsp;15h01". Folding them keeps every date pattern to plain spaces; the
# zero-width space, which is no whitespace to Python, goes too.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b]+")
_TAGS = re.compile(r"<[^>]*>")


def collapse_spaces(text: str | None) -> str:
    """Collapse whitespace (incl. non-breaking spaces) and strip; markup and entities are kept
    as they are (a headline's "AT&amp;T" is its text)."""
    return _WS.sub(" ", text or "").strip()


# An HTML character reference: "&#8217;", "&#x00E4;", "&raquo;".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# A tag or a comment: "<" then a tag name ("<p>", "</a>", "<br/>"), not "a < b and c > d".
MARKUP = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.S)
# Tags that end a paragraph or a line: the words on either side are apart.
MARKUP_BREAK = re.compile(
    r"<(?:/?(?:p|div|h[1-6]|li|blockquote|section|figure|tr)|br)\b[^>]*>", re.I
)
# References escaped this many times over are decoded ("&amp;amp;uuml;" in a JSON-LD text).
_MAX_UNESCAPES = 3


def decoded_text(text: str | None) -> str:
    """collapse_spaces for the values a page declares in its metadata (JSON-LD, <meta>) and for
    its headline: HTML character references decoded again while some are left, and tags
    dropped. CMSs escape these values twice or three times ("Olive &#038; Herb Focaccia",
    "Gr&#252;&#223;e", "enth&amp;uuml;llen" in JSON-LD) or leave their markup in them
    ("<p>Antonin Bernanos...</p>"), which no reader is meant to see; a text without either is
    returned as collapse_spaces gives it."""
    text = text or ""
    for _ in range(_MAX_UNESCAPES):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = unescape(text)
    if "<" in text:
        text = MARKUP.sub("", MARKUP_BREAK.sub(" ", text))
    return collapse_spaces(text)


def visible_text(text: str) -> str:
    """Visible-text form of an HTML snippet: tags dropped, entities decoded, spaces (zero-width
    ones too) collapsed."""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return _SPACES.sub(" ", text).strip()


# "► À lire aussi", "» Lees ook", "📌 Lire aussi", "— Related": decoration before a label.
_BULLETS = re.compile(r"^[\W_]+")


def _combining_class() -> re.Pattern[str]:
    """One regex character class of the combining marks of the Basic Multilingual Plane (the
    accents NFKD splits off): removing them in C, not character by character in Python."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_COMBINING = _combining_class()


def fold_text(text: str) -> str:
    """Lower-case, accent-free, single-spaced text without leading bullets ("► À lire aussi")."""
    if text.isascii():  # nothing to decompose: the common case, and a cheap one
        return _BULLETS.sub("", " ".join(text.lower().split()))
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    text = " ".join(text.replace("\u2019", "'").split())
    return _BULLETS.sub("", text)
