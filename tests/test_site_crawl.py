"""A crawl of the whole built site under its GitHub Pages sub-path, both languages.

Every page is fetched over HTTP from the local Pages-like server and parsed: no broken link,
image or anchor; exactly one <h1>; a `lang` that matches the language (Korean fallback content
under /en/ is wrapped in lang="ko"); a canonical URL; no resource from another origin except on
pages with diagrams or math; and sitemap.xml names every indexable page with its hreflang
alternates. Chromium then loads a representative set of pages to catch requests made by scripts.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import Request, urlopen

import pytest
from ai_notes.pages_server import PagesServer

from tests.sites import SUBPATH, without_search_index

SITE_URL = f"https://example.github.io{SUBPATH}"  # what tests/sites.py builds with
CDN = "https://cdn.jsdelivr.net/"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")
# Attributes that make the browser fetch something, per tag.
RESOURCE_ATTRS = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src", "data-src", "data-js", "data-css"),
    "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",), "embed": ("src",),
    "object": ("data",), "track": ("src",), "input": ("src",),
}
LINK_RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                      "apple-touch-icon", "preconnect", "dns-prefetch"}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HANGUL = re.compile(r"[가-힣]")


@dataclass
class Page:
    url: str
    status: int
    html_lang: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)          # <a href>
    resources: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    h1: int = 0
    canonical: list[str] = field(default_factory=list)
    noindex: bool = False
    fallback: bool = False
    has_diagram: bool = False
    has_math: bool = False
    korean_outside_ko: int = 0  # Hangul characters in article text not inside a lang="ko" element


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, lang, in_article)
        self.void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                     "source", "track", "wbr"}

    def _lang(self) -> str:
        for _, lang, _ in reversed(self.stack):
            if lang is not None:
                return lang
        return self.page.html_lang

    def _in_article(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        page = self.page
        if tag == "html":
            page.html_lang = a.get("lang", "")
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                page.ids.add(a[key])
        classes = a.get("class", "").split()
        if tag == "h1":
            page.h1 += 1
        if tag == "a" and "href" in a:
            page.links.append(a["href"])
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if "canonical" in rels:
                page.canonical.append(a.get("href", ""))
            if rels & LINK_RESOURCE_RELS and a.get("href"):
                page.resources.append(("link", a["href"]))
        if tag == "meta" and a.get("name", "").lower() == "robots" and "noindex" in a.get("content", ""):
            page.noindex = True
        if "data-i18n-fallback" in a:
            page.fallback = True
        if "mermaid" in classes:
            page.has_diagram = True
        if "arithmatex" in classes:
            page.has_math = True
        for attr in RESOURCE_ATTRS.get(tag, ()):
            value = a.get(attr)
            if not value:
                continue
            if attr == "srcset":
                page.resources.extend((tag, part.strip().split(" ")[0]) for part in value.split(",") if part.strip())
            else:
                page.resources.append((tag, value))
        in_article = self._in_article() or (tag == "article" and "md-content__inner" in classes)
        if tag not in self.void:
            self.stack.append((tag, a.get("lang"), in_article))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.void and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_article() and not self._lang().startswith("ko") and not any(
                t in {"code", "pre", "script", "style"} for t, _, _ in self.stack):
            self.page.korean_outside_ko += len(HANGUL.findall(data))


def fetch(url: str, method: str = "GET") -> tuple[int, bytes, str]:
    try:
        with urlopen(Request(url, method=method), timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except HTTPError as error:
        return error.code, error.read() if method == "GET" else b"", error.headers.get("Content-Type", "")


@dataclass
class Crawl:
    base: str
    pages: dict[str, Page]
    resources: dict[str, tuple[int, str]]  # url -> (status, content type)


def _local(url: str, base: str) -> str | None:
    """The local URL (without fragment) for a link into this site, or None for elsewhere."""
    if url.startswith(SITE_URL):
        url = base + url[len(SITE_URL):]
    parts = urlsplit(url)
    origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
    if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith(SUBPATH):
        return None
    return f"{origin}{parts.path}" + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl(server: PagesServer, site: Path) -> Crawl:
    base = server.base
    # Seeds: both home pages and every HTML file on disk, so no page escapes the crawl.
    seeds = {base, base + "en/"}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        seeds.add(base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    pages: dict[str, Page] = {}
    resources: dict[str, tuple[int, str]] = {}

    def load_page(url: str) -> Page:
        status, body, ctype = fetch(url)
        page = Page(url=url, status=status)
        if "html" in ctype:
            _Parser(page).feed(body.decode("utf-8", errors="replace"))
        return page

    todo = set(seeds)
    with ThreadPoolExecutor(max_workers=8) as pool:
        while todo:
            batch = sorted(todo - pages.keys())
            todo.clear()
            for page in pool.map(load_page, batch):
                pages[page.url] = page
            for page in (pages[u] for u in batch):
                if page.status != 200:
                    continue
                for href in page.links:
                    if href.startswith(SKIP_SCHEMES) or href.startswith("#"):
                        continue
                    target = _local(urljoin(page.url, href), base)
                    if target and (target.endswith("/") or target.endswith(".html")) and target not in pages:
                        todo.add(target)
        wanted = set()
        for page in pages.values():
            for href in page.links:
                target = _local(urljoin(page.url, href), base) if not href.startswith(SKIP_SCHEMES) else None
                if target and not (target.endswith("/") or target.endswith(".html")):
                    wanted.add(target)
            for _, src in page.resources:
                target = _local(urljoin(page.url, src), base) if not src.startswith(SKIP_SCHEMES) else None
                if target:
                    wanted.add(target)
        for url, (status, _, ctype) in zip(sorted(wanted), pool.map(lambda u: fetch(u, "HEAD"), sorted(wanted)), strict=False):
            resources[url] = (status, ctype)
    return Crawl(base=base, pages=pages, resources=resources)


def _content_pages(crawl: Crawl) -> list[Page]:
    return [p for p in crawl.pages.values() if p.status == 200 and not p.url.endswith("404.html")]


def test_crawl_covers_both_languages(crawl: Crawl, site: Path) -> None:
    pages = _content_pages(crawl)
    on_disk = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= len(on_disk) > 20
    assert any("/en/" in p.url for p in pages) and any("/en/" not in p.url for p in pages)


def test_no_broken_links_images_or_anchors(crawl: Crawl) -> None:
    broken = []
    for page in crawl.pages.values():
        if page.status != 200:
            if not page.url.endswith("404.html"):
                broken.append(f"{page.url}: HTTP {page.status}")
            continue
        for href in page.links:
            if href.startswith(SKIP_SCHEMES) or href in {"", "#"}:
                continue
            absolute = urljoin(page.url, href)
            target = _local(absolute, crawl.base)
            if target is None:
                continue  # another site: checked by the docs checker's --external mode
            fragment = unquote(urlsplit(absolute).fragment)
            if target in crawl.pages:
                linked = crawl.pages[target]
                if linked.status != 200:
                    broken.append(f"{page.url}: link {href} -> HTTP {linked.status}")
                elif fragment and fragment not in linked.ids:
                    broken.append(f"{page.url}: link {href} -> no element with id {fragment!r}")
            else:
                status, _ = crawl.resources.get(target, (0, ""))
                if status != 200:
                    broken.append(f"{page.url}: link {href} -> HTTP {status}")
        for tag, src in page.resources:
            target = _local(urljoin(page.url, src), crawl.base) if not src.startswith(SKIP_SCHEMES) else None
            if target is None:
                continue
            status, ctype = crawl.resources.get(target, (0, ""))
            if status != 200:
                broken.append(f"{page.url}: <{tag}> {src} -> HTTP {status}")
            elif tag == "img" and not ctype.startswith("image/"):
                broken.append(f"{page.url}: <img> {src} is {ctype}, not an image")
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(sorted(broken)[:60])


def test_every_page_has_one_h1(crawl: Crawl) -> None:
    wrong = [f"{p.url}: {p.h1}" for p in crawl.pages.values() if p.status in (200, 404) and p.h1 != 1]
    assert not wrong, "pages without exactly one <h1>:\n" + "\n".join(sorted(wrong))


def test_lang_matches_language(crawl: Crawl) -> None:
    wrong = []
    for page in _content_pages(crawl):
        english = urlsplit(page.url).path.startswith(SUBPATH + "en/")
        expected = "en" if english else "ko"
        if page.html_lang != expected:
            wrong.append(f"{page.url}: <html lang={page.html_lang!r}>, expected {expected!r}")
        # An untranslated copy under /en/ keeps the Korean original inside lang="ko".
        if english and page.fallback and page.korean_outside_ko:
            wrong.append(f"{page.url}: {page.korean_outside_ko} Hangul characters outside lang=\"ko\"")
        if page.fallback and not page.noindex:
            wrong.append(f"{page.url}: untranslated copy without noindex")
    assert not wrong, "\n".join(sorted(wrong))


def test_every_page_has_its_canonical_url(crawl: Crawl) -> None:
    wrong = []
    for page in _content_pages(crawl):
        expected = SITE_URL + urlsplit(page.url).path[len(SUBPATH):]
        if page.canonical != [expected]:
            wrong.append(f"{page.url}: canonical {page.canonical}, expected [{expected!r}]")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_third_party_resources_except_diagrams_and_math(crawl: Crawl, site: Path) -> None:
    self_hosted = (site / "assets" / "vendor").is_dir()
    wrong = []
    for page in crawl.pages.values():
        for tag, src in page.resources:
            if src.startswith(SKIP_SCHEMES):
                continue
            absolute = urljoin(page.url, src)
            if _local(absolute, crawl.base) is not None or absolute.startswith(crawl.base):
                continue
            allowed = (page.has_diagram or page.has_math) and absolute.startswith(CDN) and not self_hosted
            if not allowed:
                wrong.append(f"{page.url}: <{tag}> {absolute}")
    assert not wrong, "requests to other origins:\n" + "\n".join(sorted(wrong)[:40])


def test_stylesheets_load_nothing_from_other_origins(site: Path) -> None:
    offending = []
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if re.match(r"(https?:)?//", url):
                offending.append(f"{css.relative_to(site)}: {url}")
        for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]+)", css.read_text(encoding="utf-8", errors="replace")):
            if re.match(r"(https?:)?//", url):
                offending.append(f"{css.relative_to(site)}: @import {url}")
    assert not offending, "\n".join(offending)


def test_sitemap_names_indexable_pages_with_hreflang_alternates(crawl: Crawl, site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    entries: dict[str, dict[str, str]] = {}
    for url in root.iter(f"{SM}url"):
        loc = (url.findtext(f"{SM}loc") or "").strip()
        entries[loc] = {link.get("hreflang", ""): link.get("href", "") for link in url.iter(f"{XHTML}link")}
    indexable = {SITE_URL + urlsplit(p.url).path[len(SUBPATH):]
                 for p in _content_pages(crawl) if not p.noindex}
    noindex = {SITE_URL + urlsplit(p.url).path[len(SUBPATH):] for p in _content_pages(crawl) if p.noindex}
    assert indexable - entries.keys() == set(), "indexable pages missing from the sitemap"
    assert entries.keys() & noindex == set(), "noindex pages listed in the sitemap"
    problems = []
    for loc, alternates in entries.items():
        lang = "en" if loc.startswith(SITE_URL + "en/") else "ko"
        if alternates.get(lang) != loc:
            problems.append(f"{loc}: no hreflang={lang} alternate naming itself ({alternates})")
        if "x-default" not in alternates:
            problems.append(f"{loc}: no x-default alternate")
        for hreflang, href in alternates.items():
            if href not in entries:
                problems.append(f"{loc}: alternate {hreflang} -> {href} is not an indexable page")
            elif hreflang != "x-default" and entries[href].get(lang) != loc:
                problems.append(f"{loc}: alternate {hreflang} -> {href} does not link back")
    assert not problems, "\n".join(problems[:40])
    # Translated pages are alternates of each other.
    assert entries[SITE_URL].get("en") == SITE_URL + "en/"


def _sample(crawl: Crawl) -> list[Page]:
    """Home pages, a section index, plain notes, notes with diagrams and math, tags, glossary."""
    pages = _content_pages(crawl)
    chosen: dict[str, Page] = {}
    for page in pages:
        path = urlsplit(page.url).path[len(SUBPATH):]
        if path in {"", "en/", "tags/", "glossary/", "en/glossary/", "vision/"}:
            chosen[path] = page
    plain = [p for p in pages if not (p.has_diagram or p.has_math) and p.url.count("/") > 5]
    rich = [p for p in pages if p.has_diagram and p.has_math]
    for page in plain[:2] + rich[:1] + [p for p in rich if p.fallback][:1]:
        chosen[page.url] = page
    return list(chosen.values())


@pytest.mark.slow
def test_browser_makes_no_third_party_request(browser, crawl: Crawl, site: Path) -> None:
    """Scripts included: load each sample page, scroll to its end, open search."""
    self_hosted = (site / "assets" / "vendor").is_dir()
    origin = f"{urlsplit(crawl.base).scheme}://{urlsplit(crawl.base).netloc}"
    problems = []
    for page_info in _sample(crawl):
        context = browser.new_context(locale="ko-KR")
        seen: list[str] = []
        failed: list[str] = []

        def route(r, seen=seen):
            if r.request.url.startswith(origin) or r.request.url.startswith(SKIP_SCHEMES):
                r.continue_()
            else:
                seen.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        # The index's words do not change what is requested; building the real one costs a second.
        without_search_index(context)
        page = context.new_page()
        page.on("response", lambda resp, failed=failed: failed.append(f"{resp.status} {resp.url}")
                if resp.status >= 400 else None)
        page.goto(page_info.url, wait_until="networkidle")
        # Screen by screen where something loads when seen (diagrams, formulas); elsewhere (the
        # long glossary) straight to the end.
        page.evaluate("""async () => {
            const lazy = document.querySelector(".mermaid, .arithmatex") !== null;
            const step = lazy ? innerHeight : document.documentElement.scrollHeight;
            for (let y = 0; y <= document.documentElement.scrollHeight; y += step) {
              scrollTo(0, y); await new Promise(r => setTimeout(r, 40)); }
          }""")
        page.locator("input.md-search__input").focus()
        page.wait_for_load_state("networkidle")
        context.close()
        allowed = (page_info.has_diagram or page_info.has_math) and not self_hosted
        others = [u for u in seen if not (allowed and u.startswith(CDN))]
        if others:
            problems.append(f"{page_info.url}: requests to other origins {others}")
        if failed:
            problems.append(f"{page_info.url}: failed requests {failed}")
    assert not problems, "\n".join(problems)
