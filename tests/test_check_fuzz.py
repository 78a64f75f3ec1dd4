"""No input makes the checker crash; every output line is well formed; it never writes files."""
from __future__ import annotations

import re
from pathlib import Path

from ai_notes.check.__main__ import _parser, _settings
from ai_notes.check.problems import CODES
from ai_notes.check.runner import Checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LINE = re.compile(r"^(?P<path>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (error|warning) (?P<code>[a-z-]+) .+$")

FRAGMENTS = [
    "---\n", "title: 제목\n", "tags:\n  - 기초\n", "description: 설명이다.\n", "| a | b |\n", "| --- | --- |\n",
    "| 1 |\n", "[링크](a.md)", "[x](#앵커)", "![그림](x.png)", "```\n", "~~~python\n", "`코드|`", "$a|b$",
    "!!! note\n", "    들여쓰기\n", "## 제목 {#id}\n", "[r][ref]", "[ref]: http://x\n", "<script>", "<a href='a.md'>",
    "\r\n", "\n", "\t", "\\|", "트랜스포머는 ", "=== \"탭\"\n", "[^1]", "[^1]: 각주\n", "<div markdown>\n", "</div>\n",
]

_checker: Checker | None = None


def checker(docs: Path) -> Checker:
    global _checker
    if _checker is None:
        _checker = Checker(_settings(_parser().parse_args(["--docs-dir", str(docs)])))
    return _checker


def assert_well_formed(problems) -> None:
    for p in problems:
        assert LINE.match(p.text()), p.text()
        assert p.code in CODES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40))
def test_markdown_like_text_never_crashes(tmp_path_factory, parts):
    docs = tmp_path_factory.mktemp("fuzz") / "docs"
    path = docs / "ko" / "sec" / "a.md"
    path.parent.mkdir(parents=True)
    content = "".join(parts)
    path.write_bytes(content.encode("utf-8", errors="replace"))
    before = path.read_bytes()
    problems = checker(docs).check_file(path)
    assert_well_formed(problems)
    assert not [p for p in problems if p.code == "internal"], [p.text() for p in problems]
    assert path.read_bytes() == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path_factory, data):
    docs = tmp_path_factory.mktemp("bytes") / "docs"
    path = docs / "ko" / "sec" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    problems = checker(docs).check_file(path)
    assert_well_formed(problems)
    assert path.read_bytes() == data
