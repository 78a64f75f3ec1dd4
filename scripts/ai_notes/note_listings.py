"""Where a new note is listed: its line in the nav of mkdocs.yml and in the numbered list of
its section's index pages. Each edit keeps every other line (comments, layout) as it was."""
from __future__ import annotations

import re
from typing import Any

from ai_notes.note_files import ScaffoldError

LIST_ITEM = re.compile(r"^\s*\d+\.\s")
# The numbered list of notes in a section index sits between these two lines.
NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"


def add_to_nav(text: str, section: str, slug: str) -> str:
    """Insert `- <section>/<slug>.md` after the last item of the section's nav list."""
    lines = text.splitlines(keepends=True)
    try:
        nav_at = next(i for i, line in enumerate(lines) if re.match(r"^nav:\s*(#.*)?$", line))
    except StopIteration:
        raise ScaffoldError("mkdocs.yml 에서 nav: 줄을 찾지 못했다.") from None
    index_item = re.compile(rf"^(\s*)-\s*(?:[^\n:]+:\s*)?{re.escape(section)}/index\.md\s*(?:#.*)?$")
    start = next((i for i in range(nav_at + 1, len(lines)) if index_item.match(lines[i].rstrip("\n"))), None)
    if start is None:
        raise ScaffoldError(f"mkdocs.yml 의 nav 에서 {section}/index.md 를 찾지 못했다. 섹션을 nav 에 먼저 추가한다.")
    indent = index_item.match(lines[start].rstrip("\n")).group(1)  # type: ignore[union-attr]
    last = start
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        width = len(lines[i]) - len(lines[i].lstrip(" "))
        if not stripped or stripped.startswith("#"):
            continue
        if width == len(indent) and stripped.startswith("- "):
            last = i
        elif width > len(indent):
            last = i            # continuation of the previous item
        else:
            break
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, f"{indent}- {section}/{slug}.md\n")
    return "".join(lines)


def verify_nav(before: str, after: str, section: str, slug: str) -> None:
    """The edited file parses, and its nav differs from the original by exactly the new entry."""
    from mkdocs.utils.yaml import yaml_load

    old = yaml_load(before)["nav"]
    new = yaml_load(after)["nav"]
    target = f"{section}/{slug}.md"

    def without(item: Any) -> Any:
        if isinstance(item, list):
            return [without(x) for x in item if x != target]
        if isinstance(item, dict):
            return {k: without(v) for k, v in item.items()}
        return item

    group = next((v for item in new if isinstance(item, dict) for v in item.values()
                  if isinstance(v, list) and f"{section}/index.md" in v), None)
    if group is None or group.count(target) != 1 or without(new) != old:
        raise ScaffoldError("mkdocs.yml 의 nav 를 자동으로 고치지 못했다. 섹션 목록에 "
                            f"'- {target}' 를 직접 추가한다.")


def add_to_index(text: str, path_label: str, title: str, slug: str, description: str) -> str:
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == NOTES_START]
    ends = [i for i, line in enumerate(lines) if line.strip() == NOTES_END]
    if len(starts) != 1 or len(ends) != 1 or starts[0] > ends[0]:
        raise ScaffoldError(f"{path_label} 에 {NOTES_START} 와 {NOTES_END} 표시가 한 쌍 있어야 한다.")
    count = sum(1 for line in lines[starts[0] + 1:ends[0]] if LIST_ITEM.match(line))
    label = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    if ends[0] > 0 and not lines[ends[0] - 1].endswith("\n"):
        lines[ends[0] - 1] += "\n"
    lines.insert(ends[0], f"{count + 1}. [{label}]({slug}.md): {description}\n")
    return "".join(lines)
