"""A note that still holds the template's placeholder text (scripts/ai_notes/templates/note.md) is not done."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ai_notes.check.problems import Problem
from ai_notes.check.source import FRONT_MATTER, Source

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "note.md"
# What `make new` writes when no description is given (scripts/ai_notes/new_note.py).
PLACEHOLDER_DESCRIPTION = "이 노트가 다루는 내용을 한 문장으로 쓴다. 이 문장은 검색 결과와 섹션 목록에 보인다."
# Lines of the template that a finished note keeps (structure, not placeholder text).
KEPT = {'!!! abstract "요약"', "## 관련 노트 { #related-notes }", "## 참고 자료 { #references }"}


@lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    text = TEMPLATE.read_text(encoding="utf-8")
    body = text[FRONT_MATTER.match(text).end():] if FRONT_MATTER.match(text) else text
    return frozenset(
        line.strip() for line in body.splitlines()
        if line.strip() and "${" not in line and line.strip() not in KEPT
    )


def check(src: Source) -> list[Problem]:
    found = placeholders()
    problems = []
    for index in range(1, src.body_start):  # the front matter
        if PLACEHOLDER_DESCRIPTION in src.lines[index]:
            problems.append(Problem(src.display, index + 1, src.lines[index].index(PLACEHOLDER_DESCRIPTION) + 1,
                                    "template-left", "description 이 템플릿의 임시 문장이다. 노트 내용을 한 문장으로 쓴다."))
    for index in range(src.body_start, len(src.lines)):
        line = src.lines[index].strip()
        if line in found and index not in src.code_lines:
            col = src.lines[index].index(line) + 1
            problems.append(Problem(src.display, index + 1, col, "template-left",
                                    "템플릿의 안내 문구가 그대로 남아 있다. 이 노트의 내용으로 바꿔 쓴다."))
    return problems
