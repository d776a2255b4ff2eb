"""Words of a page's parts: box headings by language, class/id names of boxes, the article body."""

from __future__ import annotations

import re

# Headings that introduce related coverage, folded (no accents, lower case). Matched at the
# start of the label: "Sur le même sujet:", "Meer over Oekraïne", "More on this story".
RELATED_LABELS = (
    # French
    "sur le meme sujet", "sur le meme theme", "a lire aussi", "lire aussi", "a lire egalement",
    "lire egalement", "a lire", "dans le meme dossier", "voir aussi", "a voir aussi",
    "a relire", "relire", "pour aller plus loin", "nos articles sur", "notre dossier",
    "articles lies", "articles associes", "en lien avec", "lire a ce sujet", "a ce sujet",
    "sur ce sujet", "lire a ce propos", "voir :", "voir:", "lire :", "lire:",
    # Dutch
    "lees ook", "lees meer", "meer over", "meer lezen over", "gerelateerd", "gerelateerde",
    "zie ook", "bekijk ook", "eerder verschenen", "in dit dossier", "meer in dit dossier",
    "verwante artikels", "verwante artikelen", "ook over dit onderwerp",
    # English
    "related", "read more", "read also", "also read", "see also", "more on this story",
    "more on this topic", "more on this", "further reading", "in this series",
    "more in this series", "recommended reading",
    # German
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "weitere artikel zum thema",
    "zum thema", "verwandte artikel", "siehe auch", "auch interessant zum thema",
    "weiterfuhrende links", "weiterlesen", "mehr dazu", "das konnte sie auch zum thema",
    # Spanish
    "te puede interesar", "tambien te puede interesar", "lee tambien", "lea tambien",
    "noticias relacionadas", "relacionad", "mas sobre", "ver tambien", "mas informacion",
    "temas relacionados",
    # Italian
    "leggi anche", "articoli correlati", "correlati", "vedi anche", "per approfondire",
    "approfondimenti", "approfondisci", "sullo stesso argomento",
    # Portuguese
    "leia tambem", "leia mais", "veja tambem", "saiba mais", "noticias relacionadas",
    "materias relacionadas", "relacionadas",
    # Nordic, Polish, Czech, Hungarian, Romanian, Turkish, Indonesian
    "lue myos", "lue lisaa", "aiheesta lisaa", "las ocksa", "las mer", "relaterat",
    "relaterte", "les ogsa", "laes ogsa", "relateret", "czytaj tez", "czytaj takze",
    "zobacz tez", "powiazane", "souvisejici", "ctete take", "kapcsolodo", "citeste si",
    "ilgili haberler", "baca juga", "berita terkait", "artikel terkait",
    # Greek, Russian, Ukrainian
    "διαβαστε επισης", "σχετικα", "читайте также", "читайте еще", "по теме", "новости по теме",
    "смотрите также", "похожие", "читайте також", "за темою",
    # Arabic, Persian, Hebrew
    "اقرأ أيضا", "اقرأ ايضا", "مواضيع ذات علاقة", "مقالات ذات صلة", "أخبار ذات صلة",
    "اخبار ذات صلة", "ذات صلة", "بیشتر بخوانید", "مطالب مرتبط", "اخبار مرتبط", "כתבות נוספות",
    # Hindi, Japanese, Chinese, Korean
    "यह भी पढ़ें", "ये भी पढ़ें", "संबंधित", "関連記事", "関連ニュース", "関連", "相关新闻", "相关文章",
    "相關新聞", "相關文章", "延伸閱讀", "관련기사", "관련 기사",
)  # fmt: skip

# Headings of blocks that are never related coverage: popularity, recency, advertising,
# personalisation. Tried before the related ones.
EXCLUDED_LABELS = (
    # French
    "les plus lus", "plus lus", "articles les plus lus", "les plus partages", "les plus vus",
    "les plus commentes", "les plus populaires", "le plus lu", "derniere info",
    "dernieres infos", "dernieres depeches", "nouvelles depeches", "depeches",
    "derniere minute", "dernieres minutes", "dernieres nouvelles", "dernieres actus",
    "dernier articles", "derniers articles", "fil info", "fil d'info", "en continu",
    "l'actu en continu", "tendances", "recommande pour vous", "recommandes pour vous",
    "sponsorise", "contenu sponsorise", "contenus sponsorises", "ailleurs sur le web",
    "sur le web", "publicite", "partenaires",
    # Dutch
    "meest gelezen", "meest bekeken", "meest gedeeld", "populair", "laatste nieuws",
    "net binnen", "nieuwste", "voor jou", "gesponsord", "uit andere media", "advertentie",
    "het laatste",
    # English
    "most read", "most popular", "most viewed", "most shared", "most commented", "popular",
    "trending", "latest", "breaking news", "top stories", "recommended for you",
    "sponsored", "promoted", "from around the web", "around the web", "advertisement",
    "just in", "paid content", "partner content", "previous story", "next story",
    "previous article", "next article", "previous post", "next post",
    # German
    "meistgelesen", "meist gelesen", "am meisten gelesen", "beliebt", "neueste",
    "top-artikel", "anzeige", "neuste", "aktuelle nachrichten", "neu in", "top-themen",
    "top themen", "schlagzeilen", "nachster artikel", "vorheriger artikel",
    # Spanish
    "lo mas leido", "mas leido", "mas vistos", "ultimas noticias", "ultima hora",
    "tendencias", "publicidad", "patrocinado",
    # Italian
    "piu letti", "i piu letti", "ultime notizie", "ultim'ora", "tendenze", "pubblicita",
    # Portuguese
    "mais lidas", "mais lidos", "ultimas noticias", "mais vistos",
    # Nordic, Polish, Russian, Arabic, Japanese, Chinese
    "luetuimmat", "uusimmat", "mest last", "senaste", "najpopularniejsze", "najnowsze",
    "популярное", "самое читаемое", "последние новости", "الأكثر قراءة", "الأكثر مشاهدة",
    "آخر الأخبار", "アクセスランキング", "ランキング", "热门", "最新",
)  # fmt: skip

# Headings that say nothing about the story: "More from <section>", "You may also like",
# "Das könnte Sie auch interessieren". The labelling rules count their links only when they
# are about the same story or topic, so the decision is left to topical overlap.
GENERIC_LABELS = (
    # French
    "a la une", "en ce moment", "nos recommandations", "vous aimerez aussi",
    "vous pourriez aussi aimer", "vous aimerez peut-etre", "a ne pas manquer",
    "les autres titres", "autres titres", "autres informations", "dans la meme rubrique",
    "plus d'actualites", "a decouvrir", "decouvrir aussi",
    # Dutch
    "aanbevolen", "meer nieuws", "ook interessant", "meer uit",
    # English
    "more from", "more news", "more stories", "more in", "more on", "more about",
    "you may also like",
    "you might also like", "you may like", "you might be interested", "don't miss",
    "editor's picks", "recommended", "up next", "read next", "what to read next",
    "from around the site", "in this section", "also in", "more", "next", "in other news",
    "more headlines", "explore more",
    # German
    "das konnte sie auch interessieren", "das konnte dich auch interessieren",
    "auch interessant", "mehr aus dem ressort", "mehr aus", "weitere nachrichten", "mehr",
    "empfehlungen", "empfohlen", "unsere empfehlung", "weitere artikel", "auch lesenswert",
    # Spanish
    "recomendado", "recomendados", "te recomendamos", "mas noticias", "otras noticias",
    # Italian
    "consigliati", "ti potrebbe interessare", "potrebbe interessarti", "altre notizie",
    # Portuguese, Nordic, Polish, Russian, Indonesian
    "voce pode gostar", "mais noticias", "suosittelemme", "mer fran", "polecamy",
    "рекомендуем", "вам может быть интересно", "berita rekomendasi", "rekomendasi",
)  # fmt: skip


# Matched against 'class id' lower-cased. Why each: "relatedArticles", "related-content" (most
# CMSs), "lire-aussi"/"a-lire" (French Arc themes), "lees-ook" (Dutch), "more-on-this-story" (BBC).
RELATED_ATTR = re.compile(
    r"related|relacionad|correlat|see[-_]?also|voir[-_]?aussi|lire[-_]?aussi"
    r"|(?<![a-z])a[-_]?lire(?![a-z])|meme[-_]?sujet|same[-_]?topic|more[-_]?on[-_]?this"
    r"|lees[-_]?ook|gerelateerd|verwant|zum[-_]?thema|leggi[-_]?anche|read[-_]?also"
    r"|also[-_]?read|further[-_]?reading|leia[-_]?tambem|baca[-_]?juga"
)
# Navigation and page chrome by the names CMSs give them.
CHROME_ATTR = re.compile(
    r"(?<![a-z])nav(?![a-z])|navigation|navbar|menu|breadcrumb|masthead"
    r"|(?<![a-z])(?:site-?)?header(?![a-z])|(?<![a-z])(?:site-?)?footer(?![a-z])"
    r"|share|sharing|social|newsletter|subscribe|subscription|abonn|login|signin"
    r"|(?<![a-z])tags?(?![a-z])|keywords|cookie|author|byline|toolbar|toolbox"
)
# Widgets that are never related coverage: popularity, recency, recommendation engines,
# advertising, comments. "ad" and "pub" only start a token: utility classes end in breakpoint
# names ("p_3_ad", "mb_4_ad": above desktop).
WIDGET_ATTR = re.compile(
    r"most-?(?:read|popular|viewed|shared|commented|recent)|popular|populair|trending"
    r"|tendances|plus-?lus|meest-?gelezen|meist-?gelesen|latest|dernieres|laatste|just-?in"
    r"|ticker|newsfeed|fil-?info|breaking|recommend|aanbevolen|empfehlung|outbrain|taboola"
    r"|plista|ligatus|sponsor|(?<![a-z0-9_])ads?(?![a-z])|advert|(?<![a-z0-9_])pub(?![a-z])"
    r"|comment"
    r"|reactions"
)
# Third-party recommendation engines: their boxes are never the newsroom's related coverage,
# whatever their heading says.
VENDOR_WORDS = ("outbrain", "taboola", "plista", "ligatus", "zergnet", "revcontent", "mgid")
# "mgid" only where a name starts with it (not inside another word).
VENDOR_ATTR = re.compile("|".join(w if w != "mgid" else r"(?<![a-z])mgid" for w in VENDOR_WORDS))
# Keys under which application state lists related stories: Arc "related_content", Next.js
# props "relatedArticles", "relatedStories", "related_links"...; and keys of lists that are not.
RELATED_STATE_KEY = re.compile(r"related|readalso|read_also|lees_?ook|meer_?over", re.I)
EXCLUDED_STATE_KEY = re.compile(
    r"most|popular|trending|latest|recommend|sponsor|advert|navigation|menu|footer|header|tags?$",
    re.I,
)
EXCLUDED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
# Tags of page chrome: their links are never related coverage.
CHROME_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select"})


# The article text, by the names CMSs give it: itemprop=articleBody (schema.org microdata),
# "article-body"/"article__body" (BEM themes), "articleText" (old IPM), "story-body" (BBC),
# "entry-content" (WordPress), "field--name-body" (Drupal).
BODY_TOKENS = (
    "articlebody", "article-body", "article_body", "article__body", "articletext",
    "article-text", "article_text", "article__text", "article-content", "article_content",
    "article__content", "articlecontent", "story-body", "storybody", "story__body",
    "story-content", "story-text", "entry-content", "post-content", "post-body",
    "body-text", "bodytext", "field--name-body", "rich-text", "richtext", "text-body",
)  # fmt: skip
# Every token holds one of these words: names without them are passed over cheaply.
BODY_WORDS = ("body", "text", "content")
