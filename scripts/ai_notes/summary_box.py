"""A note's summary box (`!!! abstract "요약"`) stays out of the search index.

The box restates in a few lines what the note then explains; in the index it added about 3% of
the bytes every reader downloads and no word a reader could not find in the note itself. Its
page entry now starts with the note's introduction, which also reads better as a result snippet.
The box is marked with the theme's own `data-search-exclude` attribute, so the theme's search
plugin leaves it out; the page shows it unchanged.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# After the admonition block is built (block parsing) and before the theme reads the HTML.
PRIORITY = 3
SUMMARY = {"admonition", "abstract"}
EXCLUDE = "data-search-exclude"


class MarkSummary(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in root.iter("div"):
            if SUMMARY <= set((el.get("class") or "").split()):
                el.set(EXCLUDE, "")


class SummaryBoxExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(MarkSummary(md), "summary_box", PRIORITY)


def makeExtension(**kwargs) -> SummaryBoxExtension:
    return SummaryBoxExtension(**kwargs)
