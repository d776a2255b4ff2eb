"""Feed export: an article counts as exported only once its line is in the file; JSON Lines
written whole, and CSV whose list and object cells are JSON.

Scrapy's FeedExporter writes items in its `item_scraped` handler and, when a write fails (a full
disk, a directory made read-only), logs a traceback per item and goes on: `item_scraped` still
reaches every other handler, so the run looked exported. Here a line is confirmed (the
`item_written` signal, which the state pipeline records exports on) only after the whole line
went to the operating system; a failed write is cut back out of the file (no torn line), logged
once, and stops the crawl as failed (stat feed/failure, close reason "feed_write_failed"); the
items it could not write are counted (feed/items_not_written) and are exported by the next run.
"""

from __future__ import annotations

import codecs
import errno
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Self

from itemadapter import ItemAdapter, is_item
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter
from scrapy.extensions.feedexport import FeedExporter, FeedSlot, FileFeedStorage
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.python import to_bytes

logger = logging.getLogger(__name__)

item_written = object()
"""Signal: `item`'s line is in the feed file at `uri`, the FEEDS entry `uri_template` (sent by
CheckedFeedExporter)."""


class UnbufferedFileFeedStorage(FileFeedStorage):
    """Scrapy's local file storage, opened without a user-space buffer: what an exporter writes
    is handed to the operating system at once, and a failed write leaves nothing behind in a
    buffer to be flushed (torn) later."""

    def open(self, spider: Spider) -> IO[bytes]:
        """The file, unbuffered, created with its directory."""
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


class FlushingJsonLinesItemExporter(JsonLinesItemExporter):
    """JSON Lines, each line written whole to the operating system before export_item returns:
    a SIGKILL can lose the item being written, never leave half a line behind; a write that
    fails part-way (ENOSPC) is cut back out of the file before the error is raised."""

    def export_item(self, item: Any) -> None:
        """Write the item's line (in as many writes as the system needs), or leave the file as
        it was and raise."""
        itemdict = dict(self.get_serialized_fields(item))
        data = to_bytes(self.encoder.encode(itemdict) + "\n", self.encoding)
        fd: int | None = None
        start = 0
        try:
            start = os.lseek(self.file.fileno(), 0, os.SEEK_END)
            fd = self.file.fileno()
        except (AttributeError, OSError, ValueError):  # a post-processing wrapper, a pipe
            pass
        view = memoryview(data)
        try:
            while view:
                written = self.file.write(view)
                if not written:
                    raise OSError(errno.EIO, "the feed file took no bytes")
                view = view[written:]
            self.file.flush()
        except OSError:
            if fd is not None:
                try:
                    os.ftruncate(fd, start)
                except OSError:
                    logger.exception("Could not cut a partly written line out of the feed")
            raise


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


class CheckedFeedExporter(FeedExporter):
    """Scrapy's FeedExporter (same FEEDS), with writes checked: see the module docstring. Feeds
    with batch_item_count are written by Scrapy's own code, unchecked."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.failed: set[int] = set()

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Write the item to every feed that takes it; confirm each line written."""
        if any(self.feeds[slot.uri_template]["batch_item_count"] for slot in self.slots):
            super().item_scraped(item, spider)
            return
        stats = self.crawler.stats
        assert stats is not None
        for slot in self.slots:
            if not slot.filter.accepts(item):
                continue
            if id(slot) in self.failed:
                stats.inc_value("feed/items_not_written")
                continue
            try:
                slot.start_exporting()
                assert slot.exporter is not None
                slot.exporter.export_item(item)
            except Exception as exc:  # noqa: BLE001 (any failed write fails the run, once)
                self._write_failed(slot, exc)
                stats.inc_value("feed/items_not_written")
                continue
            slot.itemcount += 1
            self.crawler.signals.send_catch_log(
                item_written, item=item, uri=slot.uri, uri_template=slot.uri_template
            )

    def _write_failed(self, slot: FeedSlot, exc: BaseException) -> None:
        self.failed.add(id(slot))
        stats = self.crawler.stats
        assert stats is not None
        why = f"writing {slot.uri} failed: {exc}"
        stats.set_value("feed/failure", why)
        logger.error(
            "%s; the crawl stops, and the articles not written are exported by the next run",
            why,
        )
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="feed_write_failed"))

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        """Close the slot; a failed one (or one that fails now) is closed quietly."""
        if id(slot) in self.failed:
            try:
                if slot.file is not None:
                    slot.file.close()
            except OSError:
                pass
            return
        try:
            await super()._close_slot(slot, spider)
        except OSError as exc:
            self._write_failed(slot, exc)
