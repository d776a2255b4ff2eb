"""Related links explain themselves: confidence and heading per entry, a threshold the user sets
(RELATED_MIN_CONFIDENCE), links the page declares related at 1, and `scrapy extract` reading a
page saved without its address at the address it gives itself (issue #10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract.article import extract_html
from crawler.extract.body import _BODY_NAMES
from crawler.extract.links import related_links, scored_candidates
from crawler.extract.links.features import FEATURES, slug_words
from crawler.extract.links.model import default_model, parse_min_confidence
from crawler.extract.page import parse_page
from crawler.extract.vocab import BODY_TOKENS, BODY_WORDS, VENDOR_ATTR, VENDOR_WORDS
from tests.conftest import ROOT, run_argv

FIXTURES = ROOT / "tests" / "fixtures" / "links"
ARTICLE = "https://www.lalibre.be/belgique/politique/2023/09/12/budget-ABCDEFGHIJKLMNOPQRSTUVWXYZ/"
STORY = "https://www.lalibre.be/belgique/politique/2023/09/{day:02d}/{slug}-{id}/"


def _story(day: int, slug: str) -> str:
    return STORY.format(day=day, slug=slug, id=(slug.upper().replace("-", "") * 3)[:26])


def _page(boxes: str, *, canonical: str | None = ARTICLE) -> bytes:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{head}
<title>Le budget fédéral bloque encore</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{{"@type": "NewsArticle",
"headline": "Le budget fédéral bloque encore", "datePublished": "2023-09-12T14:41:00Z"}}
</script></head><body><h1>Le budget fédéral bloque encore</h1>
<div class="article-content"><p>Le gouvernement fédéral n'a toujours pas trouvé d'accord sur le
budget, a-t-on appris mardi soir après une longue réunion du comité restreint.</p>
<p>Les partenaires de la majorité se renvoient la responsabilité du blocage, et l'opposition
demande que le Premier ministre s'explique devant la Chambre dès la semaine prochaine.</p></div>
{boxes}</body></html>""".encode()


RELATED_BOX = f"""<section><h2>Sur le même sujet</h2><ul>
<li><a href="{_story(10, "la-reunion-du-comite-restreint")}">La réunion du comité restreint</a></li>
<li><a href="{_story(11, "le-premier-ministre-s-explique")}">Le Premier ministre s'explique</a></li>
</ul></section>"""
GENERIC_BOX = f"""<section><h2>Vous aimerez aussi</h2><ul>
<li><a href="{_story(5, "les-meilleures-frites-de-bruxelles")}">Les meilleures frites</a></li>
<li><a href="{_story(6, "un-ete-record-a-la-cote-belge")}">Un été record à la côte</a></li>
</ul></section>"""


def test_every_link_has_a_confidence_and_its_block_heading() -> None:
    page = parse_page(_page(RELATED_BOX + GENERIC_BOX), ARTICLE)
    links = related_links(page, site=None, min_confidence=0.0)
    assert {link.url for link in links} >= {
        _story(10, "la-reunion-du-comite-restreint"),
        _story(5, "les-meilleures-frites-de-bruxelles"),
    }
    for link in links:
        assert 0.0 <= link.confidence <= 1.0
    by_url = {link.url: link for link in links}
    declared = by_url[_story(10, "la-reunion-du-comite-restreint")]
    # A box under a related label is declared by the page: confidence 1, its heading kept.
    assert (declared.kind, declared.heading, declared.confidence) == (
        "related-box",
        "Sur le même sujet",
        1.0,
    )
    widget = by_url[_story(5, "les-meilleures-frites-de-bruxelles")]
    assert widget.heading == "Vous aimerez aussi"
    # Off-topic picks under a heading that says nothing of the story: the model doubts them.
    assert widget.confidence < default_model().threshold


def test_the_threshold_trades_precision_for_recall() -> None:
    page = parse_page(_page(RELATED_BOX + GENERIC_BOX), ARTICLE)
    everything = related_links(page, site=None, min_confidence=0.0)
    default = related_links(page, site=None)
    only_declared = related_links(page, site=None, min_confidence=1.0)
    assert len(everything) > len(default) >= len(only_declared) == 2
    assert all(link.confidence >= default_model().threshold for link in default)
    assert {link.url for link in only_declared} <= {link.url for link in default}


def test_the_item_carries_confidence_and_heading() -> None:
    fields = extract_html(_page(RELATED_BOX), ARTICLE)
    assert fields is not None
    assert fields["relatedLinks"][0] == {
        "url": _story(10, "la-reunion-du-comite-restreint"),
        "text": "La réunion du comité restreint",
        "kind": "related-box",
        "heading": "Sur le même sujet",
        "confidence": 1.0,
    }


def test_recommendation_vendor_boxes_are_never_related() -> None:
    vendor = RELATED_BOX.replace("<section>", '<section class="OUTBRAIN" data-widget-id="AR_1">')
    page = parse_page(_page(vendor), ARTICLE)
    assert related_links(page, site=None) == []
    # Whatever its heading and words say: the picks are the vendor's, at confidence 0.
    scored = scored_candidates(page, site=None)
    assert scored
    assert {confidence for _, _, confidence in scored} == {0.0}
    assert related_links(page, site=None, min_confidence=0.01) == []


@pytest.mark.parametrize(
    "boxes",
    [
        '<div class="OUTBRAIN"><a>x</a></div>', '<div class="x" data-provider="Taboola"></div>',
        '<div id="mgid-box"></div><div class="a"><div class="revcontent-wrap"></div></div>',
        '<div class="smgid"></div><div class="article-body"></div><p class="plain"></p>', "",
    ],
)  # fmt: skip
def test_named_like_finds_what_the_pattern_finds_on_every_name(boxes: str) -> None:
    page = parse_page(f"<html><body><div class='wrap'>{boxes}</div></body></html>", ARTICLE)
    for pattern, words in ((VENDOR_ATTR, VENDOR_WORDS), (_BODY_NAMES, BODY_WORDS)):
        expected = [el for el, names in page.named if pattern.search(names)]
        assert page.named_like(pattern, words) == expected


def test_the_cheap_words_cover_every_vendor_and_body_name() -> None:
    # named_like passes over the names without one of its words: none may be a match.
    for token in (*BODY_TOKENS, "OB-widget outbrain", "taboola", "plista", "ligatus", "zergnet"):
        names = token.lower()
        if _BODY_NAMES.search(names):
            assert any(word in names for word in BODY_WORDS), token
        if VENDOR_ATTR.search(names):
            assert any(word in names for word in VENDOR_WORDS), token
    assert not parse_page("<p class='x'>a</p>", ARTICLE).named_like(VENDOR_ATTR, VENDOR_WORDS)


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, None), ("", None), (" ", None), ("0.3", 0.3), (1, 1.0)]
)
def test_min_confidence_values(raw: object, expected: float | None) -> None:
    assert parse_min_confidence(raw) == expected


@pytest.mark.parametrize("raw", ["high", "1.5", "-0.1", "nan"])
def test_bad_min_confidence_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        parse_min_confidence(raw)


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return run_argv([sys.executable, "-m", "scrapy", *args], timeout=120)


@pytest.mark.integration
def test_crawl_refuses_a_bad_threshold_before_starting() -> None:
    run = _scrapy("crawl", "related", "-a", f"url={ARTICLE}", "-s", "RELATED_MIN_CONFIDENCE=2")
    assert run.returncode == 2, run.stderr[-2000:]
    assert "RELATED_MIN_CONFIDENCE" in run.stderr
    assert "from 0 to 1" in run.stderr


@pytest.mark.integration
def test_extract_threshold_option(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(_page(RELATED_BOX + GENERIC_BOX))
    low = _scrapy("extract", "--url", ARTICLE, "--min-confidence", "0", str(saved))
    high = _scrapy("extract", "--url", ARTICLE, "-s", "RELATED_MIN_CONFIDENCE=1", str(saved))
    assert low.returncode == high.returncode == 0, low.stderr + high.stderr
    assert len(json.loads(low.stdout)["relatedLinks"]) == 4
    assert len(json.loads(high.stdout)["relatedLinks"]) == 2
    bad = _scrapy("extract", "--min-confidence", "lots", str(saved))
    assert bad.returncode == 2
    assert "--min-confidence" in bad.stderr


@pytest.mark.integration
def test_extract_without_url_reads_the_page_at_its_canonical_address(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(_page(RELATED_BOX))
    run = _scrapy("extract", str(saved))
    assert run.returncode == 0, run.stderr
    item = json.loads(run.stdout)
    assert item["url"] == ARTICLE
    assert len(item["relatedLinks"]) == 2
    assert f"using the page's own address {ARTICLE}" in run.stderr


@pytest.mark.integration
def test_extract_without_url_or_canonical_warns(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(_page(RELATED_BOX, canonical=None))
    run = _scrapy("extract", str(saved))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["relatedLinks"] == []
    assert "same-site links cannot be judged" in run.stderr


@pytest.mark.parametrize(
    "script",
    [
        '<script id="__NEXT_DATA__" type="application/json">'
        + '{"related":' * 100_000
        + "</script>",
        "<script>window.__INITIAL_STATE__ = " + '{"relatedArticles":[' * 50_000 + "</script>",
    ],
)
def test_application_state_nested_too_deep_costs_only_its_links(script: str) -> None:
    # A hostile or broken state script: the page's other links are still judged.
    page = parse_page(_page(RELATED_BOX + script), ARTICLE)
    assert len(related_links(page, site=None)) == 2


def test_a_box_the_page_labels_most_read_is_never_related() -> None:
    # Its picks share the story's words (the most read story of the day is often this one's
    # sequel), but readers' clicks chose them, not the newsroom: confidence 0.
    most_read = RELATED_BOX.replace("Sur le même sujet", "Les plus lus")
    page = parse_page(_page(most_read), ARTICLE)
    scored = scored_candidates(page, site=None)
    assert len(scored) == 2
    assert {confidence for _, _, confidence in scored} == {0.0}
    assert related_links(page, site=None, min_confidence=0.01) == []


def test_a_later_story_counts_against_a_list_not_against_a_sentence() -> None:
    """ "Dated after the page" is the evidence of latest-news lists: a sentence that links to a
    later story was written in by an update, and the link keeps its confidence."""
    later = _story(13, "le-comite-restreint-trouve-enfin-un-accord-sur-le-budget")
    earlier = _story(11, "le-comite-restreint-trouve-enfin-un-accord-sur-le-budget")

    def row_of(url: str, *, in_sentence: bool) -> list[float]:
        if in_sentence:  # in the article's first paragraph
            html = _page("").replace(
                b"comit\xc3\xa9 restreint.",
                f'comité restreint (<a href="{url}">un accord</a>).'.encode(),
            )
        else:
            html = _page(f'<section><ul><li><a href="{url}">Un accord</a></li></ul></section>')
        page = parse_page(html, ARTICLE)
        found = [(cand, row) for cand, row, _ in scored_candidates(page, site=None)]
        rows = [row for cand, row in found if cand.url == url and cand.prose == in_sentence]
        assert rows, url
        return rows[0]

    newer = FEATURES.index("newer")
    assert row_of(later, in_sentence=True)[newer] == 0.0
    assert row_of(later, in_sentence=False)[newer] == 1.0
    assert row_of(earlier, in_sentence=False)[newer] == 0.0


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://x.be/2023/09/13/direct-guerre-en-ukraine-suivez-les-dernieres-Z6RS5TBA/", 1.0),
        ("https://x.de/news/über-die-brücke-gehen.html", 0.5),
        ("https://x.de/automarken/marke/skoda-1337376", 0.125),
        ("https://x.com/wprm_print/recipe/11467", 0.0),
    ],
)
def test_slug_words_count_the_title_an_address_spells(url: str, words: float) -> None:
    assert slug_words(url) == words
