"""Accessibility of the built site in Chromium: axe-core on the audited pages, keyboard-only use.

axe-core comes from the npm registry (pinned in scripts/audit/package-lock.json, installed by
`make test`) and is injected into each page. Every audited page is scanned in the light and dark
schemes on a desktop screen and in the light scheme on a phone screen, after scrolling through
it so that diagrams and formulas (loaded as they come near the screen) are in their final form.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from ai_notes.audit import AUDITED_PAGES
from ai_notes.pages_server import PagesServer

from tests.sites import ROOT, without_search_index

AXE = ROOT / "scripts" / "audit" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 412, "height": 823}
PAGES = [(name, path) for name, path, _source, _ in AUDITED_PAGES]
GLOSSARY = ROOT / "docs" / "ko" / "glossary.md"
# The glossary's 471 entries come from one template: the phone scan judges them all; the desktop
# scans judge the page with its first three letter groups, as axe takes seconds per full scan.
ENTRIES_JUDGED_ONCE = ".glossary-group:nth-of-type(n+4)"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        message = "axe-core is not installed: `make test` installs it (npm ci in scripts/audit)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def scroll_through(page) -> None:
    """Scroll to the end and back, one screen at a time, so lazy content renders (diagrams and
    formulas; a page with neither, such as the long glossary, is judged as loaded)."""
    if page.locator(".mermaid, .arithmatex").count() == 0:
        page.wait_for_load_state("networkidle")
        return
    page.evaluate(
        """async () => {
          const step = innerHeight;
          for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
            scrollTo(0, y);
            await new Promise(r => setTimeout(r, 60));
          }
          scrollTo(0, 0);
          await new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)));
        }"""
    )
    page.wait_for_load_state("networkidle")
    # Header and tabs fade back in at the top: judge colours once every transition has ended.
    page.evaluate(
        """() => Promise.race([
          Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map(a => a.finished.catch(() => null))),
          new Promise(r => setTimeout(r, 3000)),
        ])"""
    )


def axe_violations(page, axe: Path, exclude: str | None = None) -> list[str]:
    page.add_script_tag(path=str(axe))
    found = page.evaluate(
        """async exclude => {
          const context = exclude ? {exclude: [[exclude]]} : document;
          const result = await axe.run(context, {resultTypes: ["violations"]});
          return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} -- ` +
            v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " +
              (n.failureSummary || "").split("\\n").slice(1, 2).join("").trim()).join(" | "));
        }""",
        exclude,
    )
    return list(found)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE)],
    ids=["desktop-light", "desktop-dark", "phone-light"],
)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_axe_finds_no_violations(browser, server: PagesServer, axe_script: Path,
                                 name: str, path: str, scheme: str, viewport: dict) -> None:
    context = browser.new_context(locale="ko-KR", color_scheme=scheme, viewport=viewport)
    without_search_index(context)  # the search box and its panel are judged; results are not needed
    try:
        page = context.new_page()
        page.goto(server.base + path, wait_until="load")
        scroll_through(page)  # waits for the network to settle
        violations = axe_violations(page, axe_script, ENTRIES_JUDGED_ONCE if (name, viewport) == ("glossary", DESKTOP) else None)
    finally:
        context.close()
    assert violations == [], f"{name} ({scheme}, {viewport['width']}px):\n" + "\n".join(violations)


FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className && el.className.baseVal === undefined ? el.className : "",
    text: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    opacity: (() => { let o = 1; for (let n = el; n && n.nodeType === 1; n = n.parentElement)
      o *= parseFloat(getComputedStyle(n).opacity); return o; })(),
  };
}"""


def focused(page) -> dict:
    """What the focused element looks like, once a fade-in on focus (menus, skip link) is over."""
    try:
        page.wait_for_function(f"() => ({FOCUS_INFO})().opacity > 0.9", timeout=2_000)
    except Exception:
        pass  # judged below, with the details in the message
    info = page.evaluate(FOCUS_INFO)
    assert info is not None, "nothing has the focus"
    return info


def tab_to(page, selector: str, limit: int = 120) -> dict:
    """Press Tab until `selector` has the focus; return what the focused element looks like."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return focused(page)
        info = page.evaluate(FOCUS_INFO)
        seen.append(info and f"{info['tag']}.{info['cls']} {info['text']!r}")
    raise AssertionError(f"Tab never reached {selector}; focus went through: {seen[:40]}")


def assert_visible_focus(info: dict, what: str) -> None:
    assert info["focusVisible"], f"{what}: focus is not :focus-visible ({info})"
    assert info["outline"] or info["shadow"], f"{what}: no focus outline or shadow ({info})"
    assert info["onScreen"] and info["opacity"] > 0.9, f"{what}: focused but not visible ({info})"


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(locale="ko-KR", viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def test_keyboard_reaches_search_with_visible_focus(desktop_page, server: PagesServer) -> None:
    page = desktop_page
    page.goto(server.base + "vision/object-detection-yolo/", wait_until="networkidle")
    info = tab_to(page, "input.md-search__input")
    assert_visible_focus(info, "search box")
    page.keyboard.type("YOLO")
    # Results are listed for every letter typed: wait for those of the whole word (its matches
    # highlighted), or the arrow key may land in a list that is about to be replaced.
    page.wait_for_function("""() => [...document.querySelectorAll('.md-search-result__item mark')]
        .some(m => m.textContent.toLowerCase() === 'yolo')""", timeout=10_000)
    # Down arrow moves into the results, Enter opens one.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => !!document.activeElement.closest('.md-search-result__item')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(server.base)


def test_keyboard_reaches_language_switcher_with_visible_focus(desktop_page, server: PagesServer) -> None:
    page = desktop_page
    page.goto(server.base + "foundations/", wait_until="networkidle")
    button = tab_to(page, ".md-header__option .md-select button")
    assert_visible_focus(button, "language button")
    link = tab_to(page, '.md-select__link[hreflang="en"]', limit=5)
    assert_visible_focus(link, "English link in the language switcher")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == server.base + "en/foundations/"
    assert page.locator("html").get_attribute("lang") == "en"


def test_skip_link_is_first_and_visible(desktop_page, server: PagesServer) -> None:
    page = desktop_page
    page.goto(server.base + "vision/object-detection-yolo/", wait_until="networkidle")
    page.keyboard.press("Tab")
    info = focused(page)
    assert "md-skip" in info["cls"], info
    assert_visible_focus(info, "skip link")


@pytest.mark.skipif(not GLOSSARY.is_file(), reason="docs/ko/glossary.md does not exist yet")
def test_keyboard_reaches_glossary_filter_with_visible_focus(desktop_page, server: PagesServer) -> None:
    page = desktop_page
    page.goto(server.base + "glossary/", wait_until="networkidle")
    tools = page.locator("[data-glossary-tools]")
    assert tools.is_visible()
    total = page.locator("[data-glossary-entry]:not([hidden])").count()
    info = tab_to(page, "[data-glossary-tools] input", limit=200)
    assert_visible_focus(info, "glossary filter")
    page.keyboard.type("YOLO")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-glossary-entry]:not([hidden])').length < n", arg=total)
    assert page.locator("[data-glossary-entry]:not([hidden])").count() >= 1
    # The category buttons come next and work from the keyboard too.
    chip = tab_to(page, "[data-glossary-tools] button", limit=10)
    assert_visible_focus(chip, "glossary category button")


def test_every_audited_page_exists() -> None:
    """A renamed page fails here instead of silently leaving the accessibility scans."""
    missing = [source for _, _, source, _ in AUDITED_PAGES if not (ROOT / source).is_file()]
    assert not missing, f"ai_notes/audit/__init__.py names pages that are gone: {missing}"

