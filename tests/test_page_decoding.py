"""Page bytes to text: BOMs, declared charsets, sniffing, and bad bytes replaced one by one."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

import pytest

from crawler.extract.article import extract_html
from crawler.extract.page import decode_html, parse_page, sniff_encoding

NOW = datetime(2024, 6, 1, tzinfo=UTC)
TEXT = "Le Trésor américain relève ses taux à 16h41 – « prudence »"
# Four bytes that are not UTF-8 (a stray Latin-1 "é", a lone continuation byte, a truncated
# sequence, an invalid lead), in an otherwise UTF-8 page.
BAD = b"\xe9 \x80 \xe2\x82 \xff"


def _page(meta: str = "") -> bytes:
    head = f"<head>{meta}<title>t</title></head>"
    body = f"<body><article><h1>{TEXT}</h1><p>{TEXT}</p>".encode()
    return f"<html>{head}".encode() + body + b"<p>" + BAD + b"</p></article></body></html>"


@pytest.mark.parametrize(
    ("meta", "declared"),
    [
        ('<meta charset="utf-8">', None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', None),
        ("", "utf-8"),
        ("", None),
    ],
    ids=["meta-charset", "meta-http-equiv", "http-header", "undeclared"],
)
def test_utf8_page_with_invalid_bytes_keeps_its_text(meta: str, declared: str | None) -> None:
    text = decode_html(_page(meta), declared)
    assert text.count(TEXT) == 2
    assert "Ã©" not in text
    assert text.count("\ufffd") == 4


def test_declared_charset_wins_over_the_page_meta() -> None:
    body = _page('<meta charset="iso-8859-1">')
    assert TEXT in decode_html(body, "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_decides_and_is_removed(bom: bytes, codec: str) -> None:
    html = f"<html><head><meta charset='iso-8859-1'></head><body><p>{TEXT}</p></body></html>"
    text = decode_html(bom + html.encode(codec), "iso-8859-1")
    assert text.startswith("<html>")
    assert TEXT in text


def test_undeclared_legacy_page_is_cp1252() -> None:
    # ISO-8859-1 text written on Windows: curly quotes are cp1252's bytes 0x93/0x94.
    body = "<html><body><p>Publié le 12-09-2023 \u201cà 16h41\u201d</p></body></html>"
    encoded = body.encode("cp1252")
    assert sniff_encoding(encoded) == "cp1252"
    assert "Publié le 12-09-2023 \u201cà 16h41\u201d" in decode_html(encoded)


def test_declared_latin1_reads_cp1252_quotes() -> None:
    body = "<html><body><p>\u201cPublié\u201d</p></body></html>".encode("cp1252")
    assert "\u201cPublié\u201d" in decode_html(body, "ISO-8859-1")


def test_unknown_declared_charset_falls_back_to_the_page() -> None:
    assert TEXT in decode_html(_page('<meta charset="utf-8">'), "no-such-charset")


def test_article_fields_from_a_utf8_page_with_bad_bytes() -> None:
    html = (
        (
            '<html lang="fr"><head><meta charset="utf-8">'
            '<meta property="og:type" content="article">'
            f"<title>{TEXT}</title></head><body><article><h1>{TEXT}</h1>"
            "<p>Publié le 12-09-2023 à 16h41</p><p>"
        ).encode()
        + BAD
        + b"</p></article></body></html>"
    )
    fields = extract_html(html, "https://www.example.be/a", encoding="utf-8", now=NOW)
    assert fields is not None
    assert fields["headline"] == TEXT
    assert fields["datePublished"] == "2023-09-12T14:41:00Z"
    assert parse_page(html, "https://www.example.be/a").tree.findtext(".//h1") == TEXT


KOREAN = "코로나19 극복 성금 기탁 줄 잇는다"


@pytest.mark.parametrize(
    ("meta", "declared"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">', None),
        ('<meta charset="iso-8859-1">', None),
        ("", "ISO-8859-1"),
        ('<meta charset="utf-8">', "windows-1252"),
    ],
    ids=["meta-euc-kr", "meta-latin1", "header-latin1", "header-cp1252"],
)
def test_utf8_bytes_under_a_legacy_declaration_are_utf8(meta: str, declared: str | None) -> None:
    # A saved copy re-encoded to UTF-8 that kept its old <meta>, a server's default header.
    html = f"<html><head>{meta}</head><body><h1>{KOREAN}</h1><p>{TEXT}</p></body></html>"
    text = decode_html(html.encode("utf-8"), declared)
    assert KOREAN in text
    assert TEXT in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("codec", ["euc-kr", "cp949"])
def test_real_legacy_bytes_keep_their_declared_charset(codec: str) -> None:
    html = f"<html><head><meta charset='{codec}'></head><body><h1>{KOREAN}</h1></body></html>"
    assert KOREAN in decode_html(html.encode(codec))
    assert KOREAN in decode_html(html.encode(codec), codec)


def test_legacy_page_with_one_accented_letter_is_not_utf8() -> None:
    # "é" (0xE9) then a plain letter: no valid UTF-8 sequence, the declaration stands.
    body = "<html><head><meta charset='iso-8859-1'></head><body><p>Publié</p></body></html>"
    assert "Publié" in decode_html(body.encode("iso-8859-1"))
