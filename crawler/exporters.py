"""Feed exporters: JSON Lines flushed after every item, so a killed run leaves only whole lines."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter


class FlushingJsonLinesItemExporter(JsonLinesItemExporter):
    """JSON Lines, one write and one flush per item: a SIGKILL can lose the item being written,
    never leave half a line behind."""

    def export_item(self, item: Any) -> None:
        """Write the item's line in a single call, then push it to the OS."""
        super().export_item(item)
        self.file.flush()
