"""Site knowledge as data: time zone, languages, URL shapes and related-box hints per news site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SiteProfile:
    """What we know about one news site (or a family sharing one CMS). Every field is optional
    sharpening: a site with no profile goes through the generic path."""

    name: str
    domains: tuple[str, ...]
    """Registered domains this profile applies to ("lalibre.be"); subdomains match too."""
    timezone: str | None = None
    """IANA zone of the newsroom, used for naive local times ("Publié le ... à 16h41")."""
    languages: tuple[str, ...] = ()
    """Languages of the site's visible text, for the date parser."""
    article_url: tuple[re.Pattern[str], ...] = ()
    """Patterns a URL path matches when it is an article (searched, not anchored)."""
    not_article_url: tuple[re.Pattern[str], ...] = ()
    """Patterns of paths that are never articles (tag, author, section pages)."""
    related_labels: tuple[str, ...] = ()
    """Extra headings that introduce related coverage on this site (lower-case)."""
    related_xpaths: tuple[str, ...] = ()
    """XPath expressions selecting related-coverage containers."""
    body_xpaths: tuple[str, ...] = ()
    """XPath expressions selecting the article text container."""
    excluded_xpaths: tuple[str, ...] = ()
    """XPath expressions selecting blocks that are never related coverage ("most read")."""
    typed_articles: bool = False
    """The site gives every article og:type "article": a page it types otherwise is none (its
    live blogs and dossier pages are "website"). Elsewhere, "website" is many CMSs' default on
    every page and says nothing."""
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Free-form notes kept with the profile (e.g. where the data came from)."""


# IPM group sites (La Libre, DH, L'Avenir) share the Arc XP platform and its URL shape:
# "/international/europe/guerre-ukraine-russie/2023/09/12/<slug>-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
# and older generations "/actu/belgique/article/656130/<slug>.html" (2011-13) and
# "/actu/belgique/<slug>-5c1a2b3c4d5e6f7a8b9c0d1e" (2016-20), which redirect to the new shape.
_IPM_ARTICLE = (
    re.compile(r"/\d{4}/\d{2}/\d{2}/[^/]+-[A-Z2-7]{26}/?$"),
    re.compile(r"/article/\d{4,}/[^/]+\.html$"),
    re.compile(r"/[a-z0-9-]+-[0-9a-f]{24}$"),
)
_IPM_NOT_ARTICLE = (
    re.compile(r"^/(?:tags?|auteurs?|authors?|recherche|search|abonnement|services|newsletters?)/"),
)

PROFILES: tuple[SiteProfile, ...] = (
    SiteProfile(
        name="ipm",
        domains=("lalibre.be", "dhnet.be", "lavenir.net", "ipmgroup.be"),
        timezone="Europe/Brussels",
        languages=("fr",),
        article_url=_IPM_ARTICLE,
        not_article_url=_IPM_NOT_ARTICLE,
        related_labels=("sur le même sujet", "à lire aussi", "lire aussi", "dans le même dossier"),
        typed_articles=True,
        extra={"platform": "Arc XP", "source": "../shared/docs/design-notes.md"},
    ),
)

_BY_DOMAIN: dict[str, SiteProfile] = {d: p for p in PROFILES for d in p.domains}


def profile_for_host(host: str | None) -> SiteProfile | None:
    """The profile of the site serving `host` ("www.lalibre.be"), or None for unknown sites."""
    if not host:
        return None
    host = host.lower().rstrip(".").split(":", 1)[0]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        profile = _BY_DOMAIN.get(".".join(parts[i:]))
        if profile is not None:
            return profile
    return None
