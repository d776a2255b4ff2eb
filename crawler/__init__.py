"""related-crawler: the related coverage around one news article, with dates to trust."""

__version__ = "0.1.0"
