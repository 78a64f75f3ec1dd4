"""Reading a Markdown file safely and mapping its lines: front matter, fenced code, code spans."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ai_notes.check.problems import Problem

FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")


@dataclass
class Source:
    path: Path
    display: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    body_start: int = 0          # 0-based index of the first line after the front matter
    front_matter: str | None = None
    code_lines: set[int] = field(default_factory=set)   # 0-based lines inside fenced code (fences included)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    # caches for find(): the joined text, where each line starts, code spans per line
    _joined: str = field(default="", repr=False, compare=False)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start:])

    def code_spans(self, index: int) -> list[tuple[int, int]]:
        """(start, end) columns of inline code spans on a line, 0-based, end exclusive."""
        spans = self._spans.get(index)
        if spans is None:
            spans = self._spans[index] = [(m.start(), m.end()) for m in CODE_SPAN.finditer(self.lines[index])]
        return spans

    def in_code(self, index: int, col: int) -> bool:
        if index in self.code_lines:
            return True
        return any(start <= col < end for start, end in self.code_spans(index))

    def find(self, needle: str, start_line: int = 0, start_col: int = 0) -> tuple[int, int] | None:
        """First occurrence of `needle` outside code, from (line, col); 0-based result."""
        if not needle or "\n" in needle:
            return None
        if not self._starts:
            self._joined = "\n".join(self.lines)
            offset = 0
            for line in self.lines:
                self._starts.append(offset)
                offset += len(line) + 1
        if start_line < self.body_start:
            start_line, start_col = self.body_start, 0
        if start_line >= len(self.lines):
            return None
        # One search over the whole text instead of one per line: files have thousands of lines.
        pos = self._joined.find(needle, self._starts[start_line] + start_col)
        while pos != -1:
            index = bisect.bisect_right(self._starts, pos) - 1
            col = pos - self._starts[index]
            if not self.in_code(index, col):
                return index, col
            pos = self._joined.find(needle, pos + 1)
        return None


def _fences(src: Source) -> None:
    """Mark fenced code lines the way pymdownx.superfences sees them; report unclosed fences."""
    open_at: int | None = None
    fence = ""
    indent = 0
    for index in range(src.body_start, len(src.lines)):
        line = src.lines[index]
        if open_at is None:
            m = FENCE_OPEN.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                open_at, fence, indent = index, m.group("fence"), len(m.group("indent").expandtabs(4))
                src.code_lines.add(index)
            continue
        src.code_lines.add(index)
        stripped = line.strip()
        if (
            stripped.startswith(fence[0] * len(fence))
            and set(stripped) == {fence[0]}
            and len(line) - len(line.lstrip()) <= indent + 3
        ):
            open_at = None
    if open_at is not None:
        src.problems.append(Problem(
            src.display, open_at + 1, len(src.lines[open_at]) - len(src.lines[open_at].lstrip()) + 1,
            "fence-unclosed",
            f"{open_at + 1}행에서 연 코드 블록({fence})이 닫히지 않아 파일 끝까지 코드가 된다. 같은 펜스 {fence} 로 닫는다.",
        ))


def read_source(path: Path, display: str) -> Source:
    """Read bytes and report encoding-level problems instead of failing."""
    src = Source(path=path, display=display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        src.readable = False
        src.problems.append(Problem(display, 1, 1, "internal", f"파일을 읽을 수 없다: {exc.strerror or exc}"))
        return src
    if raw.startswith(b"\xef\xbb\xbf"):
        src.problems.append(Problem(display, 1, 1, "bom", "파일 앞에 UTF-8 BOM이 있다. BOM 없는 UTF-8로 저장한다."))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")) + 1
        src.problems.append(Problem(
            display, line, col, "encoding",
            f"UTF-8이 아닌 바이트 0x{raw[exc.start]:02x}가 있다. 파일을 UTF-8로 다시 저장한다.",
        ))
        text = raw.decode("utf-8", errors="replace")
    if "\r\n" in text:
        line = text[: text.index("\r\n")].count("\n") + 1
        src.problems.append(Problem(display, line, 1, "crlf", "줄 끝이 CRLF다. LF로 바꾼다(예: git config core.autocrlf input)."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        src.problems.append(Problem(display, line, 1, "encoding", "NUL 문자가 있다. 텍스트 파일이 맞는지 확인한다."))
        text = text.replace("\x00", "")
    src.text = text
    src.lines = text.split("\n")
    if not text.strip():
        src.problems.append(Problem(display, 1, 1, "empty", "빈 파일이다. 내용을 쓰거나 파일을 지운다."))
        return src
    m = FRONT_MATTER.match(text)
    if m:
        src.front_matter = m.group(1) or ""
        src.body_start = m.group(0).count("\n") if m.group(0).endswith("\n") else m.group(0).count("\n") + 1
    _fences(src)
    return src
