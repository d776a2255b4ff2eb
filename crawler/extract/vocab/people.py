"""Words around an author's name in bylines: what precedes it ("By", "Von", "View all posts by")."""

from __future__ import annotations

import re

# Lower-case, the longest first where one starts another. Not "de", "di", "da", "af", "av":
# they start names too ("De Vries", "Di Maio").
BYLINE_PREFIXES = (
    "view all posts by", "all posts by", "more posts by", "see all posts by", "posts by",
    "zeige alle beiträge von", "alle beiträge von", "alle artikel von", "mehr von",
    "tous les articles de", "articles de", "voir tous les articles de",
    "written by", "posted by", "published by", "created by", "geschrieben von", "verfasst von",
    "écrit par", "publié par", "rédigé par", "escrito por", "publicado por", "scritto da",
    "geschreven door", "veröffentlicht von", "erstellt von", "by", "von", "par", "door", "por",
    "przez",
)  # fmt: skip

# Words that join two people in a byline ("Kimberly Miller and Gareth McGrath").
BYLINE_JOINERS = ("and", "And", "AND", "und", "&", "et", "y", "e", "och", "og", "ja", "oraz")
# Lower-case words inside a name ("Christoph von Eichhorn", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
    "la", "le", "zu", "ter", "ten", "bin", "ibn", "al", "el", "y",
})  # fmt: skip
# Words of a role or an organization, never of a person's name: "AP Sports Writer", "Staff
# Reporter", "Redaktion", "bergportal GmbH" (compared lower-case).
ROLE_WORDS = frozenset({
    "writer", "reporter", "correspondent", "editor", "editors", "staff", "columnist", "contributor",
    "redaktion", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "autor",
    "autorin", "rédaction", "correspondant", "correspondante", "envoyé", "envoyée", "spécial",
    "redacción", "corresponsal", "redazione", "team", "desk", "news", "press", "presse",
    "agency", "agentur", "media", "verlag", "online", "service", "services", "gmbh", "ag",
    "inc", "inc.", "ltd", "ltd.", "llc", "sa", "s.a.", "group", "magazine", "magazin",
    "newsroom", "bureau", "times", "post", "herald", "journal", "tribune", "gazette", "daily",
    "weekly", "zeitung", "wire", "wires", "reports", "report",
})  # fmt: skip

# Class names of the element that shows a byline ("byline", "entry-author", "c-byline",
# "author-name"), compared token by token; not a commenter's ("comment-author") or a tweet's.
BYLINE_CLASS = re.compile(
    r"(?:[a-z0-9]+[-_]+)*(?:byline|author|autor|auteur|verfasser)(?:[-_]+names?)?"
)
NOT_BYLINE_CLASS_PREFIXES = ("comment", "tweet", "reply")
# One of these is in every name BYLINE_CLASS matches: Page.named_like's cheap substring test.
BYLINE_WORDS = ("byline", "author", "autor", "auteur", "verfasser")
BYLINE_NAMES = re.compile("|".join(BYLINE_WORDS))
# Blocks whose bylines are not the article's: comments, author boxes, teasers of other stories.
NOT_BYLINE_BLOCK = re.compile(
    r"comment|kommentar|reply|respond|related|teaser|widget|sidebar|footer|author-box"
    r"|about-author|(?<![a-z])bio(?![a-z])"
)
