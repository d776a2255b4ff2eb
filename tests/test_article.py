"""Article fields on saved pages: one fixture per case, one expected value per field."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml.html import HtmlElement

from crawler.extract.article import content_hash, extract_article, is_article_page, site_for
from crawler.extract.page import parse_page
from crawler.extract.vocab import BYLINE_CLASS, BYLINE_NAMES, BYLINE_WORDS

FIXTURES = Path(__file__).parent / "fixtures" / "article"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LOCAL = "http://127.0.0.1:8000"


def _extract(name: str, url: str) -> dict[str, Any]:
    return dict(extract_article(parse_page((FIXTURES / name).read_bytes(), url), now=NOW))


ARC_URL = f"{LOCAL}/international/asie/2023/09/13/kim-jong-un-en-russie-ABCDEFGHIJKLMNOPQRSTUVWXYZ/"
CASES: list[tuple[str, str, str, object]] = [
    ("arc_newsarticle.html", ARC_URL, "url", ARC_URL),
    (
        "arc_newsarticle.html",
        ARC_URL,
        "canonicalUrl",
        "https://www.lalibre.be/international/asie/2023/09/13/"
        "kim-jong-un-en-russie-ABCDEFGHIJKLMNOPQRSTUVWXYZ/",
    ),
    ("arc_newsarticle.html", ARC_URL, "headline", "Kim Jong Un en Russie"),
    (
        "arc_newsarticle.html",
        ARC_URL,
        "description",
        "Le dirigeant nord-coréen est arrivé à Vladivostok.",
    ),
    (
        "arc_newsarticle.html",
        ARC_URL,
        "authors",
        [{"name": "Caroline Vandenaabeele", "url": None}, {"name": "Belga", "url": None}],
    ),
    ("arc_newsarticle.html", ARC_URL, "inLanguage", "fr-BE"),
    (
        "arc_newsarticle.html",
        ARC_URL,
        "breadcrumbs",
        [{"name": "International", "url": None}, {"name": "Asie", "url": None}],
    ),
    ("arc_newsarticle.html", ARC_URL, "articleSection", "International"),
    ("arc_newsarticle.html", ARC_URL, "keywords", ["Corée du Nord", "Russie", "Poutine"]),
    ("arc_newsarticle.html", ARC_URL, "mainImage", None),
    ("arc_newsarticle.html", ARC_URL, "publisher", None),
    ("arc_newsarticle.html", ARC_URL, "isAccessibleForFree", False),
    (
        "arc_newsarticle.html",
        ARC_URL,
        "articleBody",
        "Premier paragraphe.\n\nSecond paragraphe, avec des espaces.",
    ),
    (
        "old_ipm_no_metadata.html",
        f"{LOCAL}/actu/a/article/1/x.html",
        "authors",
        [{"name": "Jean Dupont", "url": f"{LOCAL}/auteur/jean"}],
    ),
    (
        "old_ipm_no_metadata.html",
        f"{LOCAL}/actu/a/article/1/x.html",
        "headline",
        "Tragédie de Sierre : les condoléances",
    ),
    (
        "old_ipm_no_metadata.html",
        f"{LOCAL}/actu/a/article/1/x.html",
        "canonicalUrl",
        f"{LOCAL}/actu/a/article/1/x.html",
    ),
    ("old_ipm_no_metadata.html", f"{LOCAL}/actu/a/article/1/x.html", "isAccessibleForFree", None),
    ("amp_copy.html", f"{LOCAL}/belgique/x/?outputType=amp", "isAccessibleForFree", True),
    (
        "amp_copy.html",
        f"{LOCAL}/belgique/x/?outputType=amp",
        "canonicalUrl",
        "https://www.lalibre.be/belgique/2023/09/14/un-article-ZZZZZZZZZZZZZZZZZZZZZZZZZZ/",
    ),
]

# Yoast-style graph: author, publisher and image given as {"@id": ...} references.
YOAST = "yoast_graph_references.html"
YOAST_URL = "https://www.dagelijksepost.nl/nieuws/gemeenteraad-kiest-nieuwe-burgemeester/"
DP = "https://www.dagelijksepost.nl"
CASES += [
    (
        YOAST,
        YOAST_URL,
        "authors",
        [
            {"name": "Anna de Vries", "url": f"{DP}/auteur/anna-de-vries/"},
            {"name": "Redactie", "url": None},
        ],
    ),
    (YOAST, YOAST_URL, "publisher", {"name": "De Dagelijkse Post", "url": f"{DP}/"}),
    (YOAST, YOAST_URL, "mainImage", {"url": f"{DP}/wp-content/uploads/2024/03/raad.jpg?w=1200"}),
    (
        YOAST,
        YOAST_URL,
        "breadcrumbs",
        [
            {"name": "Home", "url": f"{DP}/"},
            {"name": "Politiek", "url": f"{DP}/politiek/"},
            {"name": "Gemeenteraad kiest nieuwe burgemeester", "url": None},
        ],
    ),
    (YOAST, YOAST_URL, "articleSection", "Politiek"),
    (YOAST, YOAST_URL, "keywords", ["Gemeenteraad", "Burgemeester"]),
    # No image anywhere: null, not an empty object.
    ("amp_copy.html", f"{LOCAL}/belgique/x/?outputType=amp", "mainImage", None),
]


@pytest.mark.parametrize(("fixture", "url", "field", "expected"), CASES)
def test_field(fixture: str, url: str, field: str, expected: object) -> None:
    assert _extract(fixture, url)[field] == expected


def test_open_graph_fallbacks_for_image_and_publisher() -> None:
    html = (
        '<html><head><meta property="og:type" content="article">'
        '<meta property="og:image" content="/img/lead.jpg">'
        '<meta property="og:site_name" content=" Le  Soir ">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "publisher": {"@type": "Organization", "url": "https://www.lesoir.be/"}}</script>'
        "</head><body><h1>T</h1></body></html>"
    )
    fields = extract_article(parse_page(html, "https://www.lesoir.be/a/1/x"), now=NOW)
    assert fields["mainImage"] == {"url": "https://www.lesoir.be/img/lead.jpg"}
    assert fields["publisher"] == {"name": "Le Soir", "url": "https://www.lesoir.be/"}


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("arc_newsarticle.html", True),
        ("old_ipm_no_metadata.html", True),
        ("amp_copy.html", True),
        ("section_front.html", False),
        ("collection_jsonld.html", False),
    ],
)
def test_is_article_page(fixture: str, expected: bool) -> None:
    page = parse_page((FIXTURES / fixture).read_bytes(), f"{LOCAL}/x/")
    assert is_article_page(page) is expected


_TEXT = "<p>" + " ".join(["Le conseil communal a voté le budget de la ville lundi soir."] * 12)


@pytest.mark.parametrize(
    ("og_type", "date", "url", "expected"),
    [
        # og:type "website" (a CMS's default) on a page that reads like an article.
        (
            "website",
            "Publié le 12-09-2023 à 16h41",
            "https://www.example.be/ville/budget-2024",
            True,
        ),
        (None, "Publié le 12-09-2023 à 16h41", "https://www.example.be/ville/budget-2024", True),
        # No date of its own, or the site's home page: not an article.
        ("website", "", "https://www.example.be/ville/budget-2024", False),
        ("website", "Publié le 12-09-2023 à 16h41", "https://www.example.be/fr/", False),
        # At a tag page's or a section's address (a front with dated teasers).
        ("website", "Publié le 12-09-2023 à 16h41", "https://www.example.be/tag/budget/", False),
        ("website", "Publié le 12-09-2023 à 16h41", "https://www.example.be/politique/", False),
        # The site's pages about itself, however dated.
        ("website", "Mis à jour le 12-09-2023", "https://www.example.be/qui-sommes-nous/", False),
        ("website", "Stand: 12.09.2023", "https://www.example.de/datenschutz.html", False),
        # Declared as something else.
        ("video.other", "Publié le 12-09-2023 à 16h41", "https://www.example.be/v/budget", False),
        # A site whose articles are always typed: "website" is a live blog or a dossier there.
        (
            "website",
            "Publié le 12-09-2023 à 16h41",
            "https://www.lalibre.be/belgique/direct",
            False,
        ),
    ],
)
def test_an_undeclared_page_is_an_article_when_it_reads_like_one(
    og_type: str | None, date: str, url: str, expected: bool
) -> None:
    meta = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    html = (
        f"<html><head>{meta}<title>Le budget</title></head><body><h1>Le budget de la ville</h1>"
        f'<p class="date">{date}</p><div class="article-body">{_TEXT}</p></div></body></html>'
    )
    assert is_article_page(parse_page(html, url)) is expected


def test_site_profile_follows_the_canonical_host_of_a_local_copy() -> None:
    page = parse_page((FIXTURES / "arc_newsarticle.html").read_bytes(), ARC_URL)
    site = site_for(page)
    assert site is not None
    assert site.timezone == "Europe/Brussels"
    unknown = parse_page(b"<html><body><p>x</p></body></html>", "https://news.example.org/a/")
    assert site_for(unknown) is None


def test_content_hash_changes_with_text_only() -> None:
    assert content_hash("T", "a") == content_hash("T", "a")
    assert content_hash("T", "a") != content_hash("T", "b")
    assert content_hash("Ta", "") != content_hash("T", "a")


def test_every_item_field_is_extracted() -> None:
    from dataclasses import fields

    from crawler.items import ArticleItem

    produced = set(_extract("arc_newsarticle.html", ARC_URL))
    crawl_context = {"depth", "referrer", "addresses", "crawledAt", "localCopy", "crawlNotes"}
    assert produced == {f.name for f in fields(ArticleItem)} - crawl_context


def test_every_element_is_an_html_element_in_any_thread() -> None:
    # The parser picks one element class in C (lxml.html's own asks Python per element): forms,
    # inputs and labels are plain HtmlElements, with text_content() like the rest, and each
    # thread parses with a parser of its own.
    html = (
        "<html><body><h1>Titre</h1><form><label>Nom <input name='n'></label>"
        "<select><option>Un</option></select></form><!-- note --></body></html>"
    )
    found: list[list[str]] = []

    def parse() -> None:
        tree = parse_page(html, "https://www.example.be/a").tree
        elements = [el for el in tree.iter() if isinstance(el.tag, str)]
        assert all(type(el) is HtmlElement for el in elements)
        found.append([el.text_content() for el in tree.iter("label", "option")])

    threads = [threading.Thread(target=parse) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    parse()
    assert found == [["Nom ", "Un"]] * 4


_PARAGRAPH = (
    "Le conseil communal a voté mardi soir le budget de la ville après un long débat sur les "
    "investissements prévus dans les écoles et les crèches du centre. {}"
)


def _components(*, cls: str, teasers: str = "") -> str:
    parts = "".join(
        f"<section class='{cls}'><div class='inner'><p>{_PARAGRAPH.format(i)}</p>"
        f"<p>{_PARAGRAPH.format(i)} <a href='/ville/2023/09/12/ecoles-{i}-12345.html'>les "
        f"écoles</a> du quartier.</p></div></section>"
        for i in range(3)
    )
    return (
        f"<html><head><title>Budget</title></head><body><h1>Budget voté</h1><main>{parts}"
        f"{teasers}</main></body></html>"
    )


@pytest.mark.parametrize("cls", ["paragraph paragraph--text", "text-component"])
def test_an_article_text_split_into_components_of_one_kind_is_read_whole(cls: str) -> None:
    # A CMS that writes each paragraph block as its own component ("article.paragraph"): the
    # densest one alone held a third of the story, and the links of the others were taken for
    # links outside the text.
    page = parse_page(_components(cls=cls), "https://www.ville.example/ville/budget-1/")
    item = extract_article(page, now=NOW)
    assert item["articleBody"] is not None
    assert [_PARAGRAPH.format(i) in item["articleBody"] for i in range(3)] == [True] * 3
    assert {link["kind"] for link in item["relatedLinks"]} == {"body"}
    assert len(item["relatedLinks"]) == 3


def test_components_of_another_kind_stay_out_of_the_text() -> None:
    # Teaser cards beside the story's components, of the same tag but another class.
    teasers = "".join(
        f"<section class='card'><div class='inner'><p>{_PARAGRAPH.format(9)}</p></div></section>"
        for _ in range(2)
    )
    page = parse_page(_components(cls="paragraph", teasers=teasers), "https://www.ville.example/b/")
    body = extract_article(page, now=NOW)["articleBody"]
    assert body is not None
    assert _PARAGRAPH.format(0) in body
    assert _PARAGRAPH.format(9) not in body


def test_a_text_both_named_and_marked_as_the_body_is_read_once() -> None:
    # Named like a body ("article-body") and marked itemprop="articleBody": one text.
    html = (
        "<html><body><h1>Budget</h1><div class='article-body' itemprop='articleBody'>"
        f"<p>{_PARAGRAPH.format(1)}</p><p>{_PARAGRAPH.format(2)}</p></div></body></html>"
    )
    body = extract_article(parse_page(html, "https://www.ville.example/c/"), now=NOW)["articleBody"]
    assert body == f"{_PARAGRAPH.format(1)}\n\n{_PARAGRAPH.format(2)}"


def _declared(head: str, url: str = "https://www.tegernseerstimme.de/klima/123456.html") -> Any:
    html = (
        f'<html><head><meta property="og:type" content="article">{head}</head>'
        "<body><article><p>Text.</p></article></body></html>"
    )
    return extract_article(parse_page(html, url), now=NOW)


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # The site's name after or before the title, as a search engine or a tab shows it: by
        # the domain, the host, og:site_name or the publisher.
        (
            "<title>Klimavorreiter Oberland? - Tegernseerstimme</title>",
            "https://www.tegernseerstimme.de/klima/123456.html",
            "Klimavorreiter Oberland?",
        ),
        (
            "<title>Corona-Lockerungen: Autohäuser rechnen | MDR.DE</title>",
            "https://www.mdr.de/nachrichten/autohaeuser100.html",
            "Corona-Lockerungen: Autohäuser rechnen",
        ),
        (
            '<meta property="og:site_name" content="St.Galler Tagblatt AG">'
            '<meta property="og:title" content="Tanz: Mit allen Wassern | St.Galler Tagblatt">',
            "https://www.tagblatt.ch/kultur/tanz-ld.1234567",
            "Tanz: Mit allen Wassern",
        ),
        (
            '<meta property="og:site_name" content="Bergsteigen.com">'
            "<title>Bergsteigen.com \u2013 Neuheiten von C.A.M.P. - Teil 2</title>",
            "https://www.bergsteigen.com/news/neuheiten-camp/",
            "Neuheiten von C.A.M.P. - Teil 2",
        ),
        # Parts that are not the site's name stay: a dateline, a section, a colon of the title.
        (
            "<title>Frain | Incendie dans une maison</title>",
            "https://www.vosgesmatin.fr/faits-divers/2023/11/02/incendie",
            "Frain | Incendie dans une maison",
        ),
        (
            "<title>Gala-Abend: Spenden für die Tafel - Ein Rückblick</title>",
            "https://www.example-zeitung.de/lokales/gala-abend-123456.html",
            "Gala-Abend: Spenden für die Tafel - Ein Rückblick",
        ),
        # A title that is only the site's names is left whole.
        (
            '<meta property="og:site_name" content="International Biathlon Union">'
            "<title>International Biathlon Union - IBU</title>",
            "https://www.biathlonworld.ibu.com/",
            "International Biathlon Union - IBU",
        ),
    ],
)
def test_headline_without_the_site_name(head: str, url: str, expected: str) -> None:
    assert _declared(head, url)["headline"] == expected


def test_declared_texts_escaped_twice_are_decoded() -> None:
    # WordPress and others escape their metadata twice: "&amp;#8217;" in the HTML.
    fields = _declared(
        '<meta property="og:title" content="Olive &amp;#038; Herb &amp;#8222;Focaccia&amp;#8220;">'
        '<meta name="description" content="Gr&amp;#252;&amp;#223;e &amp;raquo; mehr">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "author": {"@type": "Person", "name": "H&#233;ctor J. Cruz"},'
        ' "articleBody": "&lt;p&gt;You&#8217;ll see.&lt;/p&gt;'
        '&lt;p&gt;Two&lt;br&gt;lines&lt;/p&gt;"'
        "}</script>"
    )
    assert fields["headline"] == "Olive & Herb \u201eFocaccia\u201c"
    assert fields["description"] == "Grüße » mehr"
    assert fields["authors"] == [{"name": "Héctor J. Cruz", "url": None}]
    assert fields["articleBody"] == "You\u2019ll see.\n\nTwo\n\nlines"


@pytest.mark.parametrize(
    ("data", "description"),
    [
        # Escaped in the data, then again in the HTML: three rounds to the text.
        ('"enth&amp;amp;uuml;llen, 3&amp;nbsp;Tage"', "enthüllen, 3 Tage"),
        # A description given with its markup.
        (
            '"<p>Antonin Bernanos est en <a href=\\"/x\\">prison</a>.</p>"',
            "Antonin Bernanos est en prison.",
        ),
        # Comparisons are no markup.
        ('"a < b and c > d"', "a < b and c > d"),
    ],
)
def test_a_declared_description_is_text(data: str, description: str) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"description": {data}}}</script>'
    )
    assert _declared(head)["description"] == description


def test_a_text_without_references_keeps_its_ampersands() -> None:
    fields = _declared("<title>AT&amp;T & Verizon: Q&A</title>")
    assert fields["headline"] == "AT&T & Verizon: Q&A"


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # A word that merely starts like the site's name is the title's own.
        ("Unfall auf der A7 - Bilder", "https://www.bild.de/news/unfall-123456.html", None),
        ("Il Nord mantiene temperature alte - Il Mattino.it", "https://www.ilmattino.it/a.html", 0),
    ],
)
def test_only_a_name_or_its_legal_form_and_domain_ending_is_cut(
    title: str, url: str, expected: int | None
) -> None:
    headline = _declared(f"<title>{title}</title>", url)["headline"]
    assert headline == (title if expected is None else title.split(" - ")[expected])


def test_a_less_than_sign_in_a_declared_text_is_no_markup() -> None:
    fields = _declared(
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "articleBody": "If a < b and c > d, then a + c < b + d."}</script>'
    )
    assert fields["articleBody"] == "If a < b and c > d, then a + c < b + d."


@pytest.mark.parametrize("cls", ["bodytext", "text regwalled"])
def test_an_article_text_named_paragraph_by_paragraph_is_read(cls: str) -> None:
    # The paragraphs themselves carry the body's name ("p.bodytext"): they are the text, not
    # containers of it (the text was empty).
    texts = [f"{_PARAGRAPH.format(i)} {_PARAGRAPH.format(i)}" for i in range(3)]
    paragraphs = "".join(f"<p class='{cls}'>{text}</p>" for text in texts)
    html = f"<html><body><h1>Budget</h1><div class='x'>{paragraphs}</div></body></html>"
    body = extract_article(parse_page(html, "https://www.ville.example/d/"), now=NOW)["articleBody"]
    assert body == "\n\n".join(texts)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("Von Vanessa Franke", "Vanessa Franke"),
        ("par Bob Fischer", "Bob Fischer"),
        ("View all posts by Daniel Lemire", "Daniel Lemire"),
        ("Zeige alle Beiträge von Simon Dückert \u2192", "Simon Dückert"),
        ("Lüder Hoppe info@buero-hoppe.de", "Lüder Hoppe"),
        ("Frank Bueltge - http://bueltge.de", "Frank Bueltge"),
        ("Michael Mäser,", "Michael Mäser"),
        ('{ "@type":"Person", "name":"Alice Wu" }', "Alice Wu"),
        # Names that start like a byline word, or hold a particle, stay whole.
        ("Byron Smith", "Byron Smith"),
        ("von der Leyen", "von der Leyen"),
        ("Christoph von Eichhorn", "Christoph von Eichhorn"),
        ("De Vries", "De Vries"),
    ],
)
def test_an_author_is_named_without_the_words_around_the_name(written: str, name: str) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        f"{json.dumps({'@type': 'Person', 'name': written})}}}</script>"
    )
    assert _declared(head)["authors"] == [{"name": name, "url": None}]


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Kimberly Miller and Gareth McGrath", ["Kimberly Miller", "Gareth McGrath"]),
        ("Jean-Pierre Dupont et Marie Curie", ["Jean-Pierre Dupont", "Marie Curie"]),
        ("Rob Picheta, CNN", ["Rob Picheta"]),
        ("GARY B. GRAVES, AP Sports Writer", ["GARY B. GRAVES"]),
        ("Spencer S. Hsu, The Washington Post", ["Spencer S. Hsu"]),
        ("Britta Schultejans, dpa", ["Britta Schultejans"]),
        ("Markus M. Haefliger, London, Beat Bumbacher", ["Markus M. Haefliger", "Beat Bumbacher"]),
        ("Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
        # Not plainly names: kept whole rather than split into invented people.
        ("Bundesministerium für Wirtschaft und Klimaschutz", None),
        ("Staff and news service reports", None),
        ("Peter Amende und Fuchsy designed", None),
        ("bergportal GmbH, digvis GmbH", None),
        ("Smith, John", None),
        ("Jane Doe (Reuters, London)", None),
        ("Jobs & Hire", None),
        ("Tom Smith and Reuters", None),
        ("حسام أبو العلا - القاهرة", None),
        ("Christoph von Eichhorn", None),
    ],
)
def test_a_byline_gives_one_author_per_person(written: str, names: list[str] | None) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        f"{json.dumps({'@type': 'Person', 'name': written, 'url': '/by/x'})}}}</script>"
    )
    got = _declared(head)["authors"]
    assert [author["name"] for author in got] == (names or [written])
    # One address for several people would name the wrong one.
    url = "https://www.tegernseerstimme.de/by/x"
    assert [author["url"] for author in got] == ([url] if len(got) == 1 else [None] * len(got))


def test_a_byline_and_the_name_it_repeats_are_one_author() -> None:
    head = (
        '<meta name="author" content="Michael Veeser-Dombrowski">'
        '<meta name="author" content="Zeige alle Beiträge von Michael Veeser-Dombrowski">'
    )
    assert _declared(head)["authors"] == [{"name": "Michael Veeser-Dombrowski", "url": None}]


def test_keywords_and_section_given_as_one_text_are_split() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "keywords": ["Santé, alimentation; Ventre plat", "Prices (Fares, Fees and Rates)"],'
        ' "articleSection": "Cake Recipes,Cupcake Recipe,Recipes"}</script>'
    )
    fields = _declared(head)
    assert fields["keywords"] == [
        "Santé",
        "alimentation",
        "Ventre plat",
        "Prices (Fares, Fees and Rates)",
    ]
    assert fields["articleSection"] == "Cake Recipes"


@pytest.mark.parametrize(
    ("site_name", "url", "publisher"),
    [
        # A tagline beside the name, before or after it.
        (
            "polizeiticker.ch - Meldungen und Warnungen von der Polizei",
            "https://www.polizeiticker.ch/artikel/brand-12345",
            "polizeiticker.ch",
        ),
        (
            "Schnäppchen Blog mit Doktortitel • DealDoktor",
            "https://www.dealdoktor.de/a/1",
            "DealDoktor",
        ),
        (
            "AUTO&Wirtschaft - Das Monatsmagazin",
            "https://auto-wirtschaft.ch/news/1",
            "AUTO&Wirtschaft",
        ),
        # The host writes "Ü" as "ue".
        (
            "NATÜRLICH JAGD - DAS INFOPORTAL DER JÄGERSTIFTUNG",
            "https://www.natuerlich-jagd.de/news/1",
            "NATÜRLICH JAGD",
        ),
        # An acronym beside its full name: the whole name.
        (
            "DHB - Deutscher Handball Bund",
            "https://www.dhb.de/de/news/1",
            "DHB - Deutscher Handball Bund",
        ),
        # No part names the host: as written.
        (
            "WSVN 7News | Miami News",
            "https://wsvn.com/news/local/crash/",
            "WSVN 7News | Miami News",
        ),
    ],
)
def test_the_publisher_is_named_without_its_tagline(
    site_name: str, url: str, publisher: str
) -> None:
    fields = _declared(f'<meta property="og:site_name" content="{site_name}">', url)
    assert fields["publisher"] == {"name": publisher, "url": None}


def test_keywords_without_copies_of_the_headline_internal_entries_and_ids() -> None:
    head = (
        '<meta property="og:title" content="Neue Sanktionen erschüttern die Wirtschaft">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": ['
        '"Syrien", "Neue Sanktionen erschüttern die Wirtschaft", "HEADLINE|Neue Sanktionen",'
        ' "104746419", "0", "2019", "90210", "Penny"]}</script>'
    )
    assert _declared(head)["keywords"] == ["Syrien", "2019", "90210", "Penny"]


def _crumbs(*steps: tuple[str, str | None]) -> str:
    items = [
        {"@type": "ListItem", "position": i + 1, "name": name, **({"item": url} if url else {})}
        for i, (name, url) in enumerate(steps)
    ]
    data = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("head", "section"),
    [
        # The home page first, by its address or its name, then the section, then the article.
        (
            _crumbs(
                ("Home", "https://www.example.com/"),
                ("Aktuell", "https://www.example.com/aktuell/"),
                ("Riverdale", "https://www.example.com/aktuell/riverdale-123.html"),
            ),
            "Aktuell",
        ),
        (_crumbs(("Portal", "https://www.example.com/de/"), ("Sport", None)), "Sport"),
        (_crumbs(("Startseite", None), ("/ Presserom", "https://www.example.com/p/")), "Presserom"),
        # A last step without an address is the article ("Aktuelle Seite: <headline>").
        (
            _crumbs(
                ("Startseite", "https://www.example.com/"),
                ("Aktuelle Seite: Lässt sich Covid kontrollieren?", None),
            ),
            None,
        ),
        # A single step is the section, whatever its address.
        (_crumbs(("Politik", None)), "Politik"),
        # A declared section that names the home page says nothing.
        (
            '<meta property="article:section" content="Startseite">'
            + _crumbs(("Startseite", "https://www.example.com/"), ("Kultur", "/kultur/")),
            "Kultur",
        ),
    ],
)
def test_the_section_is_never_the_home_page_or_the_article(head: str, section: str | None) -> None:
    url = "https://www.example.com/aktuell/riverdale-123.html"
    assert _declared(head, url)["articleSection"] == section


@pytest.mark.parametrize(
    ("box", "names"),
    [
        # An author box: the microdata name, not the biography beside it.
        (
            '<section itemprop="author" itemscope><span itemprop="name">Amy Motroni</span>'
            "<p>I'm Amy and I'm so glad you've stopped by!</p></section>",
            ["Amy Motroni"],
        ),
        # A name only in a <meta> of the author's item.
        (
            '<span itemprop="author" itemscope><meta itemprop="name" content="Nature Editorial">'
            "</span>",
            ["Nature Editorial"],
        ),
        # "content" on another element is no microdata value: the shown name wins.
        (
            '<span itemprop="author" itemscope><span itemprop="name" content="Stuff.co.nz">'
            "Melanie Earley</span></span>",
            ["Melanie Earley"],
        ),
        # No author declared: the byline the page shows.
        (
            '<div class="content__author">von Lars Fischer und Alina Schadwinkel</div>',
            ["Lars Fischer", "Alina Schadwinkel"],
        ),
        (
            '<span class="byline">Veröffentlicht von<a href="/u/cj">Chris Jung</a></span>',
            ["Chris Jung"],
        ),
        ('<p class="c-byline">By Emily Burack 8 January 2020, 3:51 pm</p>', ["Emily Burack"]),
        # A username, a desk or a label is no person's name: nothing rather than a wrong one.
        ('<span class="byline">by tlow</span>', []),
        ('<span class="entry-author">von Ulrike 18.10.2019</span>', []),
        # Commenters, author boxes and other stories' teasers are not the article's byline.
        ('<div class="comments"><span class="author">Peter Addor</span></div>', []),
        ('<span class="comment-author">Gitta Peyn</span>', []),
        ('<ul><li><span class="author">Jacinta Amna</span></li></ul>', []),
    ],
)
def test_authors_read_from_the_page_markup(box: str, names: list[str]) -> None:
    html = (
        '<html><head><meta property="og:type" content="article"></head>'
        f"<body><article><h1>T</h1>{box}<p>Text.</p></article></body></html>"
    )
    fields = extract_article(parse_page(html, "https://www.example.com/a/1"), now=NOW)
    assert [author["name"] for author in fields["authors"]] == names


@pytest.mark.parametrize(
    "token",
    ["byline", "c-byline", "entry-author", "author-name", "autor", "article__auteur",
     "post_verfasser_names"],
)  # fmt: skip
def test_every_byline_class_holds_one_of_the_cheap_words(token: str) -> None:
    # shown_authors reads only the elements Page.named_like finds by those words.
    assert BYLINE_CLASS.fullmatch(token)
    assert any(word in token for word in BYLINE_WORDS)
    assert BYLINE_NAMES.search(token)
