"""Related-coverage links on hand-written saved pages: every kind and every exclusion."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from crawler.extract import links
from crawler.extract.links import Link, anchors, clear_caches, label_kind, related_links
from crawler.extract.page import parse_page
from crawler.extract.sites import SiteProfile, profile_for_host

FIXTURES = Path(__file__).parent / "fixtures" / "links"

LALIBRE = "https://www.lalibre.be"
NB = "https://www.nieuwsblad.example.be/cnt/"
SPIEGEL = "https://www.spiegel.example.de/politik/deutschland/"

# (fixture, URL the page was fetched from, expected links in order as (url, kind, text)).
CASES = [
    (
        "fr_related_box_heading.html",
        f"{LALIBRE}/international/europe/2023/09/12/la-rencontre-entre-poutine-et-kim-LS2PZRXO4JENNG3CMTBUBWR6GQ/",
        [
            (
                f"{LALIBRE}/international/europe/2023/09/13/"
                "kim-jong-un-quitte-la-russie-BCDEFGHIJKLMNOPQRSTUVWXYZ2/",
                "related-box",
                "Kim Jong-un quitte la Russie",
            ),
            (
                f"{LALIBRE}/international/asie/2023/09/10/"
                "le-train-blinde-de-kim-CDEFGHIJKLMNOPQRSTUVWXYZ23/",
                "related-box",
                "Le train blindé de Kim",
            ),
        ],
    ),
    (
        "fr_related_box_heading_before_list.html",
        "http://www.lalibre.be/actu/politique-belge/article/656130/van-quick-nous-ne-lacherons-pas-la-n-va.html",
        [
            (
                "http://www.lalibre.be/actu/politique-belge/article/656001/"
                "la-reforme-divise-la-majorite.html",
                "related-box",
                "La réforme divise la majorité",
            ),
            (
                "http://www.lalibre.be/actu/politique-belge/article/655987/"
                "l-opposition-claque-la-porte.html",
                "related-box",
                "L'opposition claque la porte",
            ),
        ],
    ),
    (
        "en_related_by_class.html",
        "https://news.example.co.uk/news/uk-66789012",
        [
            (
                "https://news.example.co.uk/news/uk-66788001",
                "related-box",
                "Storm names announced for the season",
            ),
            (
                "https://news.example.co.uk/news/science-environment-66780123",
                "related-box",
                "Why storms are getting stronger",
            ),
        ],
    ),
    (
        "de_related_aria_label.html",
        f"{SPIEGEL}haushaltsstreit-in-berlin-a-0a1b2c3d-dddd-4eee-8fff-456789abcdef",
        [
            (
                f"{SPIEGEL}haushalt-2024-die-wichtigsten-fragen-a-1b2c3d4e-aaaa-4bbb-8ccc-123456789abc",
                "related-box",
                "Haushalt 2024: die wichtigsten Fragen",
            ),
            (
                f"{SPIEGEL}finanzminister-unter-druck-a-2c3d4e5f-bbbb-4ccc-9ddd-23456789abcd",
                "related-box",
                "Finanzminister unter Druck",
            ),
        ],
    ),
    (
        "nl_lees_ook_inline_and_box.html",
        f"{NB}dmf20230912_97654321",
        [
            (f"{NB}dmf20230905_97300002", "related-box", "De campagne in vijf grafieken"),
            (f"{NB}dmf20230906_97310003", "related-box", "Peiling: de kiezer twijfelt"),
            (f"{NB}dmf20230910_97512345", "body", "Wie wordt de volgende premier?"),
            (f"{NB}dmf20230908_97400001", "body", "onze politieke redactie"),
        ],
    ),
    (
        "embedded_fusion.html",
        f"{LALIBRE}/belgique/politique/2023/09/12/le-budget-est-boucle-EFGHIJKLMNOPQRSTUVWXYZ2345/",
        [
            (
                f"{LALIBRE}/belgique/politique/2023/09/11/"
                "les-negociations-budgetaires-ont-dure-toute-la-nuit-FGHIJKLMNOPQRSTUVWXYZ23456/",
                "embedded",
                "Les négociations ont duré toute la nuit",
            ),
            (
                f"{LALIBRE}/belgique/politique/2023/09/10/"
                "ce-que-contient-le-budget-GHIJKLMNOPQRSTUVWXYZ234567/",
                "embedded",
                "Ce que contient le budget",
            ),
        ],
    ),
    (
        "embedded_jsonld.html",
        "https://www.example-news.com/2023/07/18/heatwave-sweeps-southern-europe/",
        [
            (
                "https://www.example-news.com/2023/07/17/"
                "wildfires-force-evacuations-on-greek-island/",
                "embedded",
                "",
            ),
            (
                "https://www.example-news.com/2023/07/16/how-to-stay-cool-in-extreme-heat/",
                "embedded",
                "How to stay cool",
            ),
        ],
    ),
    (
        "excluded_widgets.html",
        f"{LALIBRE}/belgique/2023/09/12/page-des-widgets-WIDGETWIDGETWIDGETWIDGETW2/",
        [
            (
                f"{LALIBRE}/belgique/2023/09/10/"
                "le-seul-lien-du-texte-a-garder-BODYBODYBODYBODYBODYBODY22/",
                "body",
                "un article précédent",
            ),
        ],
    ),
    (
        "excluded_urls_in_related_box.html",
        f"{LALIBRE}/belgique/2023/09/12/la-page-elle-meme-SELFSELFSELFSELFSELFSELF23/?utm_source=rss",
        [
            (
                f"{LALIBRE}/belgique/2023/09/11/"
                "le-seul-bon-lien-de-cette-boite-GOODGOODGOODGOODGOODGOOD23/",
                "related-box",
                "Le bon lien",
            ),
        ],
    ),
    (
        "offline_copy_and_dedup.html",
        "http://127.0.0.1:8000/international/2023/09/12/la-copie-locale-de-l-article-LOCALLOCALLOCALLOCALLOCAL2/",
        [
            # First seen in the box as an image link: it keeps that place and takes the body's text.
            (
                "http://127.0.0.1:8000/international/2023/09/09/"
                "un-lien-relatif-a-la-base-RELATIVERELATIVERELATIVE22/",
                "related-box",
                "ce lien relatif",
            ),
            (
                "http://127.0.0.1:8000/international/2023/09/06/"
                "un-identifiant-coupe-LS2PZRXO4JENNG3CMTBUBWR6GQ/",
                "related-box",
                "Identifiant coupé",
            ),
            (
                f"{LALIBRE}/international/2023/09/10/"
                "un-lien-absolu-vers-le-vrai-site-ABSOLUTEABSOLUTEABSOLUTE23/",
                "body",
                "ce lien absolu",
            ),
            (
                "http://www.lalibre.be/international/2023/09/08/"
                "un-lien-sans-protocole-NOSCHEMENOSCHEMENOSCHEME22/",
                "body",
                "sans protocole",
            ),
        ],
    ),
    (
        "generic_body_by_density.html",
        "https://www.krant.example.nl/nieuws/binnenland/12345678/het-nieuwe-fileplan-van-de-regering",
        [
            (
                "https://www.krant.example.nl/nieuws/binnenland/12345001/"
                "de-files-waren-nooit-zo-lang",
                "body",
                "de langste files ooit",
            ),
        ],
    ),
    (
        # The body is the whole "article__body", not only its paywalled "--locked" part.
        "body_split_by_paywall.html",
        f"{LALIBRE}/belgique/2023/09/12/page-avec-paywall-PAYWALLPAYWALLPAYWALLPAYW2/",
        [
            (
                f"{LALIBRE}/belgique/2023/09/10/"
                "un-lien-dans-la-partie-libre-FREEFREEFREEFREEFREEFREE22/",
                "body",
                "un premier article",
            ),
            (
                f"{LALIBRE}/belgique/2023/09/09/"
                "un-lien-dans-la-partie-payante-PAIDPAIDPAIDPAIDPAIDPAID22/",
                "body",
                "un second article",
            ),
        ],
    ),
    (
        "es_it_labels.html",
        "https://www.diario.example.es/espana/2023-09-12/el-debate-del-dia.html",
        [
            (
                "https://www.diario.example.es/espana/2023-09-12/"
                "el-gobierno-aprueba-los-presupuestos.html",
                "related-box",
                "Presupuestos",
            ),
            (
                "https://www.diario.example.es/politica/23_settembre_12/"
                "la-manovra-economica-del-governo-1a2b3c4d.shtml",
                "related-box",
                "Manovra",
            ),
        ],
    ),
]


def _links(fixture: str, url: str, site: SiteProfile | None = None) -> list[Link]:
    page = parse_page((FIXTURES / fixture).read_bytes(), url)
    return related_links(page, site=site)


@pytest.mark.parametrize(("fixture", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_related_links_generic(
    fixture: str, url: str, expected: list[tuple[str, str, str]]
) -> None:
    got = [(link.url, link.kind, link.text) for link in _links(fixture, url)]
    assert got == expected


@pytest.mark.parametrize(("fixture", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_site_profile_does_not_change_generic_answers(
    fixture: str, url: str, expected: list[tuple[str, str, str]]
) -> None:
    # The IPM profile sharpens lalibre.be pages; on these pages the generic answer is already right.
    site = profile_for_host("www.lalibre.be")
    got = [(link.url, link.kind, link.text) for link in _links(fixture, url, site)]
    assert got == expected


def test_every_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.html")) == sorted(c[0] for c in CASES)


def test_site_xpaths_mark_related_excluded_and_body_blocks() -> None:
    url = f"{NB}dmf20230912_97654321"
    site = SiteProfile(
        name="test",
        domains=("nieuwsblad.example.be",),
        # Site data can say what generic rules cannot: here the header is a related box, the
        # labelled footer box is a widget, and only the first paragraph is the article text.
        related_xpaths=("//header",),
        excluded_xpaths=("//div[@class='article__footer']",),
        body_xpaths=("//div[@class='article__body']/p[1]",),
    )
    got = [(link.url, link.kind) for link in _links("nl_lees_ook_inline_and_box.html", url, site)]
    # The "Lees ook:" paragraph now lies outside the declared text: an inline label there is a box.
    assert got == [
        (f"{NB}dmf20230911_97600000", "related-box"),
        (f"{NB}dmf20230910_97512345", "related-box"),
    ]


def test_site_related_labels_extend_the_generic_ones() -> None:
    url = "https://www.diario.example.es/espana/2023-09-12/el-debate-del-dia.html"
    base = SiteProfile(name="diario", domains=("diario.example.es",))
    # "Lo más leído" is a popularity widget; a (wrong) site label cannot turn it into coverage,
    # since exclusion labels are tried first.
    site = dataclasses.replace(base, related_labels=("lo más leído",))
    generic = _links("es_it_labels.html", url, base)
    assert _links("es_it_labels.html", url, site) == generic


def test_site_article_patterns_accept_and_reject() -> None:
    url = "https://www.diario.example.es/espana/2023-09-12/el-debate-del-dia.html"
    site = SiteProfile(
        name="diario",
        domains=("diario.example.es",),
        not_article_url=(re.compile(r"^/espana/"),),
    )
    got = [link.url for link in _links("es_it_labels.html", url, site)]
    assert got == [
        "https://www.diario.example.es/politica/23_settembre_12/la-manovra-economica-del-governo-1a2b3c4d.shtml"
    ]


def test_invalid_site_xpath_is_a_clear_error() -> None:
    site = SiteProfile(name="bad", domains=("example.com",), related_xpaths=("//div[",))
    with pytest.raises(ValueError, match="invalid XPath in site profile"):
        _links("en_related_by_class.html", "https://news.example.co.uk/news/uk-66789012", site)


def test_page_without_http_url_has_no_related_links() -> None:
    page = parse_page(
        b"<html><body><a href='/a/2023/09/12/some-long-article-slug'>x</a></body></html>",
        "file:///tmp/x.html",
    )
    assert related_links(page, site=None) == []


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("<a href='/x'> Le <b>budget</b> <!-- teaser --> bloque </a>", "Le budget bloque"),
        (
            "<a href='/x'><script type='application/ld+json'>{}</script>Le budget</a>",
            "Le budget",
        ),
        ("<noscript><a href='/x'>Activez JavaScript</a></noscript>", ""),
        ("<a href='/x' title='Le budget'><img alt='photo'></a>", "Le budget"),
        ("<a href='/x'><img alt='Le budget'></a>", "Le budget"),
    ],
)
def test_link_text_is_what_a_reader_sees(anchor: str, expected: str) -> None:
    tree = parse_page(f"<html><body><p>{anchor}</p></body></html>", LALIBRE).tree
    assert anchors.anchor_text(next(tree.iter("a")), anchors.hidden_links(tree)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sur le même sujet:", "related"),
        ("► À LIRE AUSSI", "related"),
        ("Lire aussi", "related"),
        ("Dans le même dossier", "related"),
        ("Voir aussi", "related"),
        ("Lees ook", "related"),
        ("Meer over Oekraïne", "related"),
        ("Related stories", "related"),
        ("Read more", "related"),
        ("More on this story", "related"),
        ("Mehr zum Thema", "related"),
        ("Lesen Sie auch", "related"),
        ("Te puede interesar", "related"),
        ("Noticias relacionadas", "related"),
        ("Leggi anche", "related"),
        ("Les plus lus", "excluded"),
        ("Meest gelezen", "excluded"),
        ("Most read", "excluded"),
        ("Meistgelesen", "excluded"),
        ("Dernières infos", "excluded"),
        ("Latest news", "excluded"),
        ("Trending", "excluded"),
        ("Recommended for you", "excluded"),
        ("Lo más leído", "excluded"),
        ("I più letti", "excluded"),
        ("Relatedness of things", None),
        ("Le gouvernement a lire aussi", None),
        ("Sport", None),
        ("", None),
        ("Lire aussi " + "x" * 200, None),
    ],
)
def test_label_kind(text: str, expected: str | None) -> None:
    assert label_kind(text) == expected


# A page whose hrefs take every road of the URL judgment: root-relative, absolute, protocol-
# relative, relative, white space around, tracking parameters, a share button, fragments.
_ROADS_PAGE = (
    """<html><head><link rel="canonical"
href="https://www.news.example/world/2023/09/12/the-page-story-of-the-day/">
</head><body><nav><a href="/world/">World</a><a href="/tags/summit/">Summit</a></nav>
<article><div class="article-body"><p>The summit opened on a cold morning, and the two leaders
spoke for hours about trade, security and the war, according to officials who attended it all.
See <a href="/world/2023/09/11/the-leaders-meet-in-the-far-east/">the first day</a>,
<a href="
   /world/2023/09/10/a-train-crosses-the-border-at-night/  ">the train</a>,
<a href="https://www.news.example/world/2023/09/09/what-we-know-about-the-summit/"""
    """?utm_source=x&amp;utm_medium=y">what we know</a>,
<a href="//www.news.example/world/2023/09/08/the-port-city-prepares-for-guests/">the port</a>,
<a href="../../../08/07/the-region-in-five-numbers-and-maps/">numbers</a>,
<a href="https://www.linkedin.example/shareArticle?url=https%3A%2F%2Fwww.news.example%2F"""
    """x&amp;a=1">share</a>,
<a href="https://other.example/world/2023/09/12/their-own-story-of-the-day/">elsewhere</a>,
<a href="#comments">comments</a> and
<a href="/world/2023/09/12/the-page-story-of-the-day/#top">this page</a>.</p></div></article>
</body></html>"""
)
_ROADS_URL = "https://www.news.example/world/2023/09/12/the-page-story-of-the-day/"
_ROADS_EXPECTED = [
    "https://www.news.example/world/2023/09/11/the-leaders-meet-in-the-far-east/",
    "https://www.news.example/world/2023/09/10/a-train-crosses-the-border-at-night/",
    "https://www.news.example/world/2023/09/09/what-we-know-about-the-summit/",
    "https://www.news.example/world/2023/09/08/the-port-city-prepares-for-guests/",
    "https://www.news.example/world/2023/08/07/the-region-in-five-numbers-and-maps/",
]


def test_cached_verdicts_give_the_answers_of_a_cold_judgment() -> None:
    clear_caches()
    cold = [link.url for link in related_links(parse_page(_ROADS_PAGE, _ROADS_URL), site=None)]
    assert cold == _ROADS_EXPECTED
    warm = [link.url for link in related_links(parse_page(_ROADS_PAGE, _ROADS_URL), site=None)]
    assert warm == cold
    # The same hrefs on a page of another site: verdicts are shared, the site test is not.
    other_page = _ROADS_PAGE.replace("canonical", "x")
    other_url = "https://other.example/world/2023/09/12/a-story-of-another-site/"
    warm_other = [link.url for link in related_links(parse_page(other_page, other_url), site=None)]
    clear_caches()
    cold_other = [link.url for link in related_links(parse_page(other_page, other_url), site=None)]
    assert warm_other == cold_other
    assert "https://other.example/world/2023/09/12/their-own-story-of-the-day/" in cold_other
    assert not any(url.startswith("https://www.news.example/") for url in cold_other)


def test_verdict_cache_is_bounded_and_keeps_what_is_used() -> None:
    cache = links.judge.VerdictCache(4)
    cache.put(("s", "/kept"), ("x", ("u", "k")))
    for i in range(100):
        cache.put(("s", f"/a{i}"), (None, None))
        assert len(cache) <= 8
        # Read on every page: it survives the generations.
        assert cache.get(("s", "/kept")) == ("x", ("u", "k"))
    assert cache.get(("s", "/a0")) is None
    assert cache.get(("s", "/a99")) == (None, None)


def test_verdict_cache_holds_plain_strings_not_documents() -> None:
    clear_caches()
    related_links(parse_page(_ROADS_PAGE, _ROADS_URL), site=None)
    cache = links.judge.verdicts_for(None)
    keys = [href for generation in (cache.young, cache.old) for _, href in generation]
    assert keys
    # An lxml "smart string" keeps a reference to its element, hence to the whole page.
    assert all(type(href) is str for href in keys)


def test_markup_after_the_closing_html_tag_is_read() -> None:
    # libxml2 puts it in a second top-level element, beside the root: the page's walks must
    # see it as the `//` XPaths did (an old forum theme prints its footer links there).
    page = parse_page(
        "<html><body><h1>Titre</h1><p>Texte</p></body></html>"
        "<div class='article-body'><h2>Lire aussi</h2><a href='/a/2023/09/12/x-y-z/'>x</a></div>",
        f"{LALIBRE}/belgique/2023/09/12/le-titre-ABCDEFGHIJKLMNOPQRSTUVWXYZ/",
    )
    walk = anchors.links_and_headings(page.tree)
    assert [el.tag for el, _ in walk] == ["h1", "h2", "a"]
    assert any("article-body" in names for _, names in page.named)


_STATE_URL = "https://news.example.com/world/2023/09/12/budget-vote-delayed-again/"
_STATE_TEXT = "<p>" + "The budget vote was delayed again after a long night of talks. " * 8 + "</p>"


def _state_page(state: str, boxes: str = "") -> str:
    return (
        "<html><head><title>Budget vote delayed again</title></head><body>"
        f"<article><h1>Budget vote delayed again</h1><div class='article-body'>{_STATE_TEXT}"
        f"</div></article>{boxes}<script>window.__INITIAL_STATE__ = {state};</script>"
        "</body></html>"
    )


def _story(n: int) -> str:
    return f"/world/2023/09/1{n}/a-story-about-something-else-{n}/"


def test_state_related_lists_of_other_stories_and_identifiers_are_not_links() -> None:
    # The page's own story lists one related story; a sidebar's teasers list their own; a
    # GraphQL store lists node ids that are no addresses.
    state = json.dumps(
        {
            "article": {"canonical_url": _STATE_URL, "relatedArticles": [{"url": _story(1)}]},
            "sidebar": {
                "items": [
                    {"url": _story(2), "relatedArticles": [{"url": _story(3)}]},
                    {"url": _story(4), "relatedArticles": [{"url": _story(5)}]},
                ]
            },
            "records": {"relatedContents": ["QXJ0aWNsZTo4NzQ5NTUz", _story(6)]},
            # A route's address is no article: the list it holds is the page's.
            "route": {"path": "/[...slug]", "relatedArticles": [{"url": _story(7)}]},
        }
    )
    page = parse_page(_state_page(state), _STATE_URL)
    urls = {link.url for link in related_links(page, site=None)}
    assert urls == {"https://news.example.com" + _story(n) for n in (1, 6, 7)}
    # Without knowing which addresses are other stories, every related list is read (but no
    # identifier).
    found = [u for u, _ in links.embedded.embedded_links(page, None)]
    assert sorted(found) == sorted([_story(n) for n in (1, 3, 5, 6, 7)])


def test_state_list_the_page_shows_as_latest_news_is_not_related() -> None:
    stories = [_story(n) for n in range(1, 5)]
    state = json.dumps({"relatedStories": [{"url": story} for story in stories]})
    latest = "".join(
        f"<li><a href='{s}'>Other news number {i}</a></li>" for i, s in enumerate(stories)
    )
    box = f"<aside><h2>Latest news</h2><ul>{latest}</ul></aside>"
    page = parse_page(_state_page(state, box), _STATE_URL)
    assert related_links(page, site=None) == []
    # One story of a related list that also shows among the latest news stays related.
    others = [_story(n) for n in range(5, 9)]
    latest = (
        "".join(f"<li><a href='{s}'>Other news number {i}</a></li>" for i, s in enumerate(others))
        + f"<li><a href='{stories[0]}'>Other news number 9</a></li>"
    )
    box = f"<aside><h2>Latest news</h2><ul>{latest}</ul></aside>"
    page = parse_page(_state_page(state, box), _STATE_URL)
    urls = {link.url for link in related_links(page, site=None)}
    assert urls == {"https://news.example.com" + s for s in stories}


_GUIDE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<link rel="canonical" href="{url}"><title>Riester-Rente: Lohnt sie sich noch?</title></head>
<body><nav><a href="/ueber-uns/kontakt/">Kontakt</a></nav><h1>Riester-Rente: Lohnt sie sich?</h1>
<div class="article-content"><p>Die Riester-Rente ist eine staatlich geförderte Altersvorsorge
für Angestellte und Beamte, die mit Zulagen und Steuervorteilen lockt.</p>
<p>Wer gesetzlich versichert ist, sollte auch die <a href="/gkv-zusatzbeitrag/">Zusatzbeiträge
der Krankenkasse</a> im Blick behalten, bevor er einen Vertrag abschließt.</p></div>
</body></html>"""


@pytest.mark.parametrize(
    ("url", "taken"),
    [
        # Nothing in the page's own address says "article": its site files stories so, and a
        # link of the same shape is a candidate, marked for the model.
        ("https://www.finanzen.example/riester/", True),
        # A news address (a date, an id): the evidence-free link stays out, as before.
        ("https://www.finanzen.example/2023/09/12/riester-rente-lohnt-sie-sich-noch-12345/", False),
    ],
)
def test_links_of_the_pages_own_evidence_free_shape_are_candidates(url: str, taken: bool) -> None:
    page = parse_page(_GUIDE.format(url=url), url)
    scored = links.scored_candidates(page, site=None)
    shape_only = links.features.FEATURES.index("shape_only")
    found = {cand.url: row[shape_only] for cand, row, _ in scored}
    assert found == ({"https://www.finanzen.example/gkv-zusatzbeitrag/": 1.0} if taken else {})
    # A link of another shape (the menu's "/ueber-uns/kontakt/") is never one.
    assert "https://www.finanzen.example/ueber-uns/kontakt/" not in found


@pytest.mark.parametrize(
    ("paragraph", "prose"),
    [
        # A short paragraph whose sentence goes on around a headline-long link: running text.
        ("Pour rappel, <a href='/x'>Le partenariat sans limites avec Moscou : les trois "
         "questions qui inquiètent Shanghai</a>. Plus de 222 personnes seraient concernées.", True),
        # A "read also" line: words before the link only.
        ("Lire aussi : <a href='/x'>Le partenariat sans limites avec Moscou : les trois "
         "questions qui inquiètent Shanghai</a>", False),
        # A teaser: the link is the paragraph.
        ("<a href='/x'>Le partenariat sans limites avec Moscou</a>", False),
        # A short link in a long paragraph, as ever.
        ("Le gouvernement a annoncé mardi un <a href='/x'>accord</a> sur le budget fédéral, "
         "après une longue réunion du comité restreint.", True),
    ],
)  # fmt: skip
def test_a_link_inside_a_sentence_is_in_prose(paragraph: str, prose: bool) -> None:
    page = parse_page(f"<html><body><p>{paragraph}</p></body></html>", "https://a.example/")
    anchor = next(page.tree.iter("a"))
    assert anchors.in_prose(anchor, anchors.anchor_text(anchor, set())) is prose


def _teasers(texts: list[str]) -> str:
    items = "".join(
        f"<li><a href='/politik/story-{i}-123456{i}.html'>{text}</a></li>"
        for i, text in enumerate(texts)
    )
    return (
        "<html><head><title>Tesla baut Fabrik in Grünheide</title></head><body>"
        f"<h1>Tesla baut Fabrik in Grünheide</h1><div class='teasers'><ul>{items}</ul></div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("others", "shared"),
    [
        # "Tesla" is in most of the page's link texts (a Tesla fan site's every teaser): it
        # says nothing of which of them is this story's coverage.
        (["Tesla senkt Preise", "Tesla Aktie fällt", "Tesla Model Y Test"], 0.5),
        # In one link of four it is the story's word, as ever.
        (["Bahn streikt wieder", "Neue Preise im Nahverkehr", "Wetter am Wochenende"], 1.0),
    ],
)
def test_a_story_word_most_links_share_is_no_evidence(others: list[str], shared: float) -> None:
    page = parse_page(_teasers(["Tesla Grünheide", *others]), "https://auto.example/politik/")
    frac = links.features.FEATURES.index("topic_frac")
    rows = {cand.text: row[frac] for cand, row, _ in links.scored_candidates(page, site=None)}
    # "Tesla Grünheide": both words are the headline's; only "Grünheide" counts when "Tesla"
    # is everywhere.
    assert rows["Tesla Grünheide"] == shared
