"""CMS, forum and language conventions of visible dates: WordPress's "postmetadata", TYPO3's bare
date meta and tt_news byline, phpBB's post bylines and member profiles, margin columns inside
the article, masthead "today" dates, German field-name labels, Arabic month names; on small
hand-written pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.dates.parse import parse_text
from tests.datepages import dates_of, page, published_day

TYPO3_HEAD = (
    "<meta name='generator' content='TYPO3 CMS'><meta name='date' content='2021-12-20'>"
    "<title>Ein Preis</title>"
)


@pytest.mark.parametrize(
    ("name", "html", "day"),
    [
        # WordPress's classic default theme: the byline paragraph "postmetadata", its month a
        # link to the month's archive.
        (
            "wordpress postmetadata",
            page(
                "<div id='content'><h2>Leber mit Apfel</h2><p class='postmetadata'>8.<a "
                "href='/date/2010/12/'>Dezember 2010</a> um 09:43 &middot; <a href='/c'>Rezepte"
                "</a></p><p>Text.</p></div>"
            ),
            "2010-12-08",
        ),
        # The main column, left inside a sidebar's unclosed element by broken HTML: the sidebar's
        # class no longer speaks for it.
        (
            "main column inside an unclosed sidebar",
            page(
                "<h1>Mein Blog</h1><div id='sidebar'><ul><li class='widget widget_text'>"
                "<div id='content'><h2>Leber mit Apfel</h2><p class='entry-date'>8. Dezember 2010"
                "</p></div></li></ul></div>"
            ),
            "2010-12-08",
        ),
        # TYPO3 writes <meta name="date"> from the page record; the news record shown on the
        # page prints its own day (tt_news: "news-single-timedata").
        (
            "typo3 bare meta date and tt_news byline",
            page(
                "<h1>Ein Preis</h1><div class='news-single-timedata'>05.02.2020 <span>- Redaktion"
                "</span></div><p>Text.</p>",
                head=TYPO3_HEAD,
            ),
            "2020-02-05",
        ),
        (
            "typo3 bare meta date and a date-classed span",
            page(
                "<h2>Ein Preis</h2><div><span class='date'>27.01.2022</span><p>Text.</p></div>",
                head=TYPO3_HEAD,
            ),
            "2022-01-27",
        ),
        # Elsewhere a bare date meta keeps its rank above date-classed elements.
        (
            "bare meta date off TYPO3",
            page(
                "<h2>Ein Preis</h2><div><span class='date'>27.01.2022</span><p>Text.</p></div>",
                head="<meta name='date' content='2021-12-20'><title>Ein Preis</title>",
            ),
            "2021-12-20",
        ),
        # A German field name as the label: it beats a day-only machine value.
        (
            "erscheinungsdatum",
            page(
                "<h1>Schneesport</h1><p>Erscheinungsdatum <time datetime='2022-01-25'>25.01.2022"
                "</time></p>",
                head="<meta property='og:article:published_time' content='2022-01-15'>",
            ),
            "2022-01-25",
        ),
        (
            "veroeffentlichungsdatum",
            page(
                "<h1>Bericht</h1><p>Veröffentlichungsdatum: 03.05.2021</p>",
                head="<meta property='og:article:published_time' content='2021-04-30'>",
            ),
            "2021-05-03",
        ),
        # phpBB: the member profile beside a post shows when its author joined; the post's own
        # byline (p.author) shows when it was written.
        (
            "phpbb joined date and post byline",
            page(
                "<h2>Freie Software</h2><div class='post'><dl class='postprofile'><dt>r23</dt>"
                "<dd class='profile-joined'><strong>Registriert:</strong> 18.09.2008, 05:56</dd>"
                "</dl><div class='postbody'><p class='author'>von <strong><a href='/u/5'>r23</a>"
                "</strong> &raquo; 21.01.2009, 05:42</p><div class='content'>Text.</div></div>"
                "</div>"
            ),
            "2009-01-21",
        ),
        # A forum whose first dateline is a table of other threads' last posts.
        (
            "forum post byline before a last-posts table",
            page(
                "<table><tr><td>von lupa</td><td>24/03/16, 02:31 pm</td></tr></table>"
                "<div class='post'><h3>Forums-Regeln</h3><p class='author'>von lupa am 26/10/13,"
                " 03:48 pm</p><div>Text.</div></div>"
            ),
            "2013-10-26",
        ),
        # A sidebar inside the article is its margin column, holding its date.
        (
            "sidebar inside the article",
            page(
                "<main><article class='post'><div class='row'><div class='sidebar'>"
                "<p class='time'><time datetime='2022-01-28'>28. Januar</time></p></div>"
                "<div class='body'><h1>Ruster Ausbruch</h1><p>Text.</p></div></div></article>"
                "</main>"
            ),
            "2022-01-28",
        ),
        # The site's sidebar beside the article, and a sidebar in a teaser card nested in the
        # article, hold other posts' dates.
        (
            "sidebar beside the article",
            page(
                "<div class='wrap'><article><h1>Ruster Ausbruch</h1><p>Text.</p></article>"
                "<div class='sidebar'><time datetime='2022-01-28'>28. Januar</time></div></div>"
            ),
            None,
        ),
        (
            "sidebar in a nested teaser article",
            page(
                "<article><h1>Ruster Ausbruch</h1><p>Text.</p><article class='card'>"
                "<div class='sidebar'><time datetime='2022-01-28'>28. Januar</time></div>"
                "</article></article>"
            ),
            None,
        ),
        # A masthead's "today" is the day the page was served.
        (
            "masthead today",
            page(
                "<div class='header'><div class='today'>Wednesday, August 19, 2020</div></div>"
                "<div class='content'><h1>New corporations</h1><p>Text.</p></div>",
                lang="en",
            ),
            None,
        ),
        # A Jordanian byline: a label, the weekday, the month under both its Levantine and its
        # Gregorian name, the time with "مساءً" (p.m.).
        (
            "arabic double month name",
            page(
                "<div><h1>عنوان</h1><div class='article_created'>تم نشره الجمعة 24 نيسان / أبريل "
                "2020 09:22 مساءً</div></div>",
                lang="",
            ),
            "2020-04-24",
        ),
    ],
)
def test_conventions(name: str, html: str, day: str | None) -> None:
    assert published_day(dates_of(html)) == day, name


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", datetime(2020, 4, 24, 21, 22)),
        ("24 أبريل 2020 12:05 ص", datetime(2020, 4, 24, 0, 5)),
        ("3 تشرين الثاني 2019", datetime(2019, 11, 3)),
        ("الخميس ٥ مارس ٢٠٢٠", datetime(2020, 3, 5)),  # Arabic-Indic digits
        ("1 كانون الأول 2021 - 10:00 م", datetime(2021, 12, 1, 22, 0)),
        # A word after the time that starts like "م" (p.m.) is no meridiem.
        ("24 أبريل 2020 09:22 مكة", datetime(2020, 4, 24, 9, 22)),
        # Latin months given under two names are read by the first.
        ("12 mars / march 2023", datetime(2023, 3, 12)),
    ],
)
def test_arabic_months(text: str, value: datetime) -> None:
    parsed = parse_text(text)
    assert parsed is not None
    assert parsed.value == value
