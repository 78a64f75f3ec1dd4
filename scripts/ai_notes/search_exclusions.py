"""What the theme's search leaves out of a page, marked at the source.

Each is marked with the theme's own `data-search-exclude` attribute, so the theme's search plugin
skips it; the page shows it unchanged.

- A note's summary box (`!!! abstract "요약"`) restates in a few lines what the note then
  explains: about 3% of the index bytes every reader downloads, and no word a reader could not
  find in the note itself. The page entry then starts with the note's introduction, which also
  reads better as a result snippet.
- Display formulas (`div.arithmatex`): their TeX source (`\\prod_{t=1}^{T}`, `\\mathbb{R}`) was
  no word a reader types and showed as unreadable snippets. Inline math stays (the search index
  shows it as text, see search_index.plain_math).
- Code block titles (`<span class="filename">`, "Ubuntu (bash)", "출력 예"): the code blocks
  themselves are out of the index (search_index.drop_code_blocks); their titles were left as
  stray words between paragraphs.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

EXCLUDE = "data-search-exclude"
# After the admonition and math blocks are built (block parsing), before the theme reads the HTML.
TREE_PRIORITY = 3
SUMMARY = {"admonition", "abstract"}
DISPLAY_MATH = {"arithmatex"}
# Code blocks reach the page as stored HTML (highlighted by Pygments), so their titles are marked
# in the output text, after the stored HTML is put back (the raw-HTML postprocessor runs at 30).
TEXT_PRIORITY = 5
CODE_TITLE = re.compile(r'<span class="filename">')


class MarkBlocks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in root.iter("div"):
            classes = set((el.get("class") or "").split())
            if SUMMARY <= classes or DISPLAY_MATH <= classes:
                el.set(EXCLUDE, "")


class MarkCodeTitles(Postprocessor):
    def run(self, text: str) -> str:
        return CODE_TITLE.sub(f'<span class="filename" {EXCLUDE}="">', text)


class SearchExclusionsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(MarkBlocks(md), "search_exclusions", TREE_PRIORITY)
        md.postprocessors.register(MarkCodeTitles(md), "search_exclusions_code_titles", TEXT_PRIORITY)


def makeExtension(**kwargs) -> SearchExclusionsExtension:
    return SearchExclusionsExtension(**kwargs)
