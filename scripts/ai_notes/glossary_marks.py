"""Glossary term marks: a Python-Markdown extension (listed in mkdocs.yml as ``ai_notes.glossary_marks``).

On the element tree, after inline parsing, each glossary term (data/glossary.yml) is marked once
per page, at its first mention in running text: a link to the term's entry on the glossary page
that carries the short definition as its title (the theme shows it as a tooltip). Later mentions
stay plain text.

* Never read: code (with code blocks and their titles), links, abbreviations, math, keys,
  form-like elements, admonition titles and anything inside an element with ``data-glossary-skip``.
* Read but never marked (the term counts as used, for the glossary's backlinks): headings, table
  headers, captions, the summary box (``abstract``), cards and buttons.
* A term the writer already linked to the glossary by hand is not linked again.

Which page is being rendered is not something Python-Markdown knows, so the caller says it with
``page_terms(lang, link)`` around the conversion: the site's build hook (hooks/glossary.py) for
every note, the docs checker for every note it renders. Pages rendered outside that context are
marked only when the extension is configured with a ``lang`` (for use under another generator).
The links point at the glossary's Markdown file (``../glossary.md#id``), so the generator turns
them into page URLs and checks them like any hand-written link.
"""
from __future__ import annotations

import bisect
import contextlib
import posixpath
import re
import time
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ai_notes import glossary_data as gd
from ai_notes import glossary_matcher as gm

# Elements whose text is never read.
SKIP_TAGS = frozenset({
    "a", "abbr", "button", "code", "dfn", "kbd", "label", "math",
    "option", "pre", "samp", "script", "select", "style", "summary", "svg", "textarea", "title", "var",
})
SKIP_CLASS = re.compile(r"\b(?:arithmatex|admonition-title|mermaid|headerlink|glossary-[\w-]+)\b")
# Read (the term counts as used on the page) but never marked: a mark there would be decoration.
READ_ONLY_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "th", "caption", "figcaption", "thead"})
READ_ONLY_CLASS = re.compile(r"\b(?:abstract|filename|cards|md-button)\b")
# A hand-written link to a glossary entry: glossary.md#id, or the built page's glossary/#id.
GLOSSARY_LINK = re.compile(r"(?:^|/)glossary(?:\.md|/)?#([a-z0-9-]+)$")
MARK, READ, SKIP = 0, 1, 2
# The pages that get marks, by path inside their language folder: notes (section/slug.md), not
# section indexes, the home page or the glossary itself.
NOTE_PATH = re.compile(r"^[^/]+/(?!index\.md$)[^/]+\.md$")
GLOSSARY_PAGE = "glossary.md"


def glossary_link(local_path: str) -> str | None:
    """The link from a page (its path inside its language folder) to the glossary page, or None
    when the page gets no marks."""
    if not NOTE_PATH.match(local_path):
        return None
    return posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(local_path))


@dataclass
class PageTerms:
    """One page being rendered: its language, the link from it to the glossary page, and (filled
    by the conversion) the ids of the terms it mentions, in order of first mention."""
    lang: str
    link: str = "../glossary.md"
    found: list[str] = field(default_factory=list)


# Time spent marking, in this process (the glossary benchmark reports it).
spent = {"seconds": 0.0}

_current: ContextVar[PageTerms | None] = ContextVar("glossary_page_terms", default=None)


def _record(lang: str, link: str) -> PageTerms:
    return PageTerms(lang="en" if lang == "en" else "ko", link=link)  # the glossary has ko and en texts


@contextlib.contextmanager
def page_terms(lang: str, link: str = "../glossary.md") -> Iterator[PageTerms]:
    """Mark the glossary terms of what is converted inside this block; yields the page's record."""
    page = _record(lang, link)
    token = _current.set(page)
    try:
        yield page
    finally:
        _current.reset(token)


def start_page(lang: str, link: str = "../glossary.md") -> PageTerms:
    """For a caller that cannot wrap the conversion in a block (a build hook: the page is
    converted between two events). The record stays current until the next start_page/end_page."""
    page = _record(lang, link)
    _current.set(page)
    return page


def end_page() -> None:
    _current.set(None)


def _mode(element: etree.Element, parent: int) -> int:
    if parent == SKIP:
        return SKIP
    classes = element.get("class", "")
    if element.tag in SKIP_TAGS or SKIP_CLASS.search(classes) or element.get("data-glossary-skip") is not None:
        return SKIP
    if parent == READ or element.tag in READ_ONLY_TAGS or READ_ONLY_CLASS.search(classes):
        return READ
    return MARK


class GlossaryMarks(Treeprocessor):
    def __init__(self, md: Markdown, extension: GlossaryMarksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page = _current.get()
        if page is None and self.extension.getConfig("lang"):
            page = _record(self.extension.getConfig("lang"), self.extension.getConfig("link"))
        if page is None:
            return
        started = time.perf_counter()
        try:
            matcher = self.extension.matcher()
        except (OSError, gd.GlossaryError):
            # A broken data file is reported once, with its lines, by the glossary check and by
            # the build's glossary hook; every note failing to convert would only bury that.
            return
        linked = {m.group(1) for a in root.iter("a") if (m := GLOSSARY_LINK.search(a.get("href", "")))}
        _Marker(matcher, page, linked).mark(root)
        spent["seconds"] += time.perf_counter() - started


@dataclass
class _Slot:
    """A run of text in the tree: an element's text, or a child's tail (text inside `owner`)."""
    owner: etree.Element
    child: etree.Element | None  # None: owner.text; else child.tail
    mode: int

    @property
    def text(self) -> str:
        return (self.owner.text if self.child is None else self.child.tail) or ""


class _Marker:
    def __init__(self, matcher: gm.TermMatcher, page: PageTerms, linked: set[str]) -> None:
        self.matcher, self.page, self.linked = matcher, page, linked
        self.seen = set(page.found)

    def mark(self, root: etree.Element) -> None:
        slots: list[_Slot] = []
        self._collect(root, MARK, slots)
        texts = [slot.text for slot in slots]
        # One search over the page: NUL never occurs in text and is no word character, so no
        # name matches across two runs.
        starts: list[int] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        found: dict[int, list[tuple[int, int, gd.Term]]] = {}
        for start, end, term in self.matcher.finditer("\0".join(texts)):
            index = bisect.bisect_right(starts, start) - 1
            found.setdefault(index, []).append((start - starts[index], end - starts[index], term))
        for index in sorted(found):
            self._apply(slots[index], texts[index], found[index])

    def _collect(self, element: etree.Element, parent: int, slots: list[_Slot]) -> None:
        mode = _mode(element, parent)
        if mode == SKIP:
            return
        if element.text and element.text.strip():
            slots.append(_Slot(element, None, mode))
        for child in element:
            self._collect(child, mode, slots)
            if child.tail and child.tail.strip():
                slots.append(_Slot(element, child, mode))

    def _apply(self, slot: _Slot, text: str, matches: list[tuple[int, int, gd.Term]]) -> None:
        nodes: list[etree.Element] = []
        head = text
        last = 0
        for start, end, term in matches:
            if term.id not in self.seen:
                self.seen.add(term.id)
                self.page.found.append(term.id)
            if slot.mode == READ or term.id in self.linked:
                continue
            self.linked.add(term.id)
            if nodes:
                nodes[-1].tail = text[last:start]
            else:
                head = text[:start]
            mark = etree.Element("a", {
                "class": "glossary-term", "href": f"{self.page.link}#{term.id}",
                "title": term.short_definition(self.page.lang), "data-glossary": term.id,
            })
            mark.text = text[start:end]
            nodes.append(mark)
            last = end
        if not nodes:
            return
        nodes[-1].tail = text[last:]
        if slot.child is None:
            slot.owner.text = head
            at = 0
        else:
            slot.child.tail = head
            at = list(slot.owner).index(slot.child) + 1
        for offset, node in enumerate(nodes):
            slot.owner.insert(at + offset, node)


@lru_cache(maxsize=2)
def _matcher(path: str, mtime_ns: int, size: int) -> gm.TermMatcher:
    return gm.TermMatcher(gd.load(Path(path)))


class GlossaryMarksExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "glossary": [str(gd.GLOSSARY_FILE), "The glossary data file (YAML)."],
            "lang": ["", "Mark every page in this language (ko or en) without a page context."],
            "link": ["../glossary.md", "Link to the glossary page when `lang` is set."],
        }
        super().__init__(**kwargs)

    def matcher(self) -> gm.TermMatcher:
        """The compiled matcher, shared by every conversion while the data file is unchanged
        (a generator may make a new extension for every page)."""
        path = Path(self.getConfig("glossary"))
        stat = path.stat()
        return _matcher(str(path.resolve()), stat.st_mtime_ns, stat.st_size)

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline parsing (20), attribute lists (8), abbreviations (7) and the table of
        # contents (5); before the generator's own link rewriting (MkDocs: 0).
        md.treeprocessors.register(GlossaryMarks(md, self), "glossary_marks", 4)
        md.registerExtension(self)

    def reset(self) -> None:
        """Nothing to forget between documents: the page context is set per conversion."""


def makeExtension(**kwargs) -> GlossaryMarksExtension:
    return GlossaryMarksExtension(**kwargs)
