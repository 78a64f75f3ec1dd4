"""The glossary in headless Chromium, on the real site served under the GitHub Pages sub-path:
search recall for every name of every term (Korean and English site), Korean particles and
English words inside Korean text, the filter box, and term tooltips in notes."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
from ai_notes import glossary_data as gd
from ai_notes.pages_server import PagesServer
from ai_notes.search_driver import run_per_language

from tests.glossary_search import Recall, group_rank, queries_for, write_report

TERMS = gd.load()

# (query, term id that must be among the first 3 results)
INSIDE_KOREAN = [
    ("모델(LLM)이", "llm"),
    ("과적합(overfitting)", "overfitting"),
    ("IoU와", "iou"),
    ("트랜스포머", "transformer"),
]


QUERIES = list(dict.fromkeys([q for _, q, _ in queries_for(TERMS)] + [q for q, _ in INSIDE_KOREAN]))


@pytest.fixture(scope="module")
def search_runs(browser, server: PagesServer) -> dict[str, dict[str, dict]]:
    """Every distinct query, answered once per language by the site's search worker in Chromium
    (read as the search box lists the results; see the next test)."""
    return run_per_language(browser, server.base, {"ko": QUERIES, "en": QUERIES}, box=False)


@pytest.mark.slow
def test_the_search_box_lists_what_the_worker_answers(browser, search_runs, server: PagesServer) -> None:
    """The recall below asks the worker directly; typed into the box, a sample lists the same."""
    sample = QUERIES[::40] + [q for q, _ in INSIDE_KOREAN]
    typed = run_per_language(browser, server.base, {"ko": sample, "en": sample[:20]})
    for lang, results in typed.items():
        for query, result in results.items():
            assert result["groups"] == search_runs[lang][query]["groups"], (lang, query)


def _target(server: PagesServer, lang: str, term_id: str) -> str:
    return urlparse(server.base).path + ("en/" if lang == "en" else "") + f"glossary/#{term_id}"


@pytest.mark.slow
def test_every_name_of_every_term_finds_its_entry_in_the_top_3(search_runs, server: PagesServer) -> None:
    recalls = []
    for lang in ("ko", "en"):
        recall = Recall(lang)
        results = search_runs[lang]
        recall.times = [r["ms"] for r in results.values()]
        for kind, query, term_id in queries_for(TERMS):
            groups = results[query]["groups"]
            recall.add(kind, query, term_id, group_rank(groups, _target(server, lang, term_id)),
                       [g[0] for g in groups])
        recalls.append(recall)
    report = write_report(recalls, {"terms": len(TERMS)})
    print(report)
    for recall in recalls:
        assert recall.rate("headword") == 1.0, (recall.lang, recall.misses)
        assert recall.rate("abbreviation") == 1.0, (recall.lang, recall.misses)
        assert recall.rate("english") >= 0.98 and recall.rate("alias") >= 0.98, (recall.lang, recall.misses)


def test_the_note_that_explains_a_term_comes_first_then_its_entry(search_runs, server: PagesServer) -> None:
    """Asking for a term by its name shows the note that explains it, then its glossary entry."""
    sub = urlparse(server.base).path
    checked, wrong = 0, []
    for lang in ("ko", "en"):
        prefix = sub + ("en/" if lang == "en" else "")
        for term in TERMS:
            if not term.note:
                continue
            query = term.ko if lang == "ko" else term.en
            groups = search_runs[lang][query]["groups"]
            checked += 1
            first = groups[0][0] if groups else None
            second = groups[1] if len(groups) > 1 else []
            if first != f"{prefix}{term.note}/" or _target(server, lang, term.id) not in second[:3]:
                wrong.append(f"{lang} {query!r}: {[g[:2] for g in groups[:3]]}")
    assert checked >= 40 and not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("query", "term_id"), INSIDE_KOREAN)
def test_english_inside_korean_and_particles(search_runs, server: PagesServer, lang: str, query: str, term_id: str) -> None:
    groups = search_runs[lang][query]["groups"]
    assert 0 < group_rank(groups, _target(server, lang, term_id)) <= 3, groups


def test_bare_korean_word_finds_words_with_particles(search_runs, server: PagesServer, site) -> None:
    """`트랜스포머` finds notes that only write 트랜스포머는 / 트랜스포머의."""
    pages = set(search_runs["ko"]["트랜스포머"]["pages"])
    sub = urlparse(server.base).path
    with_particle = [
        sub + p.parent.relative_to(site).as_posix() + "/"
        for p in site.glob("*/*/index.html")
        if "트랜스포머는" in p.read_text(encoding="utf-8") or "트랜스포머의" in p.read_text(encoding="utf-8")
    ]
    assert with_particle and set(with_particle) & pages, (with_particle, pages)


# ---------------------------------------------------------------------------------------------
# The filter box


def _visible_entries(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-glossary-entry]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.glossaryEntry)")


def test_filter_narrows_the_list_as_you_type(page, server: PagesServer) -> None:
    page.goto(server.base + "glossary/", wait_until="networkidle")
    box = page.get_by_label("용어 찾기")
    box.wait_for(state="visible", timeout=10_000)  # shown by the script
    assert len(_visible_entries(page)) == len(TERMS)
    box.type("과적합")
    assert _visible_entries(page) == ["overfitting"]
    box.fill("")
    box.type("iou")
    assert "iou" in _visible_entries(page) and len(_visible_entries(page)) < 5
    box.fill("ㄱㅈㅎ")  # initial consonants of 과적합
    box.dispatch_event("input")
    assert "overfitting" in _visible_entries(page)
    box.fill("파인튜닝")  # another name
    box.dispatch_event("input")
    assert _visible_entries(page) == ["fine-tuning"]
    box.fill("fine-tuning")  # also inside "Parameter-Efficient Fine-Tuning"
    box.dispatch_event("input")
    assert set(_visible_entries(page)) == {"fine-tuning", "peft", "supervised-fine-tuning"}
    box.fill("없는 용어 zzz")
    box.dispatch_event("input")
    assert _visible_entries(page) == []
    page.wait_for_function("() => document.querySelector('[data-glossary-status]').textContent.includes('없다')")
    # groups with nothing left disappear and their jump links are disabled
    assert page.locator("section.glossary-group:visible").count() == 0
    assert page.locator('.glossary-jump a[aria-disabled="true"]').count() > 10


def test_tag_chips_filter_by_category_with_the_keyboard_only(page, server: PagesServer) -> None:
    page.goto(server.base + "glossary/", wait_until="networkidle")
    box = page.get_by_label("용어 찾기")
    box.wait_for(state="visible", timeout=10_000)
    box.focus()
    page.keyboard.type("데이터")
    typed = set(_visible_entries(page))
    assert typed and all(t in typed for t in ("data-quality", "synthetic-data"))
    # Tab moves to the chips: "전체" first, then the categories in data/tags.yml order.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.tag") == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # 기초, 비전
    assert page.evaluate("document.activeElement.dataset.tag") == "비전"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    vision = set(_visible_entries(page))
    by_id = {t.id: t for t in TERMS}
    assert vision and vision <= typed and all("비전" in by_id[t].tags for t in vision)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back to 전체
    page.keyboard.press("Space")
    assert set(_visible_entries(page)) == typed


def test_full_list_without_javascript(browser, server: PagesServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.base + "en/glossary/", wait_until="load")
        assert len(_visible_entries(page)) == len(TERMS)
        assert not page.locator("[data-glossary-tools]").is_visible()
        assert page.locator("#overfitting").is_visible()
    finally:
        context.close()


def test_glossary_loads_without_failed_requests(page, server: PagesServer) -> None:
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: failures.append(f"script error {e}"))
    page.goto(server.base + "en/glossary/#overfitting", wait_until="networkidle")
    page.wait_for_selector("[data-glossary-tools]", state="visible", timeout=10_000)
    assert failures == []


# ---------------------------------------------------------------------------------------------
# Tooltips in notes


def test_hover_and_keyboard_focus_show_the_definition(page, server: PagesServer) -> None:
    page.goto(server.base + "vision/object-detection-yolo/", wait_until="networkidle")
    first = page.locator("a.glossary-term[data-glossary=iou]").first
    first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    iou = next(t for t in TERMS if t.id == "iou")
    assert iou.def_ko[:15] in tooltip.inner_text()
    page.mouse.move(0, 0)
    page.wait_for_selector(".md-tooltip2--active", state="detached")
    # keyboard: another term's mark takes focus and shows its definition the same way
    other = page.locator("a.glossary-term:not([data-glossary=iou])").nth(3)
    other.focus()
    page.wait_for_selector(".md-tooltip2--active")
    term = next(t for t in TERMS if t.id == other.get_attribute("data-glossary"))
    assert term.def_ko[:10] in page.locator(".md-tooltip2--active").inner_text()
    # each term is marked once on the page
    assert page.locator("a.glossary-term[data-glossary=iou]").count() == 1
    # following the mark lands on the entry
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == server.base + "glossary/#iou"
    assert page.locator("#iou").is_visible()


def gd_names(term_id: str) -> list[str]:
    term = next(t for t in TERMS if t.id == term_id)
    return [term.ko, term.en]


# ---------------------------------------------------------------------------------------------
# Loading a long page: nothing jumps, deep links land on their entry

LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_glossary_does_not_jump_while_loading(browser, server: PagesServer, prefix: str) -> None:
    # The filter tools appear while the page loads; if they appeared only when the deferred
    # script ran, the whole list would move down under the reader's eyes.
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    try:
        page.add_init_script(LAYOUT_SHIFTS)
        page.goto(server.base + prefix + "glossary/", wait_until="networkidle")
        page.wait_for_selector("[data-glossary-tools]", state="visible")
        page.wait_for_timeout(300)
        shifts = page.evaluate("window.__shifts")
        assert sum(shifts) < 0.02, shifts
    finally:
        context.close()


@pytest.mark.parametrize("term_id", ["yolo", "zero-shot", "hallucination"])
def test_link_to_a_late_entry_shows_it_on_screen(page, server: PagesServer, term_id: str) -> None:
    # Entries far down the page are laid out only near the screen (content-visibility); a link
    # to one of them must still scroll it into view.
    page.goto(server.base + f"glossary/#{term_id}", wait_until="networkidle")
    page.wait_for_timeout(300)
    box = page.locator(f"[id='{term_id}']").bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height - box["height"], (box, height)


def test_the_worker_makes_each_entrys_name_fields_as_the_build_would(browser, server: PagesServer, site) -> None:
    """The index ships each entry's names once; the search worker makes the name fields
    (search_names.compact_entries). For every entry of both languages they equal those of
    search_names.search_entry."""
    import json
    import re

    from ai_notes import search_names as sn

    from tests.sites import without_search_index

    context = browser.new_context()
    without_search_index(context)  # only the worker's function is asked, not its index
    page = context.new_page()
    with page.expect_worker() as started:
        page.goto(server.base)
    by_id = {t.id: t for t in TERMS}
    for lang in ("ko", "en"):
        index = json.loads((site / ("en/" if lang == "en" else "") / "search/search_index.json").read_text(encoding="utf-8"))
        entries = [d for d in index["docs"] if "glossary/#" in d["location"]]
        assert len(entries) == len(TERMS)
        assert not [d for d in entries if "names" in d or any(k.startswith("exact") for k in d)]
        made = started.value.evaluate("([docs, config]) => docs.map(doc => self.glossaryFields(doc, config))",
                                      [entries, index["config"]])
        separator = re.compile(index["config"]["separator"])
        for doc, fields in zip(entries, made, strict=True):
            expected = sn.search_entry(by_id[doc["location"].partition("#")[2]], separator, doc["title"])
            assert fields == expected, (lang, doc["location"])
    context.close()
