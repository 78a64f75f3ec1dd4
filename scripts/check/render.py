"""Render a note exactly as the site's Markdown configuration does, and read facts off the HTML."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown

UNSAFE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
LITERAL_REF = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")


@dataclass
class HtmlFacts:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)      # (tag, url) for a[href], img[src]
    unsafe: list[str] = field(default_factory=list)                # descriptions of unsafe markup
    literal_refs: list[str] = field(default_factory=list)          # "[text][label]" left unrendered
    tables: int = 0


class _FactParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self._code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if "id" in a:
            self.facts.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.facts.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.facts.links.append(("a", a["href"]))
        if tag == "img" and "src" in a:
            self.facts.links.append(("img", a["src"]))
        if tag in {"code", "pre", "script", "style"}:
            self._code_depth += 1
        if tag == "table":
            self.facts.tables += 1
        if tag in UNSAFE_TAGS:
            self.facts.unsafe.append(f"<{tag}>")
        for name, value in a.items():
            if name.startswith("on"):
                self.facts.unsafe.append(f"{name}=")
            if name in {"href", "src", "action", "formaction", "data", "xlink:href"} and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:")):
                self.facts.unsafe.append("javascript:")

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
    parser = _FactParser()
    parser.feed(html)
    parser.close()
    return parser.facts


class Renderer:
    """One Python-Markdown instance with the extensions and options of mkdocs.yml."""

    def __init__(self, extensions: list[Any], configs: dict[str, dict[str, Any]], root: Path) -> None:
        configs = copy.deepcopy(configs)
        snippets = configs.get("pymdownx.snippets")
        if snippets is not None:
            base = snippets.get("base_path", ["."])
            base = [base] if isinstance(base, str) else base
            snippets["base_path"] = [str((root / b).resolve()) for b in base]
        self.md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)

    def render(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)
