"""External link checks against local HTTP servers: statuses, retries, redirects, cache, limits."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from ai_notes.check.external import ROOT, ExternalLink, check_external
from ai_notes.check.problems import Problem

T0 = 1_700_000_000.0
DAY = 24 * 60 * 60


class LinkServer:
    """A local server with one route per behaviour; it records every request it gets."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, str]] = []  # (method, path, user agent)
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # A short poll interval keeps shutdown (once per test) from costing half a second.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str, method: str | None = None) -> int:
        with self.lock:
            return sum(1 for m, p, _ in self.log if p == path and (method is None or m == method))

    def methods(self, path: str) -> list[str]:
        with self.lock:
            return [m for m, p, _ in self.log if p == path]

    def seen(self, path: str) -> int:
        """Requests for PATH before this one, counting this one (1 for the first)."""
        return self.count(path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
                pass

            def do_HEAD(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                with server.lock:
                    server.log.append((self.command, self.path, self.headers.get("User-Agent", "")))
                self._route()

            def _reply(self, status: int, headers: dict[str, str] | None = None) -> None:
                body = b"ok\n" if status < 300 else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(body)

            def _route(self) -> None:
                path = self.path
                nth = server.seen(path)
                if path == "/ok":
                    self._reply(200)
                elif path == "/moved":
                    self._reply(301, {"Location": "/ok"})
                elif path == "/moved-twice":
                    self._reply(301, {"Location": "/moved"})
                elif path == "/permanent":
                    self._reply(308, {"Location": "/ok"})
                elif path == "/found":
                    self._reply(302, {"Location": "/ok"})
                elif path == "/temporary":
                    self._reply(307, {"Location": "/ok"})
                elif path == "/found-then-moved":
                    self._reply(302, {"Location": "/moved"})
                elif path == "/moved-to-missing":
                    self._reply(301, {"Location": "/missing"})
                elif path == "/loop":
                    self._reply(301, {"Location": "/loop"})
                elif path == "/missing":
                    self._reply(404)
                elif path == "/forbidden":
                    self._reply(403)
                elif path == "/busy-once":
                    self._reply(429, {"Retry-After": "0"}) if nth == 1 else self._reply(200)
                elif path == "/busy":
                    self._reply(429, {"Retry-After": "0"})
                elif path == "/busy-long":
                    self._reply(429, {"Retry-After": "3600"})
                elif path == "/error":
                    self._reply(500)
                elif path == "/unavailable-once":
                    self._reply(503) if nth == 1 else self._reply(200)
                elif path == "/no-head":
                    self._reply(405 if self.command == "HEAD" else 200)
                elif path.startswith("/slow/"):
                    # Counted while the request is being worked on, before the reply: once the
                    # client has its answer it may send the next request at once, possibly
                    # before this thread gets to run again.
                    with server.lock:
                        server.active += 1
                        server.max_active = max(server.max_active, server.active)
                    time.sleep(0.1)
                    with server.lock:
                        server.active -= 1
                    self._reply(200)
                else:
                    self._reply(404)

        return Handler

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """Accepts TCP connections and never answers, so every request hits the read timeout."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/silent"
        self.connections: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(conn)

    def __enter__(self) -> SilentServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for conn in self.connections:
            conn.close()
        self.sock.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests must go straight to 127.0.0.1, never through a proxy from the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def srv() -> Iterator[LinkServer]:
    with LinkServer() as server:
        yield server


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """Fast settings: tiny backoff so retries cost milliseconds; only the silent server waits for a timeout."""
    return write_config(tmp_path)


def write_config(tmp_path: Path, **settings: object) -> Path:
    values: dict[str, object] = {
        "timeout": 2, "max_workers": 8, "per_host": 2, "retries": 2,
        "backoff": 0.01, "max_delay": 0.05, "cache_max_age_days": 7,
    }
    values.update(settings)
    path = tmp_path / "external_links.yml"
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    return path


def link(url: str, line: int = 3, col: int = 5, path: str = "docs/ko/note.md") -> ExternalLink:
    return ExternalLink(url=url, path=path, line=line, col=col)


def run(links: list[ExternalLink], config: Path, tmp_path: Path, now: float = T0) -> list[Problem]:
    return check_external(links, config_file=config, cache_file=tmp_path / "cache" / "links.json", now=now)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --- statuses --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("route", "expected", "words"),
    [
        ("/ok", [], ""),
        ("/moved", ["external-redirect"], "/ok"),
        ("/permanent", ["external-redirect"], "/ok"),
        ("/moved-twice", ["external-redirect"], "/ok"),
        ("/found", [], ""),
        ("/temporary", [], ""),
        ("/found-then-moved", [], ""),
        ("/missing", ["external-broken"], "HTTP 404"),
        ("/moved-to-missing", ["external-broken"], "HTTP 404"),
        ("/forbidden", ["external-broken"], "HTTP 403"),
        ("/error", ["external-broken"], "HTTP 500"),
        ("/busy", ["external-broken"], "429"),
        ("/busy-once", [], ""),
        ("/unavailable-once", [], ""),
        ("/no-head", [], ""),
        ("/loop", ["external-broken"], "리다이렉트"),
    ],
)
def test_status(srv: LinkServer, config: Path, tmp_path: Path, route: str, expected: list[str], words: str) -> None:
    url = srv.url(route)
    problems = run([link(url, line=7, col=12)], config, tmp_path)
    assert codes(problems) == expected
    for p in problems:
        assert (p.path, p.line, p.col) == ("docs/ko/note.md", 7, 12)
        assert url in p.message and words in p.message


def test_severities_and_redirect_target(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    problems = run([link(srv.url("/moved#part")), link(srv.url("/missing"), line=9)], config, tmp_path)
    broken, moved = problems[1], problems[0]
    assert (moved.code, moved.severity) == ("external-redirect", "warning")
    assert moved.message.endswith(f"{srv.url('/ok#part')} 새 주소로 바꾼다.")
    assert (broken.code, broken.severity) == ("external-broken", "error")


def test_each_url_checked_once_and_reported_everywhere(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    url = srv.url("/missing")
    links = [link(url, 1, 1, "docs/ko/a.md"), link(url, 20, 4, "docs/ko/b.md"), link(url + "#x", 5, 9, "docs/ko/a.md")]
    problems = run(links, config, tmp_path)
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        ("docs/ko/a.md", 1, 1, "external-broken"),
        ("docs/ko/a.md", 5, 9, "external-broken"),
        ("docs/ko/b.md", 20, 4, "external-broken"),
    ]
    assert srv.count("/missing") == 1


def test_head_first_get_only_as_fallback(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    run([link(srv.url("/ok")), link(srv.url("/no-head"))], config, tmp_path)
    assert srv.methods("/ok") == ["HEAD"]
    assert srv.methods("/no-head") == ["HEAD", "GET"]
    assert all(agent.startswith("ai-notes-link-checker/1.0") for _, _, agent in srv.log)


def test_non_http_links_are_skipped(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    links = [link("mailto:me@example.com"), link("ftp://127.0.0.1/file"), link("../other.md"), link("#top")]
    assert run(links, config, tmp_path) == []
    assert srv.log == []


# --- retries and timeouts ----------------------------------------------------------------

def test_retries_only_for_429_and_5xx(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    routes = ["/error", "/busy", "/busy-once", "/unavailable-once", "/missing"]
    problems = run([link(srv.url(r)) for r in routes], config, tmp_path)
    broken = {route: p.message for route in routes for p in problems if p.message.split(": ")[1].startswith(srv.url(route) + " ")}
    assert sorted(broken) == ["/busy", "/error", "/missing"]
    assert [srv.count(r) for r in routes] == [3, 3, 2, 2, 1]
    assert "2번 다시 시도함" in broken["/busy"] and "2번 다시 시도함" in broken["/error"]
    assert "다시 시도" not in broken["/missing"]


def test_retry_after_replaces_backoff(srv: LinkServer, tmp_path: Path) -> None:
    # With a 5 s backoff this would take 5 s; Retry-After: 0 makes the retry immediate.
    config = write_config(tmp_path, backoff=5, max_delay=10)
    start = time.monotonic()
    assert run([link(srv.url("/busy-once"))], config, tmp_path) == []
    assert time.monotonic() - start < 2
    assert srv.count("/busy-once") == 2


def test_retry_after_is_capped(srv: LinkServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, retries=1, max_delay=0.05)
    start = time.monotonic()
    assert codes(run([link(srv.url("/busy-long"))], config, tmp_path)) == ["external-broken"]
    assert time.monotonic() - start < 2
    assert srv.count("/busy-long") == 2


def test_silent_server_times_out_and_is_retried(tmp_path: Path) -> None:
    config = write_config(tmp_path, timeout=0.2, retries=1)
    with SilentServer() as silent:
        start = time.monotonic()
        problems = run([link(silent.url, 11, 2)], config, tmp_path)
        elapsed = time.monotonic() - start
        connections = len(silent.connections)
    assert codes(problems) == ["external-broken"]
    assert (problems[0].line, problems[0].col) == (11, 2)
    assert "0.2초 안에 응답하지 않는다" in problems[0].message
    assert connections == 4  # HEAD, then GET, on each of two tries
    assert elapsed < 4


def test_connection_refused(tmp_path: Path, config: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    problems = run([link(f"http://127.0.0.1:{port}/gone")], config, tmp_path)
    assert codes(problems) == ["external-broken"]
    assert "연결할 수 없다" in problems[0].message


def test_malformed_url_is_reported_not_raised(tmp_path: Path, config: Path) -> None:
    problems = run([link("http://[::1/x"), link("https://")], config, tmp_path)
    assert codes(problems) == ["external-broken", "external-broken"]


# --- cache -------------------------------------------------------------------------------

def test_cache_skips_fresh_successes_and_rechecks_failures(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    routes = ["/ok", "/moved", "/missing"]
    links = [link(srv.url(r)) for r in routes]
    first = run(links, config, tmp_path)
    before = Counter(p for _, p, _ in srv.log)

    second = run(links, config, tmp_path, now=T0 + 6 * DAY)
    after = Counter(p for _, p, _ in srv.log)
    assert second == first  # the redirect warning comes back from the cache too
    assert after["/ok"] == before["/ok"]
    assert after["/moved"] == before["/moved"]
    assert after["/missing"] == before["/missing"] + 1

    cache = json.loads((tmp_path / "cache" / "links.json").read_text(encoding="utf-8"))
    assert cache[srv.url("/ok")] == {"status": 200, "final_url": srv.url("/ok"), "checked_at": T0, "moved_to": None}
    assert cache[srv.url("/moved")]["final_url"] == srv.url("/ok")
    assert cache[srv.url("/missing")]["status"] == 404
    assert cache[srv.url("/missing")]["checked_at"] == T0 + 6 * DAY


def test_expired_cache_entries_are_rechecked(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    links = [link(srv.url("/ok"))]
    run(links, config, tmp_path)
    run(links, config, tmp_path, now=T0 + 8 * DAY)
    assert srv.count("/ok") == 2


def test_cache_age_comes_from_config(srv: LinkServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, cache_max_age_days=1)
    links = [link(srv.url("/ok"))]
    run(links, config, tmp_path)
    run(links, config, tmp_path, now=T0 + DAY / 2)
    assert srv.count("/ok") == 1
    run(links, config, tmp_path, now=T0 + 2 * DAY)
    assert srv.count("/ok") == 2


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"http://x/": "nope", "http://y/": {"status": "200"}}', b""],
)
def test_corrupt_cache_is_ignored_and_replaced(srv: LinkServer, config: Path, tmp_path: Path, content: bytes) -> None:
    cache_file = tmp_path / "cache" / "links.json"
    cache_file.parent.mkdir()
    cache_file.write_bytes(content)
    assert run([link(srv.url("/missing"))], config, tmp_path) != []
    assert srv.count("/missing") == 1
    assert set(json.loads(cache_file.read_text(encoding="utf-8"))) == {srv.url("/missing")}


def test_cache_written_atomically_into_new_folder(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "a" / "b" / "links.json"
    check_external([link(srv.url("/ok"))], config_file=config, cache_file=cache_file, now=T0)
    assert [p.name for p in cache_file.parent.iterdir()] == ["links.json"]  # no temp file left


def test_unwritable_cache_does_not_crash(srv: LinkServer, config: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    problems = check_external([link(srv.url("/missing"))], config_file=config, cache_file=blocker / "links.json", now=T0)
    assert codes(problems) == ["external-broken"]


# --- configuration ---------------------------------------------------------------------------

def test_ignored_urls_are_not_requested(srv: LinkServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, ignore=[r"/missing$", r"^http://127\.0\.0\.1:\d+/err"])
    problems = run([link(srv.url("/missing")), link(srv.url("/error")), link(srv.url("/busy"))], config, tmp_path)
    assert codes(problems) == ["external-broken"]
    assert srv.count("/missing") == 0 and srv.count("/error") == 0


def test_accept_list(srv: LinkServer, tmp_path: Path) -> None:
    accept = [
        {"pattern": r"^http://127\.0\.0\.1:\d+/forbidden", "status": [403]},
        {"pattern": r"/busy$", "status": [429]},
    ]
    config = write_config(tmp_path, accept=accept)
    routes = ["/forbidden", "/busy", "/missing"]
    problems = run([link(srv.url(r)) for r in routes], config, tmp_path)
    assert codes(problems) == ["external-broken"]
    assert srv.url("/missing") in problems[0].message
    assert srv.count("/busy") == 1  # an accepted answer is not retried


def test_repository_config_is_valid_and_ignores_localhost(srv: LinkServer, tmp_path: Path) -> None:
    config = ROOT / "data" / "external_links.yml"
    links = [link(srv.url("/missing")), link("http://localhost:8000/x"), link("https://www.example.com/page")]
    assert run(links, config, tmp_path) == []
    assert srv.log == []


def test_missing_config_means_defaults(srv: LinkServer, tmp_path: Path) -> None:
    problems = run([link(srv.url("/ok")), link(srv.url("/missing"))], tmp_path / "absent.yml", tmp_path)
    assert codes(problems) == ["external-broken"]


@pytest.mark.parametrize(
    "text",
    ["timeout: [1", "timeout: 0", "ignore: ['(']", "retries: -1", "per_host: 0", "colour: red", "accept: [{pattern: x}]", "- 1"],
)
def test_invalid_config_is_one_problem(srv: LinkServer, tmp_path: Path, text: str) -> None:
    config = tmp_path / "bad.yml"
    config.write_text(text, encoding="utf-8")
    problems = run([link(srv.url("/missing"))], config, tmp_path)
    assert codes(problems) == ["internal"]
    assert srv.log == []


# --- politeness --------------------------------------------------------------------------------

@pytest.mark.parametrize("per_host", [1, 2, 3])
def test_per_host_limit(srv: LinkServer, tmp_path: Path, per_host: int) -> None:
    config = write_config(tmp_path, per_host=per_host, max_workers=8)
    assert run([link(srv.url(f"/slow/{i}")) for i in range(8)], config, tmp_path) == []
    assert srv.max_active == per_host
