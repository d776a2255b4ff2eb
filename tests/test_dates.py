"""Date extraction on hand-written saved pages (tests/fixtures/dates), one page per trap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.extract.dates import PageDates, extract_dates
from crawler.extract.dates.collect import _wall_clock_shown
from crawler.extract.page import parse_page
from crawler.extract.sites import profile_for_host

FIXTURES = Path(__file__).parent / "fixtures" / "dates"
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
LALIBRE = "https://www.lalibre.be/international/2023/09/12/un-article-LS2PZRXO4JENNG3CMTBUBWR6GQ/"
# Old-generation URL: no day in it, so that the visible text is the only witness.
LALIBRE_OLD = "https://www.lalibre.be/actu/belgique/un-article-5c1a2b3c4d5e6f7a8b9c0d1e"
DUTCH_VISIBLE = "https://www.voorbeeldkrant.nl/achtergrond/4123/debat-over-de-dijkversterking.html"
REFRESHED = "https://www.example-home.com/gardening/hydrangea-care"


def extract(html: str | bytes, url: str, now: datetime = NOW) -> PageDates:
    """Parse a page and extract its dates the way the spider does (profile from the host)."""
    page = parse_page(html, url)
    host = urlsplit(page.canonical or url).hostname
    return extract_dates(page, site=profile_for_host(host), now=now)


@dataclass(frozen=True)
class Case:
    """One saved page and what a correct extraction returns for it."""

    fixture: str
    url: str
    published: tuple[str, str | None, str] | None
    """(utc, local, source) or None."""
    modified: tuple[str, str | None] | None = None
    agreement: str | None = "single"
    notes: tuple[str, ...] = ()


CASES = [
    # Seed site: JSON-LD in UTC, meta and visible local text all agree; related box ignored.
    Case(
        "lalibre_summer",
        LALIBRE,
        ("2023-09-12T14:41:00Z", "2023-09-12T16:41:00+02:00", "json-ld"),
        ("2023-09-13T14:50:00Z", "2023-09-13T16:50:00+02:00"),
        "agreed",
    ),
    # Visible text only, in winter: CET, +01:00.
    Case(
        "lalibre_winter_text_only",
        LALIBRE_OLD,
        ("2024-01-15T08:05:00Z", "2024-01-15T09:05:00+01:00", "text"),
    ),
    # Just after midnight on new year's day is still the previous year in UTC.
    Case(
        "lalibre_new_year",
        LALIBRE_OLD,
        ("2023-12-31T23:30:00Z", "2024-01-01T00:30:00+01:00", "text"),
    ),
    # Sudinfo: a meta value labelled UTC that is the visible local time.
    Case(
        "sudinfo_local_labelled_utc",
        "https://www.sudinfo.be/id123/article/2023-10-27/un-fait-divers",
        ("2023-10-27T05:47:00Z", "2023-10-27T07:47:00+02:00", "text"),
        agreement="resolved",
        notes=("meta-local-time-labelled-utc",),
    ),
    # Libération: datePublished later than dateModified; the visible "1er novembre" wins.
    Case(
        "liberation_published_after_modified",
        "https://www.liberation.fr/politique/un-article-20231101_ABC/",
        ("2023-11-01T15:28:00Z", "2023-11-01T16:28:00+01:00", "text"),
        ("2023-11-01T15:28:00Z", "2023-11-01T16:28:00+01:00"),
        "resolved",
        ("published-after-modified",),
    ),
    # Vosges Matin: published after modified with no other witness: kept and flagged.
    Case(
        "vosges_published_after_modified",
        "https://www.vosgesmatin.fr/sante/2020/03/22/un-article",
        ("2020-03-23T05:00:00Z", "2020-03-23T06:00:00+01:00", "json-ld"),
        ("2020-03-22T17:00:00Z", "2020-03-22T18:00:00+01:00"),
        "resolved",
        ("published-after-modified",),
    ),
    Case(
        "two_digit_year",
        "https://www.exemple.fr/a",
        ("2023-11-02T15:33:00Z", "2023-11-02T16:33:00+01:00", "text"),
    ),
    Case(
        "abbreviated_month_dot",
        "https://www.exemple.fr/b",
        ("2023-11-02T15:00:00Z", "2023-11-02T16:00:00+01:00", "text"),
    ),
    Case(
        "abbreviated_month_no_dot",
        "https://www.exemple.fr/c",
        ("2020-03-27T08:21:00Z", "2020-03-27T09:21:00+01:00", "text"),
    ),
    Case(
        "nbsp_and_h",
        "https://www.exemple.fr/d",
        ("2023-10-27T13:01:00Z", "2023-10-27T15:01:00+02:00", "text"),
    ),
    # ISO-8859-1 page of 2011, a day and no time.
    Case(
        "latin1_mis_en_ligne",
        "https://www.lalibre.be/actu/belgique/article/656130/vieille-page.html",
        ("2011-04-21", "2011-04-21", "text"),
    ),
    # Only other articles' dates and URLs, comments and a copyright year: no date at all.
    Case(
        "widgets_comments_copyright_only",
        "https://www.example.org/stories/no-date-of-its-own",
        None,
        agreement=None,
    ),
    Case(
        "comments_after_article",
        "https://www.example.co.uk/news/story",
        ("2021-05-03", "2021-05-03", "text"),
    ),
    # A machine value without a time comes after timed sources; they agree on the day.
    Case(
        "day_only_upgraded",
        "https://www.example.co.uk/news/2023/09/12/day-and-time",
        ("2023-09-12T15:41:00Z", "2023-09-12T16:41:00+01:00", "time"),
        agreement="agreed",
    ),
    # Rule 5: the labelled day wins, and an unlabelled timestamp on that day gives its time.
    Case(
        "day_only_text_upgraded",
        "https://www.example.co.uk/news/labelled-day",
        ("2023-09-12T15:41:00Z", "2023-09-12T16:41:00+01:00", "time"),
        agreement="resolved",
    ),
    # No zone anywhere (English, .com): the naive time stays naive, and says so.
    Case(
        "naive_no_zone",
        "https://www.example.com/naive",
        ("2023-09-12T16:41:00", "2023-09-12T16:41:00", "meta:article:published_time"),
        notes=("naive-time-no-zone",),
    ),
    # A value with its own offset and no known zone keeps its offset.
    Case(
        "own_offset_no_zone",
        "https://www.example.com/offset",
        ("2023-09-12T20:41:00Z", "2023-09-12T16:41:00-04:00", "meta:article:published_time"),
    ),
    Case(
        "future_rejected",
        "https://www.example.co.uk/future",
        ("2023-09-10", "2023-09-10", "text"),
        notes=("future-date-rejected",),
    ),
    Case(
        "too_old_rejected",
        "https://www.example.co.uk/old",
        None,
        agreement=None,
        notes=("old-date-rejected",),
    ),
    # Arc's Fusion.globalContent: the story's own dates, on both sides of the spring change.
    Case(
        "arc_fusion",
        "https://www.dhnet.be/sports/un-article-ABCDEFGHIJKLMNOPQRSTUVWXYZ/",
        ("2023-03-26T00:30:00Z", "2023-03-26T01:30:00+01:00", "embedded:first_publish_date"),
        ("2023-03-26T07:15:00Z", "2023-03-26T09:15:00+02:00"),
        "agreed",  # display_date gives the same instant
    ),
    Case(
        "german_um_uhr",
        "https://www.beispiel.de/artikel",
        ("2023-09-12T14:41:00Z", "2023-09-12T16:41:00+02:00", "text"),
        ("2023-09-13T06:05:00Z", "2023-09-13T08:05:00+02:00"),
    ),
    # No zone hint, but the visible time and the UTC value show the newsroom's offset.
    Case(
        "us_offset_from_page",
        "https://www.example.com/2023/11/08/us-story/",
        ("2023-11-09T05:30:59Z", "2023-11-08T23:30:59-06:00", "meta:article:published_time"),
        agreement="agreed",
    ),
    # The main entity's JSON-LD beats a differing meta tag; the ItemList's date is ignored.
    Case(
        "json_ld_beats_meta",
        "https://www.exemple.be/article",
        ("2023-09-12T14:41:00Z", "2023-09-12T16:41:00+02:00", "json-ld"),
        agreement="resolved",
    ),
    Case(
        "url_only",
        "https://blog.example.net/2021/06/30/a-post/",
        ("2021-06-30", "2021-06-30", "url"),
    ),
    # A US site: several zones, no offset anywhere: naive and flagged (RELATED_SITE_TIMEZONES
    # sets its zone, see test_dates_site_timezones.py).
    Case(
        "us_naive_byline",
        "https://www.riversideledger.com/news/county-board-approves-new-bus-routes/",
        ("2024-03-05T16:41:00", "2024-03-05T16:41:00", "text"),
        notes=("naive-time-no-zone",),
    ),
    # Rule 8: no zone known; the URL's day contradicts the UTC day: that day is the publication
    # (the instant stays among the candidates, see test_rule_8_keeps_the_instant).
    Case(
        "day_shown_no_zone",
        "https://www.example.com/2020/02/24/evening-story/",
        ("2020-02-24", "2020-02-24", "url"),
        agreement="resolved",
        notes=("published-day-shown-over-guessed-zone",),
    ),
    # One edit written twice ("16:06" and "16:06:50") is not "published after modified"; the
    # related box's <time> is never a witness.
    Case(
        "same_edit_not_after",
        "https://www.beispiel.de/gleiche-minute",
        ("2019-10-18T14:06:50Z", "2019-10-18T16:06:50+02:00", "meta:article:published_time"),
        ("2019-10-18T14:06:00Z", "2019-10-18T16:06:00+02:00"),
        notes=("modified-same-edit-before-published",),
    ),
    # A machine-written slashed date is month first (en-US formatting), even on a Swiss page.
    Case(
        "machine_slashed_month_first",
        "https://www.beispiel.ch/trinkwasser-43157.html",
        ("2023-11-01T11:43:42Z", "2023-11-01T12:43:42+01:00", "meta:date"),
    ),
    # A press release opening with place and date; the dates later in the prose are events.
    Case(
        "dateline_leading_date",
        "https://www.beispiel.de/nachricht/35204",
        ("2021-11-12", "2021-11-12", "text"),
    ),
    # WordPress's taxonomy classes ("category-recommended", "tag-comments") exclude nothing.
    Case(
        "wordpress_taxonomy_classes",
        "https://www.example.co.uk/a-post/",
        ("2014-01-22T10:00:00Z", "2014-01-22T10:00:00+00:00", "time"),
    ),
    # An unlabelled dateline; the dates in the prose are events, not the page's date.
    Case(
        "dateline_only",
        "https://www.beispiel.at/presse/mitteilung",
        ("2018-07-03", "2018-07-03", "text"),
    ),
    # Dutch WordPress byline only: weekday names, "om 14.05 uur", "Aangepast op"; the header's
    # render day ("donderdag 28 november 2024") is no candidate. Dutch: Amsterdam time.
    Case(
        "dutch_visible_only",
        DUTCH_VISIBLE,
        ("2024-05-17T12:05:00Z", "2024-05-17T14:05:00+02:00", "text"),
        ("2024-05-18T07:30:00Z", "2024-05-18T09:30:00+02:00"),
    ),
    # Rule 5b: "bijgewerkt om 16.40 uur" is a same-day update, dated by the publication's day.
    Case(
        "dutch_same_day_update",
        "https://www.voorbeeldkrant.nl/nieuws/2024/05/17/kabinet-trekt-geld-uit/",
        ("2024-05-17T12:05:00Z", "2024-05-17T14:05:00+02:00", "text"),
        ("2024-05-17T14:40:00Z", "2024-05-17T16:40:00+02:00"),
        "agreed",
    ),
    # Rule 9: the machine publication (2016) is shown nowhere; the page shows "Updated May 06,
    # 2019", between it and the last update: the shown day is the page's publication.
    Case(
        "refreshed_shows_update",
        REFRESHED,
        ("2019-05-06", "2019-05-06", "text"),
        ("2020-10-01T13:23:47Z", "2020-10-01T13:23:47+00:00"),
        "resolved",
        ("published-shown-day",),
    ),
    # Rule 9 does not apply when the page shows the publication's day too.
    Case(
        "republished_pub_shown",
        "https://www.example-news.co.uk/local/council-approves-bridge",
        ("2021-03-08T11:15:28Z", "2021-03-08T11:15:28+00:00", "meta:article:published_time"),
        ("2021-03-14T20:10:50Z", "2021-03-14T20:10:50+00:00"),
        "agreed",
    ),
    # Rule 4b: nothing says "published"; a labelled update beats an unlabelled version line.
    Case(
        "update_only",
        "https://www.example.org/licenses/example-3.0.html",
        ("2016-11-18", "2016-11-18", "text"),
        ("2016-11-18", "2016-11-18"),
        "resolved",
        ("published-from-modified",),
    ),
    # Rule 6 with a witness: the visible <time> shows the (scheduled) datePublished, which then
    # stands although the last save is earlier.
    Case(
        "scheduled_published_after_save",
        "https://www.beispiel.ch/kultur/mit-allen-wassern-gewaschen-ld.1161246",
        ("2019-10-19T03:00:00Z", "2019-10-19T05:00:00+02:00", "json-ld"),
        ("2019-10-18T20:00:25Z", "2019-10-18T22:00:25+02:00"),
        "resolved",
        ("published-after-modified",),
    ),
    # A theme wrapping the whole page in "navigation-container": only the date's near enclosing
    # blocks decide; the sidebar's <time> stays excluded.
    Case(
        "layout_wrapper_named_nav",
        "https://www.beispiel.de/news/76066-ueberraschung",
        ("2022-02-01", "2022-02-01", "time"),
    ),
    # "updated_at" in a data attribute is a key, not the label "updated".
    Case(
        "label_inside_key",
        "https://www.beispiel.de/tischdecke-naehen",
        ("2022-01-10T22:06:08Z", "2022-01-10T23:06:08+01:00", "meta:article:published_time"),
    ),
    # A theme's main column named "sidebar_content" holds the headline (an <h3> matching the
    # title, no <h1>): its dateline is the page's; the recent-posts widget's dates are not.
    Case(
        "main_column_named_sidebar",
        "https://www.example-conservation.org/un-braconnier-condamne/",
        ("2016-09-27", "2016-09-27", "text"),
    ),
    # A theme's date badge, one element per part ("Feb", "18", "2009" shown stacked): its
    # parts are read apart, as the page shows them, not run together as "Feb 182009".
    Case(
        "date_badge_split",
        "https://www.farben-der-seele.de/ein-tag-am-see/",
        ("2009-02-18", "2009-02-18", "text"),
    ),
    # Japanese: a label run into the word before it ("記事公開日"), a time in 時 and 分, read
    # in Tokyo's zone; the ranking box's date is another article's.
    Case(
        "japanese_label_time",
        "https://www.example-shimbun.jp/news/article/k1001",
        ("2020-02-14T01:30:00Z", "2020-02-14T10:30:00+09:00", "text"),
    ),
    # Korean news: "입력" (published) and "수정" (modified), a 12-hour time after "오후" (p.m.).
    Case(
        "korean_input_label",
        "https://www.example-ilbo.kr/news/articleView.html?idxno=1234",
        ("2020-02-14T06:20:00Z", "2020-02-14T15:20:00+09:00", "text"),
        ("2020-02-14T07:05:00Z", "2020-02-14T16:05:00+09:00"),
    ),
    # Iran's Solar Hijri calendar in Persian digits: 2 Tir 1399 is 22 June 2020, 12:09 in
    # Tehran's summer time (+04:30 in 2020).
    Case(
        "persian_solar_hijri",
        "https://www.khabar-nemooneh.ir/fa/news/4312/",
        ("2020-06-22T07:39:00Z", "2020-06-22T12:09:00+04:30", "text"),
    ),
    # Thai: an abbreviated month and a Buddhist-era year (2563 is 2020).
    Case(
        "thai_buddhist_era",
        "https://www.khao-tuayang.co.th/news/4312",
        ("2020-02-14", "2020-02-14", "text"),
    ),
    # A US byline naming its zone after a 12-hour time: "ET" is New York's clock (EST on
    # 5 March 2024), so the instant is known without a site setting.
    Case(
        "us_eastern_time_named",
        "https://www.riversideledger.com/news/county-board-approves-new-bus-routes/",
        ("2024-03-05T21:41:00Z", "2024-03-05T16:41:00-05:00", "text"),
    ),
    # A Russian label written with its capital ("Опубликовано"), a genitive month, "в" before
    # the time; Russia's newsrooms keep Moscow time.
    Case(
        "russian_label",
        "https://www.primer-novosti.ru/news/4312",
        ("2020-02-14T07:30:00Z", "2020-02-14T10:30:00+03:00", "text"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_fixture_published(case: Case) -> None:
    dates = extract((FIXTURES / f"{case.fixture}.html").read_bytes(), case.url)
    if case.published is None:
        assert dates.published is None
    else:
        assert dates.published is not None
        got = (dates.published.utc, dates.published.local, dates.published.source)
        assert got == case.published


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_fixture_modified(case: Case) -> None:
    dates = extract((FIXTURES / f"{case.fixture}.html").read_bytes(), case.url)
    got = (dates.modified.utc, dates.modified.local) if dates.modified else None
    assert got == case.modified


@pytest.mark.parametrize("case", CASES, ids=[c.fixture for c in CASES])
def test_fixture_agreement_and_notes(case: Case) -> None:
    dates = extract((FIXTURES / f"{case.fixture}.html").read_bytes(), case.url)
    assert dates.agreement == case.agreement
    assert set(case.notes) <= set(dates.notes)
    if "published-after-modified" not in case.notes:
        assert "published-after-modified" not in dates.notes


def test_every_fixture_has_a_case() -> None:
    assert {p.stem for p in FIXTURES.glob("*.html")} == {c.fixture for c in CASES}


def test_raw_text_is_kept() -> None:
    dates = extract((FIXTURES / "lalibre_winter_text_only.html").read_bytes(), LALIBRE_OLD)
    assert dates.published is not None
    assert dates.published.raw == "Publié le 15-01-2024 à 09h05"


@pytest.mark.parametrize(
    ("byline", "published", "modified"),
    [
        (
            "<p>Publié le 12-09-2023 à 16h41 Mis à jour le 13-09-2023 à 16h50</p>",
            "Publié le 12-09-2023 à 16h41",
            "Mis à jour le 13-09-2023 à 16h50",
        ),
        (
            "<p>Published March 5, 2024 at 4:41 p.m. The story goes on.</p>"
            "<p><b>Updated:</b> March 6, 2024, 9:05 CET by the desk</p>",
            "Published March 5, 2024 at 4:41 p.m.",
            "Updated: March 6, 2024, 9:05 CET",
        ),
        (
            # A "label" in a tag is no visible text: the date's own text alone.
            '<p class="published" title="2016-12-23T10:00:00+01:00">23 Dec 2016</p>',
            "2016-12-23",
            None,
        ),
        (
            "<p>Letzte Änderung: 31.10.2023 - 14:49:39 Europe</p>",
            None,
            "Letzte Änderung: 31.10.2023 - 14:49:39",
        ),
    ],
)
def test_raw_is_the_date_and_its_label(
    byline: str, published: str | None, modified: str | None
) -> None:
    lang = "de-DE" if "Änderung" in byline else "fr-BE"
    html = f"<html lang='{lang}'><body><article><h1>Titre</h1>{byline}</article></body></html>"
    dates = extract(html, "https://www.example.be/a")
    if published is not None:
        assert dates.published is not None
        assert dates.published.raw == published
    if modified is not None:
        assert dates.modified is not None
        assert dates.modified.raw == modified


# Brussels clock changes: 2023-03-26 02:00 CET -> 03:00 CEST, 2023-10-29 03:00 CEST -> 02:00 CET;
# plus midnight and new-year boundaries. Visible text only, so the zone does all the work.
@pytest.mark.parametrize(
    ("shown", "utc", "local"),
    [
        ("26-03-2023 à 01h59", "2023-03-26T00:59:00Z", "2023-03-26T01:59:00+01:00"),
        ("26-03-2023 à 03h00", "2023-03-26T01:00:00Z", "2023-03-26T03:00:00+02:00"),
        ("29-10-2023 à 01h59", "2023-10-28T23:59:00Z", "2023-10-29T01:59:00+02:00"),
        ("29-10-2023 à 03h00", "2023-10-29T02:00:00Z", "2023-10-29T03:00:00+01:00"),
        ("25-03-2023 à 23h30", "2023-03-25T22:30:00Z", "2023-03-25T23:30:00+01:00"),
        ("13-09-2023 à 00h10", "2023-09-12T22:10:00Z", "2023-09-13T00:10:00+02:00"),
        ("31-12-2023 à 23h59", "2023-12-31T22:59:00Z", "2023-12-31T23:59:00+01:00"),
    ],
)
def test_brussels_clock_changes(shown: str, utc: str, local: str) -> None:
    html = f"<html lang='fr'><body><article><p>Publié le {shown}</p></article></body></html>"
    dates = extract(html, LALIBRE)
    assert dates.published is not None
    assert (dates.published.utc, dates.published.local) == (utc, local)


def test_now_defaults_to_the_clock() -> None:
    html = "<html><body><p>Publié le 12-09-2023 à 16h41</p></body></html>"
    page = parse_page(html, LALIBRE)
    dates = extract_dates(page, site=profile_for_host("www.lalibre.be"))
    assert dates.published is not None
    assert dates.published.utc == "2023-09-12T14:41:00Z"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2023, 9, 12, 12, 0, tzinfo=UTC), "2023-09-12T14:41:00Z"),  # a day of slack
        (datetime(2023, 9, 10, 12, 0, tzinfo=UTC), None),  # two days early: rejected
    ],
)
def test_future_margin(now: datetime, expected: str | None) -> None:
    html = "<html><body><p>Publié le 12-09-2023 à 16h41</p></body></html>"
    dates = extract(html, LALIBRE, now=now)
    assert (dates.published.utc if dates.published else None) == expected


def test_rule_8_keeps_the_instant() -> None:
    url = "https://www.example.com/2020/02/24/evening-story/"
    dates = extract((FIXTURES / "day_shown_no_zone.html").read_bytes(), url)
    assert ("published", "2020-02-25T02:25:54Z", "json-ld") in {
        (c.role, c.value, c.source) for c in dates.candidates
    }


def test_losing_sources_are_listed() -> None:
    dates = extract((FIXTURES / "arc_fusion.html").read_bytes(), LALIBRE)
    assert dates.agreement == "resolved"
    lost = {(c.role, c.source) for c in dates.candidates}
    assert lost, "a resolved page names the sources that lost"
    assert dates.published is not None
    assert all(c.value != dates.published.utc for c in dates.candidates if c.role == "published")


def test_agreeing_sources_list_no_candidates() -> None:
    dates = extract((FIXTURES / "lalibre_winter_text_only.html").read_bytes(), LALIBRE_OLD)
    assert dates.candidates == []


def test_rule_9_keeps_the_first_publication() -> None:
    dates = extract((FIXTURES / "refreshed_shows_update.html").read_bytes(), REFRESHED)
    assert dates.first_published is not None
    assert (dates.first_published.utc, dates.first_published.source) == (
        "2016-08-29T21:54:39Z",
        "json-ld",
    )


def test_first_published_only_when_rule_9_applies() -> None:
    dates = extract((FIXTURES / "dutch_visible_only.html").read_bytes(), DUTCH_VISIBLE)
    assert dates.first_published is None


# Rule 5b: a time-only update is dated by the publication's day; one before the publication's
# time is not.
@pytest.mark.parametrize(
    ("lang", "published", "update", "expected"),
    [
        ("nl", "Gepubliceerd op 17 mei 2024 om 14.05 uur", "bijgewerkt om 16.40 uur", "14:40"),
        ("nl", "Gepubliceerd op 17 mei 2024 om 14.05 uur", "bijgewerkt om 09.10 uur", None),
        ("fr", "Publié le 17-05-2024 à 14h05", "Mis à jour à 16h50", "14:50"),
        ("en", "Published May 17, 2024 at 2:05 pm", "Updated at 4:50 pm", "14:50"),
    ],
)
def test_time_only_update(lang: str, published: str, update: str, expected: str | None) -> None:
    html = (
        f"<html lang='{lang}-BE'><body><article><h1>Kop</h1>"
        f"<p>{published}</p><p>{update}</p></article></body></html>"
    )
    dates = extract(html, "https://www.voorbeeld.be/artikel/1")
    want = f"2024-05-17T{expected}:00Z" if expected else None
    assert (dates.modified.utc if dates.modified else None) == want


@pytest.mark.parametrize(
    ("text", "hour", "minute", "shown"),
    [
        ("Publié le 27/10/2023 à 07h47", 7, 47, True),
        ("Published 7:47 am", 7, 47, True),
        ("Mis à jour à 0:05", 0, 5, True),
        ("<time>17:47</time>", 17, 47, True),
        # The machine value itself is not a shown time.
        ('"datePublished": "2023-10-27T07:47:27Z"', 7, 47, False),
        ('"datePublished": "2023-10-27T00:05:00Z"', 0, 5, False),
        # Another time that ends the same way.
        ("Mis à jour à 17:47", 7, 47, False),
        ("21:47", 11, 47, False),
        ("10:05", 0, 5, False),
    ],
)
def test_wall_clock_shown(text: str, hour: int, minute: int, shown: bool) -> None:
    # Rule 3 needs the visible text only when the page shows the UTC value's wall-clock time.
    page = parse_page(f"<html><body><p>{text}</p></body></html>", "https://www.example.be/a")
    assert _wall_clock_shown(page, datetime(2023, 10, 27, hour, minute)) is shown
