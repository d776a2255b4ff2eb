"""Words around an author's name in bylines: what precedes it ("By", "Von", "View all posts by")."""

from __future__ import annotations

# Lower-case, the longest first where one starts another. Not "de", "di", "da", "af", "av":
# they start names too ("De Vries", "Di Maio").
BYLINE_PREFIXES = (
    "view all posts by", "all posts by", "more posts by", "see all posts by", "posts by",
    "zeige alle beiträge von", "alle beiträge von", "alle artikel von", "mehr von",
    "tous les articles de", "articles de", "voir tous les articles de",
    "written by", "posted by", "published by", "created by", "geschrieben von", "verfasst von",
    "écrit par", "publié par", "rédigé par", "escrito por", "publicado por", "scritto da",
    "geschreven door", "by", "von", "par", "door", "por", "przez",
)  # fmt: skip
