"""Snippet includes (`--8<--`): only files under the configured bases (mkdocs.yml, pymdownx.snippets
base_path: docs/includes/ and CONTRIBUTING.md) may be published; anything else is a located error.

The checker and the build both call `check` on a page's Markdown, and `neutralize` blanks the
refused lines before rendering, so a bad include is one clear message, never a traceback.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pymdownx.snippets import SnippetPreprocessor

from ai_notes.check.problems import Problem

# pymdownx's own patterns (public class attributes), so that we see the lines it will include.
ALL = SnippetPreprocessor.RE_ALL_SNIPPETS
BLOCK_PATH = SnippetPreprocessor.RE_SNIPPET
FILE = SnippetPreprocessor.RE_SNIPPET_FILE


@dataclass(frozen=True)
class Include:
    line: int       # 0-based index in the Markdown given
    col: int
    target: str     # as written, with any :section or :line suffix


def includes(lines: list[str]) -> list[Include]:
    """Every include a SnippetPreprocessor would act on, inline (`--8<-- "x"`) or in a block."""
    found: list[Include] = []
    block = False
    for index, line in enumerate(lines):
        m = ALL.match(line)
        if m:
            if m.group("escape"):
                continue
            if m.group("inline_marker"):
                if not block:
                    found.append(Include(index, m.start("snippet"), m.group("snippet")[1:-1].strip()))
                continue
            block = not block
            continue
        if block:
            m = BLOCK_PATH.match(line)
            if m and m.group("snippet").strip() and not m.group("snippet").lstrip().startswith(";"):
                found.append(Include(index, m.start("snippet"), m.group("snippet").strip()))
    return found


def _file_part(target: str) -> str:
    m = FILE.match(target)
    return (m.group(1) if m else target).strip()


def problem(include: Include, bases: list[Path]) -> str | None:
    """Why an include may not be published, or None when it names an allowed, existing file."""
    path = _file_part(include.target)
    shown = path[:80]
    if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.I):
        return f"스니펫으로 외부 주소({shown})를 넣을 수 없다. 링크로 건다."
    if os.path.isabs(path) or path.startswith(("~", "\\")) or re.match(r"^[A-Za-z]:", path):
        return f"스니펫 경로 {shown} 는 절대 경로다. docs/includes/ 안의 파일 이름만 쓴다."
    if ".." in re.split(r"[\\/]", path):
        return f"스니펫 경로 {shown} 가 폴더 밖(..)을 가리킨다. docs/includes/ 안의 파일만 넣을 수 있다."
    for base in bases:
        if base.is_dir():
            candidate = (base / path).resolve()
            if candidate.is_relative_to(base.resolve()) and candidate.is_file():
                return None
        elif base.is_file() and path == base.name:
            return None
    names = ", ".join(b.name + ("/" if b.is_dir() else "") for b in bases)
    return (f"스니펫 {shown} 는 넣을 수 없다: 허용된 곳({names})에 그런 파일이 없다. "
            "공유할 글은 docs/includes/ 에 두고 그 안의 이름으로 쓴다.")


def check(lines: list[str], bases: list[Path], display: str, first_line: int = 0) -> list[Problem]:
    """Located problems; `first_line` is where `lines` start in the file (after the front matter)."""
    problems = []
    for inc in includes(lines):
        why = problem(inc, bases)
        if why:
            problems.append(Problem(display, first_line + inc.line + 1, inc.col + 1, "snippet-path", why))
    return problems


def neutralize(lines: list[str], bases: list[Path]) -> list[str]:
    """The lines with refused includes blanked (line numbers kept)."""
    bad = {inc.line for inc in includes(lines) if problem(inc, bases)}
    return ["" if i in bad else line for i, line in enumerate(lines)] if bad else lines


def bases(extension_configs: dict[str, dict], root: Path) -> list[Path]:
    """The snippet bases of mkdocs.yml, absolute."""
    base = (extension_configs.get("pymdownx.snippets") or {}).get("base_path", ["."])
    base = [base] if isinstance(base, str) else base
    return [(root / b).resolve() for b in base]
