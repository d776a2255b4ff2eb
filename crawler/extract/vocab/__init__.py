"""Every word list of the extractors, in one place: schema.org types, date labels, box words."""

from crawler.extract.vocab.boxes import (
    BODY_TOKENS,
    BODY_WORDS,
    CHROME_ATTR,
    CHROME_TAGS,
    EXCLUDED_LABELS,
    EXCLUDED_ROLES,
    EXCLUDED_STATE_KEY,
    GENERIC_LABELS,
    RELATED_ATTR,
    RELATED_LABELS,
    RELATED_STATE_KEY,
    VENDOR_ATTR,
    VENDOR_WORDS,
    WIDGET_ATTR,
)
from crawler.extract.vocab.dates import APP_DATE_KEYS, DATE_LABEL_STEMS, DATE_LABELS
from crawler.extract.vocab.people import (
    BYLINE_CLASS,
    BYLINE_PREFIXES,
    NOT_BYLINE_BLOCK,
    NOT_BYLINE_CLASS_PREFIXES,
)
from crawler.extract.vocab.schema import (
    ARTICLE_TYPES,
    DATED_TYPES,
    LISTING_TYPES,
    NOT_DATED_TYPES,
    PAGE_TYPES,
    WEB_PAGE_TYPES,
)
from crawler.extract.vocab.sections import HOME_NAMES, SELF_PAGES

__all__ = [
    "APP_DATE_KEYS",
    "ARTICLE_TYPES",
    "BODY_TOKENS",
    "BODY_WORDS",
    "BYLINE_CLASS",
    "BYLINE_PREFIXES",
    "CHROME_ATTR",
    "CHROME_TAGS",
    "DATED_TYPES",
    "DATE_LABELS",
    "DATE_LABEL_STEMS",
    "EXCLUDED_LABELS",
    "EXCLUDED_ROLES",
    "EXCLUDED_STATE_KEY",
    "GENERIC_LABELS",
    "HOME_NAMES",
    "LISTING_TYPES",
    "NOT_BYLINE_BLOCK",
    "NOT_BYLINE_CLASS_PREFIXES",
    "NOT_DATED_TYPES",
    "PAGE_TYPES",
    "RELATED_ATTR",
    "RELATED_LABELS",
    "RELATED_STATE_KEY",
    "SELF_PAGES",
    "VENDOR_ATTR",
    "VENDOR_WORDS",
    "WEB_PAGE_TYPES",
    "WIDGET_ATTR",
]
