"""Search as learners type it, in Chromium on the real site under the GitHub Pages sub-path:
question forms, particles, transliterations, spoken variants, English inside Korean, multi-word
and English-side queries (tests/data/search_queries.yml) must find the note they ask about."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ai_notes.pages_server import PagesServer
from ai_notes.search_driver import open_search, run_per_language

from tests.glossary_search import REPORT_DIR, rank
from tests.sites import SUBPATH

QUERIES: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "search_queries.yml").read_text(encoding="utf-8"))
TARGET_RATE = 0.95


@pytest.mark.slow
@pytest.mark.browser
def test_learners_queries_find_the_note_in_the_top_3(browser, server: PagesServer) -> None:
    results = run_per_language(browser, server.base, {
        "ko": [q for kind, qs in QUERIES.items() if kind != "english" for q in qs],
        "en": list(QUERIES["english"]),
    })
    lines, misses, hits_all, total_all = [], [], 0, 0
    for kind, queries in QUERIES.items():
        lang = "en" if kind == "english" else "ko"
        prefix = f"{SUBPATH}en/" if lang == "en" else SUBPATH
        hits = 0
        for query, note in queries.items():
            pages = results[lang][query]["pages"]
            position = rank(pages, f"{prefix}{note}/")
            if 1 <= position <= 3:
                hits += 1
            else:
                misses.append(f"  miss {kind} {query!r} -> {note} (rank {position or '-'}): {pages[:3]}")
        hits_all, total_all = hits_all + hits, total_all + len(queries)
        lines.append(f"  {kind}: {hits}/{len(queries)} ({100 * hits / len(queries):.0f}%)")
    lines.insert(0, f"Learner query recall (note among the first 3 results): {hits_all}/{total_all} "
                    f"({100 * hits_all / total_all:.1f}%)")
    report = "\n".join(lines + misses) + "\n"
    REPORT_DIR.mkdir(exist_ok=True)
    (REPORT_DIR / "search-query-recall.txt").write_text(report, encoding="utf-8")
    print(report)
    assert hits_all / total_all >= TARGET_RATE, report


@pytest.mark.search
@pytest.mark.browser
def test_a_question_form_is_not_reported_as_missing(page, server: PagesServer) -> None:
    """The word as typed is found through its bare form: the first result lists no missing word."""
    open_search(page, server.base)
    for query in ["트랜스포머란", "임베딩이란", "과적합은"]:
        missing = page.evaluate("""async (query) => {
          const input = document.querySelector("input.md-search__input");
          await new Promise(resolve => {
            window.__search.listeners.push(resolve);
            input.value = query;
            input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: query.slice(-1) }));
          });
          const first = document.querySelector(".md-search-result__item");
          const terms = first && first.querySelector(".md-search-result__terms");
          return first ? (terms ? terms.textContent : "") : null;
        }""", query)
        assert missing == "", (query, missing)
