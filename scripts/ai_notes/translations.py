"""Which Korean notes have an English translation, and whether it follows the current original.

An English note (docs/en/<section>/<slug>.md) records in its front matter the version of the
Korean note it translates, written by `stamp`, never by hand:

    translation:
      source: 1f0c2a9d8e7b6c5a   # first 16 hex digits of the SHA-256 of the Korean file
      date: 2026-12-05           # the day the translation was brought up to date

When the Korean file changes, its hash no longer matches and the translation is "behind". The
build shows English readers a notice (scripts/ai_notes/hooks/translations.py) and the status page lists it.

    python -m ai_notes.translations                  # list translations that are missing or behind
    python -m ai_notes.translations stamp docs/en/vision/detection-metrics.md [...]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE_LOCALE, TARGET_LOCALE = "ko", "en"
HASH_LEN = 16
FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)
BLOCK = re.compile(r"^translation:\n(?:[ \t]+.*\n)*", re.M)


def source_hash(path: Path) -> str:
    """Hash of the Korean note's text (line endings normalised, so a checkout on Windows agrees)."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()[:HASH_LEN]


@dataclass(frozen=True)
class Status:
    rel: str                 # <section>/<slug>.md
    state: str               # "current", "behind" or "missing"
    title: str               # the English title, or the Korean one when missing
    translated: str | None   # the day the translation was last brought up to date
    changed: dt.date | None  # for "behind": when the Korean original last changed

    @property
    def url(self) -> str:
        return self.rel[:-3] + "/"


def _front(path: Path) -> dict:
    m = FRONT.match(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    try:
        data = yaml.safe_load(m.group(1)) if m else {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def last_changed(path: Path) -> dt.date:
    """When a file last changed: its last commit, or today if it has uncommitted edits (or no git)."""
    cwd = path.parent
    try:
        dirty = subprocess.run(["git", "status", "--porcelain", "--", path.name], cwd=cwd,
                               capture_output=True, text=True, timeout=10)
        if dirty.returncode == 0 and not dirty.stdout.strip():
            log = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=cwd,
                                 capture_output=True, text=True, timeout=10)
            if log.returncode == 0 and log.stdout.strip():
                return dt.date.fromisoformat(log.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime).date()


def korean_notes(docs: Path) -> list[Path]:
    base = docs / SOURCE_LOCALE
    return sorted(p for p in base.glob("*/*.md") if p.name != "index.md")


def status_of(ko_path: Path, docs: Path) -> Status:
    rel = ko_path.relative_to(docs / SOURCE_LOCALE).as_posix()
    en_path = docs / TARGET_LOCALE / rel
    if not en_path.is_file():
        return Status(rel, "missing", str(_front(ko_path).get("title", rel)), None, None)
    meta = _front(en_path)
    record = meta.get("translation") if isinstance(meta.get("translation"), dict) else {}
    title = str(meta.get("title", rel))
    translated = str(record.get("date")) if record.get("date") else None
    if record.get("source") == source_hash(ko_path):
        return Status(rel, "current", title, translated, None)
    return Status(rel, "behind", title, translated, last_changed(ko_path))


def statuses(docs: Path) -> list[Status]:
    return [status_of(p, docs) for p in korean_notes(docs)]


def stamp(en_path: Path, docs: Path, today: dt.date | None = None) -> str:
    """Record in an English note the version of the Korean note it now translates."""
    rel = en_path.resolve().relative_to((docs / TARGET_LOCALE).resolve())
    ko_path = docs / SOURCE_LOCALE / rel
    if not ko_path.is_file():
        raise ValueError(f"{en_path}: 한국어 원문 docs/{SOURCE_LOCALE}/{rel.as_posix()} 이 없다. 경로를 확인한다.")
    text = en_path.read_text(encoding="utf-8")
    m = FRONT.match(text)
    if not m:
        raise ValueError(f"{en_path}:1: front matter가 없다. 먼저 title, description, tags 를 쓴다.")
    day = (today or dt.date.today()).isoformat()
    block = f"translation:\n  source: {source_hash(ko_path)}\n  date: {day}\n"
    front = m.group(1)
    front = BLOCK.sub(block, front, count=1) if BLOCK.search(front) else front + block
    en_path.write_text(f"---\n{front}---\n" + text[m.end():], encoding="utf-8")
    meta = _front(en_path)
    if isinstance(meta.get("title"), str) and isinstance(meta.get("description"), str):
        list_in_index(en_path.parent / "index.md", en_path.stem, meta["title"], meta["description"])
    return day


def list_in_index(index: Path, slug: str, title: str, description: str) -> bool:
    """Show the English title and description in the English section index's note list."""
    if not index.is_file():
        return False
    text = index.read_text(encoding="utf-8")
    item = re.compile(rf"^(\d+\. )\[.*\]\({re.escape(slug)}\.md\): .*$", re.M)
    label = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    new, count = item.subn(lambda m: f"{m.group(1)}[{label}]({slug}.md): {description}", text, count=1)
    if count and new != text:
        index.write_text(new, encoding="utf-8")
    return bool(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_notes.translations",
                                     description="영어 번역이 없거나 한국어 원문보다 뒤처진 노트를 보이거나, 번역을 마친 노트에 원문 버전을 기록한다.")
    parser.add_argument("command", nargs="?", choices=["status", "stamp"], default="status")
    parser.add_argument("files", nargs="*", type=Path, help="stamp: 번역을 마친 docs/en/<섹션>/<노트>.md")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    if args.command == "stamp":
        if not args.files:
            parser.error("stamp 할 docs/en/... 파일을 하나 이상 준다")
        try:
            for path in args.files:
                day = stamp(path, args.docs)
                print(f"{path}: 한국어 원문의 현재 버전을 기록했다 ({day}).")
        except (OSError, ValueError) as exc:
            print(f"오류: {exc}", file=sys.stderr)
            return 2
        return 0
    found = statuses(args.docs)
    todo = [s for s in found if s.state != "current"]
    for s in todo:
        if s.state == "missing":
            print(f"docs/{TARGET_LOCALE}/{s.rel}: 번역 없음")
        else:
            print(f"docs/{TARGET_LOCALE}/{s.rel}: 한국어 원문이 {s.changed} 에 바뀐 뒤로 번역이 뒤처졌다")
    current = len(found) - len(todo)
    print(f"영어 번역: 최신 {current}, 뒤처짐 {sum(s.state == 'behind' for s in todo)}, "
          f"없음 {sum(s.state == 'missing' for s in todo)} (노트 {len(found)}개)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
