"""Main-content blocks, teaser and masthead exclusions, URL day-first forms and the last-resort
sources (rule 10, see dates.rules.Rules), on small hand-written pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.dates.candidates import ParseContext
from crawler.extract.dates.parse import parse_text
from crawler.extract.dates.rules import FALLBACKS, Rules
from crawler.extract.dates.sources import read
from crawler.extract.page import parse_page
from tests.datepages import URL, dates_of, page, published_day

# Every last resort on, the shipped ones and those cross-validation left off (see
# test_unshipped_last_resorts_are_off).
EVERY_LAST_RESORT = Rules(fallbacks=FALLBACKS)


@pytest.mark.parametrize(
    ("name", "html", "day"),
    [
        # A theme calls its main column "sidebar_content": it holds the headline, so its
        # dateline is the page's.
        (
            "main column named sidebar",
            page(
                "<div class='sidebar_content'><h1>Un braconnier condamné</h1>"
                "<div class='post_detail'>27 Sep 2016</div><p>Texte.</p></div>"
            ),
            "2016-09-27",
        ),
        # The same date in a real side column (no headline in it) is another post's.
        (
            "real side column",
            page(
                "<h1>Un braconnier condamné</h1><p>Texte.</p>"
                "<div class='sidebar_content'><span class='post-date'>27 Sep 2016</span></div>"
            ),
            None,
        ),
        # An opinion section ("Kommentar") wraps the article header; its BEM parts belong to it.
        (
            "BEM part of the headline block",
            page(
                "<article class='ArticleHeaderComment'><h1>Ein Kommentar</h1>"
                "<div class='PublishDate ArticleHeaderComment_publishDate'>"
                "<span class='PublishDate_date'>29. Januar 2019</span></div></article>"
            ),
            "2019-01-29",
        ),
        # No <h1>: the <h3> whose text is the page's title is the headline.
        (
            "headline in h3 matching the title",
            page(
                "<div class='sidebar_content'><h3><a href='/x'>Guinée : un braconnier condamné"
                "</a></h3><div class='post_detail'>27 Sep 2016</div></div>",
                head="<title>Guinée : un braconnier condamné &lsaquo; Projet</title>",
            ),
            "2016-09-27",
        ),
        # An embedded Instagram post carries the quoted post's <time>.
        (
            "social embed",
            page(
                "<h1>Influencer</h1><p class='dateline'>29.01.2019</p>"
                "<blockquote class='instagram-media'><p><time datetime='2018-03-12T19:30:12+00:00'>"
                "Mär 12, 2018</time></p></blockquote>"
            ),
            "2019-01-29",
        ),
        # A link holding a heading is a teaser card of another page: its date is not the page's.
        (
            "teaser card link",
            page(
                "<div><a href='/news/1'><h3>Another race</h3><span>01.02.2022 16:28</span>"
                "</a></div><article><h1>Lindvik wins</h1>"
                "<small>Erstellt am: 30.01.2022 18:36</small></article>"
            ),
            "2022-01-30",
        ),
        # A blog's own date linked to its permalink (no heading in the link) is kept.
        (
            "permalink date",
            page(
                "<h1>日記</h1><div class='entry-top-info'><a href='/e/1'>"
                "<span>2020年07月03日</span></a></div>",
                lang="ja",
            ),
            "2020-07-03",
        ),
        # The masthead shows the day's edition; the article's own date is further down.
        (
            "masthead edition date",
            page(
                "<header class='header'><a class='logo'><span class='date-edition'>lun. 5 août "
                "2019</span></a></header><main><div class='sub-header-article'><h1>Violences</h1>"
                "<ul class='info'><li>27 juin 2019</li></ul></div></main>",
                lang="fr",
            ),
            "2019-06-27",
        ),
        # An article's own <header> holds its headline and its date.
        (
            "article header",
            page(
                "<header class='entry-header'><h1>Violences</h1><span class='date'>27 juin 2019"
                "</span></header>",
                lang="fr",
            ),
            "2019-06-27",
        ),
        # Designers space the separators: "26 | 01 | 2022".
        (
            "spaced numeric date",
            page("<main><h1>Winterhechte</h1><table><tr><td>26 | 01 | 2022 </td></tr></table>"),
            "2022-01-26",
        ),
    ],
)
def test_main_content(name: str, html: str, day: str | None) -> None:
    assert published_day(dates_of(html)) == day, name


@pytest.mark.parametrize(
    ("url", "day_first", "day"),
    [
        ("https://weisser-ring.example/media-news/meldungen/29-10-2021", True, "2021-10-29"),
        ("https://verein.example/aktuelles/08112021-online-fachtag", True, "2021-11-08"),
        ("https://verein.example/aktuelles/08.11.2021/fachtag", True, "2021-11-08"),
        # Month first on a US page when both numbers could be months.
        ("https://news.example.com/story/04-07-2020/slug", False, "2020-04-07"),
        ("https://news.example.com/story/04-17-2020/slug", False, "2020-04-17"),
        # Longer digit runs are ids; impossible days are not dates.
        ("https://shop.example/item/120200622120908039/x", True, None),
        ("https://shop.example/item/31022021-x", True, None),
        ("https://shop.example/item/a12102021-x", True, None),
        # Year first still wins when both are present.
        ("https://blog.example/2021/06/30/29-10-2021", True, "2021-06-30"),
    ],
)
def test_url_day_first(url: str, day_first: bool, day: str | None) -> None:
    found = read("url", parse_page("<html></html>", url), ParseContext(("en",), day_first, 2024))
    assert (found[0].parsed.value.date().isoformat() if found else None) == day


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("26 | 01 | 2022", datetime(2022, 1, 26)),
        ("26 / 01 / 2022 14:05", datetime(2022, 1, 26, 14, 5)),
        ("Score 3 - 4 - 5", None),
        ("12 | 05 | 20", None),
    ],
)
def test_spaced_numeric(text: str, value: datetime | None) -> None:
    parsed = parse_text(text)
    assert (parsed.value if parsed else None) == value


@pytest.mark.parametrize(
    ("name", "html", "url", "day", "source"),
    [
        (
            "application data key",
            page(
                '<h1>Topathleten</h1><script>window.__DATA__ = {"blocks": [{"createdAt":'
                '"2022-01-31T15:58:43+01:00"}]};</script>'
            ),
            URL,
            "2022-01-31",
            "embedded:createdAt",
        ),
        (
            "publication key before creation key",
            page(
                '<h1>Topathleten</h1><script>var s = {"createdAt":"2022-01-20T10:00:00Z",'
                '"publishDate":"2022-01-31T10:00:00Z"};</script>'
            ),
            URL,
            "2022-01-31",
            "embedded:publishDate",
        ),
        (
            "title opening with a date",
            page("<h1>Fachtag</h1>", head="<title>08.11.2021 | Online-Fachtag</title>"),
            URL,
            "2021-11-08",
            "title",
        ),
        (
            "month of the URL, in a side column",
            page("<h1>Typografie</h1><div class='sidebar'><p class='news'>19. Mai 2010</p></div>"),
            "https://blog.example.de/2010/05/literatur-und-typografie/",
            "2010-05-19",
            "text",
        ),
        (
            "instant in a tooltip attribute",
            page(
                "<h1>Știre</h1><div class='news-time-ago' title='2020-09-20T14:20:02Z'>"
                "Acum 15 minute</div>",
                lang="ro",
            ),
            URL,
            "2020-09-20",
            "attribute",
        ),
        (
            "script writing a date",
            page('<h1>Topic</h1><td><script>showDate("2020/04/17 01:43:09")</script></td>'),
            URL,
            "2020-04-17",
            "script",
        ),
        (
            "share image upload day",
            page(
                "<h1>Annual report</h1>",
                head="<meta property='og:image' content='https://e.example/files/2016/05/04/a.png'>",
                lang="en",
            ),
            URL,
            "2016-05-04",
            "meta:og:image",
        ),
    ],
)
def test_last_resort(name: str, html: str, url: str, day: str, source: str) -> None:
    dates = dates_of(html, url, rules=EVERY_LAST_RESORT)
    assert published_day(dates) == day, name
    assert dates.published is not None, name
    assert dates.published.source == source, name
    if not source.startswith("embedded:"):
        assert "unlabelled-fallback" in dates.notes, name


@pytest.mark.parametrize(
    ("name", "html", "url"),
    [
        # A date inside the title's words is what the story is about.
        (
            "date inside the title",
            page("<h1>Rückblick</h1>", head="<title>Was am 3. März 2020 geschah</title>"),
            URL,
        ),
        # A date of another month than the URL's, in a side column, is another post's.
        (
            "other month in a side column",
            page("<h1>Typografie</h1><div class='sidebar'><p class='news'>2. Juni 2010</p></div>"),
            "https://blog.example.de/2010/05/literatur-und-typografie/",
        ),
        # Comments are never read, even in the URL's month.
        (
            "comment in the URL's month",
            page(
                "<h1>Rezept</h1><ol class='commentlist'><li><small class='commentmetadata'>"
                "8. Mai 2010 um 10:56</small></li></ol>"
            ),
            "https://blog.example.de/2010/05/rezept/",
        ),
        # A share image filed by month only gives no day.
        (
            "share image without a day",
            page(
                "<h1>Hechte</h1>",
                head="<meta property='og:image' content='https://e.example/media/2022/01/a.jpg'>",
            ),
            URL,
        ),
    ],
)
def test_last_resort_declines(name: str, html: str, url: str) -> None:
    assert dates_of(html, url, rules=EVERY_LAST_RESORT).published is None, name


def test_last_resort_only_without_other_dates() -> None:
    """A page with its own dateline never reaches the last resorts (nor pays for them)."""
    html = page(
        "<h1>Report</h1><p>12.03.2021</p>",
        head="<meta property='og:image' content='https://e.example/files/2016/05/04/a.png'>",
    )
    dates = dates_of(html, rules=EVERY_LAST_RESORT)
    assert published_day(dates) == "2021-03-12"
    assert "unlabelled-fallback" not in dates.notes


FORUM = "https://forum.example.de/forum/discussion/kein-netz-mehr-123.html"


@pytest.mark.parametrize(
    ("name", "html", "url", "day"),
    [
        # A forum thread marks every post up as a comment, the opening one included: its date
        # dates the thread page.
        (
            "thread's first post",
            page(
                "<aside><span>27.09.19</span></aside><h1>Kein Netz mehr</h1>"
                "<div class='PostComment'><span class='PostCommentTime'><span>28.09.19</span>"
                "</span><p>Seit dem Update geht nichts mehr.</p></div>"
                "<div class='PostComment'><span class='PostCommentTime'><span>29.09.19</span>"
                "</span><p>Bei mir auch.</p></div>"
            ),
            FORUM,
            "2019-09-28",
        ),
        # The same markup on an article's page is readers' comments: no date.
        (
            "comments under an article",
            page(
                "<h1>Kein Netz mehr</h1><p>Text.</p>"
                "<div class='PostComment'><span class='PostCommentTime'><span>28.09.19</span>"
                "</span><p>Bei mir auch.</p></div>"
            ),
            URL,
            None,
        ),
        # A copyright line's full date is when the page was generated: the last resort.
        (
            "copyright line with a full date",
            page(
                "<h1>Gefahrstoffe</h1><p>Beratung und Service.</p>"
                "<div class='footer'>Copyright © 19.12.2019 - 12:14 h by Beispiel GmbH</div>"
            ),
            URL,
            "2019-12-19",
        ),
        # A copyright year is the site's copyright period, never a date.
        (
            "copyright year",
            page("<h1>Gefahrstoffe</h1><p>Beratung.</p><div>Copyright © 2019 Beispiel</div>"),
            URL,
            None,
        ),
    ],
)
def test_last_resort_threads_and_copyright(name: str, html: str, url: str, day: str | None) -> None:
    dates = dates_of(html, url, rules=EVERY_LAST_RESORT)
    assert published_day(dates) == day, name
    if day is not None:
        assert "unlabelled-fallback" in dates.notes


@pytest.mark.parametrize(
    ("name", "html", "shipped"),
    [
        (
            "title",
            page("<p>Nothing dated here.</p>", head="<title>08.11.2021 | Online-Fachtag</title>"),
            False,
        ),
        # When the page was generated: the crawl's day on any page fetched after it came out.
        (
            "copyright",
            page("<h1>Gefahrstoffe</h1><div>Copyright © 08.11.2021 - 12:14 h by Beispiel</div>"),
            False,
        ),
        (
            "script",
            page('<h1>Topic</h1><td><script>showDate("2021/11/08 01:43")</script></td>'),
            True,
        ),
    ],
)
def test_shipped_last_resorts(name: str, html: str, shipped: bool) -> None:
    """Each last resort finds its date when on; by default only the shipped ones are on."""
    assert published_day(dates_of(html, rules=EVERY_LAST_RESORT)) == "2021-11-08", name
    assert (dates_of(html).published is not None) is shipped, name


def test_last_resorts_are_the_last_resort_rows_of_the_sources_table() -> None:
    """Rules.fallbacks names rows of SOURCES: FALLBACKS lists them in the table's order, and
    every unlabelled last resort ranks at UNLABELLED_RANK or after (rule 10's note)."""
    from crawler.extract.dates.candidates import Gate
    from crawler.extract.dates.sources import SOURCES, UNLABELLED_RANK

    last = [name for name, source in SOURCES.items() if source.runs is Gate.LAST_RESORT]
    assert tuple(last) == FALLBACKS
    assert all(SOURCES[name].rank >= UNLABELLED_RANK for name in last if name != "app-data")
    assert all(
        source.rank < UNLABELLED_RANK
        for source in SOURCES.values()
        if source.runs is not Gate.LAST_RESORT
    )


def test_sources_table_ranks_and_switches() -> None:
    """The ranks rule 4 orders the sources by (the numbers every ordering rests on), and the
    switches naming Rules fields."""
    from dataclasses import fields

    from crawler.extract.dates.sources import SOURCES

    ranks = {name: (source.rank, source.weaker) for name, source in SOURCES.items()}
    assert ranks == {
        "json-ld": (0, 28),
        "meta": (20, 65),
        "embedded": (40, None),
        "time": (35, None),
        "itemprop": (30, None),
        "text": (50, None),
        "url": (70, None),
        "classed": (60, None),
        "dateline": (80, None),
        "app-data": (50, None),
        "thread": (90, None),
        "title": (92, None),
        "url-month": (91, None),
        "attribute": (91, None),
        "script": (91, None),
        "share-image": (90, None),
        "copyright": (95, None),
    }
    switches = {source.switch for source in SOURCES.values()} - {None}
    assert switches <= {spec.name for spec in fields(Rules)}
