"""The words of related boxes: headings by language, class/id/ARIA tokens, and their verdicts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract.caching import memo, str_cache
from crawler.extract.text import fold_text
from crawler.extract.vocab import EXCLUDED_LABELS, GENERIC_LABELS, RELATED_LABELS

RELATED = "related"
GENERIC = "generic"
EXCLUDED = "excluded"

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
