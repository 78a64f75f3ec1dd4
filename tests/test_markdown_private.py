"""The checker's one private library call (ai_notes/check/markdown_private.py) and its fallback."""
from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from ai_notes.check.markdown_private import fallback_split_row, split_row
from markdown.extensions.tables import TableProcessor

from tests.sites import ROOT

EDGES = ["| a | `x|y` | c |", "| a \\| b | c |", "| ``a`b|`` | c |", "a | b", "| a | b |  ", "|`|`|",
         "| \\\\| x |", "| `a | b", "| 표 | 셀 |"]


@pytest.mark.parametrize("border", [False, True])
def test_fallback_reads_every_row_as_python_markdown_does(border: bool) -> None:
    rows = [line for path in sorted((ROOT / "docs").rglob("*.md"))
            for line in path.read_text(encoding="utf-8").splitlines() if "|" in line] + EDGES
    assert len(rows) > 1000
    stock = TableProcessor(markdown.Markdown().parser, {"use_align_attribute": False})
    stock.border = border  # what the processor learns from a table's first row
    differ = [row for row in rows if fallback_split_row(row, border) != stock._split_row(row.strip(" "))]
    assert differ == []


def test_without_the_private_method_the_fallback_is_used() -> None:
    processor = SimpleNamespace(border=False)  # what an upgrade without _split_row would leave
    assert split_row(processor, "| a | `x|y` | c |") == ["", " a ", " `x|y` ", " c ", ""]
    assert split_row(SimpleNamespace(border=True), "| a | b |") == [" a ", " b "]
