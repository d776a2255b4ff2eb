"""The words of related boxes: headings by language, class/id/ARIA tokens, and their verdicts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from crawler.extract.caching import memo, str_cache
from crawler.extract.vocab import EXCLUDED_LABELS, GENERIC_LABELS, RELATED_LABELS

RELATED = "related"
GENERIC = "generic"
EXCLUDED = "excluded"

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


MAX_LABEL = 120


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    folded = sorted({fold_text(label) for label in labels if label.strip()}, key=len, reverse=True)
    alternation = "|".join(re.escape(label) for label in folded)
    # "relacionad" is a stem ("relacionadas"); other labels end on a word boundary.
    return re.compile(rf"^(?:{alternation})(?:\w*(?<=relacionad\w)|)(?!\w)")


@memo(maxsize=64)
def extra_label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A site profile's own related labels, compiled once per profile."""
    return _label_pattern(labels)


_RELATED_LABEL = _label_pattern(RELATED_LABELS)
_EXCLUDED_LABEL = _label_pattern(EXCLUDED_LABELS)
_GENERIC_LABEL = _label_pattern(GENERIC_LABELS)


# Headings repeat from page to page ("Les plus lus", "À lire aussi"): verdicts are kept, bounded.
@str_cache(maxsize=4096)
def label_kind(text: str, extra_related: re.Pattern[str] | None = None) -> str | None:
    """ "excluded", "related" or "generic" for a heading/label text, None when it is none of
    them. A related label wins over a generic one that starts it ("More on this story" is
    related, "More from Politics" generic)."""
    folded = fold_text(text)
    if not folded or len(folded) > MAX_LABEL:
        return None
    if _EXCLUDED_LABEL.match(folded):
        return EXCLUDED
    if _RELATED_LABEL.match(folded) or (extra_related is not None and extra_related.match(folded)):
        return RELATED
    if _GENERIC_LABEL.match(folded):
        return GENERIC
    return None
