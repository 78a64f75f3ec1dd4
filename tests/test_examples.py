"""Every example a note shows with its output is run, and must print exactly that output.

Convention (CONTRIBUTING.md): a ```python block followed, as the next code block of the note,
by a ```text block titled "출력" (English pages: "Output") is a tested pair. An output block
titled "출력 예" / "Example output" belongs to an example that needs a network, a GPU or model
weights: it is shown, not run, and its code must still compile.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\n]*)$")
TITLE = re.compile(r'title="([^"]*)"')
RUN_TITLES = {"출력", "Output"}
SHOWN_TITLES = {"출력 예", "Example output"}


@dataclass
class Block:
    path: Path
    line: int          # 1-based line of the opening fence
    lang: str
    title: str
    code: str


def blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, indent = m.group("fence"), len(m.group("indent"))
        info = m.group("info").strip()
        lang = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        title = (TITLE.search(info) or [None, ""])[1]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (lines[j].strip().startswith(fence) and set(lines[j].strip()) == {fence[0]}):
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j])
            j += 1
        found.append(Block(path, i + 1, lang, title, "\n".join(body)))
        i = j + 1
    return found


def pairs() -> list[tuple[Block, Block]]:
    result = []
    for path in sorted(DOCS.rglob("*.md")):
        bs = blocks(path)
        for code, out in zip(bs, bs[1:], strict=False):
            if code.lang in {"python", "py"} and out.lang == "text" and out.title in RUN_TITLES | SHOWN_TITLES:
                result.append((code, out))
    return result


PAIRS = pairs()
RUN = [(c, o) for c, o in PAIRS if o.title in RUN_TITLES]
SHOWN = [(c, o) for c, o in PAIRS if o.title in SHOWN_TITLES]


def _id(pair: tuple[Block, Block]) -> str:
    code = pair[0]
    return f"{code.path.relative_to(DOCS).as_posix()}:{code.line}"


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def test_examples_are_found():
    # The notes hold many tested examples; an empty list means the convention broke, not success.
    assert len(RUN) >= 20, [_id(p) for p in RUN]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as work:
        return subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True,
                              text=True, timeout=60, env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every distinct example run once (an English note repeats its Korean note's code), in parallel."""
    codes = list(dict.fromkeys(code.code for code, _ in RUN))
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(codes, pool.map(_run, codes), strict=False))


@pytest.mark.parametrize("pair", RUN, ids=_id)
def test_example_prints_its_output(pair, runs):
    code, out = pair
    result = runs[code.code]
    where = f"{code.path.relative_to(ROOT)}:{code.line}"
    assert result.returncode == 0, f"{where}: 예제가 실패했다.\n{result.stderr[-2000:]}"
    assert _normal(result.stdout) == _normal(out.code), (
        f"{where}: 출력이 노트의 {out.line}행 출력 블록과 다르다. 예제를 실행해 나온 출력으로 블록을 바꾼다.\n"
        f"--- 실행 결과\n{result.stdout}\n--- 노트\n{out.code}"
    )


@pytest.mark.parametrize("pair", SHOWN, ids=_id)
def test_shown_example_compiles(pair):
    code, _ = pair
    try:
        compile(code.code, f"{code.path.relative_to(ROOT)}:{code.line}", "exec")
    except SyntaxError as exc:
        pytest.fail(f"{code.path.relative_to(ROOT)}:{code.line + (exc.lineno or 0)}: 예제 코드의 문법 오류: {exc.msg}")
