"""Labelled visible dates (datecands.text_candidates): labels per language and their boundaries."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.datecands import (
    MODIFIED,
    PUBLISHED,
    ParseContext,
    classed_candidates,
    text_candidates,
)
from crawler.extract.page import parse_page


def labelled(lang: str, byline: str) -> dict[str, datetime]:
    """The labelled dates of a page whose byline is `byline`, by role."""
    html = f"<html lang='{lang}'><body><article><h1>Kop</h1><p>{byline}</p></article></body></html>"
    page = parse_page(html, "https://www.example.org/a")
    ctx = ParseContext((lang, "en"), True, 2024)
    return {c.role: c.parsed.value for c in text_candidates(page, ctx)}


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
    return {c.role: c.parsed.value for c in text_candidates(page, ctx)}


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
    ],
)
def test_classed_candidates(body: str, raw: str | None) -> None:
    html = f"<html lang='de'><body><article><h1>Titel</h1>{body}</article></body></html>"
    page = parse_page(html, "https://www.example.de/a")
    found = classed_candidates(page, ParseContext(("de", "en"), True, 2024))
    assert [c.raw for c in found] == ([raw] if raw else [])
