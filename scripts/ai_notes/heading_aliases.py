"""Old heading anchors keep working after a heading gets an explicit id.

Notes give every heading a shared ASCII id (`## 설치 방법 { #install }`) so that both languages
and the language switcher use the same fragment. Links and bookmarks made earlier point to the id
the toc extension derived from the heading text (`#설치-방법`). For each heading whose explicit id
differs from that derived id, this Python-Markdown extension puts an empty element carrying the
old id right before the heading, so `#설치-방법` still lands on the section.

The build adds it in scripts/ai_notes/hooks/content_policy.py (on_config) and the docs checker adds it to
its renderer, so both know the same anchors.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.extensions.toc import (
    TocExtension,
    remove_fnrefs,
    render_inner_html,
    slugify,
    strip_tags,
    unique,
)
from markdown.treeprocessors import Treeprocessor

# After attr_list (8) has set explicit ids, before toc (5) derives ids and MkDocs records anchors.
PRIORITY = 6
HEADING = re.compile(r"^h[1-6]$")


class AddHeadingAliases(Treeprocessor):
    def __init__(self, md: Markdown, slug: Callable[[str, str], str], sep: str) -> None:
        super().__init__(md)
        self.slug, self.sep = slug, sep

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if isinstance(el.tag, str) and HEADING.match(el.tag)]
        present = {el.get("id") for el in root.iter() if el.get("id")}
        # The ids toc would have given every heading had none been explicit, in document order.
        derived_used = {el.get("id") for el in root.iter() if el.get("id") and el not in headings}
        counters: dict[str, int] = {}
        aliases: list[tuple[etree.Element, str]] = []
        for el in headings:
            name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
            derived = unique(self.slug(html.unescape(name), self.sep), derived_used, counters)
            if el.get("id") and derived != el.get("id") and derived not in present:
                aliases.append((el, derived))
                present.add(derived)
        if not aliases:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for el, alias in aliases:
            parent = parents.get(el)
            if parent is None:
                continue
            marker = etree.Element("span", {"id": alias, "class": "heading-alias"})
            parent.insert(list(parent).index(el), marker)


class HeadingAliasExtension(Extension):
    """Add after the toc extension: it derives old ids with the toc's own slugify and separator."""

    def extendMarkdown(self, md: Markdown) -> None:
        toc = next((ext for ext in md.registeredExtensions if isinstance(ext, TocExtension)), None)
        options = toc.getConfigs() if toc is not None else {}
        slug = options.get("slugify") or slugify
        md.treeprocessors.register(AddHeadingAliases(md, slug, options.get("separator", "-")),
                                   "heading_aliases", PRIORITY)
