"""External (http/https) link checks: each URL fetched once, politely, with a results cache.

``check_external`` never raises for network problems: every failure becomes an
``external-broken`` problem, and a permanent redirect an ``external-redirect`` warning.
Settings live in data/external_links.yml; a missing file means the defaults below.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml

from ai_notes.check.problems import Problem, display_path

ROOT = Path(__file__).resolve().parents[3]
USER_AGENT = "ai-notes-link-checker/1.0 (+https://github.com/ai-notes-kr/ai-notes)"

# HEAD answers that often mean "this server does not do HEAD", not "the page is gone".
HEAD_FALLBACK = frozenset({403, 405, 501})
PERMANENT = frozenset({301, 308})
DAY = 24 * 60 * 60


@dataclass(frozen=True)
class ExternalLink:
    url: str
    path: str  # display path of the Markdown file
    line: int
    col: int


@dataclass(frozen=True)
class Config:
    timeout: float = 10.0  # seconds, for connect and for each read
    max_workers: int = 8
    per_host: int = 2
    retries: int = 2
    backoff: float = 1.0  # first retry delay in seconds; doubles on each retry
    max_delay: float = 30.0  # cap on any single wait, Retry-After included
    cache_max_age_days: float = 7.0
    accept: tuple[tuple[re.Pattern[str], frozenset[int]], ...] = ()
    ignore: tuple[re.Pattern[str], ...] = ()

    def accepted(self, url: str) -> frozenset[int]:
        codes: set[int] = set()
        for pattern, statuses in self.accept:
            if pattern.search(url):
                codes |= statuses
        return frozenset(codes)

    def ignored(self, url: str) -> bool:
        return any(p.search(url) for p in self.ignore)


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Result:
    """What one URL check found. ``status`` is None when no HTTP answer came."""

    status: int | None
    final_url: str
    checked_at: float
    moved_to: str | None = None  # set when the link itself moved permanently
    error: str | None = None  # timeout, connection, tls, redirects, invalid, other
    detail: str = ""
    retry_after: float | None = field(default=None, compare=False)


# --- configuration ---------------------------------------------------------------

_NUMBERS = {
    "timeout": (float, 0.1),  # requests rejects a zero timeout
    "max_workers": (int, 1),
    "per_host": (int, 1),
    "retries": (int, 0),
    "backoff": (float, 0.0),
    "max_delay": (float, 0.0),
    "cache_max_age_days": (float, 0.0),
}


def load_config(config_file: Path) -> Config:
    """Read CONFIG_FILE; a missing or empty file gives the defaults. Raises ConfigError."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"읽을 수 없다({exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML 문법 오류다({exc})") from exc
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError("맨 위가 키: 값 매핑이어야 한다")
    unknown = sorted(set(data) - set(_NUMBERS) - {"accept", "ignore"})
    if unknown:
        raise ConfigError(f"알 수 없는 키가 있다: {', '.join(map(str, unknown))}")
    values: dict[str, Any] = {}
    for key, (kind, minimum) in _NUMBERS.items():
        if key in data:
            values[key] = _number(key, data[key], kind, minimum)
    values["accept"] = tuple(_accept_rule(rule) for rule in _list(data, "accept"))
    values["ignore"] = tuple(_regex(p, "ignore") for p in _list(data, "ignore"))
    return Config(**values)


def _number(key: str, value: Any, kind: type, minimum: float) -> float | int:
    # bool is an int subclass; `retries: yes` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ConfigError(f"{key}는 {'정수' if kind is int else '숫자'}여야 한다")
    if value < minimum:
        raise ConfigError(f"{key}는 {minimum:g} 이상이어야 한다")
    return kind(value)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ConfigError(f"{key}는 목록이어야 한다")
    return value


def _regex(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ConfigError(f"{where}의 패턴은 문자열이어야 한다: {pattern!r}")
    try:
        return re.compile(pattern, re.IGNORECASE)  # host names are case-insensitive
    except re.error as exc:
        raise ConfigError(f"{where}의 정규식이 잘못되었다: {pattern!r} ({exc})") from exc


def _accept_rule(rule: Any) -> tuple[re.Pattern[str], frozenset[int]]:
    if not isinstance(rule, dict) or set(rule) != {"pattern", "status"}:
        raise ConfigError(f"accept 항목은 pattern과 status만 가진다: {rule!r}")
    status = rule["status"]
    if isinstance(status, int) and not isinstance(status, bool):
        status = [status]
    if not isinstance(status, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 999 for s in status
    ):
        raise ConfigError(f"accept의 status는 HTTP 상태 코드 목록이어야 한다: {status!r}")
    return _regex(rule["pattern"], "accept"), frozenset(status)


# --- results cache -----------------------------------------------------------------


def load_cache(cache_file: Path) -> dict[str, dict[str, Any]]:
    """URL -> entry. Anything unreadable is dropped: the cache only saves time."""
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {url: entry for url, entry in data.items() if isinstance(url, str) and _valid_entry(entry)}


def _valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and (entry.get("status") is None or type(entry.get("status")) is int)
        and isinstance(entry.get("final_url"), str)
        and type(entry.get("checked_at")) in (int, float)
        and (entry.get("moved_to") is None or isinstance(entry.get("moved_to"), str))
    )


def save_cache(cache_file: Path, cache: dict[str, dict[str, Any]]) -> None:
    """Write atomically so an interrupted run or a parallel one never leaves half a file."""
    tmp_name = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=cache_file.parent, prefix=cache_file.name + ".", suffix=".tmp", delete=False
        ) as fh:
            tmp_name = fh.name
            json.dump(cache, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp_name, cache_file)
    except OSError:
        # A read-only checkout still gets its problems; only the speed-up is lost.
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _entry(result: Result) -> dict[str, Any]:
    return {
        "status": result.status,
        "final_url": result.final_url,
        "checked_at": result.checked_at,
        "moved_to": result.moved_to,
    }


def _from_entry(entry: dict[str, Any]) -> Result:
    return Result(entry["status"], entry["final_url"], float(entry["checked_at"]), entry.get("moved_to"))


def _fresh(entry: dict[str, Any], now: float, max_age: float) -> bool:
    return 0 <= now - entry["checked_at"] < max_age


# --- fetching ------------------------------------------------------------------------


def is_ok(status: int | None, url: str, config: Config) -> bool:
    if status is None:
        return False
    return 200 <= status < 400 or status in config.accepted(url)


def _retryable(result: Result, url: str, config: Config) -> bool:
    if is_ok(result.status, url, config):
        return False
    if result.status is None:
        return result.error in ("timeout", "connection")
    return result.status == 429 or result.status >= 500


def _retry_after(response: requests.Response) -> float | None:
    # Only the number-of-seconds form; an HTTP date falls back to our own backoff.
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _moved_to(response: requests.Response) -> str | None:
    """Where the link should now point: the end of the leading permanent redirects.

    A temporary first hop means the link itself is still the address to use.
    """
    hops = [*response.history, response]
    target = None
    for hop, following in zip(hops, hops[1:], strict=False):
        if hop.status_code not in PERMANENT:
            break
        target = following.url
    return target


def _result(response: requests.Response, now: float) -> Result:
    return Result(
        status=response.status_code,
        final_url=response.url,
        checked_at=now,
        moved_to=_moved_to(response),
        retry_after=_retry_after(response) if response.status_code in (429, 503) else None,
    )


def _request(session: requests.Session, method: str, url: str, config: Config) -> requests.Response:
    # GET is streamed and closed unread: only the status matters, not the page.
    response = session.request(
        method, url, timeout=(config.timeout, config.timeout), allow_redirects=True, stream=method == "GET"
    )
    response.close()
    return response


def _failure(exc: Exception, url: str, now: float) -> Result:
    if isinstance(exc, requests.Timeout):
        error = "timeout"
    elif isinstance(exc, requests.exceptions.SSLError):
        error = "tls"
    elif isinstance(exc, requests.ConnectionError):
        error = "connection"
    elif isinstance(exc, requests.TooManyRedirects):
        error = "redirects"
    elif isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema, ValueError)):
        error = "invalid"
    else:
        error = "other"
    return Result(None, url, now, error=error, detail=f"{type(exc).__name__}: {exc}")


def _attempt(session: requests.Session, url: str, config: Config, now: float) -> Result:
    """One try: HEAD, and GET when HEAD is refused or fails (many servers mishandle HEAD)."""
    try:
        response = _request(session, "HEAD", url, config)
        if response.status_code not in HEAD_FALLBACK:
            return _result(response, now)
    except requests.exceptions.ConnectTimeout as exc:
        return _failure(exc, url, now)  # the host is unreachable; GET would wait just as long
    except Exception:  # noqa: BLE001 - any HEAD failure is worth one GET
        pass
    try:
        return _result(_request(session, "GET", url, config), now)
    except Exception as exc:  # noqa: BLE001 - a link checker must survive any URL
        return _failure(exc, url, now)


def _delay(result: Result, retry: int, config: Config) -> float:
    wanted = result.retry_after if result.retry_after is not None else config.backoff * 2**retry
    return min(wanted, config.max_delay)


def fetch(url: str, config: Config, host_slot: threading.Semaphore, now: float) -> Result:
    """Check URL with retries; the host slot is held per try, not while backing off."""
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        retry = 0
        while True:
            with host_slot:
                result = _attempt(session, url, config, now)
            if retry >= config.retries or not _retryable(result, url, config):
                return result
            time.sleep(_delay(result, retry, config))
            retry += 1


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def fetch_all(urls: Iterable[str], config: Config, now: float) -> dict[str, Result]:
    urls = sorted(set(urls))
    if not urls:
        return {}
    slots = {host: threading.Semaphore(config.per_host) for host in map(_host, urls)}
    with ThreadPoolExecutor(max_workers=config.max_workers, thread_name_prefix="external-link") as pool:
        futures = {url: pool.submit(fetch, url, config, slots[_host(url)], now) for url in urls}
    return {url: future.result() for url, future in futures.items()}


# --- problems ------------------------------------------------------------------------


def _with_fragment(target: str, original: str) -> str:
    fragment = original.partition("#")[2]
    return f"{target}#{fragment}" if fragment and "#" not in target else target


def problem_for(link: ExternalLink, result: Result, config: Config) -> Problem | None:
    url = link.url
    if is_ok(result.status, url, config):
        if result.moved_to is None:
            return None
        target = _with_fragment(result.moved_to, url)
        message = f"외부 링크가 영구히 옮겨졌다: {url} → {target} 새 주소로 바꾼다."
        return Problem(link.path, link.line, link.col, "external-redirect", message)
    return Problem(link.path, link.line, link.col, "external-broken", _broken_message(url, result, config))


def _broken_message(url: str, result: Result, config: Config) -> str:
    if result.status is not None:
        tried = f" ({config.retries}번 다시 시도함)" if result.status == 429 or result.status >= 500 else ""
        if result.status == 429:
            return f"외부 링크가 요청을 거부한다(HTTP 429, {config.retries}번 다시 시도함): {url} 봇을 막는 사이트라면 data/external_links.yml의 accept에 추가한다."
        return f"외부 링크가 HTTP {result.status} 응답을 돌려준다{tried}: {url} 주소를 고치거나 보관본 링크로 바꾼다."
    why = {
        "timeout": f"{config.timeout:g}초 안에 응답하지 않는다({config.retries}번 다시 시도함)",
        "connection": f"외부 링크에 연결할 수 없다({config.retries}번 다시 시도함)",
        "tls": "TLS 인증서를 확인할 수 없다",
        "redirects": "리다이렉트가 너무 많거나 순환한다",
        "invalid": "주소 형식이 올바르지 않다",
    }.get(result.error or "", f"확인하지 못했다({result.detail})")
    subject = "" if result.error == "connection" else "외부 링크가 "
    if result.error == "invalid":
        return f"{subject}{why}: {url} 주소를 고친다."
    return f"{subject}{why}: {url} 주소를 확인하고, 계속되면 보관본 링크로 바꾼다."


def check_external(
    links: list[ExternalLink],
    *,
    config_file: Path = ROOT / "data" / "external_links.yml",
    cache_file: Path = ROOT / ".cache" / "external-links.json",
    now: float | None = None,
) -> list[Problem]:
    """Problems for LINKS: each http(s) URL is checked once and reported wherever it is used."""
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        return [Problem(display_path(config_file), 1, 1, "internal", f"외부 링크 설정을 읽지 못했다: {exc}. 설정 파일을 고친다.")]
    now = time.time() if now is None else now
    max_age = config.cache_max_age_days * DAY

    # The fragment never reaches the server, so page#a and page#b are one check.
    links = [link for link in links if _checkable(link.url, config)]
    keys = {link.url: _without_fragment(link.url) for link in links}

    cache = load_cache(cache_file)
    results: dict[str, Result] = {}
    for key in set(keys.values()):
        entry = cache.get(key)
        # Only fresh successes are reused: a failure may have been fixed since.
        if entry and _fresh(entry, now, max_age) and is_ok(entry["status"], key, config):
            results[key] = _from_entry(entry)
    fetched = fetch_all((k for k in set(keys.values()) if k not in results), config, now)
    results.update(fetched)

    if fetched:
        cache = {url: e for url, e in cache.items() if _fresh(e, now, max_age)}
        cache.update({url: _entry(result) for url, result in fetched.items()})
        save_cache(cache_file, cache)

    problems = (problem_for(link, results[keys[link.url]], config) for link in links)
    return sorted(p for p in problems if p is not None)


def _without_fragment(url: str) -> str:
    return url.partition("#")[0]


def _checkable(url: str, config: Config) -> bool:
    # Only the scheme decides here; a malformed http URL is still checked and reported.
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    return scheme in ("http", "https") and not config.ignored(url)
