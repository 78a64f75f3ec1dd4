"""A local static server that answers like GitHub Pages: gzip, short caching, the site's 404 page.

The tests, the audit and the glossary benchmark serve the built site with it. Lighthouse
measures transfer sizes and timings, so it answers the way GitHub Pages does (text compressed
with gzip, ``Cache-Control: max-age=600``) rather than with the bytes of a bare file server.
"""
from __future__ import annotations

import email.utils
import functools
import gzip
import mimetypes
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ai_notes.site_config import site_subpath

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml",
                "image/svg+xml", "application/manifest+json")


class PagesHandler(SimpleHTTPRequestHandler):
    subpath = "/ai-notes/"
    protocol_version = "HTTP/1.1"
    _gzip_cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _resolve(self) -> tuple[Path | None, str | None]:
        """The file for this URL, or a redirect target for a folder without its slash."""
        path = unquote(urlsplit(self.path).path)
        root = Path(self.directory).resolve()
        target = (root / path.lstrip("/")).resolve()
        if root not in target.parents and target != root:
            return None, None
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        return (target if target.is_file() else None), None

    def _send(self, status: int, body: bytes, ctype: str, modified: float | None = None) -> None:
        encoding = None
        if any(ctype.startswith(c) for c in COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = (str(hash(body)), len(body))
            packed = self._gzip_cache.get(key)  # type: ignore[arg-type]
            if packed is None:
                packed = gzip.compress(body, compresslevel=6, mtime=0)
                self._gzip_cache[key] = packed  # type: ignore[index]
            body, encoding = packed, "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if modified is not None:
            self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        target, redirect = self._resolve()
        if redirect:
            self.send_response(301)
            self.send_header("Location", redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            page = Path(self.directory) / self.subpath.strip("/") / "404.html"
            body = page.read_bytes() if page.is_file() else b"not found"
            self._send(404, body, "text/html; charset=utf-8")
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in {"application/javascript", "application/json", "image/svg+xml"}:
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype, os.stat(target).st_mtime)

    do_HEAD = do_GET  # noqa: N815


class PagesServer:
    """Serve `root` (which holds the site under `subpath`) on 127.0.0.1 in a thread."""

    def __init__(self, root: Path, subpath: str | None = None, port: int = 0,
                 handler_class: type[PagesHandler] = PagesHandler) -> None:
        subpath = subpath or site_subpath()
        handler = functools.partial(type("H", (handler_class,), {"subpath": subpath}), directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}{subpath}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> PagesServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
