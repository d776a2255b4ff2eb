"""The patterns that match the month names of vocab/months.py, and their lookup tables."""

from __future__ import annotations

import re
from typing import Any

from crawler.extract.vocab.months import ARABIC_MONTHS, MONTH_WORDS, PERSIAN_MONTHS, THAI_MONTHS

MONTHS: dict[str, int] = {
    w: m for table in (MONTH_WORDS, ARABIC_MONTHS) for m, words in table.items() for w in words
}


def _alternation(words: dict[int, tuple[str, ...]]) -> str:
    """Month words as one regex, factored by common prefixes ("jui(?:l(?:let)?|n)"): Python's
    re tries a plain alternation's words one by one at every number in the text, a few hundred
    words at ~0.1 µs each; the factored form reads each character once. Longer words are
    preferred ("juillet" before "juil"), as in a longest-first alternation."""
    trie: dict[str, Any] = {}
    for word in (w for ws in words.values() for w in ws):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# The Arabic names are tried only at an Arabic letter: a number followed by a Latin word (most
# attempts, in running text) fails them with one character test.
MONTH_ALT = f"{_alternation(MONTH_WORDS)}|(?=[\u0600-\u06ff])(?:{_alternation(ARABIC_MONTHS)})"

# Persian and Thai names by month (vocab/months.py says where each is used).
PERSIAN_MONTH = {w: m for m, words in PERSIAN_MONTHS.items() for w in words}

PERSIAN_ALT = _alternation(PERSIAN_MONTHS)

THAI_MONTH = {w: m for m, words in THAI_MONTHS.items() for w in words}
