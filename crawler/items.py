"""The exported item: one ArticleItem per article, field names after schema.org's Article."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class ArticleItem:
    """One news article, as exported to JSON Lines."""

    url: str
    """The URL the page was fetched from, after redirects."""
    canonicalUrl: str | None = None
    """The article's identity: rel=canonical (else og:url, else url), normalized: tracking
    parameters dropped, AMP copy folded. Unique in a run's output."""
    headline: str | None = None
    """The title of the article (JSON-LD headline, og:title or <h1>)."""
    description: str | None = None
    """The standfirst or summary the page gives (JSON-LD description, og:description)."""
    authors: list[str] = field(default_factory=list)
    """Names of the article's authors, in page order, without duplicates."""
    inLanguage: str | None = None
    """The page's language tag, e.g. "fr" or "fr-BE"."""
    breadcrumbs: list[str] = field(default_factory=list)
    """The section path the page shows or declares, outermost first, e.g. ["International",
    "Europe"]."""
    section: str | None = None
    """The article's section (article:section or the first breadcrumb)."""
    tags: list[str] = field(default_factory=list)
    """Keywords and tags the page declares (JSON-LD keywords, article:tag, Arc taxonomy)."""
    isAccessibleForFree: bool | None = None
    """False for paywalled articles, true where the page says it is free, null where silent."""
    articleBody: str | None = None
    """The article's text, paragraphs separated by blank lines."""
    datePublished: str | None = None
    """First publication, the instant in UTC ("2023-09-12T14:41:00Z"); "YYYY-MM-DD" when the page
    gives only a day; a naive "YYYY-MM-DDTHH:MM:SS" (no Z) when no time zone could be found."""
    datePublishedLocal: str | None = None
    """The same instant in the site's time zone with its offset ("2023-09-12T16:41:00+02:00"),
    or the day alone when only a day is known."""
    datePublishedRaw: str | None = None
    """The text the publication date was read from, as it stands in the page."""
    datePublishedSource: str | None = None
    """Where that text came from: "json-ld", "meta:<name>", "time" (<time datetime>),
    "itemprop", "embedded:<key>" (application data such as Arc's Fusion), "text" (visible,
    labelled), "url"; last resorts, noted "unlabelled-fallback": "title", "attribute",
    "script"."""
    dateModified: str | None = None
    """Last update, in UTC, same forms as datePublished."""
    dateModifiedLocal: str | None = None
    """Last update in the site's time zone with its offset."""
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
    """Flags raised while arbitrating, e.g. "published-after-modified",
    "meta-local-time-labelled-utc", "naive-time-no-zone", "future-date-rejected",
    "unlabelled-fallback" (see crawler/extract/dates.py for the rules)."""
    relatedLinks: list[RelatedLink] = field(default_factory=list)
    """The related-coverage links found on this page; the items together form the coverage
    graph."""
    contentHash: str | None = None
    """SHA-256 of the headline and text: tells a changed article from an unchanged one."""
    depth: int = 0
    """Hops from the seed article (the seed is 0)."""
    referrer: str | None = None
    """The canonical URL of the page whose related link led here; null for a seed."""
    crawledAt: str = ""
    """When the page was fetched, UTC ("2026-11-24T10:00:00Z")."""
    crawlNotes: list[str] = field(default_factory=list)
    """Flags the crawl raised about the page's identity and links: "canonical-other-site-ignored"
    (its rel=canonical / og:url named another site, so the fetched URL is its identity),
    "canonical-claimed-by-other-page" (another fetched page is that canonical URL itself, so this
    page keeps its own URL), "related-links-capped" (more related links than
    RELATED_MAX_LINKS_PER_PAGE; the first ones are kept)."""
