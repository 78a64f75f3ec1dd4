"""Percent-encoded link fragments, as a browser's address bar copies them, read as the heading ids
they name: `[x](note.md#%EC%84%A4%EC%B9%98)` links to `#설치`.

A Python-Markdown extension. The build adds it in scripts/ai_notes/hooks/content_policy.py (on_config) and the
docs checker adds it to its renderer, so both judge the same, decoded fragment.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import unquote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# After the inline pass has made the links (20), before MkDocs resolves and records them (0).
PRIORITY = 5


class DecodeFragments(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href")
            if href and "#" in href and "%" in href.split("#", 1)[1]:
                path, fragment = href.split("#", 1)
                a.set("href", f"{path}#{unquote(fragment)}")


class FragmentExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(DecodeFragments(md), "decode_fragments", PRIORITY)
