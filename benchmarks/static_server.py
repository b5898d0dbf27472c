"""Serve a built site on 127.0.0.1 the way GitHub Pages does: gzip and `Cache-Control: max-age=600`.

Lighthouse treats an uncompressed server as slow, so `python -m http.server` gives figures that
no reader sees. This server compresses text responses (HTML, CSS, JS, JSON, SVG, XML) when the
client accepts gzip, sends `Cache-Control: max-age=600`, `Last-Modified` and a strong `ETag`,
and answers `If-None-Match` with 304, as GitHub Pages does. Compressed bodies are kept in
memory, so a file is compressed once per server.

    with serve_site(Path("site")) as url:   # http://127.0.0.1:<free port>/
        ...

    python benchmarks/static_server.py site 8000   # serve by hand
"""
from __future__ import annotations

import contextlib
import email.utils
import gzip
import hashlib
import http.server
import mimetypes
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_AGE = 600
# What GitHub Pages compresses (its CDN gzips text types; images and fonts are sent as they are).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
MIME_TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".json": "application/json",
              ".svg": "image/svg+xml", ".xml": "application/xml", ".webmanifest": "application/manifest+json"}


def _content_type(path: Path) -> str:
    kind = MIME_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") or kind in MIME_TYPES.values() else kind


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a CDN does
    root: Path
    gzipped: dict[Path, tuple[bytes, str]]  # file -> (gzip body, etag); shared by all requests
    lock: threading.Lock

    def log_message(self, *args) -> None:  # quiet: benchmarks print their own figures
        pass

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _file(self) -> Path | None:
        """The file a GET names (a folder's index.html), or None; answers a folder without its
        slash with a redirect, as GitHub Pages does, and returns None then too."""
        url_path = urlsplit(self.path).path
        path = (self.root / unquote(url_path).lstrip("/")).resolve()
        if path != self.root and self.root not in path.parents:
            return None
        if path.is_dir() and not url_path.endswith("/"):
            self.redirected = True
            self.send_response(301)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _respond(self, *, head: bool) -> None:
        self.redirected = False
        path = self._file()
        if self.redirected:
            return
        status = 200
        if path is None:
            status, path = 404, self.root / "404.html"
            if not path.is_file():
                self.send_error(404)
                return
        kind = _content_type(path)
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        encoding = None
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body, etag = self._gzip(path, body, etag)
            encoding = "gzip"
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _gzip(self, path: Path, body: bytes, etag: str) -> tuple[bytes, str]:
        with self.lock:
            cached = self.gzipped.get(path)
            if cached is None or cached[1] != etag[:-1] + '-gzip"':
                # mtime=0: the same bytes every time, like a CDN's cached copy.
                cached = (gzip.compress(body, compresslevel=6, mtime=0), etag[:-1] + '-gzip"')
                self.gzipped[path] = cached
        return cached


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Chromium drops connections it no longer needs when Lighthouse ends a run: not an error
        # of the site, and a traceback in the middle of the benchmark's figures.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(site_dir: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"root": site_dir.resolve(), "gzipped": {}, "lock": threading.Lock()})
    server = _Server(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


@contextlib.contextmanager
def serve_site(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve site_dir in a background thread; yields the base URL (with a trailing slash)."""
    server = make_server(site_dir, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    srv = make_server(site, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"serving {site} on http://127.0.0.1:{srv.server_address[1]}/ (gzip, max-age={MAX_AGE})")
    srv.serve_forever()
