"""Search recall for the tests: the queries for every glossary name, where a target ranks among
the results (ai_notes.search_driver runs the queries in Chromium), and the printed report."""
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
        lines.append(f"  {r.lang}: " + ", ".join(parts) + f"; worker answer median {s['ms_median']} ms, p95 {s['ms_p95']} ms")
        for miss in r.misses[:10]:
            lines.append(f"    miss {miss['kind']} {miss['query']!r} -> {miss['id']} (rank {miss['rank'] or '-'})")
        if len(r.misses) > 10:
            lines.append(f"    … {len(r.misses) - 10} more in {REPORT_JSON.relative_to(ROOT)}")
    for key, value in (extra or {}).items():
        lines.append(f"  {key}: {value}")
    text = "\n".join(lines) + "\n"
    REPORT_TXT.write_text(text, encoding="utf-8")
    return text
