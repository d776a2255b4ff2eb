"""Labelled visible dates (the "text" source): labels per language and their boundaries."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.dates.candidates import MODIFIED, PUBLISHED, ParseContext
from crawler.extract.dates.sources import read
from crawler.extract.page import parse_page


def labelled(lang: str, byline: str) -> dict[str, datetime]:
    """The labelled dates of a page whose byline is `byline`, by role."""
    html = f"<html lang='{lang}'><body><article><h1>Kop</h1><p>{byline}</p></article></body></html>"
    page = parse_page(html, "https://www.example.org/a")
    ctx = ParseContext((lang, "en"), True, 2024)
    return {c.role: c.parsed.value for c in read("text", page, ctx)}


@pytest.mark.parametrize(
    ("lang", "byline", "role", "value"),
    [
        (
            "nl",
            "Aangepast op vrijdag 17 mei 2024 om 16.40 uur",
            MODIFIED,
            datetime(2024, 5, 17, 16, 40),
        ),
        ("nl", "Laatst gewijzigd: 17-05-2024 16:40", MODIFIED, datetime(2024, 5, 17, 16, 40)),
        ("nl", "Gewijzigd op 17 mei 2024", MODIFIED, datetime(2024, 5, 17)),
        ("nl", "Geplaatst op 17 mei 2024", PUBLISHED, datetime(2024, 5, 17)),
        ("de", "Zuletzt bearbeitet am 12.09.2023", MODIFIED, datetime(2023, 9, 12)),
        (
            "en",
            "(last edited 2019-11-10 13:28:18 by someone)",
            MODIFIED,
            datetime(2019, 11, 10, 13, 28, 18),
        ),
        ("en", "Posted on May 17, 2024", PUBLISHED, datetime(2024, 5, 17)),
        # Labels of languages outside Latin script; East Asian ones run into the word before.
        ("ja", "記事公開日：2020年2月14日 10時30分", PUBLISHED, datetime(2020, 2, 14, 10, 30)),
        ("ja", "最終更新日：2020年2月15日", MODIFIED, datetime(2020, 2, 15)),
        ("zh", "发布时间：2020-02-14 10:30", PUBLISHED, datetime(2020, 2, 14, 10, 30)),
        ("ko", "기사입력 2020.02.14 오후 3:20", PUBLISHED, datetime(2020, 2, 14, 15, 20)),
        ("ko", "최종수정 2020.02.14 16:05", MODIFIED, datetime(2020, 2, 14, 16, 5)),
        ("fa", "تاریخ انتشار: ۲ تیر ۱۳۹۹", PUBLISHED, datetime(2020, 6, 22)),
        ("ar", "تاريخ النشر: 24 أبريل 2020", PUBLISHED, datetime(2020, 4, 24)),
        ("ru", "Опубликовано 14 февраля 2020 в 10:30", PUBLISHED, datetime(2020, 2, 14, 10, 30)),
        ("ru", "ОБНОВЛЕНО 15 февраля 2020", MODIFIED, datetime(2020, 2, 15)),
        ("uk", "Оновлено 15 лютого 2020", MODIFIED, datetime(2020, 2, 15)),
        ("tr", "Yayınlanma: 14 Şubat 2020 10:30", PUBLISHED, datetime(2020, 2, 14, 10, 30)),
        ("tr", "Son Güncelleme: 15.02.2020", MODIFIED, datetime(2020, 2, 15)),
    ],
)
def test_labels(lang: str, byline: str, role: str, value: datetime) -> None:
    assert labelled(lang, byline).get(role) == value


@pytest.mark.parametrize(
    ("lang", "byline"),
    [
        # A label inside a longer word or key is no label.
        ("en", "updated_at 2022-01-11"),
        ("en", "publishedAt 2022-01-11"),
        ("nl", "aangepaste versie 17 mei 2024"),
        # A label with no date near it.
        ("en", "Updated to reflect new guidance. The rules changed on 3 May 2024."),
    ],
)
def test_not_labels(lang: str, byline: str) -> None:
    assert labelled(lang, byline) == {}


def _padded(before: int, byline: str, after: str = "") -> dict[str, datetime]:
    """Labelled dates of a page whose byline starts `before` bytes into its <article>."""
    filler = "<p>" + "x" * max(0, before - 12) + "</p>"
    html = (
        "<html lang='fr'><body><article><h1>Titre</h1>"
        f"{filler}<p>{byline}</p>{after}</article></body></html>"
    )
    page = parse_page(html, "https://www.example.be/a")
    ctx = ParseContext(("fr", "en"), True, 2024)
    return {c.role: c.parsed.value for c in read("text", page, ctx)}


@pytest.mark.parametrize("before", [0, 5_960, 5_990, 5_995, 6_000, 11_990, 17_995, 20_000])
def test_labels_across_search_chunks(before: int) -> None:
    # The region is searched a chunk at a time: a label across a chunk's end is still read, and
    # in page order (the byline's dates, not the later ones).
    got = _padded(
        before,
        "Publié le 12-09-2023 à 16h41 Mis à jour le 13-09-2023 à 16h50",
        "<p>Publié le 01-01-2020</p><p>Mis à jour le 02-01-2020</p>",
    )
    assert got == {
        PUBLISHED: datetime(2023, 9, 12, 16, 41),
        MODIFIED: datetime(2023, 9, 13, 16, 50),
    }


def test_first_label_in_page_order_wins_across_chunks() -> None:
    # "mis à jour" (a modified label) first, then the publication far below: both are found,
    # and the stem search stops only for roles already read.
    got = _padded(
        100,
        "Mis à jour le 13-09-2023",
        "<p>" + "y" * 14_000 + "</p><p>Publié le 12-09-2023</p><p>Mis à jour le 01-01-2020</p>",
    )
    assert got == {PUBLISHED: datetime(2023, 9, 12), MODIFIED: datetime(2023, 9, 13)}


@pytest.mark.parametrize(
    ("body", "raw"),
    [
        ('<div class="entry-date">12.09.2023</div>', "12.09.2023"),
        ('<span class="article__publishDate">12.09.2023</span>', "12.09.2023"),
        ('<p id="post-date">12.09.2023</p>', "12.09.2023"),
        # A link is a teaser's, never the byline itself; a classed element after it is read.
        (
            '<a class="date" href="/x">01.01.2020</a><div class="byline">12.09.2023</div>',
            "12.09.2023",
        ),
        ('<div class="Dateline">no digits</div><div class="datum">12.09.2023</div>', "12.09.2023"),
        ('<div class="dates">Dienstag</div>', None),
        # A date badge: one element per part, read apart ("Feb 182009" joined is no date).
        (
            '<div class="datum"><span>Feb</span><span>18</span><span>2009</span></div>',
            "Feb 18 2009",
        ),
        ('<p class="date"><b>18</b>.<b>02</b>.<b>2009</b></p>', "18.02.2009"),
    ],
)
def test_classed_candidates(body: str, raw: str | None) -> None:
    html = f"<html lang='de'><body><article><h1>Titel</h1>{body}</article></body></html>"
    page = parse_page(html, "https://www.example.de/a")
    found = read("classed", page, ParseContext(("de", "en"), True, 2024))
    assert [c.raw for c in found] == ([raw] if raw else [])


@pytest.mark.parametrize(
    ("head", "role", "value"),
    [
        # Vendors' and frameworks' names (Cxense, Shareaholic, Open Graph variants), and Dublin
        # Core in RDFa's prefix form ("dc:", "dcterms:") as well as the HTML one ("dc.").
        (
            '<meta name="cxenseparse:publishtime" content="2023-11-09T05:01:02-05:00">',
            PUBLISHED,
            datetime(2023, 11, 9, 5, 1, 2),
        ),
        (
            '<meta property="og:pubdate" content="2021-03-08T11:15:28Z">',
            PUBLISHED,
            datetime(2021, 3, 8, 11, 15, 28),
        ),
        (
            '<meta name="shareaholic:article_published_time" content="2014-03-17T01:44:37+01:00">',
            PUBLISHED,
            datetime(2014, 3, 17, 1, 44, 37),
        ),
        (
            '<meta name="shareaholic:article_modified_time" content="2018-09-16T07:34:07+01:00">',
            MODIFIED,
            datetime(2018, 9, 16, 7, 34, 7),
        ),
        (
            '<meta property="article:published_date" content="2020-11-28T13:34:47+05:30">',
            PUBLISHED,
            datetime(2020, 11, 28, 13, 34, 47),
        ),
        (
            '<meta name="publication_date" content="2022-02-08T14:00:00">',
            PUBLISHED,
            datetime(2022, 2, 8, 14),
        ),
        (
            '<meta property="dcterms:created" content="2015-01-28">',
            PUBLISHED,
            datetime(2015, 1, 28),
        ),
        ('<meta name="dc:date.created" content="2017-04-12">', PUBLISHED, datetime(2017, 4, 12)),
        (
            '<meta name="DC.created" content="2011-09-17T17:22:48">',
            PUBLISHED,
            datetime(2011, 9, 17, 17, 22, 48),
        ),
    ],
)
def test_meta_names(head: str, role: str, value: datetime) -> None:
    page = parse_page(f"<html><head>{head}</head><body></body></html>", "https://www.example.org/a")
    found = read("meta", page, ParseContext(("en",), True, 2024))
    assert [(c.role, c.parsed.value) for c in found] == [(role, value)]
