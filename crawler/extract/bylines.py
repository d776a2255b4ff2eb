"""A byline split into its people: "A and B", "Name, Role", "Name, City, Name"."""

from __future__ import annotations

import re

from crawler.extract.vocab.people import BYLINE_JOINERS, NAME_PARTICLES, ROLE_WORDS

# A comma or semicolon outside parentheses ("Jane Doe (Reuters, London)" stays one part).
_PARTS = re.compile(r"\s*[,;]\s*(?![^()]*\))")
_JOINERS = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in BYLINE_JOINERS) + r")\s+")
# "Glen Owen for The Mail on Sunday": the newspaper a person wrote for.
_FOR = re.compile(r"\s+(?:for|For|FOR)\s+(?=\S)")
# A middle initial: "M.", "J.-P."
_INITIAL = re.compile(r"^(?:[^\W\d_]\.-?)+$")
# A person's name has at most this many words ("Maria del Carmen García López").
_MAX_NAME_WORDS = 6


def split_byline(text: str) -> list[str]:
    """The people a byline names, each without the role or affiliation written beside them:
    "Kimberly Miller and Gareth McGrath" gives both names, "Rob Picheta, CNN" and "GARY B.
    GRAVES, AP Sports Writer" the name alone, "Markus M. Haefliger, London, Beat Bumbacher" the
    two names. A text that is not plainly names (an organization: "Bundesministerium für
    Wirtschaft und Klimaschutz", "Staff and news service reports"; a script without capitals)
    comes back whole: a wrong split would invent people."""
    names: list[str] = []
    for part in _PARTS.split(text.strip()):
        if not part:
            continue
        people = _people(part)
        if people is not None:
            names.extend(people)
        elif not _affiliation(part):
            return [text]
    return names or [text]


def _people(part: str) -> list[str] | None:
    """The names of one comma-separated part ("A and B for The Times"), None unless every
    piece is a name."""
    part = _FOR.split(part, maxsplit=1)[0]
    pieces = _JOINERS.split(part)
    if all(is_name(piece) for piece in pieces):
        return pieces
    return None


def is_name(text: str) -> bool:
    """Two to six words, each capitalized, an initial or a name particle, the first and last
    capitalized, none a role's or an organization's word, no digits."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS:
        return False
    if not (_capitalized(words[0]) and _capitalized(words[-1])):
        return False
    for word in words:
        if word.lower().strip(".") in ROLE_WORDS or any(c.isdigit() for c in word):
            return False
        if not (_capitalized(word) or word in NAME_PARTICLES or _INITIAL.match(word)):
            return False
    return True


def _capitalized(word: str) -> bool:
    """ "Miller", "McGrath", "GRAVES", "Veeser-Dombrowski", "O'Neill", "M.": an upper-case first
    letter, then letters, hyphens, apostrophes and a final dot."""
    core = word.rstrip(".")
    return (
        bool(core)
        and core[0].isupper()
        and all(c.isalpha() or c in "-'’" for c in core)
        and "." not in core
    )


def _affiliation(part: str) -> bool:
    """What is written beside a name and is not one: a single word (a city, an agency: "London",
    "dpa", "CNN"), a role or an organization ("AP Sports Writer", "The Washington Post")."""
    words = part.split()
    if len(words) == 1:
        return True
    if words[0].lower() == "the":
        return True
    return any(word.lower().strip(".") in ROLE_WORDS for word in words)
