"""Tables as Python-Markdown's tables extension builds them: cells padded or dropped silently."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.tables import TableProcessor

from ai_notes.check.markdown_private import split_row
from ai_notes.check.problems import Problem
from ai_notes.check.source import Source

HEADING = re.compile(r"^#{1,6}(\s|$)")
CONTAINER = re.compile(r"^(!!!|\?\?\?\+?|===\+?)\s")
DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s")
LINK_SPAN = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
MATH_SPAN = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<![\\\s])\$(?!\$)")
HTML_TAG = re.compile(r"<[A-Za-z][^<>\n]*>")


class _Tables:
    def __init__(self) -> None:
        self.processor = TableProcessor(markdown.Markdown().parser, {"use_align_attribute": False})

    def is_table(self, rows: list[str]) -> bool:
        return self.processor.test(etree.Element("div"), "\n".join(rows))

    def cells(self, row: str) -> list[str]:
        return split_row(self.processor, row)


_tables = _Tables()


def _blocks(src: Source) -> list[list[int]]:
    """Line-index groups that Python-Markdown's block parser hands to the table processor."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for index in range(src.body_start, len(src.lines)):
        line = src.lines[index]
        stripped = line.strip()
        if index in src.code_lines or not stripped:
            if current:
                blocks.append(current)
            current = []
            continue
        in_table = len(current) >= 2 and "|" in src.lines[current[1]] and DELIMITER.match(src.lines[current[1]].strip())
        if (HEADING.match(stripped) or CONTAINER.match(stripped)) and not in_table:
            # A heading or a container opener ends the block; what follows starts a new one.
            # (Tables are tried first, so a heading glued under a table becomes one of its rows.)
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(index)
    if current:
        blocks.append(current)
    return blocks


def _has_pipe(src: Source, index: int) -> bool:
    line = src.lines[index]
    return any(ch == "|" and (i == 0 or line[i - 1] != "\\") and not src.in_code(index, i) for i, ch in enumerate(line))


def _kind(line: str) -> str:
    s = line.strip()
    if HEADING.match(s):
        return "제목"
    if LIST_ITEM.match(s):
        return "목록"
    if s.startswith(">"):
        return "인용문"
    if s.startswith(("```", "~~~")):
        return "코드 펜스"
    return "글"


def _split_pipes(src: Source, index: int) -> list[Problem]:
    """Unescaped | inside a link, math or an HTML tag splits the cell; \\| in a code span shows a backslash."""
    problems: list[Problem] = []
    line = src.lines[index]
    # Code spans keep their pipes; blank them so a span cannot pair with text outside it.
    masked = list(line)
    for start, end in src.code_spans(index):
        masked[start:end] = " " * (end - start)
    plain = "".join(masked)
    for pattern, what in ((LINK_SPAN, "링크"), (MATH_SPAN, "수식"), (HTML_TAG, "HTML 태그")):
        for m in pattern.finditer(plain):
            for i in range(m.start(), m.end()):
                if line[i] == "|" and line[i - 1] != "\\" and not src.in_code(index, i):
                    problems.append(Problem(
                        src.display, index + 1, i + 1, "table-pipe",
                        f"{what} 안의 | 가 표의 칸을 나눈다. \\| 로 쓰거나(수식은 \\mid, \\lvert) 표현을 바꾼다.",
                    ))
                    break
    for start, end in src.code_spans(index):
        pos = line.find("\\|", start, end)
        if pos != -1:
            problems.append(Problem(
                src.display, index + 1, pos + 1, "table-code-pipe",
                "표 안 코드 스팬의 \\| 는 역슬래시까지 그대로 보인다. 코드 스팬 밖으로 빼거나 다른 기호를 쓴다.",
            ))
    return problems


def check_tables(src: Source) -> list[Problem]:
    problems: list[Problem] = []
    for block in _blocks(src):
        rows = [src.lines[i].strip() for i in block]
        delimiter_at = next(
            (n for n, row in enumerate(rows) if n > 0 and "-" in row and DELIMITER.match(row) and "|" in row), None
        )
        if delimiter_at is None:
            piped = [i for i in block if src.lines[i].strip().startswith("|") and _has_pipe(src, i)]
            if len(piped) >= 2 and piped[1] == piped[0] + 1:
                problems.append(Problem(
                    src.display, piped[0] + 1, 1, "table-no-delimiter",
                    "| 로 시작하는 줄이 이어지지만 구분선이 없어 표가 아니라 글로 보인다. 두 번째 줄에 | --- | --- | 구분선을 넣는다.",
                ))
            continue
        if delimiter_at >= 2:
            header_line = block[delimiter_at - 1]
            problems.append(Problem(
                src.display, header_line + 1, 1, "table-glued",
                f"표 바로 앞 {block[0] + 1}행의 글과 빈 줄 없이 붙어 있어 표가 글로 보인다. 표 머리글 앞에 빈 줄을 넣는다.",
            ))
            continue
        header, delimiter = rows[0], rows[1]
        if not _tables.is_table(rows):
            problems.append(Problem(
                src.display, block[1] + 1, 1, "table-header",
                f"머리글은 {len(_tables.cells(header))}칸, 구분선은 {len(_tables.cells(delimiter))}칸이라 표가 되지 않는다. 칸 수를 맞춘다.",
            ))
            continue
        expected = len(_tables.cells(header))
        for n, index in enumerate(block):
            problems.extend(_split_pipes(src, index))
            if n < 2:
                continue
            if not _has_pipe(src, index):
                problems.append(Problem(
                    src.display, index + 1, 1, "table-glued-after",
                    f"표 바로 뒤에 붙은 {_kind(src.lines[index])}이(가) 표의 행이 된다. 표 뒤에 빈 줄을 넣는다.",
                ))
                continue
            actual = len(_tables.cells(src.lines[index]))
            if actual != expected:
                effect = "빈 칸이 채워진다" if actual < expected else f"뒤의 {actual - expected}칸이 사라진다"
                problems.append(Problem(
                    src.display, index + 1, 1, "table-cells",
                    f"이 행은 {actual}칸인데 머리글은 {expected}칸이다. 사이트에서는 {effect}. 칸 수를 맞춘다.",
                ))
    return problems
