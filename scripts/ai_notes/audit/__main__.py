"""`make audit`: Lighthouse on the built site, served under its GitHub Pages sub-path.

Builds the site strictly (its `site_url` set to the local server, as on GitHub Pages), serves it
the way GitHub Pages does (gzip, short caching, the site's 404 page) and runs Lighthouse with
Debian's Chromium on the audited pages in mobile and desktop modes. Writes every report and a
summary (JSON and Markdown) under build/audit/, prints the summary table and exits 1 when a
page misses the budget:

    performance >= 95 (mobile), accessibility 100, best practices 100, SEO 100.

Mobile scores are the median of several runs (--runs, default 3): simulated throttling
multiplies the main-thread time it observes, so a busy machine moves single runs by several
points. Accessibility, best practices and SEO do not depend on timing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from ai_notes.audit import AUDITED_PAGES
from ai_notes.pages_server import PagesServer, free_port
from ai_notes.site_config import build_site, site_subpath

ROOT = Path(__file__).resolve().parents[3]
AUDIT_DIR = ROOT / "scripts" / "audit"  # package.json and node_modules (make audit)
LIGHTHOUSE = AUDIT_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Node.js from requirements-node.txt, next to this Python, else the machine's own.
NODE = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node") or "node"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
SUBPATH = site_subpath()  # /ai-notes/, from site_url in mkdocs.yml
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}

PAGES = AUDITED_PAGES


def build(site_dir: Path, site_url: str) -> None:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    started = time.perf_counter()
    result = build_site(ROOT / "mkdocs.yml", site_dir, site_url=site_url)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("audit: the strict build failed")
    print(f"built the site in {time.perf_counter() - started:.1f} s ({site_url})")


def lighthouse(url: str, mode: str, out: Path) -> dict:
    command = [
        NODE, str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        "--disable-full-page-screenshot",
    ]
    if mode == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROME)
    result = subprocess.run(command, cwd=AUDIT_DIR, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.is_file():
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise SystemExit(f"audit: lighthouse failed on {url} ({mode})")
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict, origin: str) -> dict:
    audits = report["audits"]
    requests = [r for r in audits["network-requests"]["details"]["items"]
                if not r["url"].startswith(("data:", "blob:"))]
    third_party = sorted({r["url"] for r in requests if not r["url"].startswith(origin)})
    failing = sorted(
        audit_id
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight", 0) > 0
        and (audit_id := ref["id"]) in audits
        and audits[audit_id]["score"] is not None
        and audits[audit_id]["score"] < 1
        and category["id"] != "performance"
    )
    return {
        "scores": {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES},
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "transfer_bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "third_party_requests": third_party,
        "failing_audits": failing,
    }


def misses(entry: dict) -> list[str]:
    out = []
    for category, minimum in BUDGET.items():
        if category == "performance" and entry["mode"] != "mobile":
            continue
        if entry["scores"][category] < minimum:
            out.append(f"{category} {entry['scores'][category]} < {minimum}")
    return out


def markdown(results: list[dict], skipped: list[str]) -> str:
    lines = [
        "| page | mode | perf | a11y | best pr. | SEO | LCP | CLS | TBT | transfer | requests | 3rd-party |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        s = r["scores"]
        perf = f"{s['performance']}"
        if len(r["performance_runs"]) > 1:
            perf += f" ({min(r['performance_runs'])}–{max(r['performance_runs'])})"
        lines.append(
            f"| {r['page']} | {r['mode']} | {perf} | {s['accessibility']} | {s['best-practices']} "
            f"| {s['seo']} | {r['lcp_ms'] / 1000:.2f} s | {r['cls']:.3f} | {r['tbt_ms']} ms "
            f"| {r['transfer_bytes'] / 1024:.0f} KiB | {r['requests']} | {len(r['third_party_requests'])} |"
        )
    notes = []
    for r in results:
        for miss in misses(r):
            notes.append(f"- {r['page']} ({r['mode']}): {miss}; failing audits: {', '.join(r['failing_audits']) or '-'}")
    out = "\n".join(lines) + "\n"
    if skipped:
        out += "\n" + "\n".join(f"- skipped: {s}" for s in skipped) + "\n"
    out += "\n" + ("\n".join(notes) if notes else "Budget met on every audited page.") + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_notes.audit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "audit", help="output folder")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page in mobile mode (median kept)")
    parser.add_argument("--desktop-runs", type=int, default=1, help="Lighthouse runs per page in desktop mode")
    parser.add_argument("--pages", nargs="*", help="audit only these pages (names: home, note, diagrams, glossary, en-home)")
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.is_file():
        print("audit: Lighthouse is not installed; run `make audit` (npm ci in scripts/audit)", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"audit: {CHROME} not found; install Debian's chromium", file=sys.stderr)
        return 2

    out: Path = args.out
    reports = out / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site_root = out / "site"
    build(site_root / SUBPATH.strip("/"), f"http://127.0.0.1:{port}{SUBPATH}")

    pages, skipped = [], []
    for name, path, source, what in PAGES:
        if args.pages and name not in args.pages:
            continue
        if not (ROOT / source).is_file():
            skipped.append(f"{name}: {source} does not exist yet")
            print(f"note: skipping the {what}: {source} does not exist yet")
            continue
        pages.append((name, path, what))

    results: list[dict] = []
    with PagesServer(site_root, SUBPATH, port=port) as server:
        origin = f"{urlsplit(server.base).scheme}://{urlsplit(server.base).netloc}"
        for name, path, what in pages:
            url = server.base + path
            for mode, runs in (("mobile", args.runs), ("desktop", args.desktop_runs)):
                entries = []
                for run in range(max(1, runs)):
                    target = reports / f"{name}-{mode}-{run + 1}.json"
                    report = lighthouse(url, mode, target)
                    entries.append((summarise(report, origin), target))
                    print(f"  {name:9s} {mode:7s} run {run + 1}: "
                          f"{' '.join(str(v) for v in entries[-1][0]['scores'].values())}")
                entries.sort(key=lambda e: e[0]["scores"]["performance"])
                median, target = entries[len(entries) // 2]
                shutil.copyfile(target, reports / f"{name}-{mode}.json")
                results.append({
                    "page": name, "mode": mode, "url": url, "what": what,
                    "performance_runs": [e[0]["scores"]["performance"] for e in entries],
                    "report": str((reports / f"{name}-{mode}.json").relative_to(out)),
                    **median,
                })

    summary = {
        "budget": BUDGET,
        "lighthouse": json.loads((AUDIT_DIR / "node_modules" / "lighthouse" / "package.json").read_text())["version"],
        "skipped": skipped,
        "results": results,
        "met": not any(misses(r) for r in results),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(results, skipped)
    (out / "summary.md").write_text("# Lighthouse audit\n\n" + table, encoding="utf-8")
    print()
    print(table)
    print(f"reports: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if summary["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
