"""Whitespace and markup normalizers the extractors share (links/labels.py folds case too)."""

from __future__ import annotations

import re
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


def visible_text(text: str) -> str:
    """Visible-text form of an HTML snippet: tags dropped, entities decoded, spaces (zero-width
    ones too) collapsed."""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return _SPACES.sub(" ", text).strip()
