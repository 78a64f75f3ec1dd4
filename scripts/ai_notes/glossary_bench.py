"""Glossary figures: term count, search index size per language, typing-to-results time in
Chromium and the build-time cost of the glossary hook and the term marks.

    python -m ai_notes.glossary_bench [--site DIR] [--queries N]

Without --site the site is built (strict) into a temporary folder first; the hook reports the
time it spent in each build event. The browser part needs Playwright and Debian's Chromium
(the test requirements); it is skipped with a note when they are missing.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ai_notes import glossary_data as gd
from ai_notes.site_config import build_site, site_subpath

ROOT = Path(__file__).resolve().parents[2]
SUBPATH = site_subpath()  # /ai-notes/, from site_url in mkdocs.yml
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def index_sizes(site: Path) -> dict[str, dict[str, int]]:
    out = {}
    for lang, rel in (("ko", "search/search_index.json"), ("en", "en/search/search_index.json")):
        raw = (site / rel).read_bytes()
        out[lang] = {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=9))}
    return out


def build(site: Path) -> tuple[float, dict[str, float]]:
    timings = site.parent / "glossary-timings.json"
    started = time.perf_counter()
    result = build_site(ROOT / "mkdocs.yml", site, site_url=f"https://example.github.io{SUBPATH}",
                        GLOSSARY_TIMINGS=str(timings))
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, json.loads(timings.read_text(encoding="utf-8")) if timings.is_file() else {}


def browser_times(site_root: Path, queries: list[str]) -> dict[str, float] | str:
    try:
        from playwright.sync_api import sync_playwright

        from ai_notes.pages_server import PagesServer
        from ai_notes.search_driver import open_search, run_queries
    except ImportError as exc:
        return f"skipped ({exc.name} is not installed)"
    if not CHROMIUM.exists():
        return f"skipped ({CHROMIUM} not found)"
    out: dict[str, float] = {}
    with PagesServer(site_root, SUBPATH) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for lang, prefix in (("ko", ""), ("en", "en/")):
            page = browser.new_page()
            started = time.perf_counter()
            open_search(page, server.base + prefix)
            out[f"{lang} index load ms"] = round((time.perf_counter() - started) * 1000)
            times = sorted(r["ms"] for r in run_queries(page, queries))
            out[f"{lang} median ms"] = round(statistics.median(times), 1)
            out[f"{lang} p95 ms"] = round(times[int(len(times) * 0.95) - 1], 1)
            # one query typed key by key, as a reader does (from the last key to the entry shown)
            box = page.locator("input.md-search__input")
            box.fill("")
            box.press("Backspace")
            box.type("overfittin", delay=30)
            started = time.perf_counter()
            box.press("g")
            if "glossary" not in page.content():
                page.close()
                continue  # a site without the glossary (a baseline build)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.md-search-result__item a')]"
                ".some(a => a.href.endsWith('#overfitting') && document.querySelector('input.md-search__input').value === 'overfitting')")
            out[f"{lang} last key of 'overfitting' to entry shown ms"] = round((time.perf_counter() - started) * 1000)
            page.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (folder with index.html)")
    parser.add_argument("--queries", type=int, default=300, help="queries timed per language")
    args = parser.parse_args(argv)

    terms = gd.load()
    print(f"glossary terms: {len(terms)}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = args.site.resolve()
            root = Path(tmp) / "root"
            root.mkdir()
            (root / SUBPATH.strip("/")).symlink_to(site, target_is_directory=True)
        else:
            root = Path(tmp) / "root"
            site = root / SUBPATH.strip("/")
            elapsed, timings = build(site)
            hook = sum(timings.values())
            print(f"strict build: {elapsed:.1f} s, of which the glossary hook and term marks {hook:.2f} s")
            for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
                print(f"  {name:<24} {seconds:.3f} s")
        for lang, size in index_sizes(site).items():
            print(f"search index {lang}: {size['raw']:,} bytes raw, {size['gzip']:,} bytes gzip")
        names = [n for t in terms for n in (t.ko, t.en, t.abbr) if n]
        random.Random(7).shuffle(names)
        result = browser_times(root, list(dict.fromkeys(names))[: args.queries])
        if isinstance(result, str):
            print(f"typing to results: {result}")
        else:
            for key, value in result.items():
                print(f"typing to results {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
