"""Drive Material's search box in Chromium for many queries without reloading the page.

Shared by the end-to-end glossary search test and the benchmark. A small script installed
before the page loads counts the search worker's result messages; each query is typed into
the search box (value + key event, which is what the search box listens to) and read back
once the worker has answered and the results are rendered.
"""
from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_notes import glossary_data as gd

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "build"
REPORT_JSON = REPORT_DIR / "glossary-search-recall.json"
REPORT_TXT = REPORT_DIR / "glossary-search-recall.txt"

# Counts the search worker's messages: READY (1) and RESULT (3).
WATCH_WORKER = """
(() => {
  const Original = window.Worker;
  window.__search = { ready: false, results: 0, last: 0, listeners: [] };
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        const type = ev.data && ev.data.type;
        if (type === 1) { window.__search.ready = true; window.__search.readyAt = performance.now(); }
        if (type === 3) {
          window.__search.results += 1;
          window.__search.last = performance.now();
          const waiting = window.__search.listeners.splice(0);
          // Material renders in its own listener of this same event; read after it.
          setTimeout(() => waiting.forEach(fn => fn()), 0);
        }
      });
    }
  };
})();
"""

RUN_QUERIES = """
async (queries) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const out = [];
  let previous = input.value;
  for (const query of queries) {
    if (query === previous) {  // the search box ignores an unchanged value
      input.value = "";
      await new Promise(resolve => {
        window.__search.listeners.push(resolve);
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Backspace" }));
      });
    }
    const started = performance.now();
    await new Promise(resolve => {
      window.__search.listeners.push(resolve);
      input.value = query;
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: query.slice(-1) }));
    });
    const path = a => new URL(a.href).pathname + new URL(a.href).hash;
    const links = Array.from(list.querySelectorAll("a.md-search-result__link")).slice(0, 12).map(path);
    // one page per result group (its first link), as the list shows them
    const groups = Array.from(list.querySelectorAll(".md-search-result__item"))
      .map(li => Array.from(li.querySelectorAll("a.md-search-result__link")).map(path));
    const pages = groups.map(group => group[0]);
    out.push({ query, links, pages, groups: groups.slice(0, 10), ms: performance.now() - started });
    previous = query;
  }
  return out;
}
"""


def queries_for(terms: list[gd.Term]) -> list[tuple[str, str, str]]:
    """(kind, query, term id) for every name of every term."""
    out = []
    for term in terms:
        out.append(("headword", term.ko, term.id))
        out.append(("english", term.en, term.id))
        if term.abbr:
            out.append(("abbreviation", term.abbr, term.id))
        for alias in term.aliases:
            out.append(("alias", alias, term.id))
    return out


def open_search(page: Any, url: str) -> None:
    page.add_init_script(WATCH_WORKER)
    page.goto(url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => window.__search && window.__search.ready")
    # The worker may still answer the empty query of the click; a late answer would be taken
    # for the first query's. Start once it has been quiet for a second since it became ready.
    page.wait_for_function(
        "() => performance.now() - Math.max(window.__search.last, window.__search.readyAt) > 1000", polling=100)


def run_queries(page: Any, queries: list[str], chunk: int = 400) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for start in range(0, len(queries), chunk):
        results.extend(page.evaluate(RUN_QUERIES, queries[start:start + chunk]))
    return results


def run_per_language(browser: Any, base: str, queries: dict[str, list[str]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each language's queries through the search box of its home page: {lang: {query: result}}."""
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    for lang, asked in queries.items():
        context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-US")
        page = context.new_page()
        try:
            open_search(page, base + ("en/" if lang == "en" else ""))
            runs[lang] = {r["query"]: r for r in run_queries(page, asked)}
        finally:
            context.close()
    return runs


def group_rank(groups: list[list[str]], target: str, within: int = 3) -> int:
    """1-based place of the result group (a page with its sections, shown as one result) that
    shows the target among its first `within` links (0: absent or further down in its group)."""
    for i, group in enumerate(groups, 1):
        if target in group[:within]:
            return i
    return 0


def rank(links: list[str], target: str) -> int:
    """1-based position of the target among the result links in display order (0: absent).

    Every link counts: a page's own link, its sections, then the next page's links.
    """
    for i, link in enumerate(links, 1):
        if link == target:
            return i
    return 0


@dataclass
class Recall:
    lang: str
    counts: dict[str, list[int]] = field(default_factory=dict)  # kind -> [hits, total]
    misses: list[dict[str, Any]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def add(self, kind: str, query: str, term_id: str, position: int, links: list[str]) -> None:
        hit = 0 < position <= 3
        pair = self.counts.setdefault(kind, [0, 0])
        pair[0] += hit
        pair[1] += 1
        if not hit:
            self.misses.append({"kind": kind, "query": query, "id": term_id, "rank": position, "top": links[:4]})

    def rate(self, kind: str) -> float:
        hits, total = self.counts.get(kind, [0, 0])
        return hits / total if total else 1.0

    def summary(self) -> dict[str, Any]:
        times = sorted(self.times) or [0.0]
        return {
            "lang": self.lang,
            "recall": {k: {"hits": h, "total": t, "rate": round(h / t, 4)} for k, (h, t) in self.counts.items()},
            "misses": self.misses,
            "ms_median": round(statistics.median(times), 1),
            "ms_p95": round(times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0], 1),
        }


def write_report(recalls: list[Recall], extra: dict[str, Any] | None = None) -> str:
    REPORT_DIR.mkdir(exist_ok=True)
    data = {"recall": [r.summary() for r in recalls], **(extra or {})}
    REPORT_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = ["Glossary search recall (entry among the first 3 results, real browser):"]
    for r in recalls:
        parts = [f"{kind} {h}/{t} ({100 * h / t:.1f}%)" for kind, (h, t) in r.counts.items()]
        s = r.summary()
        lines.append(f"  {r.lang}: " + ", ".join(parts) + f"; typing to results median {s['ms_median']} ms, p95 {s['ms_p95']} ms")
        for miss in r.misses[:10]:
            lines.append(f"    miss {miss['kind']} {miss['query']!r} -> {miss['id']} (rank {miss['rank'] or '-'})")
        if len(r.misses) > 10:
            lines.append(f"    … {len(r.misses) - 10} more in {REPORT_JSON.relative_to(ROOT)}")
    for key, value in (extra or {}).items():
        lines.append(f"  {key}: {value}")
    text = "\n".join(lines) + "\n"
    REPORT_TXT.write_text(text, encoding="utf-8")
    return text
