"""Shared vocabularies of the extractors: the schema.org types they read pages by."""

from __future__ import annotations

# A page whose JSON-LD declares one of these is an article (schema.org Article and its kinds).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "SatiricalArticle",
        "TechArticle",
    }
)
# Types that say "this is a listing, not an article" when a page declares no article type.
LISTING_TYPES = frozenset(
    {"CollectionPage", "WebSite", "SearchResultsPage", "ItemList", "ProfilePage"}
)
# Entities whose dates are the page's own: articles and other posts. Lists, breadcrumbs,
# organisations, people, images and the WebSite carry dates of other things (a related article
# in an ItemList, a logo's upload).
DATED_TYPES = ARTICLE_TYPES | {
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Blog",
    "Review",
    "CreativeWork",
    "Question",
}
# Entities an ItemList nested in ("hasPart", "mentions") lists the page's coverage: the common
# article types (not the rarer kinds of reports), or the page that holds the article.
PAGE_TYPES = (
    ARTICLE_TYPES
    - {"AskPublicNewsArticle", "Report", "ScholarlyArticle", "SatiricalArticle", "TechArticle"}
) | {"WebPage", "ItemPage"}
