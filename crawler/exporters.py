"""Feed exporters: JSON Lines flushed line by line, and CSV whose list and object cells are JSON."""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import IO, Any, Self

from itemadapter import ItemAdapter, is_item
from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter


class FlushingJsonLinesItemExporter(JsonLinesItemExporter):
    """JSON Lines, one write and one flush per item: a SIGKILL can lose the item being written,
    never leave half a line behind."""

    def export_item(self, item: Any) -> None:
        """Write the item's line in a single call, then push it to the OS."""
        super().export_item(item)
        self.file.flush()


def plain(value: Any) -> Any:
    """Items (RelatedLink, Author...) as dicts, recursively; other values as they are."""
    if is_item(value):
        return {key: plain(inner) for key, inner in ItemAdapter(value).items()}
    if isinstance(value, list | tuple):
        return [plain(inner) for inner in value]
    return value


def csv_cell(value: Any) -> str:
    """A CSV cell: text as is, empty for null, JSON for numbers, booleans, lists and objects
    (one rule for `-O file.csv` and `scrapy dataset --format csv`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(plain(value), ensure_ascii=False)


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        return False


class JsonCellsCsvItemExporter(CsvItemExporter):
    """CSV a spreadsheet opens as is: every list or object cell is JSON (Scrapy's own exporter
    joins lists with commas and writes `RelatedLink(url=...)` reprs), and a UTF-8 file
    (FEED_EXPORT_ENCODING, "utf-8" by default) starts with a byte-order mark, without which
    Excel reads UTF-8 as the local code page ("CorÃ©e"); RELATED_CSV_BOM=False leaves it out.
    Appending (-o) to a file that already has lines writes neither the BOM nor a second
    header."""

    def __init__(self, file: IO[bytes], *, bom: bool = True, **kwargs: Any) -> None:
        """`bom`: write a byte-order mark at the start of a new UTF-8 file."""
        try:
            appending = file.tell() > 0
        except (OSError, ValueError, AttributeError):
            appending = False
        if bom and _is_utf8(kwargs.get("encoding")):
            # utf-8-sig writes the mark only at position 0 (TextIOWrapper asks the file).
            kwargs["encoding"] = "utf-8-sig"
        if appending:
            kwargs["include_headers_line"] = False
        super().__init__(file, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> Self:
        """Read RELATED_CSV_BOM (default True)."""
        return cls(file, bom=crawler.settings.getbool("RELATED_CSV_BOM", True), **kwargs)

    def serialize_field(self, field: Mapping[str, Any], name: str, value: Any) -> Any:
        """A field's own serializer if it declares one, else `csv_cell`."""
        serializer = field.get("serializer")
        return serializer(value) if serializer is not None else csv_cell(value)
