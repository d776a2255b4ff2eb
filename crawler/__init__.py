"""related-crawler: the related coverage around one news article, as a dataset with trustworthy dates."""

__version__ = "0.1.0"
