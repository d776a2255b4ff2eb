"""The article's language: the declared tag, checked against the text; and what dates make of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract.article import extract_article
from crawler.extract.language import content_language, declared_tag, detect
from crawler.extract.page import parse_page

NOW = datetime(2024, 6, 1, tzinfo=UTC)

GERMAN = (
    "Die Stadtverwaltung hat am Montag die neuen Pläne für den Umbau des Bahnhofsviertels "
    "vorgestellt. Nach Angaben der Bürgermeisterin sollen die Arbeiten im kommenden Frühjahr "
    "beginnen und rund zwei Jahre dauern. Anwohner hatten sich in mehreren Versammlungen über "
    "den Lärm und die fehlenden Parkplätze beschwert. Die Verwaltung verspricht nun, die "
    "Baustellen so zu planen, dass die Geschäfte erreichbar bleiben und der Busverkehr nicht "
    "unterbrochen wird. Der Gemeinderat muss dem Vorhaben noch zustimmen; eine Mehrheit gilt "
    "jedoch als sicher, weil alle großen Fraktionen die Pläne bereits öffentlich unterstützt "
    "haben. Die Kosten werden auf etwa vierzig Millionen Euro geschätzt."
)
ENGLISH = (
    "The city council presented its plans for the station district on Monday. According to the "
    "mayor, the work should begin next spring and last about two years. Residents had "
    "complained about the noise and the missing parking spaces at several meetings."
)


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("fr-BE", "fr-BE"),
        ("fr_BE", "fr-BE"),
        (" de ", "de"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("lang=", None),
        ("english", None),
        ("", None),
        (None, None),
    ],
)
def test_a_declared_tag_is_kept_only_when_it_is_a_tag(value: str | None, tag: str | None) -> None:
    assert declared_tag(value) == tag


def test_detection_needs_enough_text() -> None:
    found = detect(GERMAN)
    assert found is not None
    assert found[0] == "de"
    assert detect("Guten Tag") is None
    assert detect("") is None
    # Control characters and lone surrogates are no reason to fail.
    assert detect("\x00\x01" + GERMAN) is not None
    assert detect("\ud800" + GERMAN) is None  # CLD2 takes UTF-8 only: no language, no error


@pytest.mark.parametrize(
    ("declared", "text", "language"),
    [
        # Nothing (valid) declared: the text's language.
        (None, GERMAN, "de"),
        ("lang=", GERMAN, "de"),
        # A template's default "en" on a German page: the text wins.
        ("en-US", GERMAN, "de"),
        # The text agrees, or is too short to contradict: the declared tag, with its region.
        ("de-AT", GERMAN, "de-AT"),
        ("de", ENGLISH[:120], "de"),
        # Norwegian declared as "nb", which CLD2 calls "no".
        ("nb", "Regjeringen la mandag fram forslaget til statsbudsjett for neste år. " * 8, "nb"),
        # No text: what is declared, if anything.
        ("fr", "", "fr"),
        (None, "", None),
    ],
)
def test_the_content_language(declared: str | None, text: str, language: str | None) -> None:
    assert content_language(declared, text) == language


def test_a_german_page_declared_english_reads_day_first() -> None:
    # WordPress's default <html lang="en-US"> on a German blog: "09.12.2023" and "09/12/2023"
    # are 9 December, and the item says the page is German.
    html = (
        '<html lang="en-US"><head><meta property="og:type" content="article"></head><body>'
        "<article><h1>Neue Pläne für das Bahnhofsviertel</h1>"
        '<p class="date">Veröffentlicht am 09/12/2023</p>'
        f"<div class='entry-content'><p>{GERMAN}</p><p>{GERMAN}</p></div></article></body></html>"
    )
    item = extract_article(parse_page(html, "https://blog.example.com/bahnhofsviertel/"), now=NOW)
    assert item["inLanguage"] == "de"
    assert item["datePublishedLocal"] is not None
    assert item["datePublishedLocal"].startswith("2023-12-09")
