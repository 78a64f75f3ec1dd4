"""The allow list of HTML a page may contain (data/html_policy.yml), judged as a browser reads it.

The checker and the build (scripts/ai_notes/hooks/content_policy.py) both call `Policy.judge` on a page's
rendered HTML and `locate` to turn what it finds into located problems, so they say the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from ai_notes import line_anchors
from ai_notes.check.problems import Problem
from ai_notes.check.source import Source

# What the URL parser ignores or strips: tabs and newlines anywhere, C0 controls and spaces at the ends.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# A "<" a browser may read as the start of a tag; HTMLParser left it as text.
_TAG_START_IN_TEXT = re.compile(r"<[A-Za-z/!?]")
_PRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Violation:
    kind: str        # element | attribute | value | url | markup
    tag: str
    name: str = ""  # attribute name, or the markup seen
    value: str = ""

    def message(self) -> str:
        tag, name, value = self.tag, self.name, _shown(self.value)
        if self.kind == "element":
            return f"<{tag}> 요소는 노트에 쓸 수 없다(data/html_policy.yml 허용 목록에 없음). {_ELEMENT_ADVICE.get(tag, _DEFAULT_ADVICE)}"
        if self.kind == "attribute" and name.startswith("on"):
            return f"<{tag}>의 {name} 속성은 스크립트를 실행하는 이벤트 처리기다. 지운다."
        if self.kind == "attribute" and name == "style":
            return f"<{tag}>의 style 속성은 페이지 모양을 바꾼다. 지우고, 강조는 **굵게**나 ==형광펜== 같은 Markdown으로 쓴다."
        if self.kind == "attribute":
            return f"<{tag}>의 {name} 속성은 허용되지 않는다(data/html_policy.yml). 지운다."
        if self.kind == "value":
            return f"<{tag} {name}=\"{value}\">의 값이 허용 형식이 아니다(data/html_policy.yml). 값을 고치거나 속성을 지운다."
        if self.kind == "url":
            return (f"<{tag}>의 {name} 주소 '{value}'는 쓸 수 없는 scheme이다. "
                    "http(s):// 주소, mailto: 또는 상대 경로(../section/note.md)만 쓴다.")
        return f"브라우저가 태그로 읽을 수 있는 HTML 조각 '{value}'가 있다. 지우거나 코드(`...`)로 감싼다."


_ELEMENT_ADVICE = {
    **dict.fromkeys(["script", "noscript", "template"], "스크립트는 쓸 수 없다. 지운다."),
    **dict.fromkeys(["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "video", "audio"],
                    "다른 페이지나 미디어를 끼워 넣을 수 없다. 지우고 링크([제목](https://...))로 건다."),
    **dict.fromkeys(["style", "link", "font", "center", "marquee"],
                    "모양은 사이트 CSS가 정한다. 지우고 Markdown 서식을 쓴다."),
    **dict.fromkeys(["meta", "base"], "페이지를 옮기거나 주소 해석을 바꾸는 요소다. 지운다."),
    **dict.fromkeys(["form", "input", "textarea", "button", "select", "option", "fieldset", "output", "dialog"],
                    "독자의 입력을 받는 요소는 쓸 수 없다. 지운다."),
    **dict.fromkeys(["math", "foreignobject", "use", "image", "animate", "set"],
                    "SVG·MathML 요소는 쓸 수 없다. 수식은 $...$, 그림은 ![설명](그림.png)으로 쓴다."),
}
_DEFAULT_ADVICE = "Markdown 문법이나 허용 목록에 있는 요소로 바꾼다."


def _shown(value: str, limit: int = 60) -> str:
    """An attacker's text, safe to print on one line of plain output."""
    value = _PRINTABLE.sub("�", value)
    return value if len(value) <= limit else value[:limit] + "…"


def url_scheme(value: str) -> str | None:
    """The scheme a browser sees in an attribute value (already entity-decoded), lower case."""
    m = _SCHEME.match(_URL_NOISE.sub("", value))
    return m.group(1).lower() if m else None


class Policy:
    def __init__(self, data: dict[str, Any]) -> None:
        self.schemes = frozenset(s.lower() for s in data["url_schemes"])
        self.global_attrs = {k.lower(): _rule(v) for k, v in (data.get("global_attributes") or {}).items()}
        self.elements = {tag.lower(): {k.lower(): _rule(v) for k, v in (attrs or {}).items()}
                         for tag, attrs in data["elements"].items()}
        self.required = {tag.lower(): [a.lower() for a in names]
                         for tag, names in (data.get("required_attributes") or {}).items()}
        self._judged: dict[tuple[str, str], list[Violation]] = {}  # start tag text -> its problems

    def tag_text(self, tag: str, text: str) -> list[Violation]:
        """Problems of a start tag as written (`<a href="..">`); the same text is judged once."""
        key = (tag, text)
        found = self._judged.get(key)
        if found is None:
            found = self._judged[key] = self.start_tag(tag, browser_attributes(text))
        return found

    def start_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> list[Violation]:
        """Problems of one start tag; names in lower case, values entity-decoded."""
        allowed = self.elements.get(tag)
        if allowed is None:
            return [Violation("element", tag)]
        found = []
        present = {name for name, _ in attrs}
        found.extend(Violation("value", tag, name, "") for name in self.required.get(tag, []) if name not in present)
        for name, value in attrs:
            rule = allowed.get(name, self.global_attrs.get(name, _MISSING))
            value = value or ""
            if rule is _MISSING:
                found.append(Violation("attribute", tag, name, value))
            elif rule == "url":
                scheme = url_scheme(value)
                if scheme is not None and scheme not in self.schemes:
                    found.append(Violation("url", tag, name, value))
            elif rule is not None and not rule.fullmatch(value):
                found.append(Violation("value", tag, name, value))
        return found

    def judge(self, html: str) -> list[Violation]:
        html, _ids = line_anchors.set_aside(html)  # harmless as written, see ai_notes.line_anchors
        parser = _Judge(self)
        parser.feed(html)
        parser.close()
        return parser.found


_MISSING: Any = object()


def _rule(value: Any) -> Any:
    if value is None or value == "url":
        return value
    return re.compile(str(value), re.S)


class _Judge(HTMLParser):
    # Character references stay as they are in text (convert_charrefs=False), so that an escaped
    # "&lt;script&gt;" in a code block is text, and a raw "<" in text means the parser gave up on it.
    def __init__(self, policy: Policy) -> None:
        super().__init__(convert_charrefs=False)
        self.policy = policy
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTMLParser and browsers split some tags differently (`<img src="x"/onerror=...>` has
        # an onerror attribute for a browser): the attributes are read again by the browser's rules.
        self.found.extend(self.policy.tag_text(tag.lower(), self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.cdata_elem is None:  # inside script/style the element itself is already refused
            for m in _TAG_START_IN_TEXT.finditer(data):
                self.found.append(Violation("markup", "", "text", data[m.start():m.start() + 20]))

    def handle_comment(self, data: str) -> None:
        # Browsers end a comment at "--!>" and read "<!-->" as an empty one; HTMLParser may not.
        if "--!>" in data or data.startswith((">", "->")) or "<!--" in data:
            self.found.append(Violation("markup", "", "comment", "<!--" + data[:20]))

    def handle_decl(self, decl: str) -> None:
        self.found.append(Violation("markup", "", "decl", "<!" + decl[:20]))

    def unknown_decl(self, data: str) -> None:
        self.found.append(Violation("markup", "", "decl", "<![" + data[:20]))

    def handle_pi(self, data: str) -> None:
        self.found.append(Violation("markup", "", "pi", "<?" + data[:20]))


_SPACE = "\t\n\f\r "


def browser_attributes(tag_text: str) -> list[tuple[str, str]]:
    """The attributes of a start tag as the HTML tokenizer reads them (names lower-cased,
    character references decoded). Duplicates are all kept, so every spelling is judged."""
    i, n = 1, len(tag_text)
    while i < n and tag_text[i] not in _SPACE + "/>":
        i += 1  # the tag name
    attrs: list[tuple[str, str]] = []
    while i < n:
        while i < n and tag_text[i] in _SPACE + "/":
            i += 1
        if i >= n or tag_text[i] == ">":
            break
        start = i
        i += 1  # a "=" first is part of the name
        while i < n and tag_text[i] not in _SPACE + "/>=":
            i += 1
        name = tag_text[start:i].lower()
        while i < n and tag_text[i] in _SPACE:
            i += 1
        value = ""
        if i < n and tag_text[i] == "=":
            i += 1
            while i < n and tag_text[i] in _SPACE:
                i += 1
            if i < n and tag_text[i] in "\"'":
                quote = tag_text[i]
                end = tag_text.find(quote, i + 1)
                end = n if end == -1 else end
                value, i = tag_text[i + 1:end], end + 1
            else:
                start = i
                while i < n and tag_text[i] not in _SPACE + ">":
                    i += 1
                value = tag_text[start:i]
        attrs.append((name, unescape(value)))
    return attrs


@lru_cache(maxsize=2)
def load(path: Path) -> Policy:
    return Policy(yaml.safe_load(path.read_text(encoding="utf-8")))


def _patterns(v: Violation) -> list[re.Pattern[str]]:
    """Where a violation may be written in the Markdown source, most precise first."""
    esc = re.escape
    if v.kind == "element":
        return [re.compile(rf"<\s*{esc(v.tag)}(?![\w-])", re.I)]
    if v.kind in {"attribute", "value", "url"}:
        pats = [re.compile(rf"(?<![\w-]){esc(v.name)}\s*=", re.I), re.compile(rf"(?<![\w-]){esc(v.name)}(?![\w-])", re.I)]
        if v.kind == "url":
            # Raw HTML: the attribute; a Markdown link [x](url): the URL itself.
            head = v.value.strip()[:12]
            if head:
                pats.insert(1, re.compile(re.escape(head), re.I))
            pats.append(re.compile(r"\]\(\s*<?\s*[^)\s]*:"))
        if v.kind == "value" and v.name == "id":
            pats.insert(0, re.compile(r"#" + esc(v.value[:30])))
        return pats
    if v.name == "comment":
        return [re.compile(r"<!--")]
    if v.name in {"decl", "pi"}:
        return [re.compile(r"<[!?]")]
    return [re.compile(esc(v.value[:2]))] if v.value else []


def locate(src: Source, found: list[Violation], code: str = "html-unsafe") -> list[Problem]:
    """One located problem per violation: successive violations of one kind take successive places."""
    problems: list[Problem] = []
    cursors: dict[tuple[str, str, str], tuple[int, int]] = {}
    for v in found:
        key = (v.kind, v.tag, v.name)
        start = cursors.get(key, (src.body_start, 0))
        where = None
        for pattern in _patterns(v):
            where = _search(src, pattern, start)
            if where is not None:
                break
        if where is None:
            where = _search_any(src, _patterns(v)) or (src.body_start, 0)
        cursors[key] = (where[0], where[1] + 1)
        problems.append(Problem(src.display, where[0] + 1, where[1] + 1, code, v.message()))
    return sorted(set(problems))


def _search(src: Source, pattern: re.Pattern[str], start: tuple[int, int]) -> tuple[int, int] | None:
    line, col = start
    for index in range(max(line, src.body_start), len(src.lines)):
        if index in src.code_lines:
            continue
        text = src.lines[index]
        for m in pattern.finditer(text, col if index == line else 0):
            if not src.in_code(index, m.start()):
                return index, m.start()
    return None


def _search_any(src: Source, patterns: list[re.Pattern[str]]) -> tuple[int, int] | None:
    for pattern in patterns:
        where = _search(src, pattern, (src.body_start, 0))
        if where is not None:
            return where
    return None
