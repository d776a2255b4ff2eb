"""Page chrome of an Arc XP news site (mega-menu, footer, styles, runtime scripts), built once."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from devtools.offline._text import esc

Menu = tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]


def script_json(value: object) -> str:
    """JSON safe to inline in a <script> element (no "</" that would close it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def menu_paths(menu: Menu) -> list[str]:
    """Every section path the menu links to, in menu order."""
    paths: list[str] = []
    for _, path, subs in menu:
        paths.append(path)
        paths.extend(sub for _, sub in subs)
    return paths


@dataclass(frozen=True)
class Chrome:
    """The shared, per-site parts of every page (computed once, then concatenated)."""

    head_assets: str
    header: str
    footer: str
    runtime: str
    amp_css: str


def build_chrome(
    *,
    site_name: str,
    menu: Menu,
    footer_links: tuple[tuple[str, str], ...],
    partner_sites: tuple[tuple[str, str], ...],
    featured: tuple[tuple[str, str], ...],
    trending: tuple[tuple[str, str], ...],
    seed: int,
) -> Chrome:
    """Mega-menu, footer, inline CSS and runtime scripts of realistic size (about 45 KB)."""
    rng = random.Random(seed)
    blocks = []
    for n, (label, path, subs) in enumerate(menu):
        # Each mega panel shows a few featured stories: article links that are menu, not coverage.
        picks = [featured[(n * 3 + k) % len(featured)] for k in range(3)] if featured else []
        promos = "".join(
            f'<li class="nav__promo"><a class="nav__promo-link" href="{esc(h)}">'
            f'<img src="/resizer/v2/promo-{n}-{k}.jpg?width=240" alt="" loading="lazy">'
            f'<span class="nav__promo-title">{esc(t)}</span></a></li>'
            for k, (t, h) in enumerate(picks)
        )
        items = "".join(
            f'<li class="nav__subitem"><a class="nav__sublink" href="{esc(s)}">{esc(t)}</a></li>'
            for t, s in subs
        )
        blocks.append(
            f'<li class="nav__item nav__item--mega"><a class="nav__link" href="{esc(path)}">'
            f'{esc(label)}</a><div class="nav__mega" aria-hidden="true">'
            f'<ul class="nav__sublist">{items}</ul><ul class="nav__promos">{promos}</ul>'
            f'<a class="nav__all" href="{esc(path)}">Toute la rubrique {esc(label)}</a></div></li>'
        )
    header = (
        '<header class="site-header" role="banner"><div class="site-header__top">'
        '<a class="site-header__logo" href="/" aria-label="Accueil">'
        f'<svg viewBox="0 0 160 40" role="img"><title>{esc(site_name)}</title>'
        '<path d="M4 4h8v24h12v8H4z M30 4h8v32h-8z M44 4h10c6 0 10 3 10 8s-3 7-6 8c4 1 7 4 7 9'
        ' 0 6-5 11-12 11H44z"/></svg></a>'
        '<div class="site-header__actions"><a class="btn btn--subscribe" href="/abonnement/">'
        "Abonnez-vous</a>"
        '<a class="btn btn--login" href="/mon-compte/">Se connecter</a>'
        '<a class="site-header__search" href="/recherche/?query=">Rechercher</a></div></div>'
        '<nav class="nav nav--main" aria-label="Menu principal"><button class="nav__burger" '
        'aria-expanded="false">Menu</button><ul class="nav__list">'
        + "".join(blocks)
        + '</ul></nav><nav class="nav nav--services" aria-label="Services"><ul>'
        + "".join(
            f'<li><a href="{p}">{esc(t)}</a></li>'
            for t, p in (
                ("Newsletters", "/newsletters/"),
                ("Podcasts", "/podcasts/"),
                ("Vidéos", "/videos/"),
                ("Météo", "/services/meteo/"),
                ("Mots croisés", "/services/jeux/"),
                ("Nécrologie", "/services/necrologie/"),
                ("Archives", "/archives/"),
                ("Édition numérique", "/services/journal-numerique/"),
            )
        )
        + '</ul></nav><nav class="trending" aria-label="Sujets du moment">'
        + '<span class="trending__label">Sujets du moment</span><ul>'
        + "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in trending)
        + "</ul></nav></header>"
    )
    footer_cols = []
    for start in range(0, len(footer_links), 8):
        col = "".join(
            f'<li><a href="{esc(p)}">{esc(t)}</a></li>' for t, p in footer_links[start : start + 8]
        )
        footer_cols.append(f'<ul class="site-footer__col">{col}</ul>')
    partners = "".join(
        f'<li><a href="{esc(u)}" rel="noopener">{esc(t)}</a></li>' for t, u in partner_sites
    )
    footer = (
        '<footer class="site-footer" role="contentinfo"><div class="site-footer__sections">'
        + "".join(footer_cols)
        + '</div><div class="site-footer__social">'
        '<a href="https://www.facebook.com/lalibre.be" rel="noopener">Facebook</a>'
        '<a href="https://twitter.com/lalibrebe" rel="noopener">X (Twitter)</a>'
        '<a href="https://www.instagram.com/lalibre.be/" rel="noopener">Instagram</a>'
        '<a href="https://www.linkedin.com/company/la-libre-belgique/" rel="noopener">LinkedIn</a>'
        '</div><ul class="site-footer__partners">'
        + partners
        + '</ul><p class="site-footer__legal">© IPM Group. Tous droits réservés. '
        '<a href="/services/conditions-generales/">Conditions générales</a> · '
        '<a href="/services/vie-privee/">Vie privée</a> · '
        '<a href="/services/cookies/">Cookies</a> · <a href="/services/contact/">Contact</a></p>'
        "</footer>"
    )
    # Inline CSS the way Arc themes ship it: hundreds of BEM rules, minified.
    props = (
        "margin:0 auto",
        "padding:.5rem 1rem",
        "display:flex",
        "font-family:Georgia,serif",
        "color:#1a1a1a",
        "line-height:1.5",
        "border-bottom:1px solid #e3e3e3",
        "font-size:1.0625rem",
        "text-transform:uppercase",
        "grid-template-columns:repeat(12,1fr)",
        "background:#fff",
        "letter-spacing:.02em",
    )
    blocks_css = ("header", "nav", "article", "teaser", "footer", "widget", "ad", "paywall")
    parts = ("title", "body", "list", "item", "link", "media", "meta", "label", "icon")
    rules = []
    for block in blocks_css:
        for part in parts:
            for mod in ("", "--small", "--large", "--dark"):
                chosen = ";".join(rng.sample(props, 3))
                rules.append(f".{block}__{part}{mod}{{{chosen}}}")
    css = "".join(rules)
    ad_slots = [
        {
            "id": f"ad-{kind}-{i}",
            "sizes": [[300, 250], [300, 600], [728, 90], [970, 250]][: 1 + i % 4],
            "targeting": {"pos": f"{kind}{i}", "kw": rng.choice(["news", "premium", "lifestyle"])},
            "lazy": i > 1,
        }
        for kind in ("top", "mid", "side", "bottom", "sticky")
        for i in range(6)
    ]
    nav_json = [
        {
            "_id": path,
            "name": label,
            "site": {"site_url": path, "section_type": "section", "pagebuilder_path": path},
            "children": [
                {"_id": s, "name": t, "site": {"site_url": s, "section_type": "section"}}
                for t, s in subs
            ],
        }
        for label, path, subs in menu
    ]
    head_assets = (
        '<link rel="preconnect" href="https://cdn.ampproject.org">'
        '<link rel="preload" as="font" href="/pf/resources/fonts/lalibre-serif.woff2?d=812" '
        'crossorigin="">'
        '<link rel="icon" href="/pf/resources/favicon.ico?d=812">'
        '<link rel="alternate" type="application/rss+xml" title="La Libre - Dernières dépêches" '
        'href="/arc/outboundfeeds/rss/?outputType=xml">'
        f"<style>{css}</style>"
        '<script>window.dataLayer=window.dataLayer||[];window.ipmAds={"network":"/23022/lalibre",'
        f'"slots":{script_json(ad_slots)}}};</script>'
        '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>'
        '<script async src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"></script>'
    )
    runtime = (
        '<script src="/pf/dist/engine/react.js?d=812&amp;mxId=00000000" defer=""></script>'
        '<script src="/pf/dist/components/combinations/default.js?d=812" defer=""></script>'
        '<script>window.Fusion=window.Fusion||{};Fusion.arcSite="lalibre";'
        'Fusion.contextPath="/pf";Fusion.deployment="812";Fusion.outputType="default";'
        f'Fusion.contentCache={{"site-service-hierarchy":{{"{{\\"hierarchy\\":\\"default\\"}}":'
        f'{{"data":{{"children":{script_json(nav_json)}}},"expires":1700000000000}}}}}};</script>'
    )
    analytics = {
        "chartbeat": {"uid": 65432, "domain": "lalibre.be", "useCanonical": True},
        "piano": {
            "aid": "LaLibreBE01",
            "experiences": [
                {"id": f"EX{rng.randrange(16**8):08X}", "segment": seg, "weight": w}
                for seg in ("anonymous", "registered", "subscriber", "churn", "trial")
                for w in (10, 25, 50, 100)
            ],
        },
        "gtm": "GTM-XXXX12",
        "consent": {
            "vendors": [
                {"id": rng.randrange(1, 1200), "purposes": rng.sample(range(1, 11), 4)}
                for _ in range(60)
            ]
        },
    }
    runtime += f"<script>window.ipmAnalytics={script_json(analytics)};</script>"
    amp_css = css[:12000]
    return Chrome(head_assets, header, footer, runtime, amp_css)
