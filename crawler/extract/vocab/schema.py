"""schema.org types: which entities are articles, listings, or carry the page's own dates."""

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


# Entities that are never the page's own content.
NOT_DATED_TYPES = frozenset(
    [
        "ItemList",
        "ListItem",
        "BreadcrumbList",
        "Organization",
        "NewsMediaOrganization",
        "Person",
        "WebSite",
        "ImageObject",
        "SearchAction",
        "Comment",
        "Brand",
        "Place",
        "PostalAddress",
        "SiteNavigationElement",
    ]
)
# Pages that hold an entity: their dates speak for the page after an article's.
WEB_PAGE_TYPES = frozenset(
    ["WebPage", "ItemPage", "AboutPage", "MedicalWebPage", "QAPage", "FAQPage"]
)
