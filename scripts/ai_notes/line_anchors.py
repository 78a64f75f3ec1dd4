"""The anchors the code highlighter writes at the start of every code line.

With `anchor_linenums` (mkdocs.yml), pymdownx.highlight starts each line of a code block with
`<a id="__codelineno-B-L" name="__codelineno-B-L" href="#__codelineno-B-L"></a>`: a third of
all the tags of the notes. Written so, exactly, such an anchor is harmless whoever wrote it (an
id and a link to itself), so the HTML policy and the checker's facts set them aside in one
regular-expression pass instead of reading each one tag by tag; their ids are kept.
"""
from __future__ import annotations

import re

LINE_ANCHOR = re.compile(r'<a id="(__codelineno-\d+-\d+)" name="\1" href="#\1"></a>')


def set_aside(html: str) -> tuple[str, list[str]]:
    """The HTML without its exact line anchors, and their ids (in order)."""
    if "__codelineno-" not in html:
        return html, []
    ids: list[str] = []

    def take(match: re.Match[str]) -> str:
        ids.append(match.group(1))
        return ""

    return LINE_ANCHOR.sub(take, html), ids
