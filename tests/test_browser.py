"""The built site in headless Chromium, served under a GitHub Pages sub-path."""
from __future__ import annotations

import pytest
from ai_notes.pages_server import PagesServer


def _track_failures(page) -> list[str]:
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return failures


def test_home_loads_with_css_and_no_failed_requests(page, server: PagesServer) -> None:
    failures = _track_failures(page)
    page.goto(server.base, wait_until="networkidle")
    assert page.title().startswith("AI 학습 노트")
    # Material's stylesheet applied: the header is fixed/sticky, not static.
    position = page.eval_on_selector(".md-header", "e => getComputedStyle(e).position")
    assert position in {"sticky", "fixed"}
    assert page.locator(".grid.cards li").count() >= 9
    assert failures == []


def test_language_switcher_round_trip(page, server: PagesServer) -> None:
    page.goto(server.base + "foundations/", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_load_state("networkidle")
    assert page.url == server.base + "en/foundations/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="ko"]')
    page.wait_for_load_state("networkidle")
    assert page.url == server.base + "foundations/"


def test_404_page_renders_with_styles(page, server: PagesServer) -> None:
    failures = _track_failures(page)
    response = page.goto(server.base + "en/no/such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text().startswith("404")
    position = page.eval_on_selector(".md-header", "e => getComputedStyle(e).position")
    assert position in {"sticky", "fixed"}
    # Only the document itself is a 404; every asset loads from the sub-path.
    assert [f for f in failures if "/no/such/page/" not in f] == []


def test_untranslated_page_shows_notice(page, search_server: PagesServer) -> None:
    page.goto(search_server.base + "en/search-fixture/", wait_until="networkidle")
    notice = page.locator("[data-i18n-fallback]")
    assert notice.is_visible()
    assert "Not yet translated" in notice.inner_text()


def search(page, base: str, query: str) -> list[str]:
    """Type a query into Material's search box and return the result links."""
    page.goto(base, wait_until="networkidle")
    placeholder = page.eval_on_selector(".md-search-result__meta", "e => e.textContent.trim()")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, not only to `input`
    page.wait_for_function(
        "p => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() && m.textContent.trim() !== p }",
        arg=placeholder,
    )
    # One <li> per page; its first link is the page, the others are its sections.
    return page.eval_on_selector_all(
        ".md-search-result__item",
        "items => items.map(li => li.querySelector('a').href.split(/[?#]/)[0])",
    )


@pytest.mark.search
@pytest.mark.parametrize(
    "query",
    ["LLM", "Overfitting", "overfitting", "과적합", "트랜스포머"],
)
def test_search_finds_terms_inside_korean_text(page, search_server: PagesServer, query: str) -> None:
    results = search(page, search_server.base, query)
    assert any("search-fixture/" in href for href in results), (query, results)


@pytest.mark.search
def test_search_lists_each_page_once(page, search_server: PagesServer) -> None:
    results = search(page, search_server.base, "트랜스포머")
    pages = [href.split("#")[0] for href in results]
    assert len(pages) == len(set(pages)), pages
    assert not any("/en/" in href for href in results)
