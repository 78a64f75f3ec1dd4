"""No input makes the checker crash; every output line is well formed; it never writes files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from ai_notes.check.__main__ import _parser, _settings
from ai_notes.check.problems import CODES
from ai_notes.check.runner import Checker, Settings
from hypothesis import given, settings
from hypothesis import strategies as st

LINE = re.compile(r"^(?P<path>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (error|warning) (?P<code>[a-z-]+) .+$")

FRAGMENTS = [
    "---\n", "title: 제목\n", "tags:\n  - 기초\n", "description: 설명이다.\n", "| a | b |\n", "| --- | --- |\n",
    "| 1 |\n", "[링크](a.md)", "[x](#앵커)", "![그림](x.png)", "```\n", "~~~python\n", "`코드|`", "$a|b$",
    "!!! note\n", "    들여쓰기\n", "## 제목 {#id}\n", "[r][ref]", "[ref]: http://x\n", "<script>", "<a href='a.md'>",
    "\r\n", "\n", "\t", "\\|", "트랜스포머는 ", "=== \"탭\"\n", "[^1]", "[^1]: 각주\n", "<div markdown>\n", "</div>\n",
]

@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Settings]:
    """One docs folder and the checker's settings for it: every example rewrites the same note
    there, so each is checked as a Korean note of a real section (docs/ko/sec/a.md), by a new
    checker (a checker reads each file once)."""
    docs = tmp_path_factory.mktemp("fuzz") / "docs"
    path = docs / "ko" / "sec" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: 제목\n---\n", encoding="utf-8")
    return path, _settings(_parser().parse_args(["--docs-dir", str(docs)]))


def assert_well_formed(problems) -> None:
    for p in problems:
        assert LINE.match(p.text()), p.text()
        assert p.code in CODES


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40))
def test_markdown_like_text_never_crashes(fuzz, parts):
    path, settings = fuzz
    content = "".join(parts)
    path.write_bytes(content.encode("utf-8", errors="replace"))
    before = path.read_bytes()
    problems = Checker(settings).check_file(path)
    assert_well_formed(problems)
    assert not [p for p in problems if p.code == "internal"], [p.text() for p in problems]
    assert path.read_bytes() == before


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash(fuzz, data):
    path, settings = fuzz
    path.write_bytes(data)
    problems = Checker(settings).check_file(path)
    assert_well_formed(problems)
    assert path.read_bytes() == data


def test_the_fuzzed_note_is_really_checked(fuzz) -> None:
    """The same folder and checker find a broken link: the examples above are judged, not skipped."""
    path, settings = fuzz
    path.write_text("---\ntitle: 제목\n---\n\n[링크](없는-파일.md)\n", encoding="utf-8")
    codes = {p.code for p in Checker(settings).check_file(path)}
    assert any(code.startswith("link") for code in codes), codes
