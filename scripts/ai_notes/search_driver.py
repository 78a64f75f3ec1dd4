"""Drive Material's search box in Chromium for many queries without reloading the page.

Used by the search tests (tests/) and the glossary benchmark. A small script installed before
the page loads counts the search worker's result messages; each query is typed into the search
box (value + key event, which is what the search box listens to) and read back once the worker
has answered and the results are rendered: the links in display order, and the result groups
(a page with its sections, shown as one result).
"""
from __future__ import annotations

from typing import Any

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


# The same queries sent straight to a second copy of the site's search worker, set up with the
# page's own index: the ranking is the worker's, so this reads exactly what the search box would
# list, in the order the theme lists it, without drawing every result list (most of the time of
# a query in the box). Groups are formed as the theme forms them: the page first, then its
# sections in the worker's order.
RUN_IN_WORKER = """
async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base, location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new (window.__searchWorker || Worker)(config.search);
  let answer = null;
  worker.addEventListener("message", ev => {
    if (answer && ev.data && (ev.data.type === 1 || ev.data.type === 3)) { const done = answer; answer = null; done(ev.data); }
  });
  await new Promise(resolve => {
    answer = resolve;
    worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs,
                                          options: { suggest: config.features.includes("search.suggest") } } });
  });
  const path = location => { const url = new URL(location, base); return url.pathname + url.hash; };
  const out = [];
  for (const query of queries) {
    const started = performance.now();
    const message = await new Promise(resolve => { answer = resolve; worker.postMessage({ type: 2, data: query }); });
    const groups = message.data.items.map(docs => {
      const rest = docs.slice();
      const page = rest.splice(rest.findIndex(doc => !path(doc.location).includes("#")), 1);
      return [...page, ...rest].map(doc => path(doc.location));
    });
    out.push({ query, links: groups.flat().slice(0, 12), pages: groups.map(g => g[0]),
               groups: groups.slice(0, 10), ms: performance.now() - started });
  }
  worker.terminate();
  return out;
}
"""


# Asking the worker directly, the page's own search worker (which would build the same index
# again, a second of CPU) is never started: the theme gets a stand-in that answers nothing.
QUIET_THEME_WORKER = """
window.__searchWorker = Worker;
window.Worker = function () {
  return { postMessage() {}, addEventListener() {}, removeEventListener() {}, terminate() {} };
};
"""


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


def run_in_worker(page: Any, queries: list[str]) -> list[dict[str, Any]]:
    """The queries answered by the page's search worker, read as the search box would list them."""
    return page.evaluate(RUN_IN_WORKER, queries)


def run_per_language(browser: Any, base: str, queries: dict[str, list[str]],
                     box: bool = True) -> dict[str, dict[str, dict[str, Any]]]:
    """Each language's queries from its home page: {lang: {query: result}}. `box`: typed into the
    search box and read from the list on screen; otherwise asked of the search worker directly."""
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    for lang, asked in queries.items():
        context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-US")
        page = context.new_page()
        try:
            url = base + ("en/" if lang == "en" else "")
            if box:
                open_search(page, url)
                results = run_queries(page, asked)
            else:
                page.add_init_script(QUIET_THEME_WORKER)
                page.goto(url, wait_until="load")
                results = run_in_worker(page, asked)
            runs[lang] = {r["query"]: r for r in results}
        finally:
            context.close()
    return runs
