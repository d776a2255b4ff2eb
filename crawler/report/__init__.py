"""`scrapy report`: one self-contained HTML page of a run or of the dataset (see build.py)."""
