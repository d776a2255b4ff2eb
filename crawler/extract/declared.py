"""The article fields a page declares: headline, authors, keywords, section, image, publisher."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import unescape
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import body_text
from crawler.extract.bylines import is_name, split_byline
from crawler.extract.page import Page, types_of
from crawler.extract.text import MARKUP, MARKUP_BREAK, collapse_spaces, decoded_text, fold_text
from crawler.extract.urls import registered_domain
from crawler.extract.urls.shape import host_path_query
from crawler.extract.vocab import (
    BYLINE_CLASS,
    BYLINE_NAMES,
    BYLINE_PREFIXES,
    BYLINE_WORDS,
    HOME_NAMES,
    NOT_BYLINE_BLOCK,
    NOT_BYLINE_CLASS_PREFIXES,
)


def _texts(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str):
            text = decoded_text(value)
            if text and text not in out:
                out.append(text)
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def headline(
    page: Page, obj: dict[str, Any], publisher: dict[str, str | None] | None
) -> str | None:
    """The article's title: JSON-LD headline, og:title, <h1> or <title>, without the site's
    name that titles carry for search engines and browser tabs ("Klimavorreiter Oberland? -
    Tegernseerstimme", "Corona-Lockerungen: ... | MDR.DE")."""
    title = _first_title(page, obj)
    return without_site_name(title, site_names(page, publisher)) if title else None


def _first_title(page: Page, obj: dict[str, Any]) -> str:
    for value in (obj.get("headline"), page.meta_first("og:title", "twitter:title")):
        text = decoded_text(value) if isinstance(value, str) else ""
        if text:
            return text
    for h1 in page.tree.iter("h1"):
        text = decoded_text(h1.text_content())
        if text:
            return text
    return decoded_text(page.tree.findtext(".//title"))


# What sets a site's name apart in a title: a dash, bar, bullet or double colon between spaces
# ("Headline - Site", "Site | Headline"); a colon without a space before it is the headline's
# own ("Tanz in der Lokremise: Mit allen Wassern").
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014\u00b7\u2022\u00bb/~]|::)\s+")
# What may follow a site's name in a title or in its declared name, and nothing else ("St.Galler
# Tagblatt AG", "Il Mattino.it"; not "Bild" and "Bilder"): legal forms and domain endings.
_NAME_ENDINGS = frozenset(
    {"ag", "gmbh", "ev", "sa", "sas", "srl", "spa", "bv", "nv", "ab", "as", "oy", "ltd", "llc",
     "inc", "plc", "online", "com", "net", "org", "info", "de", "at", "ch", "fr", "be", "nl",
     "it", "es", "uk", "couk", "pl", "fi", "se", "eu", "us", "ca", "au", "in", "md", "ru"}
)  # fmt: skip


def _name_key(text: str) -> str:
    """Letters and digits only, lower-cased, accents off: "MDR.DE" -> "mdrde"."""
    return "".join(ch for ch in fold_text(text) if ch.isalnum())


def site_names(page: Page, publisher: dict[str, str | None] | None) -> set[str]:
    """The keys (_name_key) of the names the site goes by: its publisher's and og:site_name,
    its application name, its host, registered domain and the domain's first label
    ("tegernseerstimme.de" -> "tegernseerstimme")."""
    names: list[str | None] = [
        page.meta_first("og:site_name", "application-name", "apple-mobile-web-app-title")
    ]
    if publisher is not None:
        names.append(publisher["name"])
    keys = {key for key in (_name_key(name) for name in names if name) if key}
    return keys | _host_names(page)


def _host_names(page: Page) -> set[str]:
    """The keys (_name_key) of the page's host, registered domain and the domain's first
    label."""
    host = host_path_query(page.canonical or page.url)[0].removeprefix("www.")
    if not host:
        return set()
    domain = registered_domain(host)
    return {_name_key(name) for name in (host, domain, domain.partition(".")[0])} - {""}


def _is_site_name(part: str, names: set[str]) -> bool:
    key = _name_key(part)
    if not key:
        return False
    # Hosts write "ü" as "ue", "ø" as "oe" ("Fischerhütte" at fischerhuette.hejfish.com).
    keys = {key, _name_key(part.translate(_TRANSLITERATION))}
    for name in names:
        for key in keys:
            if key == name:
                return True
            short, long = (key, name) if len(key) < len(name) else (name, key)
            if len(short) >= 4 and long.startswith(short) and long[len(short) :] in _NAME_ENDINGS:
                return True
    return False


_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ø": "oe",
     "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae"}
)  # fmt: skip


def without_site_name(title: str, names: set[str]) -> str:
    """The title without the parts at its end or start that name the site (`names`: keys of
    site_names); a title that is only the site's name is kept whole."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2 or not names:
        return title
    seps = _TITLE_SEPARATOR.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], names):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], names):
        start += 1
    if (start, end) == (0, len(parts)) or all(_is_site_name(part, names) for part in parts):
        return title  # nothing to cut, or the title is the site's names only
    # Rebuilt with the separators that stood between the kept parts.
    kept = parts[start]
    for i in range(start + 1, end):
        kept += seps[i - 1] + parts[i]
    return kept.strip() or title


def _ids(page: Page) -> dict[str, dict[str, Any]]:
    """The page's JSON-LD objects by @id (Yoast-style graphs refer to authors, publishers and
    images as {"@id": ...})."""
    return {obj["@id"]: obj for obj in page.json_ld if isinstance(obj.get("@id"), str)}


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """A JSON-LD reference {"@id": ...} merged with the object it names (its own keys win)."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and value["@id"] in ids:
        return {**ids[value["@id"]], **value}
    return value


def _abs_url(page: Page, value: Any) -> str | None:
    """`value` as an absolute http(s) URL against the page's base, or None."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(page.base_url, value.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _person(name: Any, url: str | None, out: list[dict[str, str | None]]) -> None:
    """Add the authors {name, url} a name gives (a byline naming two people gives two, and the
    url only when it names one), unless the name is empty, a URL, or already there (then only a
    missing url is filled in)."""
    if not isinstance(name, str):
        return
    text = person_name(name)
    if not text:
        return
    names = split_byline(text)
    for one in names:
        _add_person(one, url if len(names) == 1 else None, out)


def _add_person(name: str, url: str | None, out: list[dict[str, str | None]]) -> None:
    for known in out:
        if known["name"] == name:
            known["url"] = known["url"] or url
            return
    out.append({"name": name, "url": url})


# "By Jane Doe", "Von Vanessa Franke", "View all posts by Daniel Lemire": the words before the
# name; not before a name particle ("von der Leyen").
_BYLINE = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in BYLINE_PREFIXES) + r")\s+(?!(?:der|dem|den|und)\b)",
    re.I,
)
# An address or a link written after the name: "Lüder Hoppe info@buero-hoppe.de",
# "Frank Bueltge - http://bueltge.de", "Sputnikhttps://.../logo.png".
_CONTACT = re.compile(r"\s*(?:[-|,:]\s*)?(?:\S+@\S+\.\w+|https?://\S*)")
_TRAILING_MARKS = " \t\u2192\u00bb>|\u2013-:,"


def person_name(value: str) -> str:
    """An author's name as a page writes it, without the words around it: a byline's "By" or
    "Von", an e-mail address or a link after it, an arrow; a name given as a JSON object
    ('{"@type": "Person", "name": "Alice Wu"}') is its "name". "" when nothing is left or the
    value is a URL."""
    text = decoded_text(value)
    if text.startswith("{") and '"name"' in text:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and isinstance(parsed.get("name"), str):
            text = decoded_text(parsed["name"])
    if text.startswith(("http://", "https://")):
        return ""
    text = _CONTACT.sub("", text).rstrip(_TRAILING_MARKS)
    stripped = _BYLINE.sub("", text, count=1)
    # "By" alone, or a byline word that is the whole name, leaves the value as it was.
    return stripped if stripped.strip() else text


def authors(page: Page, obj: dict[str, Any]) -> list[dict[str, str | None]]:
    ids = _ids(page)
    out: list[dict[str, str | None]] = []
    for value in _as_list(obj.get("author")):
        value = _resolve(value, ids)
        if isinstance(value, dict):
            _person(value.get("name"), _abs_url(page, value.get("url")), out)
        else:
            _person(value, None, out)
    if not out:
        for name in page.meta.get("author", []) + page.meta.get("article:author", []):
            _person(name, None, out)
    if not out:
        for el in cast(list[HtmlElement], _MARKED_AUTHORS(page.tree)):
            href = el.get("href") if el.tag == "a" else None
            _person(_marked_name(el), _abs_url(page, href), out)
    if not out:
        for name in shown_authors(page):
            _add_person(name, None, out)
    return out


def shown_authors(page: Page) -> list[str]:
    """The people the byline shown in the page names, for a page that declares no author: the
    first element named like a byline ("byline", "entry-author", "author-name") outside
    comments, author boxes, teasers and lists, read up to a date, without its byline words.
    Only plain people's names are taken ("Lars Fischer und Alina Schadwinkel"): a username, a
    label or a desk's name from a page's text is never taken for an author."""
    names = page.names
    # Only elements with a byline word in their names: most pages' few, found without a walk.
    for el in page.named_like(BYLINE_NAMES, BYLINE_WORDS):
        tokens = (el.get("class") or "").lower().split()
        if not any(
            BYLINE_CLASS.fullmatch(token) and not token.startswith(NOT_BYLINE_CLASS_PREFIXES)
            for token in tokens
        ):
            continue
        if any(
            ancestor.tag in _NOT_BYLINE_TAGS or NOT_BYLINE_BLOCK.search(names.get(ancestor, ""))
            for ancestor in el.iterancestors()
        ):
            continue
        text = _BYLINE_END.split(" ".join(" ".join(el.itertext()).split()), maxsplit=1)[0]
        text = person_name(text)
        if text:  # the first byline with words decides
            return [name for name in split_byline(text) if is_name(name)]
    return []


# A byline's names end where its date or a separator starts ("von Ulrike 18.10.2019").
_BYLINE_END = re.compile(r"\d|\|")
_NOT_BYLINE_TAGS = frozenset({"aside", "footer", "nav", "form", "li"})


_MARKED_AUTHORS = etree.XPath('//*[@rel="author" or @itemprop="author"]')
_ITEMPROP_NAME = etree.XPath('.//*[@itemprop="name"]')


def _marked_name(el: HtmlElement) -> str:
    """The name of an element marked as the author: its microdata name when it has one (an
    author box holds the name and a biography: "Amy Motroni" and "I'm Amy and..."), else its
    text."""
    for named in cast(list[HtmlElement], _ITEMPROP_NAME(el)):
        # Microdata reads "content" on <meta> only; elsewhere the text is the value.
        text = named.get("content") if named.tag == "meta" else named.text_content()
        if text and text.strip():
            return str(text)
    return str(el.text_content())


# Keywords given as one text: "Brexit, EU; Boris Johnson"; not a comma in parentheses
# ("Prices (Fares, Fees and Rates)").
_LIST_SEPARATOR = re.compile(r"[,;](?![^()]*\))")


def _split_lists(values: Iterable[Any]) -> list[Any]:
    """Texts holding a list of keywords split into them (a list of such texts too)."""
    out: list[Any] = []
    for value in values:
        out += _LIST_SEPARATOR.split(value) if isinstance(value, str) else [value]
    return out


def keywords(page: Page, obj: dict[str, Any], copies: Iterable[str | None] = ()) -> list[str]:
    """The article's keywords: JSON-LD keywords and article:tag, else news_keywords or
    keywords; lists written as one text ("a, b; c") split; without what is no keyword: a copy
    of a text of four words or more among `copies` (the headline, the description), a CMS's
    internal "FIRST_PUBLISH_HEADLINE|..." entry, a number of six digits or more (an id)."""
    values = _split_lists(_as_list(obj.get("keywords")) + page.meta.get("article:tag", []))
    if not values:
        values = _split_lists([page.meta_first("news_keywords", "keywords") or ""])
    copied = {fold_text(text) for text in copies if text and len(text.split()) >= _TITLE_WORDS}
    return [
        text
        for text in _texts(values)
        if fold_text(text) not in copied and not _NOT_KEYWORD.fullmatch(text)
    ]


# An internal key and its value ("HEADLINE|U.S. Treasury yields slide"), an id, a zero.
_NOT_KEYWORD = re.compile(r"[A-Z][A-Z0-9_]+\|.*|[0-9]{6,}|0", re.S)


def _crumb(name: Any, url: str | None, out: list[dict[str, str | None]]) -> None:
    text = decoded_text(name) if isinstance(name, str) else ""
    if text and all(known["name"] != text for known in out):
        out.append({"name": text, "url": url})


def breadcrumbs(page: Page) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    for obj in page.json_ld:
        if "BreadcrumbList" in types_of(obj):
            items = sorted(
                (i for i in _as_list(obj.get("itemListElement")) if isinstance(i, dict)),
                key=lambda i: int(i.get("position") or 0),
            )
            for entry in items:
                target = entry.get("item")
                name = entry.get("name")
                if not name and isinstance(target, dict):
                    name = target.get("name")
                _crumb(name, _abs_url(page, target), out)
            if out:
                return out
    for el in page.tree.xpath(
        '//*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//a'
        ' | //*[contains(@class, "breadcrumb") or @aria-label="breadcrumb"]//li[not(.//a)]'
    ):
        _crumb(el.text_content(), _abs_url(page, el.get("href")), out)
    return out


def main_image(page: Page, obj: dict[str, Any]) -> dict[str, str] | None:
    ids = _ids(page)
    for value in _as_list(obj.get("image")):
        value = _resolve(value, ids)
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl")
        url = _abs_url(page, value) if isinstance(value, str) else None
        if url:
            return {"url": url}
    url = _abs_url(page, page.meta_first("og:image", "og:image:url", "twitter:image"))
    return {"url": url} if url else None


def publisher(page: Page, obj: dict[str, Any]) -> dict[str, str | None] | None:
    value = _resolve(obj.get("publisher"), _ids(page))
    if isinstance(value, list):
        value = _resolve(value[0], _ids(page)) if value else None
    name: Any = None
    url: str | None = None
    if isinstance(value, dict):
        name, url = value.get("name"), _abs_url(page, value.get("url"))
    elif isinstance(value, str):
        name = value
    name = decoded_text(name) if isinstance(name, str) else ""
    if not name:
        name = decoded_text(page.meta_first("og:site_name"))
    if not name and not url:
        return None
    return {"name": _without_tagline(name, page) or None, "url": url}


def _without_tagline(name: str, page: Page) -> str:
    """A publisher's name without the tagline or page title written beside it: of its parts
    ("polizeiticker.ch - Meldungen und Warnungen von der Polizei", "<title> | MLUK"), the one
    that names the site's host; the name as it is when no part or the whole does."""
    parts = _TITLE_SEPARATOR.split(name)
    if len(parts) < 2:
        return name
    names = _host_names(page)
    for part in parts:
        if _is_site_name(part, names):
            part = part.strip()
            # An acronym beside its organization's full name ("DHB - Deutscher Handball Bund")
            # is the name's short form, not the name.
            return name if _ACRONYM.fullmatch(part) else part
    return name


_ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,5}")


def body_of(obj: dict[str, Any], elements: list[HtmlElement]) -> str | None:
    body = obj.get("articleBody")
    if isinstance(body, str) and collapse_spaces(body):
        if "&lt;" in body:
            body = unescape(body)  # markup escaped in the data: "&lt;p&gt;There..."
        if MARKUP.search(body):
            # The text of the markup, a paragraph a line ("a < b" alone is no markup).
            body = MARKUP.sub("", MARKUP_BREAK.sub("\n", body))
        lines = (decoded_text(line) for line in body.split("\n"))
        return "\n\n".join(line for line in lines if line) or body_text(elements)
    return body_text(elements)


def accessible_for_free(page: Page, obj: dict[str, Any]) -> bool | None:
    value = obj.get("isAccessibleForFree")
    if value is None:
        value = page.meta_first("isaccessibleforfree")
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def section(
    page: Page, obj: dict[str, Any], breadcrumbs: list[dict[str, str | None]]
) -> str | None:
    """The article's section: its JSON-LD articleSection, else article:section, else the first
    breadcrumb after the site's home page and before the article itself. Never the home page
    ("Home", "Startseite")."""
    section = obj.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    section = decoded_text(section) if isinstance(section, str) else None
    if section and "," in section:
        section = section.split(",", 1)[0].strip() or None  # a list as one text: its first
    for value in (section, page.meta_first("article:section")):
        if value and not _is_home_name(value):
            return value
    return _crumb_section(page, breadcrumbs)


def _crumb_section(page: Page, breadcrumbs: list[dict[str, str | None]]) -> str | None:
    """The first breadcrumb that is neither the site's home (its root address or its name) nor
    the article (its address, or a last step without one: "Aktuelle Seite: <headline>")."""
    own = {page.url, page.canonical} - {None}
    for index, crumb in enumerate(breadcrumbs):
        name, url = crumb["name"] or "", crumb["url"]
        if url in own or (url is None and index > 0 and _is_title(name, breadcrumbs, index)):
            continue
        if _is_home_name(name) or (index == 0 and url is not None and _is_root_url(url)):
            continue
        name = name.strip(_CRUMB_MARKS)
        if name:  # not a separator written as a step (">", "/")
            return name
    return None


def _is_title(name: str, breadcrumbs: list[dict[str, str | None]], index: int) -> bool:
    """Whether a step without an address is the article's title: the last one, and a title's
    length ("Aktuelle Seite: Covid-19: Lässt sich...", not "Sport")."""
    return index == len(breadcrumbs) - 1 and len(name.split()) >= _TITLE_WORDS


# A breadcrumb's step of this many words is a title, not a section's name.
_TITLE_WORDS = 4
# Separators a breadcrumb's text may carry ("/ Presserom", "» Sport").
_CRUMB_MARKS = " /»>›|·-–:"
# A home page's path: the root, a language's root ("/de/"), an index file.
_ROOT_PATH = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:index\.\w+|home\.?\w*)?", re.I)


def _is_home_name(name: str) -> bool:
    return fold_text(name.strip(_CRUMB_MARKS)) in HOME_NAMES


def _is_root_url(url: str) -> bool:
    """Whether an address is a site's home page: its root, a language's root ("/de/"), an
    index file."""
    return _ROOT_PATH.fullmatch(urlsplit(url).path) is not None
