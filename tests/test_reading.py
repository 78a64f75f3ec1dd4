"""Reading on a phone (390 px) and a laptop (1366 px), in Chromium on the site under its sub-path:
diagrams drawn at a readable size with no raw source and little layout shift, Korean words that
never break between syllables, the font stacks that apply, and scroll cues on wide content."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from ai_notes.pages_server import PagesServer

from tests.sites import without_search_index

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "laptop": 1366}
MIN_LABEL_PX = 12
# The theme draws diagrams in a closed shadow root; tests open it to measure the labels.
OPEN_SHADOW = ("(() => { const attach = Element.prototype.attachShadow; Element.prototype.attachShadow ="
               " function (init) { return attach.call(this, Object.assign({}, init, { mode: 'open' })); }; })();")
SHIFTS = ("window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {"
          " if (!e.hadRecentInput) window.__shift += e.value; })).observe({ type: 'layout-shift', buffered: true });")
LABELS = """() => [...document.querySelectorAll('div.mermaid')].map(host => {
  const labels = [...host.shadowRoot.querySelectorAll('.nodeLabel, .edgeLabel span, text')]
    .filter(e => e.textContent.trim() && e.getBoundingClientRect().height > 0);
  return labels.map(e => e.getBoundingClientRect().height);
})"""


def diagram_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.glob("*/*/index.html")) + sorted(site.glob("en/*/*/index.html")):
        if 'class="mermaid"' in path.read_text(encoding="utf-8"):
            pages.append(path.parent.relative_to(site).as_posix() + "/")
    return pages


DIAGRAM = re.compile(r'<pre class="mermaid">.*?</pre>', re.S)


def gathered(site: Path, pages: list[str]) -> tuple[str, list[str]]:
    """The first page's HTML with the diagrams of all the others added at the end of its article,
    and where each diagram comes from. A diagram is drawn at its natural size, from its source and
    the site's settings and styles alone, so it measures the same in any note of its language: one
    page load draws them all with the real library, instead of a page load (and a fresh start of
    the library) per note."""
    host = (site / pages[0] / "index.html").read_text(encoding="utf-8")
    blocks: list[str] = []
    origins: list[str] = []
    for url in pages:
        found = DIAGRAM.findall((site / url / "index.html").read_text(encoding="utf-8"))
        blocks += found
        origins += [f"{url} diagram {i + 1}" for i in range(len(found))]
    own = len(DIAGRAM.findall(host))
    head, tail = host.rsplit("</article>", 1)
    return head + "\n".join(blocks[own:]) + "</article>" + tail, origins


def draw_all(page, count: int) -> None:
    # Bring each diagram on screen for two frames: enough for the page to see it and start drawing.
    for i in range(count):
        page.evaluate(f"""() => new Promise(done => {{
            document.querySelectorAll('pre.mermaid, div.mermaid')[{i}].scrollIntoView();
            requestAnimationFrame(() => requestAnimationFrame(done)); }})""")
    try:
        page.wait_for_function(f"() => document.querySelectorAll('div.mermaid').length === {count}", timeout=60_000)
    except Exception as exc:
        raise AssertionError(f"{page.url}: {count} diagrams, "
                             f"{page.locator('div.mermaid').count()} drawn") from exc


# Diagrams are drawn at their natural size whatever the screen, so every diagram is measured on a
# phone, where a page that scrolls sideways would show, and a sample on a laptop. The diagrams of
# each language are gathered into one of its notes (see `gathered`).
@pytest.mark.slow
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_diagram_label_is_readable(browser, server: PagesServer, site: Path, width: str) -> None:
    small, drawn = [], 0
    every = diagram_pages(site)
    for lang_pages in ([p for p in every if not p.startswith("en/")], [p for p in every if p.startswith("en/")]):
        pages = lang_pages if width == "phone" else lang_pages[:3]
        html, origins = gathered(site, pages)
        context = browser.new_context(viewport={"width": WIDTHS[width], "height": 800})
        without_search_index(context)
        context.add_init_script(OPEN_SHADOW)
        page = context.new_page()
        page.route(server.base + pages[0], lambda route, _request, body=html: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=body))
        try:
            page.goto(server.base + pages[0], wait_until="load")
            assert page.locator("pre.mermaid, div.mermaid").count() == len(origins)
            draw_all(page, len(origins))
            for origin, heights in zip(origins, page.evaluate(LABELS), strict=True):
                drawn += 1
                assert heights, origin
                if min(heights) < MIN_LABEL_PX:
                    small.append(f"{origin}: smallest label {min(heights):.1f}px")
            # A diagram wider than the column scrolls inside its own box, not the page.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), pages[0]
        finally:
            context.close()
    assert drawn >= (80 if width == "phone" else 6)
    assert not small, "\n".join(small)


@pytest.mark.slow
def test_diagram_source_is_never_shown_and_its_place_is_kept(browser, server: PagesServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    without_search_index(context)
    context.add_init_script(SHIFTS)
    page = context.new_page()
    held: list = []
    # Hold the diagram library back: what does the reader see meanwhile?
    context.route("**/mermaid*.js", lambda route: held.append(route))
    page.goto(server.base + "vision/object-detection-yolo/", wait_until="load")
    block = page.locator("pre.mermaid").first
    block.scroll_into_view_if_needed()
    style = block.evaluate("""e => ({ color: getComputedStyle(e).color,
        code: getComputedStyle(e.querySelector('code') || e).visibility,
        height: e.getBoundingClientRect().height })""")
    assert style["code"] == "hidden" or style["color"] in {"rgba(0, 0, 0, 0)", "transparent"}, style
    assert style["height"] > 300, style  # a tall placeholder, not a few lines of text
    for route in held:
        route.continue_()
    context.unroute("**/mermaid*.js")
    page.wait_for_selector("div.mermaid", timeout=30_000)
    # Reading a page down from the top, the diagrams arriving hardly move the text (a note whose
    # only late-drawn content is its diagram, so every shift measured is the diagram's).
    page2 = context.new_page()
    page2.goto(server.base + "dev-env/wsl-install/", wait_until="load")
    height = page2.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 400):
        page2.evaluate(f"window.scrollTo(0, {y})")
        page2.wait_for_timeout(250)
        # Once drawn, the diagram moves nothing more: the rest of the page need not be read.
        if page2.evaluate("document.querySelectorAll('pre.mermaid').length === 0"):
            page2.evaluate(f"window.scrollTo(0, {y + 400})")
            page2.wait_for_timeout(250)
            break
    page2.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=30_000)
    shift = page2.evaluate("window.__shift")
    context.close()
    assert shift < 0.01, shift


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_korean_words_do_not_break_between_syllables(browser, server: PagesServer, width: str) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 800})
    without_search_index(context)
    page = context.new_page()
    try:
        page.goto(server.base + "foundations/neural-network-types/", wait_until="load")
        selectors = ["article p", "article p a", "article table td", "article table th", ".md-nav__link", ".md-typeset .admonition"]
        if width == "laptop":
            selectors.append(".md-sidebar--secondary .md-nav__link")
        for selector in selectors:
            found = page.evaluate(f"""() => [...document.querySelectorAll({selector!r})].slice(0, 20)
                .map(e => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap])""")
            assert found, selector
            assert all(wb == "keep-all" and ow != "anywhere" for wb, ow in found), (selector, found[:3])
    finally:
        context.close()


def test_font_stacks_apply(page, server: PagesServer) -> None:
    page.goto(server.base + "foundations/frameworks/", wait_until="load")
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body.startswith('"Apple SD Gothic Neo", "Malgun Gothic"'), body
    code = page.evaluate("getComputedStyle(document.querySelector('article pre code')).fontFamily")
    assert "D2Coding" in code and "Noto Sans Mono CJK KR" in code, code
    assert code.index("D2Coding") > code.index("Consolas")  # Latin from a Latin font, Hangul two columns wide


def test_wide_formulas_and_tables_show_that_they_scroll(browser, server: PagesServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    without_search_index(context)
    page = context.new_page()
    try:
        page.goto(server.base + "foundations/attention-transformer/", wait_until="networkidle")
        cues = page.evaluate("""() => [...document.querySelectorAll('div.arithmatex, .md-typeset__scrollwrap')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => getComputedStyle(e).backgroundImage)""")
        assert cues, "no wide formula or table on a phone: pick another page"
        assert all("radial-gradient" in c for c in cues), cues[:2]
    finally:
        context.close()


def test_glossary_page_works_on_a_phone(browser, server: PagesServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    without_search_index(context)
    page = context.new_page()
    try:
        page.goto(server.base + "glossary/", wait_until="networkidle")
        page.wait_for_selector("[data-glossary-tools]", state="visible")
        first = page.evaluate("document.querySelector('[data-glossary-entry]').getBoundingClientRect().top")
        assert first < 844, f"the first entry starts at {first}px, below the first screen"
        # The letter bar stays reachable deep into the list.
        page.evaluate("window.scrollTo(0, 20000)")
        page.wait_for_timeout(300)
        bar = page.evaluate("document.querySelector('.glossary-jump').getBoundingClientRect().top")
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert abs(bar - header) < 2, (bar, header)
        # One initial consonant: terms whose name starts with it come first.
        page.evaluate("window.scrollTo(0, 0)")
        page.fill("#glossary-filter", "ㅅ")
        page.wait_for_timeout(300)
        shown = page.evaluate("""() => [...document.querySelectorAll('[data-glossary-entry]:not([hidden]) h3')]
            .map(h => [h.textContent.trim(), h.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1])
            .slice(0, 5).map(x => x[0])""")
        assert shown and all("\uc0ac" <= name[0] <= "\uc2f7" for name in shown), shown  # 사 … 싷
    finally:
        context.close()
