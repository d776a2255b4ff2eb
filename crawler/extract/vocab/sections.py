"""Pages of a site about itself: its home in breadcrumbs ("Home"), its "about" and legal pages."""

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

# Path steps of a site's pages about itself ("/about-us/", "/datenschutz"): never an article,
# however dated and long their text. Only for judging a fetched page: as link candidates they
# are left to the link model (taken out of its candidates, the held-out figures fell).
SELF_PAGES = frozenset({
    "about", "about-us", "ueber-uns", "uber-uns", "wir-ueber-uns", "a-propos",
    "qui-sommes-nous", "over-ons", "chi-siamo", "quienes-somos", "sobre-nosotros", "contact",
    "contact-us", "kontakt", "contacto", "contatti", "impressum", "imprint", "privacy",
    "privacy-policy", "datenschutz", "datenschutzerklaerung", "privacybeleid",
    "politique-de-confidentialite", "politica-de-privacidad", "terms", "terms-of-service",
    "terms-of-use", "terms-and-conditions", "agb", "nutzungsbedingungen",
    "algemene-voorwaarden", "mentions-legales", "aviso-legal", "disclaimer", "cookies",
})  # fmt: skip
