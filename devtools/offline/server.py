"""Static server for generated offline sites: routes.json, redirects, 404, conditional GET."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

REDIRECTS = (301, 302, 307, 308)
DEFAULT_LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"
NOT_FOUND_BODY = (
    b'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Page introuvable'
    b"</title></head><body><h1>404</h1><p>Cette page n'existe pas ou plus.</p></body></html>"
)


class Routes:
    """routes.json of a site root, re-read whenever the file changes on disk."""

    def __init__(self, root: Path) -> None:
        """Load `root/routes.json` (it must exist)."""
        self.root = root
        self.file = root / "routes.json"
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._routes: dict[str, dict[str, Any]] = {}
        self._etags: dict[tuple[str, int, int], str] = {}
        self._reload()

    def _reload(self) -> None:
        stat = self.file.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp == self._stamp:
                return
            routes = json.loads(self.file.read_text(encoding="utf-8"))
            if not isinstance(routes, dict):
                raise ValueError(f"{self.file}: expected a JSON object of routes")
            self._routes, self._stamp = routes, stamp

    def lookup(self, target: str) -> dict[str, Any] | None:
        """The route for a request target: exact target, else the path alone (tracking
        parameters and unknown queries are ignored, as real sites do)."""
        self._reload()
        routes = self._routes
        for candidate in (target, unquote(target)):
            if candidate in routes:
                return routes[candidate]
            path = candidate.split("?", 1)[0]
            if path in routes:
                return routes[path]
        return None

    def etag(self, rel: str, data: bytes) -> str:
        """A strong ETag from the body's hash (cached per file version)."""
        stat = (self.root / rel).stat()
        key = (rel, stat.st_mtime_ns, stat.st_size)
        tag = self._etags.get(key)
        if tag is None:
            tag = '"' + hashlib.sha1(data, usedforsecurity=False).hexdigest()[:20] + '"'
            self._etags[key] = tag
        return tag


def _http_date(value: str) -> datetime | None:
    """Parse an HTTP date or an ISO 8601 timestamp (both accepted in routes.json)."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class _Handler(BaseHTTPRequestHandler):
    server_version = "OfflineSite/1.0"
    routes: Routes  # set on the subclass made per server
    delay: float = 0.0  # seconds to wait before each GET (tests slow the site to kill mid-crawl)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no per-request log lines."""

    def do_HEAD(self) -> None:
        """Headers of the GET answer, without the body."""
        self._answer(head=True)

    def do_GET(self) -> None:
        """Serve the route for the request target."""
        if self.delay:
            time.sleep(self.delay)
        self._answer(head=False)

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _answer(self, head: bool) -> None:
        route = self.routes.lookup(self.path)
        status = int(route.get("status", 200)) if route else HTTPStatus.NOT_FOUND
        if (
            route is None
            or status == HTTPStatus.NOT_FOUND
            or (status not in REDIRECTS and "file" not in route)
        ):
            self._send(
                HTTPStatus.NOT_FOUND,
                {"Content-Type": "text/html; charset=utf-8"},
                NOT_FOUND_BODY,
                head,
            )
            return
        if status in REDIRECTS:
            location = str(route["location"])
            body = f'<a href="{location}">Moved</a>'.encode()
            self._send(
                status,
                {"Location": location, "Content-Type": "text/html; charset=utf-8"},
                body,
                head,
            )
            return
        rel = str(route["file"])
        try:
            data = (self.routes.root / rel).read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, {"Content-Type": "text/plain"}, b"missing file", head)
            return
        etag = self.routes.etag(rel, data)
        last_modified_text = str(route.get("last_modified") or DEFAULT_LAST_MODIFIED)
        last_modified = _http_date(last_modified_text)
        headers = {
            "Content-Type": str(route.get("content_type", "application/octet-stream")),
            "ETag": etag,
            "Last-Modified": format_datetime(last_modified, usegmt=True)
            if last_modified
            else DEFAULT_LAST_MODIFIED,
        }
        if self._not_modified(etag, last_modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.end_headers()
            return
        self._send(status, headers, data, head)

    def _not_modified(self, etag: str, last_modified: datetime | None) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since only when it is absent."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims and last_modified is not None:
            since = _http_date(ims)
            return since is not None and last_modified.replace(microsecond=0) <= since
        return False


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 0, *, delay: float = 0.0
) -> ThreadingHTTPServer:
    """A threaded server for the site in `root` (port 0 picks a free port), waiting `delay`
    seconds before each answer."""
    handler = type("Handler", (_Handler,), {"routes": Routes(root), "delay": delay})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def base_url(server: ThreadingHTTPServer) -> str:
    """ "http://127.0.0.1:<port>/" of a bound server."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/"


@contextmanager
def serve_in_thread(
    root: Path, host: str = "127.0.0.1", port: int = 0, *, delay: float = 0.0
) -> Iterator[str]:
    """Serve `root` in a background thread for the duration of the block; yields the base URL."""
    server = make_server(Path(root), host, port, delay=delay)
    thread = threading.Thread(target=server.serve_forever, name="offline-site", daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve_forever(root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
    """Serve until interrupted; the first stdout line is the base URL (flushed)."""
    server = make_server(Path(root), host, port)
    print(base_url(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
