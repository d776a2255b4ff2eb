"""Labelled visible dates (datecands.text_candidates): labels per language and their boundaries."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.datecands import MODIFIED, PUBLISHED, ParseContext, text_candidates
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
