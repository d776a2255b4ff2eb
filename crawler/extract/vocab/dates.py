"""Date vocabularies: byline labels by language and role, their search stems, app-data keys."""

from __future__ import annotations

import re

from crawler.extract.types import DateRole

_PUBLISHED = DateRole.PUBLISHED.value
_MODIFIED = DateRole.MODIFIED.value

# Keys under which application state (Next.js, Nuxt, API-Platform, Drupal settings, analytics
# layers) stores a document's dates: '"createdAt":"2022-01-31T15:58:43+01:00"',
# '\\"publishDate\\":\\"2021-05-03\\"' (JSON inside a JS string). Publication keys before
# creation keys; the first occurrence of a key is the page's document, related items come after.
APP_DATE_KEYS = (
    "datePublished",
    "publishDate",
    "publishedDate",
    "publishedAt",
    "published_at",
    "publicationDate",
    "publication_date",
    "firstPublished",
    "firstPublishedAt",
    "first_published_at",
    "pubDate",
    "createdAt",
    "created_at",
    "dateCreated",
    "creationDate",
)

# Lower-case labels that introduce a date in news bylines, by language and role.
DATE_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    # "Publié le 12-09-2023 à 16h41", "Mis à jour le 13-09-2023 à 16h50", "Mis en ligne le ...".
    "fr": (
        ("publié le", _PUBLISHED),
        ("publiée le", _PUBLISHED),
        ("publié", _PUBLISHED),
        ("mis en ligne le", _PUBLISHED),
        ("mis en ligne", _PUBLISHED),
        ("posté le", _PUBLISHED),
        ("paru le", _PUBLISHED),
        ("mis à jour le", _MODIFIED),
        ("mis à jour", _MODIFIED),
        ("actualisé le", _MODIFIED),
        ("modifié le", _MODIFIED),
    ),
    # "Gepubliceerd op 12 september 2023", "Bijgewerkt op ...".
    "nl": (
        ("gepubliceerd op", _PUBLISHED),
        ("gepubliceerd", _PUBLISHED),
        ("geplaatst op", _PUBLISHED),
        ("laatst bijgewerkt", _MODIFIED),
        ("bijgewerkt op", _MODIFIED),
        ("bijgewerkt", _MODIFIED),
        # WordPress's Dutch themes: "Aangepast op vrijdag 17 mei 2024 om 16.40 uur",
        # "Laatst gewijzigd: 17-05-2024 16:40".
        ("aangepast op", _MODIFIED),
        ("aangepast", _MODIFIED),
        ("laatst gewijzigd", _MODIFIED),
        ("gewijzigd op", _MODIFIED),
    ),
    # "Veröffentlicht am 12.09.2023 um 16:41 Uhr", "Aktualisiert am ...", "Stand: 12.09.2023".
    "de": (
        ("veröffentlicht am", _PUBLISHED),
        ("veröffentlicht", _PUBLISHED),
        ("erschienen am", _PUBLISHED),
        ("publiziert am", _PUBLISHED),
        ("erstellt am", _PUBLISHED),
        # A field name standing for the label: "Erscheinungsdatum 25.01.2022",
        # "Veröffentlichungsdatum: 03.05.2021" (publication date).
        ("erscheinungsdatum", _PUBLISHED),
        ("veröffentlichungsdatum", _PUBLISHED),
        ("zuletzt aktualisiert", _MODIFIED),
        ("aktualisiert am", _MODIFIED),
        ("aktualisiert", _MODIFIED),
        ("geändert am", _MODIFIED),
        ("letzte änderung", _MODIFIED),
        ("zuletzt geändert", _MODIFIED),
        ("zuletzt bearbeitet", _MODIFIED),
        ("stand:", _MODIFIED),
    ),
    # "Published on September 12, 2023", "Updated 13 September 2023".
    "en": (
        ("published on", _PUBLISHED),
        ("published", _PUBLISHED),
        ("posted on", _PUBLISHED),
        ("posted", _PUBLISHED),
        ("last updated", _MODIFIED),
        ("last modified", _MODIFIED),
        # Wikis: "(last edited 2019-11-10 13:28:18 by ...)".
        ("last edited", _MODIFIED),
        ("updated on", _MODIFIED),
        ("updated", _MODIFIED),
    ),
    "es": (
        ("publicado el", _PUBLISHED),
        ("publicado", _PUBLISHED),
        ("actualizado el", _MODIFIED),
        ("actualizado", _MODIFIED),
    ),
    "pt": (("publicado", _PUBLISHED), ("atualizado", _MODIFIED)),
    "it": (
        ("pubblicato il", _PUBLISHED),
        ("pubblicato", _PUBLISHED),
        ("aggiornato il", _MODIFIED),
        ("aggiornato", _MODIFIED),
    ),
    "fi": (("julkaistu", _PUBLISHED), ("päivitetty", _MODIFIED)),
    "sv": (("publicerad", _PUBLISHED), ("uppdaterad", _MODIFIED)),
    "da": (("udgivet", _PUBLISHED), ("opdateret", _MODIFIED)),
    "nb": (("publisert", _PUBLISHED), ("oppdatert", _MODIFIED)),
    "pl": (("opublikowano", _PUBLISHED), ("zaktualizowano", _MODIFIED)),
    "ru": (
        ("опубликовано", _PUBLISHED),
        ("дата публикации", _PUBLISHED),
        ("обновлено", _MODIFIED),
        ("дата обновления", _MODIFIED),
    ),
    "uk": (("опубліковано", _PUBLISHED), ("оновлено", _MODIFIED)),
    "tr": (
        ("yayınlanma tarihi", _PUBLISHED),
        ("yayın tarihi", _PUBLISHED),
        ("yayınlanma", _PUBLISHED),
        ("son güncelleme", _MODIFIED),
        ("güncelleme tarihi", _MODIFIED),
        ("güncelleme", _MODIFIED),
    ),
    # Labels run into their date without a space in East Asian scripts: "公開日：2020年2月14日",
    # "发布时间：2020-02-14 10:30", "입력 2020.02.14 15:20" (Korean news: "input", then "수정",
    # modified, and "승인", approved for publication, on smaller sites).
    "ja": (
        ("公開日", _PUBLISHED),
        ("掲載日", _PUBLISHED),
        ("投稿日", _PUBLISHED),
        ("配信日", _PUBLISHED),
        ("最終更新日", _MODIFIED),
        ("更新日", _MODIFIED),
    ),
    "zh": (
        ("发布时间", _PUBLISHED),
        ("發佈時間", _PUBLISHED),
        ("發布時間", _PUBLISHED),
        ("发布日期", _PUBLISHED),
        ("发表于", _PUBLISHED),
        ("發表於", _PUBLISHED),
        ("更新时间", _MODIFIED),
        ("更新時間", _MODIFIED),
    ),
    "ko": (
        ("기사입력", _PUBLISHED),
        ("입력", _PUBLISHED),
        ("등록", _PUBLISHED),
        ("승인", _PUBLISHED),
        ("게시", _PUBLISHED),
        ("최종수정", _MODIFIED),
        ("수정", _MODIFIED),
        ("업데이트", _MODIFIED),
    ),
    "fa": (
        ("تاریخ انتشار", _PUBLISHED),
        ("تاريخ انتشار", _PUBLISHED),
        ("منتشر شده", _PUBLISHED),
        ("انتشار", _PUBLISHED),
        ("آخرین به‌روزرسانی", _MODIFIED),
        ("به‌روزرسانی", _MODIFIED),
        ("بروزرسانی", _MODIFIED),
    ),
    "ar": (
        ("تاريخ النشر", _PUBLISHED),
        ("نشر في", _PUBLISHED),
        ("نُشر في", _PUBLISHED),
        ("آخر تحديث", _MODIFIED),
        ("تم التحديث", _MODIFIED),
    ),
}


# Substrings that every label of a family contains: the page is scanned once per stem, and each
# hit is then matched against the full labels ("publi" finds "publié le", "published",
# "gepubliceerd", "veröffentlicht" needs its own). Where they can, stems keep to the label's ASCII
# letters ("ffentlich" for "veröffentlicht" and "VERÖFFENTLICHT"): the bytes are lower-cased for
# ASCII only, so a stem with "ö" is searched twice, once per case, and scans cost per stem.
DATE_LABEL_STEMS = (
    b"publi",
    b"pubbl",
    b"posted",
    b"post\xc3\xa9",
    b"paru",
    b"mis ",
    b"updat",
    b"modifi",
    b"ktuali",
    b"actuali",
    b"atuali",
    b"ffentlich",
    b"erschienen",
    b"erscheinungsdatum",
    b"erstellt",
    b"stand:",
    b"ndert",
    b"nderung",
    b"bijgewerkt",
    b"aangepast",
    b"gewijzigd",
    b"bearbeitet",
    b"edited",
    b"geplaatst",
    b"aggiorn",
    b"julkaistu",
    b"ivitetty",
    b"uppdaterad",
    b"udgivet",
    b"opdateret",
    b"oppdatert",
    "опубл".encode(),
    "дата публ".encode(),
    "обновл".encode(),
    "дата обновл".encode(),
    "оновлено".encode(),
    b"yay",
    b"ncelleme",
    "公開".encode(),
    "掲載".encode(),
    "投稿".encode(),
    "配信".encode(),
    "更新".encode(),
    "发布".encode(),
    "發佈".encode(),
    "發布".encode(),
    "发表".encode(),
    "發表".encode(),
    "입력".encode(),
    "등록".encode(),
    "승인".encode(),
    "게시".encode(),
    "수정".encode(),
    "업데이트".encode(),
    "انتشار".encode(),
    "منتشر".encode(),
    "روزرسانی".encode(),
    "النشر".encode(),
    "نشر".encode(),
    "نُشر".encode(),
    "تحديث".encode(),
)


# Blocks whose dates are not the page's: other articles (related, "most read"), comments,
# navigation, widgets. Unambiguous words count anywhere in a class or id
# ("article-related-list"); words that also name the page's own layout ("sidebar" in
# "sticky-sidebar-parent", "widget" in Blogger's main "widget Blog") only when a class token
# starts with them ("sidebar-main", "widget_recent_entries"). Regex fragments, matched without
# case (dates/sources/blocks.py).
OTHER_CONTENT_NAMES = (
    r"comment|kommentar|related|recommend|popular|most-?read|mostviewed|trending"
    r"|weiterlesen|readmore|read-more|more-?(?:news|articles|stories)|newsletter|outbrain"
    r"|taboola|disqus|lesetipp|lire-aussi|see-also|similar"
    # Embedded social posts quote another post with its own date: Instagram's
    # <blockquote class="instagram-media">, X/Twitter's "twitter-tweet", TikTok's "tiktok-embed".
    r"|instagram-media|twitter-tweet|tiktok-embed"
    # A forum post's member profile shows when its author joined: phpBB's
    # <dl class="postprofile"><dd class="profile-joined"><strong>Registriert:</strong>
    # 18.09.2008</dd>, vBulletin's and XenForo's "Join Date"/"Joined" fields.
    r"|postprofile|joined|join-?date"
)
# A block classed "today" or "current-date" shows the day the page was served, in the masthead
# ('<div class="today">Wednesday, August 19, 2020</div>'), not a day of the page's content.
OTHER_CONTENT_NAME_STARTS = r"sidebar|widget_|widget-|nav|menu|aside|today|current-?date"
# Words that usually, not always, mean other content: a "teaser" list of other articles but also
# the page's own lead ("teaser-body"), share bars that also carry the page's own date. They
# exclude for the sources read everywhere on the page (<time>, labels, date classes), not for
# the last-resort dateline.
MAYBE_OTHER_CONTENT_NAMES = r"teaser"
MAYBE_OTHER_CONTENT_NAME_STARTS = (
    r"promo|carousel|archive|calendar|next|prev|pagination|social|share|rail|recent|also|aussi"
)

# Words of the class or id of an element that states a date's role ("entry-date updated",
# "pubdate"): an update, or a publication.
MODIFIED_HINT = re.compile(r"updat|modif|aktualis|bijgewerkt|actualiz|aggiorn|revis|edited", re.I)
PUBLISHED_HINT = re.compile(r"publi|posted|pubdate|created|erschien|veroeff|veröff", re.I)

# Elements whose class (or id) says they hold a date or a byline: "entry-date", "byline",
# "post-meta", "article__publishDate", "datum", "fecha". Also CMS and forum conventions:
# TYPO3 tt_news's "news-single-timedata" ('<div class="news-single-timedata">05.02.2020');
# "postmetadata", the byline paragraph of WordPress's classic default theme and its descendants
# ('<p class="postmetadata">8.<a href="/date/2010/12/">Dezember 2010</a> um 09:43'); the class
# "author" alone, phpBB's post byline ('<p class="author">von <a>r23</a> » 21.01.2009, 05:42').
DATE_CLASSES = re.compile(
    r"date|Date|timedata|byline|posted|publish|datum|fecha|entry-meta|post-?meta|article-meta"
    r"|timestamp|(?:^|\s)author(?:\s|$)"
)

# Comment threads: their readers' dates are not the page's.
COMMENT_BLOCKS = re.compile(r"comment|kommentar|disqus|repl(?:y|ies)", re.I)
# The blocks forum software puts each post in, the opening one included: "comment"
# ('<div class="MtnComment">'), "post", "message", "reply", German "beitrag".
POST_BLOCKS = re.compile(r"comment|kommentar|post|message|reply|beitrag", re.I)
