"""The language of an article: the tag the page declares, checked against its text (CLD2)."""

from __future__ import annotations

import re

import pycld2

# A language tag as BCP 47 writes it ("fr", "fr-BE", "zh-Hant-TW"): not "lang=", "english".
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# CLD2 still answers with codes ISO 639 has withdrawn.
_RENAMED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# CLD2 refuses control characters other than tab and line ends.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The text read (its first characters: a headline and a few paragraphs say enough).
TEXT_CHARS = 3000
# A detection counts when CLD2 calls it reliable on this many bytes of letters at least...
MIN_BYTES = 200
# ... and replaces a declared tag only with this share of the text (percent) on this many bytes:
# the declared "en" of a CMS's default template on a German page, not a quote in English.
OVERRIDE_PERCENT = 90
OVERRIDE_BYTES = 500


def declared_tag(value: str | None) -> str | None:
    """A declared language tag, tidied ("fr_BE" is "fr-BE"); None when it is no tag."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    return tag if _TAG.fullmatch(tag) else None


def detect(text: str) -> tuple[str, int, int] | None:
    """(ISO 639-1 code, percent of the text, bytes of letters read) of the text's main language
    when CLD2 calls it reliable on MIN_BYTES at least, else None."""
    sample = _CONTROL.sub(" ", text[:TEXT_CHARS])
    try:
        reliable, read, details = pycld2.detect(sample)
    except (pycld2.error, UnicodeError):  # lone surrogates, bytes CLD2 will not take
        return None
    name, code, percent, _ = details[0]
    if not reliable or read < MIN_BYTES or code in ("un", "xxx") or name == "Unknown":
        return None
    code = str(code)
    return _RENAMED.get(code, code), int(percent), int(read)


def content_language(declared: str | None, text: str) -> str | None:
    """The article's language: the declared tag, unless the text is confidently in another
    language (then the detected code); the detected code when nothing valid is declared."""
    tag = declared_tag(declared)
    found = detect(text) if text else None
    if found is None:
        return tag
    code, percent, read = found
    if tag is None:
        return code
    primary = tag.split("-")[0].lower()
    if primary == code.split("-")[0] or primary in _EQUIVALENT.get(code, ()):
        return tag
    if percent >= OVERRIDE_PERCENT and read >= OVERRIDE_BYTES:
        return code
    return tag


# Tags that name the language CLD2 gives another code ("nb" and "no", Norwegian).
_EQUIVALENT = {
    "no": ("nb", "nn"),
    "nb": ("no",),
    "ms": ("id",),
    "id": ("ms",),
    # Croatian, Serbian and Bosnian in Latin script: one text to CLD2's statistics.
    "hr": ("sr", "bs", "sh"),
    "sr": ("hr", "bs", "sh"),
    "bs": ("hr", "sr", "sh"),
}
