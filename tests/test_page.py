"""The parsed page's shared readings: elements by tag, meta table, JSON-LD and its raw text."""

from __future__ import annotations

from crawler.extract.links.embedded import embedded_links
from crawler.extract.page import parse_page

URL = "https://www.lalibre.be/belgique/2023/09/12/article-ABC/"
PAGE = """<html><head>
<meta property="og:title" content="Le budget">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Le budget"}</script>
<link rel="amphtml" href="/amp/article-ABC/">
</head><body>
<article><meta itemprop="datePublished" content="2023-09-12T16:41:00+02:00">
<time datetime="2023-09-12">12 septembre</time><script>window.x = 1;</script>
<time datetime="2023-09-13">13 septembre</time></article>
</body></html>"""


def test_elements_by_tag_in_page_order_head_and_body() -> None:
    page = parse_page(PAGE, URL)
    by_tag = page.by_tag
    assert [el.get("content") for el in by_tag["meta"]] == [
        "Le budget",
        "2023-09-12T16:41:00+02:00",
    ]
    assert [el.get("datetime") for el in by_tag["time"]] == ["2023-09-12", "2023-09-13"]
    assert [el.get("rel") for el in by_tag["link"]] == ["amphtml"]
    assert len(by_tag["script"]) == 2
    # What reads them: the meta table (a microdata <meta> in the body too), JSON-LD, app scripts.
    assert page.meta["datepublished"] == ["2023-09-12T16:41:00+02:00"]
    assert page.json_ld == [{"@type": "NewsArticle", "headline": "Le budget"}]
    assert page.scripts == ["window.x = 1;"]


def test_json_ld_without_link_keys_is_not_decoded_for_links() -> None:
    page = parse_page(PAGE, URL)
    assert list(embedded_links(page, None)) == []
    assert "json_ld" not in page.__dict__  # the links alone had no reason to decode it
    related = PAGE.replace(
        '"headline": "Le budget"}',
        '"headline": "Le budget", "relatedLink": ["https://www.lalibre.be/a/2023/09/11/x/"]}',
    )
    page = parse_page(related, URL)
    assert list(embedded_links(page, None)) == [("https://www.lalibre.be/a/2023/09/11/x/", "")]
