"""Breadcrumb steps that are never an article's section: the home page, "You are here"."""

from __future__ import annotations

# Folded (lower-case, accent-free: text.fold_text), without a trailing colon or ">".
HOME_NAMES = frozenset({
    "home", "home page", "homepage", "start", "startseite", "accueil", "page d'accueil",
    "inicio", "portada", "pagina inicial", "pagina principale", "voorpagina", "etusivu",
    "hem", "startsida", "forside", "strona glowna", "glowna", "uvod", "hlavni stranka",
    "anasayfa", "ana sayfa", "главная", "главная страница", "首页", "ホーム", "トップ", "홈",
    # The trail's own label, written as its first step.
    "you are here", "sie befinden sich hier", "sie sind hier", "vous etes ici", "usted esta aqui",
    "estas en", "ti trovi in", "u bent hier", "jestes tutaj",
})  # fmt: skip
