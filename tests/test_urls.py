"""URL normalization, site identity and article-shape tests, as tables."""

from __future__ import annotations

import pytest

from crawler.extract.sites import profile_for_host
from crawler.extract.urls import (
    article_shape,
    evidence_free_shape,
    fold_amp,
    host_path_query,
    is_amp_url,
    looks_like_article_url,
    normalize_plain_path,
    normalize_url,
    origin_of,
    registered_domain,
    same_site,
    simple_origin,
    site_of,
    url_key,
)

SEED = (
    "https://www.lalibre.be/international/europe/guerre-ukraine-russie/2023/09/12/la-rencontre-"
    "entre-poutine-et-kim-jong-un-est-une-source-dinquietude-on-assiste-a-la-creation-dun-pole-"
    "de-force-ou-tous-les-coups-sont-permis-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
)
BASE = "https://www.lalibre.be/belgique/2023/09/12/page-ABCDEFGHIJKLMNOPQRSTUVWXYZ/"


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        # The seed as received: a line-wrap space inside the Arc id.
        (SEED.replace("LS2PZRXO4", "LS2PZR XO4"), None, SEED),
        (f"  {SEED}\n", None, SEED),
        (SEED.replace("LS2PZR", "LS2\u200bPZR"), None, SEED),
        # Scheme and host case, default ports; path case and trailing slash kept.
        ("HTTPS://WWW.LaLibre.BE:443/Belgique/ABC/", None, "https://www.lalibre.be/Belgique/ABC/"),
        ("http://www.lalibre.be:80/a/b", None, "http://www.lalibre.be/a/b"),
        ("http://127.0.0.1:8000/a/b/", None, "http://127.0.0.1:8000/a/b/"),
        ("https://www.dhnet.be/a/b.html", None, "https://www.dhnet.be/a/b.html"),
        # Fragments and tracking parameters go; other parameters stay, in canonical order.
        (f"{SEED}#comments", None, SEED),
        (f"{SEED}?utm_source=twitter&utm_medium=social", None, SEED),
        (
            "https://x.be/a/1?fbclid=abc&gclid=d&xtor=RSS-1&at_medium=x&ref=home",
            None,
            "https://x.be/a/1",
        ),
        ("https://x.be/a?page=2&id=7&utm_campaign=z", None, "https://x.be/a?id=7&page=2"),
        ("https://x.be/a?CMP=share_btn_tw&b=1", None, "https://x.be/a?b=1"),
        # AMP copies fold onto their article.
        (f"{SEED}?outputType=amp", None, SEED),
        ("https://x.be/story/slug-12345/amp/", None, "https://x.be/story/slug-12345/"),
        ("https://x.be/amp/story/slug-12345", None, "https://x.be/story/slug-12345"),
        (
            "https://www.bbc.example/news/world-66789012.amp",
            None,
            "https://www.bbc.example/news/world-66789012",
        ),
        ("https://x.be/a/slug-12345.amp.html", None, "https://x.be/a/slug-12345.html"),
        ("https://x.be/a/slug?amp=1", None, "https://x.be/a/slug"),
        # A feed's outputType is not AMP and stays.
        (
            "https://x.be/arc/outboundfeeds/rss/?outputType=xml",
            None,
            "https://x.be/arc/outboundfeeds/rss/?outputType=xml",
        ),
        # Relative, root-relative, protocol-relative, dot segments, <base href>.
        ("slug-12345/", BASE, f"{BASE}slug-12345/"),
        ("/sports/a-1/", BASE, "https://www.lalibre.be/sports/a-1/"),
        ("//www.lalibre.be/sports/a-1/", BASE, "https://www.lalibre.be/sports/a-1/"),
        ("//www.lalibre.be/sports/a-1/", None, "https://www.lalibre.be/sports/a-1/"),
        ("/depeches/../news.phtml", "http://www.dhnet.be/x/", "http://www.dhnet.be/news.phtml"),
        ("http://www.dhnet.be/a/../b/c.html", None, "http://www.dhnet.be/b/c.html"),
        ("../b", "http://x.be/a/c/d", "http://x.be/a/b"),
        # Entities left in an attribute, non-ASCII paths, IDN hosts.
        ("https://x.be/a?b=1&amp;c=2", None, "https://x.be/a?b=1&c=2"),
        ("https://x.be/a?b=1&copy=2", None, "https://x.be/a?b=1&copy=2"),
        ("https://x.be/été/a", None, "https://x.be/%C3%A9t%C3%A9/a"),
        ("https://x.be/%c3%a9t%c3%a9/a", None, "https://x.be/%C3%A9t%C3%A9/a"),
        ("https://bücher.example/a", None, "https://xn--bcher-kva.example/a"),
        # Not http(s) links.
        ("mailto:redaction@lalibre.be", BASE, None),
        ("tel:+3222112211", BASE, None),
        ("javascript:void(0)", BASE, None),
        ("data:text/html,hi", BASE, None),
        ("ftp://x.be/a", None, None),
        ("/relative/without/base", None, None),
        ("", BASE, None),
        ("   ", BASE, None),
        ("http://", None, None),
        ("http://x.be:99999/a", None, None),
    ],
)  # fmt: skip
def test_normalize_url(url: str, base: str | None, expected: str | None) -> None:
    assert normalize_url(url, base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.lalibre.be/a/b/",
        "https://x.be/a?b=1",
        "http://127.0.0.1:8000/a/",
        "https://x.be/été/a?z=1&a=2#f",
        "/a/b",
    ],
)
def test_normalize_url_is_idempotent(url: str) -> None:
    once = normalize_url(url, "https://x.be/")
    assert once is not None
    assert normalize_url(once) == once


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (SEED, SEED.rstrip("/")),
        (SEED, SEED.replace("https://www.", "http://")),
        (SEED, SEED + "?outputType=amp"),
        (SEED, SEED.replace("www.", "amp.")),
        (SEED, SEED.replace("www.", "m.")),
        ("https://x.be/a?b=1&c=2", "https://x.be/a?c=2&b=1"),
    ],
)
def test_url_key_folds_variants_of_one_article(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://x.be/a/B", "https://x.be/a/b"),
        ("https://x.be/a?id=1", "https://x.be/a?id=2"),
        ("https://sport.x.be/a", "https://x.be/a"),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/a"),
    ],
)
def test_url_key_keeps_distinct_articles_apart(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.lalibre.be", "lalibre.be"),
        ("LaLibre.be.", "lalibre.be"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("a.b.c.example.com", "example.com"),
        ("someone.blogspot.com", "someone.blogspot.com"),
        ("127.0.0.1", "127.0.0.1"),
        ("127.0.0.1:8000", "127.0.0.1:8000"),
        ("[::1]:8000", "[::1]:8000"),
        ("localhost", "localhost"),
    ],
)
def test_registered_domain(host: str, expected: str) -> None:
    assert registered_domain(host) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("https://www.lalibre.be/a", "http://lalibre.be/b", True),
        ("https://www.lalibre.be/a", "https://sport.lalibre.be/b", True),
        ("https://www.lalibre.be/a", "https://www.dhnet.be/a", False),
        ("https://www.lalibre.be/a", "https://lalibre.be.evil.com/a", False),
        ("https://news.bbc.co.uk/a", "https://www.bbc.co.uk/b", True),
        ("https://a.blogspot.com/x", "https://b.blogspot.com/x", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", True),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/a", False),
        ("http://127.0.0.1/a", "http://127.0.0.1:80/a", True),
        ("http://localhost:8000/a", "http://localhost:8000/b", True),
        ("mailto:a@lalibre.be", "https://www.lalibre.be/", False),
    ],
)
def test_same_site(a: str, b: str, expected: bool) -> None:
    assert same_site(a, b) is expected


def test_site_of_without_host() -> None:
    assert site_of("/a/b") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (SEED, True),
        ("https://www.lalibre.be/actu/belgique/article/656130/van-quick.html", True),
        ("https://www.lalibre.be/actu/belgique/le-budget-5c1a2b3c4d5e6f7a8b9c0d1e", True),
        ("https://www.theguardian.example/world/2023/sep/12/kim-jong-un-arrives-in-russia", True),
        (
            "https://www.lemonde.example/international/article/2023/09/12/slug_6188888_3210.html",
            True,
        ),
        ("https://www.hln.example/buitenland/kim-bij-poetin~a1b2c3d4/", True),
        ("https://www.bbc.example/news/world-asia-66789012", True),
        ("https://www.standaard.example/cnt/dmf20230912_97654321", True),
        ("https://www.spiegel.example/ausland/kim-a-8f3e2d1c-1234-4abc-9def-0123456789ab", True),
        ("https://www.example.com/2023/09/un-billet-de-blog/", True),
        ("https://x.example/news.php?id=123456", True),
        ("https://x.example/ukraine-russia-war-what-we-know-on-day-567/", True),
        ("https://x.example/comment-choisit-on-le-nom-des-tempetes.html", True),
        # Not articles: root, sections, tags, authors, search, services, media, actions, feeds.
        ("https://www.lalibre.be/", False),
        ("https://www.lalibre.be/international/", False),
        ("https://www.lalibre.be/international/europe/guerre-ukraine-russie/", False),
        ("https://www.lalibre.be/tags/kim-jong-un-et-vladimir-poutine/", False),
        ("https://www.lalibre.be/auteurs/jean-dupont-journaliste-politique/", False),
        ("https://www.lalibre.be/recherche/?q=poutine+kim+jong+un+2023", False),
        ("https://www.dhnet.be/section/4/24/belgique.html", False),
        ("https://www.lalibre.be/abonnement/offre-numerique-premier-mois/", False),
        ("https://www.lalibre.be/2023/09/12/", False),
        ("https://www.lalibre.be/2023/09/12/photo-du-sommet-de-vladivostok.jpg", False),
        ("https://galeries.lalibre.be/album/2023/09/12/photo.jpg/", False),
        ("https://www.lalibre.be/docs/2023/09/12/rapport-complet-de-la-commission.pdf", False),
        ("https://podcast.lalibre.be/articles/audio_llb_774524_1351533121.mp3", False),
        ("https://blogs.lalibre.be/2023/09/12/un-billet-sur-le-sommet-de-vladivostok/", False),
        ("https://www.lalibre.be/article_print.phtml?art_id=800170", False),
        ("https://www.dhnet.be/service/twitter/redirect/389327", False),
        (
            "https://www.lalibre.be/arc/outboundfeeds/rss/section/international/?outputType=xml",
            False,
        ),
        ("https://www.lalibre.be/international/index.html", False),
        ("https://www.lalibre.be/2023/09/12/index.html", False),
        # The story of its directory (CNN's shape), not a section front.
        ("https://edition.cnn.com/2021/03/08/uk/oprah-harry-meghan-interview-hnk/index.html", True),
        ("https://www.example.com/news/1234567/index.html", True),
        # Listing and service words as a file's name: a search, the legal notice.
        ("https://hindi.example.com/search.php?search=export&id=12345", False),
        ("https://www.example.de/info/impressum.html?id=123456", False),
        # ... but not "page": CMSs serve their stories under it.
        ("https://www.example.com/page.php?id=123456", True),
        # Pages about a player or a team, a shop's, a forum's thread, a job advert, a list of
        # podcasts: whatever their ids and slugs.
        ("https://sports.example.com/cricket/players/64307-kusal-mendis-playerprofile", False),
        ("https://www.example.de/fussball/spieler/123456/max-mustermann-profil", False),
        ("https://www.example.com/sport/football/teams/arsenal-fc-2023-squad", False),
        ("https://www.example.de/shop/produkte/kaffeemaschine-123456.html", False),
        ("https://www.example.de/forum/t/tubeless-erfahrungen-zusammenfassung.740755", False),
        ("https://www.example.de/jobs/personalleiter-hamburg.398036525.html", False),
        ("https://www.example.org/podcasts/510317/hidden-brain", False),
        # ... but a newsroom files stories under "job", "karriere" or "podcasts" too (a section):
        # a dated or identified slug of four words or more is one.
        ("https://www.example.de/aktuell/job/sabbatical-richtig-planen-10111770.html", True),
        ("https://www.example.de/karriere/gehalt-wie-viel-bleibt-am-monatsende-a-1234567", True),
        ("https://www.example.fr/podcasts/article/2023/10/12/un-episode-de-crise_6194.html", True),
    ],
)  # fmt: skip
def test_looks_like_article_url_generic(url: str, expected: bool) -> None:
    assert looks_like_article_url(url, None) is expected


def test_site_profile_sharpens_article_shape() -> None:
    site = profile_for_host("www.lalibre.be")
    assert site is not None
    # The profile knows the 2011-13 shape even with a slug too short for the generic rule.
    assert looks_like_article_url("https://www.lalibre.be/actu/article/7001/x.html", site)
    assert not looks_like_article_url("https://www.lalibre.be/tags/x-12345678/", site)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (SEED + "?outputType=amp", True),
        ("https://amp.theguardian.example/world/2023/sep/12/x", True),
        ("https://x.be/a/slug/amp/", True),
        ("https://x.be/a/slug.amp", True),
        ("https://x.be/a?amp=1", True),
        (SEED, False),
        ("https://x.be/arc/outboundfeeds/rss/?outputType=xml", False),
        ("https://x.be/campagne/amplifier-12345", False),
    ],
)
def test_is_amp_url(url: str, expected: bool) -> None:
    assert is_amp_url(url) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (SEED + "?outputType=amp", SEED),
        (
            "https://amp.theguardian.example/world/2023/sep/12/x",
            "https://www.theguardian.example/world/2023/sep/12/x",
        ),
        ("https://x.be/a/slug-1/amp/", "https://x.be/a/slug-1/"),
        ("not a url", "not a url"),
    ],
)  # fmt: skip
def test_fold_amp(url: str, expected: str) -> None:
    assert fold_amp(url) == expected


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://www.lalibre.be", ("https://www.lalibre.be", "lalibre.be")),
        ("http://WWW.DHNET.BE.", ("http://www.dhnet.be", "dhnet.be")),
        ("http://127.0.0.1:8000", ("http://127.0.0.1:8000", "127.0.0.1:8000")),
        ("https://m.x.be:443", ("https://m.x.be", "x.be")),
        ("http://x.be:08080", ("http://x.be:8080", "x.be:8080")),
        # Not for the fast path: userinfo, IPv6, a port out of range, an empty label.
        ("http://user@x.be", None),
        ("http://[::1]:8000", None),
        ("http://x.be:70000", None),
        ("http://x..be", None),
    ],
)
def test_simple_origin(origin: str, expected: tuple[str, str] | None) -> None:
    assert simple_origin(origin) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/international/europe/2023/09/12/slug-LS2PZRXO4JENNG3CMTBUBWR6GQ/",
        "/actu/belgique/article/656130/van-quick.html",
        "/a/slug-1/amp/",
        "/amp/a/slug-1",
        "/a/slug.amp.html",
        "/x/amp/amp/",
        "/",
        "/a:b@c;d=e/",
        # Not plain: the general path answers (None from the fast one).
        "//other.example/a",
        "/a/../b",
        "/a/./b",
        "/a?b=1",
        "/a#b",
        "/caf%C3%A9",
        "/a b",
    ],
)
@pytest.mark.parametrize(
    "base", ["https://www.lalibre.be/x/y/", "http://127.0.0.1:8000/a", "http://WWW.X.BE:80/"]
)
def test_normalize_plain_path_agrees_with_normalize_url(path: str, base: str) -> None:
    origin = simple_origin(origin_of(base)[1])
    assert origin is not None
    fast = normalize_plain_path(origin, path)
    if fast is not None:
        url = normalize_url(path, base)
        assert url is not None
        assert fast == (url, url_key(url))
    else:
        assert path.startswith("//") or any(c in path for c in "?#% ") or "/." in path


@pytest.mark.parametrize(
    "url",
    [
        SEED,
        "https://www.lalibre.be/international/",
        "https://www.lalibre.be/tags/x-12345678/",
        "https://photos.lalibre.be/2023/09/12/un-album-du-sommet/",
        "https://x.example/news.php?id=123456",
        "https://x.example/a/b/c.pdf",
    ],
)
def test_article_shape_is_looks_like_article_url_on_cut_urls(url: str) -> None:
    site = profile_for_host("www.lalibre.be")
    for profile in (None, site):
        assert article_shape(*host_path_query(url), profile) is looks_like_article_url(url, profile)


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("https://www.finanzen.example/riester/", (1, "", True, "")),
        ("https://a.example/Magazin/ganze-welt-vegan.HTML", (2, "magazin", False, "html")),
        # Evidence of an article (a date, an id, a long slug): not evidence-free.
        ("https://a.example/2023/09/12/budget/", None),
        ("https://a.example/news/story-12345678", None),
        ("https://a.example/news/the-budget-talks-go-on-again-tonight", None),
        # No article at all: the root, a tag page.
        ("https://a.example/", None),
        ("https://a.example/tag/riester/", None),
    ],
)
def test_evidence_free_shape(url: str, shape: tuple[int, str, bool, str] | None) -> None:
    assert evidence_free_shape(url) == shape
