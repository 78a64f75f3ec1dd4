"""`make bench`: build, search-index, page-weight and docs-checker figures, printed.

Measures, in one run:

* the strict build of the real site, its size, each language's search index (raw, gzip, bytes
  per page) and what the home page transfers (gzip, as GitHub Pages serves it);
* strict builds of synthetic Korean corpora (scripts/ai_notes/synthetic_corpus.py, ~8 KB per note) of
  100, 300 and 1,000 notes: how build time grows with the number of notes, built size, index size;
* the docs checker (``python -m ai_notes.check --docs-dir DIR``, run as a subprocess; median of
  three cold runs) on the 100- and 1,000-note corpora: files per second, its time as a fraction
  of the strict build of the same corpus, its time relative to a bare markdown-it-py parse of the
  corpus, and how its time grows from 100 to 1,000 notes.

Figures are printed and saved to build/bench/bench.json. They are wall-clock times on this
machine: compare runs made on the same machine, and mind the load average printed with them.

    python -m ai_notes.bench [--notes 100 300 1000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from ai_notes.site_config import build_site

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")


def strict_build(config: Path, site_dir: Path) -> float:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    started = time.perf_counter()
    result = build_site(config, site_dir)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"bench: strict build of {config} failed")
    return elapsed


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def search_indexes(site: Path) -> dict[str, dict]:
    out = {}
    for lang, path in (("ko", site / "search" / "search_index.json"),
                       ("en", site / "en" / "search" / "search_index.json")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        docs = json.loads(raw).get("docs", [])
        pages = len({d.get("location", "").split("#")[0] for d in docs})
        out[lang] = {"raw": len(raw), "gzip": gz(raw), "pages": pages,
                     "raw_per_page": len(raw) / max(pages, 1), "gzip_per_page": gz(raw) / max(pages, 1)}
    return out


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and ({"stylesheet", "icon"} & set(a.get("rel", "").split())):
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img"} and a.get("src"):
            self.urls.append(a["src"])


def home_transfer(site: Path) -> dict:
    """Bytes the home page transfers with gzip: the first view, then the deferred search index."""
    html = (site / "index.html").read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    first = gz(html)
    count = 1
    for url in parser.urls:
        if re.match(r"(https?:)?//|data:", url):
            continue
        path = site / url.split("?")[0].split("#")[0]
        if path.is_file():
            data = path.read_bytes()
            first += gz(data) if path.suffix in {".css", ".js", ".svg", ".html"} else len(data)
            count += 1
    config = re.search(rb'"search":\s*"([^"]+)"', html)
    worker = site / config.group(1).decode() if config else None
    deferred = 0
    for path in (site / "search" / "search_index.json", worker):
        if path is not None and path.is_file():
            deferred += gz(path.read_bytes())
    return {"first_view": first, "requests": count, "search_deferred": deferred, "total": first + deferred}


def checker_available() -> bool:
    result = subprocess.run([sys.executable, "-m", "ai_notes.check", "--help"], cwd=ROOT, env=ENV,
                            capture_output=True, text=True)
    return result.returncode == 0


def run_checker(docs: Path, runs: int = 3) -> tuple[float, int, int]:
    """Median wall time of `runs` cold runs (each a new process), exit code, problem lines."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "ai_notes.check", "--docs-dir", str(docs)],
                                cwd=ROOT, env=ENV, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
    problems = sum(1 for line in result.stdout.splitlines() if line.strip())
    return sorted(times)[len(times) // 2], result.returncode, problems


def markdown_it_parse(docs: Path) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    started = time.perf_counter()
    for path in sorted(docs.rglob("*.md")):
        md.parse(path.read_text(encoding="utf-8"))
    return time.perf_counter() - started


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def real_site(work: Path) -> dict:
    """Build the real site; its size, search indexes and home page transfer."""
    site = work / "real" / "ai-notes"
    seconds = strict_build(ROOT / "mkdocs.yml", site)
    size, files = tree_size(site)
    notes = len([p for p in (ROOT / "docs").rglob("*.md")])
    real = {"build_s": seconds, "markdown_files": notes, "site_bytes": size, "site_files": files,
            "search": search_indexes(site), "home": home_transfer(site)}
    print("Real site")
    print(f"  strict build            {seconds:6.1f} s   ({notes} Markdown files)")
    print(f"  built size              {mb(size):>9}   ({files} files)")
    for lang, index in real["search"].items():
        print(f"  search index ({lang})       {kb(index['raw']):>12} raw, {kb(index['gzip']):>11} gzip, "
              f"{index['pages']} pages, {index['raw_per_page'] / 1024:.1f} KiB raw / "
              f"{index['gzip_per_page'] / 1024:.1f} KiB gzip per page")
    home = real["home"]
    print(f"  home page transfer      {kb(home['first_view']):>12} first view ({home['requests']} requests), "
          f"+{kb(home['search_deferred'])} search index and worker after the first paint")
    return real


def synthetic_sites(work: Path, sizes: list[int]) -> dict[int, dict]:
    """Generated Korean corpora of each size, built with the real configuration."""
    from ai_notes.synthetic_corpus import generate

    print("\nSynthetic Korean corpus (strict build of the real configuration)")
    synthetic = {}
    for n in sizes:
        dest = work / f"corpus-{n}"
        info = generate(dest, n)
        out = dest / "site"
        seconds = strict_build(info["config"], out)
        size, files = tree_size(out)
        synthetic[n] = {"notes": n, "source_bytes": info["bytes"], "build_s": seconds,
                        "site_bytes": size, "site_files": files, "search": search_indexes(out),
                        "docs": str(info["docs_dir"])}
        ko = synthetic[n]["search"].get("ko", {})
        print(f"  {n:5d} notes ({mb(info['bytes'])} source): build {seconds:6.1f} s "
              f"({seconds / n * 1000:5.1f} ms/note), site {mb(size)}, "
              f"ko index {kb(ko.get('raw', 0))} raw / {kb(ko.get('gzip', 0))} gzip "
              f"({ko.get('raw_per_page', 0) / 1024:.1f} KiB raw per note)")
    small, large = synthetic[sizes[0]], synthetic[sizes[-1]]
    print(f"  growth {sizes[0]} -> {sizes[-1]} notes: build time x{large['build_s'] / small['build_s']:.1f} "
          f"for x{sizes[-1] / sizes[0]:.0f} notes")
    return synthetic


def checker_figures(synthetic: dict[int, dict], sizes: list[int]) -> dict | None:
    """The docs checker on the smallest and the largest corpus."""
    print("\nDocs checker (python -m ai_notes.check --docs-dir DIR)")
    if not checker_available():
        print("  checker: not available")
        return None
    results = {}
    for n in (sizes[0], sizes[-1]):
        docs = Path(synthetic[n]["docs"])
        seconds, code, problems = run_checker(docs)
        md_files = len(list(docs.rglob("*.md")))
        parse = markdown_it_parse(docs)
        results[n] = {"seconds": seconds, "exit": code, "problems": problems, "files": md_files,
                      "files_per_s": md_files / seconds, "fraction_of_build": seconds / synthetic[n]["build_s"],
                      "markdown_it_s": parse, "vs_markdown_it": seconds / parse}
    big, small = results[sizes[-1]], results[sizes[0]]
    scale = big["seconds"] / small["seconds"]
    print(f"  {sizes[-1]} notes: {big['seconds']:.2f} s, {big['files_per_s']:.0f} files/s, "
          f"{big['fraction_of_build'] * 100:.1f}% of the strict build ({synthetic[sizes[-1]]['build_s']:.1f} s), "
          f"x{big['vs_markdown_it']:.1f} a bare markdown-it-py parse ({big['markdown_it_s']:.2f} s); "
          f"exit {big['exit']}, {big['problems']} problem lines")
    print(f"  {sizes[0]} notes: {small['seconds']:.2f} s, {small['files_per_s']:.0f} files/s, "
          f"{small['fraction_of_build'] * 100:.1f}% of the strict build")
    print(f"  scaling {sizes[0]} -> {sizes[-1]} notes: time x{scale:.2f} for x{sizes[-1] / sizes[0]:.0f} files")
    return {"runs": {str(k): v for k, v in results.items()}, "scaling": scale}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_notes.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, nargs="+", default=[100, 300, 1000],
                        help="synthetic corpus sizes (the largest is used for the checker)")
    parser.add_argument("--keep", type=Path, help="keep the generated corpora and sites in this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "bench.json")
    args = parser.parse_args(argv)

    sizes = sorted(set(args.notes))
    figures: dict = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(),
                     "load_average": os.getloadavg()}
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs\n")
    try:
        figures["real"] = real_site(work)
        synthetic = synthetic_sites(work, sizes)
        figures["synthetic"] = {str(k): v for k, v in synthetic.items()}
        figures["synthetic_growth"] = synthetic[sizes[-1]]["build_s"] / synthetic[sizes[0]]["build_s"]
        figures["checker"] = checker_figures(synthetic, sizes)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nsaved {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
