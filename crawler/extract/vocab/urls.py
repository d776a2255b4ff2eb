"""Words of URLs: segments of pages that list or serve, section names, actions, service hosts."""

from __future__ import annotations

import re

# Path segments of pages that list or serve, never tell a story.
NOT_ARTICLE_SEGMENTS = (
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
    "horoscope", "jeux", "games", "spellen", "page", "pages", "forum", "forums", "shop",
    "jobs", "job", "karriere", "stellenangebote", "player", "players", "spieler", "joueurs",
    "teams", "podcasts",
)  # fmt: skip
# Segments that name a part of the site: a section front on their own, but newsrooms also file
# stories under them ("/sections/goatsandsoda/2023/10/24/1208211857/<slug>",
# "/meteo/<slug>-02-11-2023-ZVNHMESPVJHM7JFRD3CI4DDXTQ.php"), which a dated or identified slug
# tells apart.
SECTION_SEGMENTS = frozenset(
    {"section", "sections", "sectie", "category", "categories", "categorie", "kategorie",
     "rubrique", "rubriques", "rubriek", "rubriken", "archive", "archives", "archief", "archiv",
     "meteo", "weather", "weer", "wetter", "forum", "forums", "jobs", "job", "karriere",
     "podcasts"}
)  # fmt: skip

# Print/send/save actions hide in file names: "article_print.phtml", "article_send.phtml".
ACTION_STEM = re.compile(
    r"(?:^|[_.-])(?:print|imprimer|send|envoyer|save|sauvegarder|share|partager|login"
    r"|comments?|reactions?|commentaires)(?:[_.-]|$)",
    re.I,
)
# Subdomains that serve applications around the newsroom, not its stories
# ("galeries.dhnet.be/album/...", "podcast.lalibre.be/articles/audio_....mp3", "blogs.lalibre.be").
SERVICE_HOST_LABELS = (
    "blog", "blogs", "galerie", "galeries", "gallery", "galleries", "photo", "photos", "foto",
    "fotos", "video", "videos", "podcast", "podcasts", "audio", "comment", "comments",
    "commentaires", "forum", "forums", "shop", "boutique", "abonnement", "abo", "subscribe",
    "login", "account", "accounts", "services", "static", "cdn", "img", "images", "media",
    "assets", "pdf", "pdf-online", "epaper", "e-paper", "jobs", "emploi", "immo", "shopping",
    "rencontres", "annonces",
)  # fmt: skip
