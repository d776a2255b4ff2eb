"""Dates written in URLs: every pattern the extractors read a day or month from a URL with."""

from __future__ import annotations

import re

# The article-shape test (urls/shape.py): a date anywhere in a path says "a story".
# "/2023/09/12/", "/2023/sep/12/" (Guardian), "2023-09-12", "20230912" (De Morgen "dmf20230912"),
# "/2023/09/" (WordPress): a year first, so the scan only starts on "19"/"20".
DATE_IN_PATH = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}"
    r"(?:/(?:0?[1-9]|1[0-2]|[a-z]{3})/(?:0?[1-9]|[12][0-9]|3[01])(?=/|$)"
    r"|-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|/(?:0?[1-9]|1[0-2])(?=/))",
    re.I,
)

# "02-11-2023": a day written day first, as French and German URLs do.
DAY_FIRST_DATE = re.compile(
    r"(?<![0-9])(?:0[1-9]|[12][0-9]|3[01])-(?:0[1-9]|1[0-2])-(?:19|20)[0-9]{2}"
)

# The day a linked URL is filed under (links/features.py: dated after the article, or long
# before): "/2023/09/12/", "2023-09-12", "20230912", wherever they sit.
LINK_DAY = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)

# The page's own day (dates/sources/url.py): "/2023/09/12/slug", "/2023-09-12-slug",
# "/20230912/": the day the CMS filed the article under.
YEAR_FIRST_DAY = re.compile(
    r"/((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)
# Day first, as European CMSs name pages after the day they file them: "/meldungen/29-10-2021",
# "/aktuelles/08112021-online-fachtag". A segment must start with it; undelimited digits must end
# at a hyphen, slash or dot ("/08112021-slug"), as longer runs of digits are ids.
DAY_FIRST_DAY = re.compile(
    r"/(0[1-9]|[12]\d|3[01])(?:([._-])(0[1-9]|[12]\d|3[01])\2|(0[1-9]|1[0-2]))((?:19|20)\d{2})"
    r"(?=[/.-]|$)"
)
# The month a page's own URL files it under ("/2018/07/slug"): datelines of that month first.
YEAR_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")
# "/files/2016/05/04/ar-2015-og.png", "/uploads/images/2020/12/01/937359.JPG": CMSs file an
# upload under the day it was uploaded, and a page's share image is uploaded when it is written.
UPLOAD_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")
