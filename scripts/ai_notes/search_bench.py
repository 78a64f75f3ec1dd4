"""Search figures as a reader meets them: from the first keystroke on a page that has just
loaded (cold browser cache) to the results for the whole query, and the index size per page.

    python -m ai_notes.search_bench [--site DIR] [--runs 5]

Without --site the real site is built first (strict). Times are wall-clock on this machine, in
Chromium (/usr/bin/chromium) against the site served under the GitHub Pages sub-path.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ai_notes.pages_server import PagesServer
from ai_notes.site_config import build_site, site_subpath

ROOT = Path(__file__).resolve().parents[2]
SUBPATH = site_subpath()  # /ai-notes/, from site_url in mkdocs.yml
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Every change of the result list is stamped on the page's own clock. The theme may show an
# answer to a query typed earlier (or, for a frame, "no matching documents") before the answer
# to the whole query; the time reported is that of the last change, once the list has been
# still for QUIET_MS.
WATCH = """() => {
  window.__changes = [];
  const result = document.querySelector('.md-search-result');
  new MutationObserver(() => window.__changes.push(performance.now()))
    .observe(result, {subtree: true, childList: true, characterData: true});
  return performance.now();
}"""
QUIET_MS = 1000
QUERIES = {"ko": ["임베딩이란", "과적합", "YOLO 학습", "파인튜닝"], "en": ["embedding", "quantization"]}


def index_size(site: Path) -> dict[str, dict[str, float]]:
    out = {}
    for lang, rel in (("ko", "search/search_index.json"), ("en", "en/search/search_index.json")):
        raw = (site / rel).read_bytes()
        pages = {d["location"].partition("#")[0] for d in json.loads(raw)["docs"]}
        packed = len(gzip.compress(raw, 9))
        out[lang] = {"raw KiB": round(len(raw) / 1024), "gzip KiB": round(packed / 1024),
                     "pages": len(pages), "gzip KiB per page": round(packed / 1024 / len(pages), 2)}
    return out


def first_results_ms(site: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(site, Path(tmp) / SUBPATH.strip("/"))  # the server serves files inside its root only
        with PagesServer(Path(tmp), SUBPATH) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for lang, queries in QUERIES.items():
                prefix = "en/" if lang == "en" else ""
                for query in queries:
                    times = []
                    for _ in range(runs):
                        context = browser.new_context()  # a cold cache every time
                        page = context.new_page()
                        page.goto(server.base + prefix, wait_until="load")
                        started = page.evaluate(WATCH)
                        page.locator("input.md-search__input").click()
                        page.keyboard.type(query)
                        deadline = time.monotonic() + 30
                        while True:  # until the list has been still for QUIET_MS
                            page.wait_for_timeout(QUIET_MS / 4)
                            now, changes = page.evaluate("[performance.now(), window.__changes]")
                            if changes and now - changes[-1] >= QUIET_MS or time.monotonic() > deadline:
                                break
                        times.append(changes[-1] - started if changes else float("nan"))
                        page_results = page.locator(".md-search-result__item").count()
                        context.close()
                    out[f"{lang} {query!r} median ms"] = round(statistics.median(times))
                    out[f"{lang} {query!r} results"] = page_results
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (folder with index.html)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            result = build_site(ROOT / "mkdocs.yml", site)
            if result.returncode:
                sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
                raise SystemExit("search_bench: the strict build failed")
        print(f"load average: {os.getloadavg()[0]:.2f}")
        for lang, size in index_size(site).items():
            print(f"search index {lang}: " + ", ".join(f"{k} {v}" for k, v in size.items()))
        for key, value in first_results_ms(site, args.runs).items():
            print(f"first keystroke to results, {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
