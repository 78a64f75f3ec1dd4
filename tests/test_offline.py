"""Offline reading: after a first visit, pages and search keep working with the network cut,
and where something cannot load (diagrams, formulas, the search index) the page says so.

The site is served like GitHub Pages serves it (gzip, `Cache-Control: max-age=600`), so the
browser keeps a copy of what it has seen; Chromium's offline mode then cuts the network.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ai_notes.pages_server import PagesServer as GitHubPagesLikeServer

from tests.sites import SUBPATH

NOTE = "vision/object-detection-yolo/"  # a note with a diagram and formulas


@pytest.fixture(scope="module")
def pages_server(site_root: Path) -> Iterator[GitHubPagesLikeServer]:
    with GitHubPagesLikeServer(site_root, SUBPATH) as server:
        yield server


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


def wait_for_search_ready(page) -> None:
    """The theme's search worker has its index (the placeholder replaces the initialising text)."""
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !m.hasAttribute('data-search-missing') && m.textContent.trim() &&"
        " window.__searchIndexLoaded === true }",
        timeout=15_000,
    )


def open_and_load_index(page, url: str) -> None:
    page.add_init_script(
        "window.__searchIndexLoaded = false;"
        "new PerformanceObserver(l => l.getEntries().forEach(e => {"
        "  if (e.name.endsWith('/search/search_index.json')) window.__searchIndexLoaded = true;"
        "})).observe({type: 'resource', buffered: true});"
    )
    page.goto(url, wait_until="networkidle")
    wait_for_search_ready(page)


def search_results(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(li => li.querySelector('a').href)")


def test_search_keeps_working_offline_after_first_load(context, pages_server) -> None:
    page = context.new_page()
    open_and_load_index(page, pages_server.base)
    context.set_offline(True)
    results = search_results(page, "YOLO")
    assert any(NOTE in href for href in results), results


def test_visited_pages_reopen_offline(context, pages_server) -> None:
    page = context.new_page()
    open_and_load_index(page, pages_server.base)
    page.goto(pages_server.base + NOTE, wait_until="networkidle")
    context.set_offline(True)
    for url in (pages_server.base, pages_server.base + NOTE):
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        # Styled (the theme's stylesheet came from the cache too) and searchable.
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") in {"sticky", "fixed"}
    open_and_load_index(page, pages_server.base + NOTE)
    assert any(NOTE in href for href in search_results(page, "NMS"))


def test_diagram_says_when_its_library_cannot_load(context, pages_server) -> None:
    page = context.new_page()
    page.goto(pages_server.base + NOTE, wait_until="networkidle")
    assert page.locator("pre.mermaid").count() >= 1  # not drawn yet: far down the page
    context.set_offline(True)
    page.locator("pre.mermaid").first.scroll_into_view_if_needed()
    notice = page.locator('[data-asset-missing="mermaid"]').first
    notice.wait_for(state="visible", timeout=10_000)
    assert "다이어그램" in notice.inner_text()
    # The diagram's source stays readable.
    assert page.locator("pre.mermaid").first.is_visible()


def test_diagram_draws_when_online(context, pages_server) -> None:
    page = context.new_page()
    page.goto(pages_server.base + NOTE, wait_until="networkidle")
    page.locator("pre.mermaid").first.scroll_into_view_if_needed()
    page.wait_for_selector("div.mermaid", timeout=20_000)  # the theme swaps in the drawing
    assert page.locator('[data-asset-missing="mermaid"]').count() == 0


def test_formulas_say_when_their_library_cannot_load(context, pages_server) -> None:
    page = context.new_page()
    page.route("**/katex.min.js", lambda route: route.abort("internetdisconnected"))
    page.goto(pages_server.base + NOTE, wait_until="networkidle")
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    notice = page.locator('[data-asset-missing="katex"]')
    notice.wait_for(state="visible", timeout=10_000)
    assert "수식" in notice.inner_text()
    assert "\\(" in page.locator(".arithmatex").first.inner_text()  # the TeX source is shown


def test_formulas_render_when_online(context, pages_server) -> None:
    page = context.new_page()
    page.goto(pages_server.base + NOTE, wait_until="networkidle")
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    page.wait_for_selector(".arithmatex .katex", timeout=10_000)


@pytest.mark.parametrize(("path", "words"), [("", "검색 색인"), ("en/", "search index")])
def test_search_says_when_its_index_cannot_load(context, pages_server, path: str, words: str) -> None:
    page = context.new_page()
    page.route("**/search/search_index.json", lambda route: route.abort("internetdisconnected"))
    page.goto(pages_server.base + path, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    meta = page.locator(".md-search-result__meta[data-search-missing]")
    meta.wait_for(timeout=10_000)
    assert words in meta.inner_text()
