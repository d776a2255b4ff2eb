"""A fault-injecting server for tests: an offline site served on 127.0.0.1, with faults per path.

Every path answers as the offline site does (devtools.offline.server) unless a fault is set for
it: a status code with headers, a connection reset, a hang, a slow drip, a truncated body, an
empty body, a gzip bomb, bytes that are not valid UTF-8, a redirect, or a rewrite of the page
(hostile JSON-LD, a spoofed canonical, a huge related box). A fault can apply to the first
`times` requests only (then the path answers normally), and the server records every request
(path, arrival time, headers) for the test to inspect.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

from devtools.offline.server import Routes, _Handler


@dataclass
class Fault:
    """What a path does instead of answering normally.

    kind: "status" (code, headers, body), "reset", "hang" (seconds, then the connection closes
    with no answer), "delay" (seconds, then the normal answer), "drip" (seconds between
    chunks of `chunk` bytes), "truncate" (Content-Length of the whole page, `keep` bytes sent,
    then the connection closes), "empty" (200, no body), "gzip-bomb" (`inflated` bytes of zeros,
    gzip-compressed), "bad-bytes" (`raw` bytes spliced into the page before </body>),
    "redirect" (status 302, or `code`, to `location`, after `seconds`), "rewrite" (the page's
    HTML, or `body` when given, through `rewrite`, after `seconds`).
    """

    kind: str
    code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    chunk: int = 64
    keep: int = 0
    inflated: int = 0
    raw: bytes = b""
    location: str = ""
    rewrite: Callable[[str], str] | None = None
    times: int | None = None
    """Apply to the first `times` requests of the path only (None: every request)."""


@dataclass
class Hit:
    """One request the server received."""

    path: str
    at: float
    """time.monotonic() on arrival."""
    headers: dict[str, str]


class FaultServer:
    """The offline site in `root`, served with the faults in `faults` (path -> Fault; a key
    with a query, "path?query", applies to that target only and wins over its path's)."""

    def __init__(
        self,
        root: Path,
        faults: dict[str, Fault] | None = None,
        dynamic: Callable[[str], Fault | None] | None = None,
    ) -> None:
        self.root = root
        self.faults: dict[str, Fault] = dict(faults or {})
        self.dynamic = dynamic
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.base_url = ""
        self._bombs: dict[int, bytes] = {}

    def url(self, path: str) -> str:
        """Absolute URL of a site path on this server."""
        return self.base_url.rstrip("/") + path

    def hits_of(self, path: str) -> list[Hit]:
        """The requests received for `path` (query ignored), in arrival order."""
        with self.lock:
            return [hit for hit in self.hits if hit.path.split("?", 1)[0] == path]

    def fault_for(self, target: str) -> Fault | None:
        """The fault to apply to this request (and count it)."""
        path = target.split("?", 1)[0]
        with self.lock:
            n = self.counts.get(path, 0) + 1
            self.counts[path] = n
            fault = self.faults.get(target, self.faults.get(path))
        if fault is None and self.dynamic is not None:
            fault = self.dynamic(path)
        if fault is None or (fault.times is not None and n > fault.times):
            return None
        return fault

    def bomb(self, inflated: int) -> bytes:
        """`inflated` zero bytes, gzip-compressed (built once per size)."""
        if inflated not in self._bombs:
            out = io.BytesIO()
            block = bytes(1 << 20)
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as zipped:
                left = inflated
                while left > 0:
                    zipped.write(block[: min(left, len(block))])
                    left -= len(block)
            self._bombs[inflated] = out.getvalue()
        return self._bombs[inflated]


class _FaultHandler(_Handler):
    server_fault: FaultServer  # set on the subclass made per server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        """Record the request, then answer with its fault, or as the offline site."""
        if self.delay:
            time.sleep(self.delay)
        owner = self.server_fault
        with owner.lock:
            owner.hits.append(Hit(self.path, time.monotonic(), dict(self.headers.items())))
        fault = owner.fault_for(self.path)
        if fault is None:
            self._answer(head=False)
            return
        getattr(self, "_fault_" + fault.kind.replace("-", "_"))(fault)

    # -- faults ------------------------------------------------------------------------------
    def _fault_status(self, fault: Fault) -> None:
        self._send(fault.code, {"Content-Type": "text/html", **fault.headers}, fault.body, False)

    def _fault_redirect(self, fault: Fault) -> None:
        if fault.seconds:
            time.sleep(fault.seconds)
        self._send(
            fault.code if fault.code in (301, 302, 307, 308) else 302,
            {"Location": fault.location},
            b"",
            False,
        )

    def _fault_reset(self, fault: Fault) -> None:
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _fault_hang(self, fault: Fault) -> None:
        time.sleep(fault.seconds)
        self.close_connection = True

    def _fault_delay(self, fault: Fault) -> None:
        time.sleep(fault.seconds)
        self._answer(head=False)

    def _page(self) -> tuple[bytes, str]:
        """The offline site's body and content type for this path (empty for no file)."""
        route = self.routes.lookup(self.path) or {}
        if "file" not in route:
            return b"", "text/html; charset=utf-8"
        data = (self.routes.root / str(route["file"])).read_bytes()
        return data, str(route.get("content_type", "text/html; charset=utf-8"))

    def _head_of_page(self) -> bytes:
        """Send a 200's headers for the page (its whole length announced); its body."""
        data, ctype = self._page()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return data

    def _fault_drip(self, fault: Fault) -> None:
        data = self._head_of_page()
        for start in range(0, len(data), fault.chunk):
            self.wfile.write(data[start : start + fault.chunk])
            self.wfile.flush()
            time.sleep(fault.seconds)

    def _fault_truncate(self, fault: Fault) -> None:
        data = self._head_of_page()
        self.wfile.write(data[: fault.keep])
        self.wfile.flush()
        self.close_connection = True

    def _fault_empty(self, fault: Fault) -> None:
        self._send(200, {"Content-Type": "text/html; charset=utf-8"}, b"", False)

    def _fault_gzip_bomb(self, fault: Fault) -> None:
        body = self.server_fault.bomb(fault.inflated)
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
        self._send(200, headers, body, False)

    def _fault_bad_bytes(self, fault: Fault) -> None:
        data, ctype = self._page()
        data = data.replace(b"</body>", fault.raw + b"</body>", 1)
        self._send(200, {"Content-Type": ctype}, data, False)

    def _fault_rewrite(self, fault: Fault) -> None:
        if fault.seconds:
            time.sleep(fault.seconds)
        data = fault.body or self._page()[0]
        assert fault.rewrite is not None
        text = fault.rewrite(data.decode("utf-8"))
        self._send(200, {"Content-Type": "text/html; charset=utf-8"}, text.encode("utf-8"), False)


@contextmanager
def serve_faults(
    root: Path,
    faults: dict[str, Fault] | None = None,
    *,
    dynamic: Callable[[str], Fault | None] | None = None,
    delay: float = 0.0,
) -> Iterator[FaultServer]:
    """Serve the offline site in `root` with `faults` (by path, else `dynamic(path)`) on
    127.0.0.1 for the block."""
    owner = FaultServer(root, faults, dynamic)
    attrs: dict[str, Any] = {"routes": Routes(root), "delay": delay, "server_fault": owner}
    handler = type("FaultHandler", (_FaultHandler,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    owner.base_url = f"http://{host!s}:{port}/"
    thread = threading.Thread(target=server.serve_forever, name="fault-server", daemon=True)
    thread.start()
    try:
        yield owner
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class FullDiskFeedStorage(FileFeedStorage):
    """A local feed file (unbuffered, as the project opens it) on a disk that fills up: after
    FULL_DISK_AFTER_BYTES bytes (a setting) a write stores what still fits, and the next one
    fails with ENOSPC, exactly as write(2) behaves on a full file system. For FEED_STORAGES in a
    crawl's -s."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, budget: int = 0):
        super().__init__(uri, feed_options=feed_options)
        self.budget = budget

    @classmethod
    def from_crawler(
        cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> FullDiskFeedStorage:
        """Read FULL_DISK_AFTER_BYTES."""
        budget = crawler.settings.getint("FULL_DISK_AFTER_BYTES", 0)
        return cls(uri, feed_options=feed_options, budget=budget)

    def open(self, spider: Any) -> IO[bytes]:
        """The file, failing once the disk is full."""
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _FillingFile(str(path), self.write_mode, self.budget)


class _FillingFile(io.FileIO):
    def __init__(self, path: str, mode: str, budget: int) -> None:
        super().__init__(path, mode.replace("b", ""))
        self.left = budget

    def write(self, data: Any) -> int:
        if self.left <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        chunk = bytes(data)[: self.left]
        written = super().write(chunk) or 0
        self.left -= written
        return written
