"""The one place the checker uses a private part of a library, with a fallback to its own code.

Python-Markdown's table extension splits a row into cells with `TableProcessor._split_row`,
which knows that a pipe inside a code span or escaped with a backslash is not a cell border.
The checker counts cells exactly as the build does, so it asks that method. If an upgrade
removes it, `split_row` falls back to a plain reading of the same rules, and
tests/test_check.py compares the two on every table of the real notes.
"""
from __future__ import annotations

import re

from markdown.extensions.tables import TableProcessor

_CODE_OR_PIPE = re.compile(r"\\.|(`+)|\|")


def fallback_split_row(row: str, border: bool = False) -> list[str]:
    """Cells of a table row: pipes outside code spans and not escaped split it. With `border`,
    a leading and a trailing pipe are the table's border, as the processor reads them once it
    has seen the table's first row."""
    row = row.strip(" ")
    if border:
        row = row[1:] if row.startswith("|") else row
        row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    cells, start, pos = [], 0, 0
    while True:
        m = _CODE_OR_PIPE.search(row, pos)
        if m is None:
            break
        if m.group(1):  # a code span runs to the next run of as many backticks
            close = re.compile(rf"(?<!`){m.group(1)}(?!`)").search(row, m.end())
            pos = close.end() if close else m.end()
        elif m.group(0) == "|":
            cells.append(row[start:m.start()])
            start = pos = m.end()
        else:
            pos = m.end()
    cells.append(row[start:])
    return cells


def split_row(processor: TableProcessor, row: str) -> list[str]:
    private = getattr(processor, "_split_row", None)
    if private is None:
        return fallback_split_row(row, bool(getattr(processor, "border", False)))
    return private(row.strip(" "))
