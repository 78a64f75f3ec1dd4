"""When each note's facts were last re-verified (front matter `reviewed:`), and what is stale.

Used by the build (scripts/ai_notes/hooks/review_dates.py shows the date under a note's title, with a
notice once it is older than STALE_AFTER_MONTHS) and by `make stale`, which lists the notes past
that age and every dated "YYYY년 M월 기준" statement older than it, for maintainers to re-check.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
STALE_AFTER_MONTHS = 12
DATED = re.compile(r"((?:19|20)\d{2})년\s*(1[0-2]|[1-9])월\s*기준")
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


@dataclass(frozen=True)
class Review:
    day: dt.date
    months_old: int

    @property
    def stale(self) -> bool:
        return self.months_old >= STALE_AFTER_MONTHS

    def label(self, lang: str) -> str:
        return f"{self.day.year}년 {self.day.month}월" if lang == "ko" else f"{MONTHS_EN[self.day.month - 1]} {self.day.year}"


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def review(value: object, today: dt.date) -> Review | None:
    """The review of a front matter value (a date, or text YYYY-MM-DD); None when absent or invalid
    (an invalid value is reported by the front matter check)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.date):
        return None
    return Review(value, months_between(value, today))


def _front_matter(text: str) -> dict:
    m = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
    try:
        data = yaml.safe_load(m.group(1)) if m else {}
    except (yaml.YAMLError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stale_report(docs: Path, today: dt.date) -> list[str]:
    """One line per stale note and per dated statement older than the threshold."""
    lines: list[str] = []
    for path in sorted(docs.glob("*/*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
        r = review(_front_matter(text).get("reviewed"), today)
        if r is None:
            lines.append(f"{shown}:1: reviewed 가 없다")
        elif r.stale:
            lines.append(f"{shown}:1: 마지막 검토 {r.day.isoformat()} ({r.months_old}개월 전)")
        for number, line in enumerate(text.split("\n"), 1):
            for m in DATED.finditer(line):
                age = months_between(dt.date(int(m.group(1)), int(m.group(2)), 1), today)
                if age >= STALE_AFTER_MONTHS:
                    lines.append(f"{shown}:{number}: '{m.group(0)}' ({age}개월 전)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_notes.review_dates",
                                     description=f"{STALE_AFTER_MONTHS}개월 넘게 검토하지 않은 노트와 오래된 '기준' 문장을 보여 준다.")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="기준 날짜 (YYYY-MM-DD)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "ko", help="한국어 노트 폴더")
    args = parser.parse_args(argv)
    lines = stale_report(args.docs, args.today)
    for line in lines:
        print(line)
    print(f"다시 확인할 곳 {len(lines)}개 (기준: {STALE_AFTER_MONTHS}개월, {args.today.isoformat()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
