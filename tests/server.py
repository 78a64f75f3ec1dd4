"""A local static server that behaves like GitHub Pages for a project site."""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _PagesHandler(SimpleHTTPRequestHandler):
    subpath = "/ai-notes/"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # GitHub Pages answers every missing URL with the site's 404.html.
        page = Path(self.directory) / self.subpath.strip("/") / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class PagesServer:
    """Serve `root` (which holds the site under `subpath`) on 127.0.0.1, in a thread."""

    def __init__(self, root: Path, subpath: str = "/ai-notes/") -> None:
        handler = functools.partial(type("H", (_PagesHandler,), {"subpath": subpath}), directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{subpath}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "PagesServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
