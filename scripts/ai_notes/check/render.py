"""Render a note exactly as the site's Markdown configuration does, and read facts off the HTML."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from pygments.lexers.special import TextLexer
from pygments.style import Style
from pymdownx.highlight import Highlight

from ai_notes import line_anchors
from ai_notes.glossary_marks import GLOSSARY_PAGE
from ai_notes.site_config import project_extensions

LITERAL_REF = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")


@dataclass
class HtmlFacts:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)      # (tag, url) for a[href], img[src]
    literal_refs: list[str] = field(default_factory=list)          # "[text][label]" left unrendered
    tables: int = 0


def _start(facts: HtmlFacts, tag: str, attrs: list[tuple[str, str | None]]) -> None:
    """What a start tag adds to the facts (tag and attribute names in lower case)."""
    a = {k: (v or "") for k, v in attrs}
    if "id" in a:
        facts.ids.add(a["id"])
    if tag == "a" and "name" in a:
        facts.ids.add(a["name"])
    if tag == "a" and "href" in a:
        # A glossary term mark is made from the data (the glossary check vouches for its id),
        # not written by the writer: there is nothing in the note to check or point at.
        if not (a.get("data-glossary") and a["href"].endswith(f"{GLOSSARY_PAGE}#{a['data-glossary']}")):
            facts.links.append(("a", a["href"]))
    if tag == "img" and "src" in a:
        facts.links.append(("img", a["src"]))
    if tag == "table":
        facts.tables += 1


class _FactParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self._code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _start(self.facts, tag, [(k.lower(), v) for k, v in attrs])
        if tag in {"code", "pre", "script", "style"}:
            self._code_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"code", "pre", "script", "style"}:
            self._code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"code", "pre", "script", "style"} and self._code_depth:
            self._code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._code_depth:
            self.facts.literal_refs.extend(m.group(0) for m in LITERAL_REF.finditer(data))


def html_facts(html: str) -> HtmlFacts:
    # Code line anchors: ids only (each links to itself), see ai_notes.line_anchors.
    html, line_ids = line_anchors.set_aside(html)
    facts = _fast_facts(html)
    if facts is None:
        parser = _FactParser()
        parser.feed(html)
        parser.close()
        facts = parser.facts
    facts.ids.update(line_ids)
    return facts


# What Python-Markdown writes: tags with double-quoted (escaped) or bare attributes. HTML that is
# all such tags reads the same as with HTMLParser, several times faster; anything else (comments,
# scripts, odd quoting in raw HTML) goes to HTMLParser.
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_ATTRS = r'(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)'
_TAG = re.compile(rf"<(?:({_NAME})({_ATTRS}*)\s*(/?)|/({_NAME})\s*)>")
_NOT_A_TAG = re.compile(rf"<(?!(?:{_NAME}{_ATTRS}*\s*/?|/{_NAME}\s*)>)")
_RAW_TEXT = re.compile(r"<(?:script|style)[\s/>]", re.I)  # raw text elements: HTMLParser's rules
# Start tags that can add a fact: those with attributes, and tables. (What HTML a note may
# contain at all is judged separately, by scripts/ai_notes/check/policy.py.)
_FACT_TAG = re.compile(rf"<(?:({_NAME})({_ATTRS}+)|(table))\s*/?>", re.I)
_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')


def _fast_facts(html: str) -> HtmlFacts | None:
    if _NOT_A_TAG.search(html) or _RAW_TEXT.search(html):
        return None
    if "][" in html or ("&" in html and "][" in unescape(html)):
        return _walk(html)  # text matters: an unrendered [text][label] may be outside code
    facts = HtmlFacts()
    for m in _FACT_TAG.finditer(html):
        if m.group(3):
            _start(facts, m.group(3).lower(), [])
        else:
            _start(facts, m.group(1).lower(), _attributes(m.group(2)))
    return facts


def _attributes(text: str) -> list[tuple[str, str | None]]:
    return [(a.group(1).lower(), unescape(a.group(2)) if a.group(2) else a.group(2))
            for a in _ATTR.finditer(text)]


def _walk(html: str) -> HtmlFacts:
    """Every tag and text, in order (code depth decides which text counts)."""
    sink = _FactParser()
    last = 0
    for m in _TAG.finditer(html):
        _text(sink, html[last:m.start()])
        last = m.end()
        if m.group(4) is not None:
            sink.handle_endtag(m.group(4).lower())
            continue
        tag = m.group(1).lower()
        attrs = _attributes(m.group(2)) if m.group(2) else []
        if m.group(3):
            sink.handle_startendtag(tag, attrs)
        else:
            sink.handle_starttag(tag, attrs)
    _text(sink, html[last:])
    return sink.facts


def _text(sink: _FactParser, text: str) -> None:
    # Only text that could hold an unrendered [text][label] (brackets may be written as entities).
    if "][" in text or ("&" in text and "][" in unescape(text)):
        sink.handle_data(unescape(text))


class PlainHighlight(Highlight):
    """The site's code block markup (wrappers, ids, line anchors) without colouring tokens.

    Colours are the only thing lexing adds, and nothing the checker looks at is inside them;
    lexing is about a fifth of the rendering time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pygments_style = _NoColours  # a formatter builds a stylesheet for its style

    def get_lexer(self, src: str, language: str, inline: bool, stripnl: bool) -> tuple[Any, str]:
        return TextLexer(stripnl=stripnl), language or "text"


class _NoColours(Style):
    styles: dict = {}




def rooted(configs: dict[str, dict[str, Any]], root: Path) -> dict[str, dict[str, Any]]:
    """Extension options with snippet folders made absolute: mkdocs.yml names them from `root`,
    and the checker may run from any folder."""
    configs = copy.deepcopy(configs)
    snippets = configs.get("pymdownx.snippets")
    if snippets is not None:
        base = snippets.get("base_path", ["."])
        base = [base] if isinstance(base, str) else base
        snippets["base_path"] = [str((root / b).resolve()) for b in base]
    return configs


class Renderer:
    """One Python-Markdown instance with the extensions and options of mkdocs.yml."""

    def __init__(self, extensions: list[Any], configs: dict[str, dict[str, Any]], root: Path) -> None:
        # The build adds these in a hook (scripts/ai_notes/hooks/content_policy.py): the same here.
        self.md = markdown.Markdown(extensions=[*extensions, *project_extensions()], extension_configs=rooted(configs, root))
        for ext in self.md.registeredExtensions:
            if hasattr(ext, "get_pymdownx_highlighter"):
                ext.get_pymdownx_highlighter = lambda: PlainHighlight  # this instance only

    def render(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)
