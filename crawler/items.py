"""The exported item: one ArticleItem per article, field names after schema.org's Article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RelatedLink:
    """A link from an article to related coverage on the same site."""

    url: str
    """Absolute, normalized URL of the related article."""
    text: str
    """The link's visible text (or the title the page's data gives it), whitespace folded."""
    kind: str
    """Where the link sat: "related-box" (a block of links introduced as related coverage),
    "body" (inside the article text) or "embedded" (listed in the page's data, e.g. Arc's
    related_content)."""
    confidence: float = 1.0
    """How sure the extraction is that the link is related coverage, in [0, 1]: the link model's
    probability. Links below RELATED_MIN_CONFIDENCE are not exported."""
    heading: str | None = None
    """The visible heading of the block the link came from ("Sur le même sujet", "Read more"),
    or null when the block has none (a link in the text, an unlabelled list)."""


@dataclass
class DateCandidate:
    """A date the page states that lost to the chosen datePublished or dateModified."""

    role: str
    """What the page says it is: "published", "modified", or "date" (a date shown without
    saying which, such as a byline without a label or the day in the URL)."""
    value: str
    """The date, in the forms of datePublished (UTC instant, day, or naive time)."""
    source: str
    """Where it was read (the vocabulary of datePublishedSource)."""
    raw: str
    """The text it was read from, as it stands in the page."""


@dataclass
class Author:
    """A person or organization credited with the article (the Zyte Article's Author)."""

    name: str
    """The name as the page gives it, whitespace folded, without the byline's words ("By",
    "Von") and the role or affiliation written beside it ("Rob Picheta, CNN" is "Rob Picheta");
    a byline naming several people ("Kimberly Miller and Gareth McGrath") gives one Author each.
    A text that is not plainly people's names (an organization) is kept whole."""
    url: str | None = None
    """Their page on the site or elsewhere (absolute), null when the page gives none (and when
    the page gives one for a byline naming several people)."""


@dataclass
class Breadcrumb:
    """One step of the section path (the Zyte Article's Breadcrumb)."""

    name: str
    """The step's label."""
    url: str | None = None
    """The step's page (absolute), null when the page gives none (often the last step)."""


@dataclass
class Image:
    """An image of the article (the Zyte Article's Image)."""

    url: str
    """Absolute URL of the image."""


@dataclass
class Organization:
    """The publisher of the article."""

    name: str | None = None
    """Its name, e.g. "La Libre"."""
    url: str | None = None
    """Its home page (absolute), null when the page gives none."""


@dataclass
class ArticleItem:
    """One news article, as exported to JSON Lines."""

    url: str
    """The URL the page was fetched from, after redirects."""
    canonicalUrl: str | None = None
    """The article's identity: rel=canonical (else og:url, else url), normalized: tracking
    parameters dropped, AMP copy folded. Unique in a run's output."""
    headline: str | None = None
    """The title of the article (JSON-LD headline, og:title, <h1> or <title>), without the
    site's name that titles carry for tabs and search engines ("Klimavorreiter Oberland? -
    Tegernseerstimme" is "Klimavorreiter Oberland?"), its character references decoded."""
    description: str | None = None
    """The standfirst or summary the page gives (JSON-LD description, og:description)."""
    authors: list[Author] = field(default_factory=list)
    """The article's authors, in page order, without duplicates (schema.org author; the Zyte
    Article's authors): [{"name": "Caroline Vandenaabeele", "url": null}]. Names come without
    the words bylines put around them ("By", "Von", "View all posts by", an e-mail address).
    From the page's data (JSON-LD, <meta name="author">, rel/itemprop="author"), else from the
    byline it shows (an element named "byline", "entry-author"...; outside comments and author
    boxes), then only names that are plainly people's."""
    inLanguage: str | None = None
    """The language of the article's text, e.g. "fr" or "fr-BE": the tag the page declares
    (<html lang>, og:locale, Content-Language, JSON-LD inLanguage), unless its text is
    confidently in another language (a template's default "en-US" on a German page: 90% of
    500 bytes at least), then the ISO 639-1 code detected by CLD2; the detected code too when
    the page declares no valid tag; null when neither says."""
    breadcrumbs: list[Breadcrumb] = field(default_factory=list)
    """The section path the page declares or shows, outermost first (schema.org
    BreadcrumbList; the Zyte Article's breadcrumbs): [{"name": "International", "url":
    "https://www.lalibre.be/international/"}, ...]."""
    articleSection: str | None = None
    """The article's section (schema.org articleSection, else article:section, else the first
    breadcrumb that is neither the site's home page, by its root address or its name ("Home",
    "Startseite", "Accueil"), nor the article itself); never the home page."""
    keywords: list[str] = field(default_factory=list)
    """Keywords and tags the page declares (schema.org keywords, article:tag, news_keywords),
    in page order, without duplicates, and without what is no keyword: a copy of the headline
    or the description, a CMS's internal "HEADLINE|..." entry, a number of six digits or more."""
    mainImage: Image | None = None
    """The article's lead image (schema.org image, else og:image or twitter:image; the Zyte
    Article's mainImage): {"url": ...}, or null when the page names none."""
    publisher: Organization | None = None
    """Who publishes it (schema.org publisher, else og:site_name): {"name": "La Libre", "url":
    null}, or null when the page does not say. A name written with a tagline beside it
    ("polizeiticker.ch - Meldungen und Warnungen von der Polizei") is the part that names the
    site's host."""
    isAccessibleForFree: bool | None = None
    """False for paywalled articles, true where the page says it is free, null where silent."""
    articleBody: str | None = None
    """The article's text, paragraphs separated by blank lines."""
    datePublished: str | None = None
    """First publication, the instant in UTC ("2023-09-12T14:41:00Z"); "YYYY-MM-DD" when the page
    gives only a day; a naive "YYYY-MM-DDTHH:MM:SS" (no Z) when no time zone could be found."""
    datePublishedLocal: str | None = None
    """The same instant in the site's time zone with its offset ("2023-09-12T16:41:00+02:00"),
    or the day alone when only a day is known; always the instant (or day) of datePublished."""
    datePublishedRaw: str | None = None
    """The text the publication date was read from, as it stands in the page: the date and its
    label, nothing after ("Publié le 12-09-2023 à 16h41", "2023-09-12T14:41:00Z")."""
    datePublishedSource: str | None = None
    """Where that text came from: "json-ld", "meta:<name>", "time" (<time datetime>),
    "itemprop", "embedded:<key>" (application data such as Arc's Fusion), "text" (visible,
    labelled), "url"; last resorts, noted "unlabelled-fallback": "title", "attribute",
    "script"."""
    dateModified: str | None = None
    """Last update, in UTC, same forms as datePublished."""
    dateModifiedLocal: str | None = None
    """Last update in the site's time zone with its offset; always the instant of
    dateModified."""
    dateModifiedRaw: str | None = None
    """The text the update date was read from."""
    dateModifiedSource: str | None = None
    """Where that text came from (same vocabulary as datePublishedSource)."""
    dateFirstPublished: str | None = None
    """An earlier publication the page keeps in its metadata but no longer shows, when
    datePublished is the day the page shows instead (note "published-shown-day": a refreshed
    guide showing "Updated June 13, 2019" over its 2004 CMS date, a republished story). Same
    forms as datePublished; null otherwise."""
    dateFirstPublishedLocal: str | None = None
    """That earlier publication in the site's time zone with its offset."""
    dateFirstPublishedRaw: str | None = None
    """The text that earlier publication was read from."""
    dateFirstPublishedSource: str | None = None
    """Where that text came from (same vocabulary as datePublishedSource)."""
    dateAgreement: str | None = None
    """Whether the page's sources agreed on the dates: "agreed" (every source that gave a
    publication date gave the same instant), "single" (one source only), "resolved" (they
    differed and a documented rule chose), or null when there is no date."""
    dateNotes: list[str] = field(default_factory=list)
    """Flags raised while arbitrating, e.g. "published-after-modified" (the page's sources put
    the publication after the update: dateModified may then be earlier than datePublished),
    "meta-local-time-labelled-utc", "naive-time-no-zone", "future-date-rejected",
    "unlabelled-fallback", "published-day-shown-over-guessed-zone" (see
    crawler/extract/dates/rules.py for the rules)."""
    dateCandidates: list[DateCandidate] = field(default_factory=list)
    """The dates the page states that datePublished and dateModified are not: which sources
    lost and what they said (Arc's publish_date of a republished story, a metadata instant
    whose day the page does not show). Empty when every source agreed."""
    relatedLinks: list[RelatedLink] = field(default_factory=list)
    """The related-coverage links found on this page; the items together form the coverage
    graph."""
    contentHash: str | None = None
    """SHA-256 of the headline and text: tells a changed article from an unchanged one."""
    depth: int = 0
    """Hops from the seed article (the seed is 0)."""
    referrer: str | None = None
    """The canonical URL of the page whose related link led here; null for a seed."""
    addresses: list[str] = field(default_factory=list)
    """Every address that led to this article, normalized: the URLs that linked to it as they
    appear in relatedLinks[].url (and the seed as given), the redirects followed, the URL
    fetched, canonicalUrl, and the other addresses of the same article (a tracking or AMP copy,
    an old URL) this crawl had resolved when the line was written. The coverage graph's join:
    a relatedLinks[].url U leads to the item whose addresses contain U (with the same
    localCopy). An address learned after the line was written goes to the run's address file
    (<run id>.addresses.ndjson), and `scrapy dataset` folds it in, so in the dataset every link
    URL the crawl fetched and exported is in exactly one item's addresses."""
    crawledAt: str = ""
    """When the page was fetched, UTC ("2026-11-24T10:00:00Z")."""
    localCopy: bool = False
    """True when the page was fetched from a loopback address (127.0.0.0/8, ::1, localhost):
    a local copy, such as the demo's or the tests' offline site, whose canonicalUrl still names
    the real site. Never live data: `scrapy dataset` leaves these items out unless
    --include-local."""

    crawlNotes: list[str] = field(default_factory=list)
    """Flags the crawl raised about the page's identity and links: "canonical-other-site-ignored"
    (its rel=canonical / og:url named another site, so the fetched URL is its identity),
    "canonical-claimed-by-other-page" (another fetched page is that canonical URL itself, so this
    page keeps its own URL), "related-links-capped" (more related links than
    RELATED_MAX_LINKS_PER_PAGE; the first ones are kept)."""


def article_item(fields: dict[str, Any], **context: Any) -> ArticleItem:
    """The item from extract_article's plain values (nested objects as dicts) and the crawl's
    context (depth, referrer, crawledAt, localCopy)."""
    values = {**fields, **context}
    values["authors"] = [Author(**a) for a in values.get("authors") or []]
    values["breadcrumbs"] = [Breadcrumb(**b) for b in values.get("breadcrumbs") or []]
    values["relatedLinks"] = [RelatedLink(**link) for link in values.get("relatedLinks") or []]
    values["dateCandidates"] = [DateCandidate(**c) for c in values.get("dateCandidates") or []]
    if values.get("mainImage") is not None:
        values["mainImage"] = Image(**values["mainImage"])
    if values.get("publisher") is not None:
        values["publisher"] = Organization(**values["publisher"])
    return ArticleItem(**values)
