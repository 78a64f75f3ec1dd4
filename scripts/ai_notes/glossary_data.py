"""The glossary data file (data/glossary.yml): the model, loading and validation.

Each entry's shape is checked against data/glossary.schema.json (jsonschema), with the Korean
message the schema gives for each failed keyword; the rules across entries and the entry's own
rules beyond its shape are small functions here. Every problem carries the line of its field.

Order and grouping are in glossary_collation.py, finding terms in text in glossary_matcher.py.
One module for every consumer: the MkDocs hook that builds the glossary pages and annotates
notes (scripts/ai_notes/hooks/glossary.py), the docs checker (scripts/ai_notes/check/glossary.py), the tests and
the benchmark. The field rules are documented in the header comment of data/glossary.yml.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ai_notes import tags

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_FILE = ROOT / "data" / "glossary.yml"
TAGS_FILE = ROOT / "data" / "tags.yml"
DOCS_KO = ROOT / "docs" / "ko"

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NOTE_RE = re.compile(r"[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*")
SCHEMA_FILE = ROOT / "data" / "glossary.schema.json"
_SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
REQUIRED = tuple(_SCHEMA["required"])
FIELDS = REQUIRED + tuple(k for k in _SCHEMA["properties"] if k not in REQUIRED)

HANGUL = "가-힣"


# ---------------------------------------------------------------------------------------------
# Terms


@dataclass(frozen=True)
class Term:
    id: str
    ko: str
    en: str
    tags: tuple[str, ...]
    def_ko: str
    def_en: str
    abbr: str = ""
    aliases: tuple[str, ...] = ()
    discouraged: tuple[str, ...] = ()  # aliases notes must not use in prose (scripts/ai_notes/check/vocabulary.py)
    related: tuple[str, ...] = ()
    note: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    autolink: bool = True
    line: int = 0  # line of the item in the data file (1-based)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form: headword, English, abbreviation, aliases (no duplicates)."""
        out: list[str] = []
        for name in (self.ko, self.en, self.abbr, *self.aliases):
            if name and name not in out:
                out.append(name)
        return tuple(out)

    def headword(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def label(self, lang: str) -> str:
        """Heading text: headword followed by the other names in parentheses.

        ko: "과적합 (Overfitting)", "비최대 억제 (NMS, Non-maximum suppression)", "IoU (Intersection over union)"
        en: "Overfitting (과적합)", "Non-maximum suppression (NMS, 비최대 억제)"
        """
        head = self.headword(lang)
        extra = [self.abbr, self.en if lang == "ko" else self.ko]
        seen = {fold(head)}
        shown = []
        for name in extra:
            if name and fold(name) not in seen:
                seen.add(fold(name))
                shown.append(name)
        return f"{head} ({', '.join(shown)})" if shown else head

    def definition(self, lang: str) -> str:
        return self.def_ko if lang == "ko" else self.def_en

    def short_definition(self, lang: str, limit: int = 140) -> str:
        """The first sentence of the definition (the whole definition when it is short)."""
        text = self.definition(lang)
        if len(text) <= limit:
            return text
        parts = re.split(r"(?<=다\.)\s+" if lang == "ko" else r"(?<=\.)\s+(?=[A-Z0-9])", text, maxsplit=1)
        return parts[0]


def fold(text: str) -> str:
    """Comparison key for names: NFC, case-folded, without spaces, hyphens and middle dots."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\s\-‐_·.]+", "", text)


# ---------------------------------------------------------------------------------------------
# Loading and validation


@dataclass
class Issue:
    line: int
    col: int
    message: str


class GlossaryError(Exception):
    def __init__(self, path: Path, issues: list[Issue]):
        self.path = path
        self.issues = issues
        lines = "\n".join(f"  {path}:{i.line}:{i.col}: {i.message}" for i in issues[:20])
        more = f"\n  … 외 {len(issues) - 20}개" if len(issues) > 20 else ""
        super().__init__(f"용어집 데이터 오류 {len(issues)}개:\n{lines}{more}")


def allowed_tags(path: Path = TAGS_FILE) -> list[str]:
    """Korean tag keys: glossary categories are Korean keys, labelled per language on the page."""
    return tags.allowed("ko", path)


def _mark(node: yaml.Node | None, fallback: int = 1) -> tuple[int, int]:
    if node is None:
        return fallback, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node) -> Any:
    """Python value of a node, with YAML's own type resolution (true, 3, null...)."""
    # A bare constructor: a whole SafeLoader (reader, scanner, parser) per node cost most of
    # the time of reading the file.
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def _scalar(node: yaml.Node) -> Any:
    return _construct(node) if isinstance(node, yaml.ScalarNode) else None


# Which failure of a field to report when it fails several keywords at once.
_KEYWORD_ORDER = ("type", "required", "additionalProperties", "minLength", "minItems", "pattern")
# A name or definition with stray spaces is reported but still used (trimmed).
_SOFT = {("pattern", key) for key in ("ko", "en", "abbr", "def_ko", "def_en", "note")}


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(_SCHEMA)
    cls.check_schema(_SCHEMA)
    return cls(_SCHEMA)


def _rank(error: jsonschema.ValidationError) -> int:
    order = _KEYWORD_ORDER
    return order.index(error.validator) if error.validator in order else len(order)


def shape_issues(data: dict[str, Any], nodes: dict[str, yaml.Node],
                 item: yaml.Node) -> list[tuple[yaml.Node, str, bool]]:
    """The entry checked against data/glossary.schema.json: (node, Korean message, hard) for the
    first failure of each field; a hard failure keeps the entry out of the glossary."""
    first: dict[tuple, jsonschema.ValidationError] = {}
    for error in _validator().iter_errors(data):
        path = tuple(error.absolute_path)[:2]
        if error.validator == "required" and not error.absolute_path:
            path = ("required", error.message)
        kept = first.get(path)
        if kept is None or _rank(error) < _rank(kept):
            first[path] = error
    out = []
    for path, error in first.items():
        if path[0] == "required":
            field = re.search(r"'([^']+)'", error.message)
            out.append((item, f"필수 필드 '{field.group(1) if field else error.message}'가 없다.", True))
            continue
        node = nodes[path[0]]
        if len(path) > 1 and isinstance(node, yaml.SequenceNode) and isinstance(path[1], int):
            node = node.value[path[1]]
        messages = error.schema.get("x-messages", {}) if isinstance(error.schema, dict) else {}
        message = messages.get(error.validator, f"'{path[0]}': {error.message}")
        value = error.instance if isinstance(error.instance, str) else ""
        out.append((node, message.replace("{value}", value), (error.validator, path[0]) not in _SOFT))
    return out


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    return [_text(v) for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _term(data: dict[str, Any], nodes: dict[str, yaml.Node], label: str, start: int, allowed: set[str],
          docs_dir: Path | None, bad: Callable[[yaml.Node | None, str], None]) -> Term | None:
    """The entry's own rules beyond its shape (tags, note file, definition style); its Term."""
    tid, def_ko, def_en, note = _text(data.get("id")), _text(data.get("def_ko")), _text(data.get("def_en")), _text(data.get("note"))
    aliases, discouraged, term_tags = _texts(data.get("aliases")), _texts(data.get("discouraged")), _texts(data.get("tags"))
    for name in discouraged:
        if name not in aliases:
            bad(nodes["discouraged"], f"{label}: discouraged의 '{name}'는 aliases에도 있어야 한다(검색은 그 표기로도 찾는다).")
    if def_ko and not re.search(r"[다요]\.$", def_ko):
        bad(nodes["def_ko"], f"{label}: def_ko는 한다체 문장('~다.')으로 끝난다.")
    if def_ko and len(re.findall(r"다\.(?:\s|$)", def_ko)) > 3:
        bad(nodes["def_ko"], f"{label}: def_ko는 1~3문장으로 쓴다.")
    if def_en and not def_en.endswith("."):
        bad(nodes["def_en"], f"{label}: def_en은 마침표로 끝나는 문장으로 쓴다.")
    tag_nodes = nodes["tags"].value if isinstance(nodes.get("tags"), yaml.SequenceNode) else []
    for sub, tag in zip(tag_nodes, data.get("tags") or [], strict=False):
        if isinstance(tag, str) and tag.strip() and _text(tag) not in allowed:
            bad(sub, f"{label}: 태그 '{_text(tag)}'는 data/tags.yml에 없다. 허용 태그: {', '.join(sorted(allowed))}")
    if len(set(term_tags)) != len(term_tags):
        bad(nodes["tags"], f"{label}: 같은 태그가 두 번 있다.")
    if note and NOTE_RE.fullmatch(note) and docs_dir is not None and not (docs_dir / f"{note}.md").is_file():
        bad(nodes["note"], f"{label}: note '{note}'에 해당하는 노트 docs/ko/{note}.md가 없다.")
    sources = tuple((_text(s["title"]), _text(s["url"])) for s in data.get("sources") or []
                    if isinstance(s, dict) and isinstance(s.get("title"), str) and isinstance(s.get("url"), str))
    if not tid:
        return None
    return Term(
        id=tid, ko=_text(data.get("ko")), en=_text(data.get("en")), tags=tuple(term_tags), def_ko=def_ko,
        def_en=def_en, abbr=_text(data.get("abbr")), aliases=tuple(aliases), discouraged=tuple(discouraged),
        related=tuple(_texts(data.get("related"))), note=note, sources=sources,
        autolink=data.get("autolink") if isinstance(data.get("autolink"), bool) else True, line=start,
    )


def validate(
    text: str,
    *,
    tags: list[str] | None = None,
    docs_dir: Path | None = DOCS_KO,
) -> tuple[list[Term], list[Issue]]:
    """Parse and check the glossary text. Every issue carries the line of the offending field.

    `docs_dir` is the Korean docs folder used to check `note`; None skips that check.
    """
    issues: list[Issue] = []

    def bad(node: yaml.Node | None, message: str, line: int = 1) -> None:
        ln, col = _mark(node, line)
        issues.append(Issue(ln, col, message))

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed quote, a list);
        # the problem mark is where the parser gave up, often the end of the file.
        context = getattr(exc, "context_mark", None)
        problem_mark = getattr(exc, "problem_mark", None)
        mark = context or problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        where = ""
        if context and problem_mark and problem_mark.line != context.line:
            where = f" ({getattr(exc, 'context', '') or '이 줄에서 시작한 값'}, {problem_mark.line + 1}행에서 발견)"
        return [], [Issue(line, col, f"YAML 문법 오류: {problem}{where}")]
    if root is None:
        return [], [Issue(1, 1, "용어가 하나도 없다. 용어 목록(- id: ...)을 쓴다.")]
    if not isinstance(root, yaml.SequenceNode):
        return [], [Issue(*_mark(root), "최상위는 용어 목록(- id: ...)이어야 한다.")]

    allowed = set(tags if tags is not None else allowed_tags())
    raw: list[tuple[dict[str, Any], dict[str, yaml.Node], yaml.Node]] = []
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            bad(item, "용어 항목은 키: 값 목록이어야 한다.")
            continue
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in item.value:
            key = _scalar(key_node)
            if not isinstance(key, str) or key not in FIELDS:
                bad(key_node, f"알 수 없는 필드 '{key}'. 쓸 수 있는 필드: {', '.join(FIELDS)}")
                continue
            if key in nodes:
                bad(key_node, f"'{key}' 필드가 두 번 있다.")
                continue
            nodes[key] = value_node
            if isinstance(value_node, yaml.ScalarNode):
                values[key] = _scalar(value_node)
            elif isinstance(value_node, yaml.SequenceNode):
                values[key] = [_scalar(v) if isinstance(v, yaml.ScalarNode) else v for v in value_node.value]
            else:
                values[key] = value_node
        raw.append((values, nodes, item))

    terms: list[Term] = []
    for values, nodes, item in raw:
        start = _mark(item)[0]
        tid = values.get("id")
        label = f"'{tid}'" if isinstance(tid, str) else f"{start}행의 용어"
        data = {key: _construct(node) for key, node in nodes.items()}
        ok = True
        for node, message, hard in shape_issues(data, nodes, item):
            bad(node, message if message.startswith("id '") else f"{label}: {message}")
            ok = ok and not hard
        term = _term(data, nodes, label, start, allowed, docs_dir, bad)
        if ok and term is not None:
            terms.append(term)

    _cross_entry_rules(raw, root, bad)
    issues.sort(key=lambda i: (i.line, i.col))
    return terms, issues


def _cross_entry_rules(raw: list[tuple[dict[str, Any], dict[str, yaml.Node], yaml.Node]], root: yaml.SequenceNode,
                       bad: Callable[..., None]) -> None:
    """Unique ids, unique headwords and names, related ids that exist."""
    by_id: dict[str, tuple[int, int]] = {}
    names: dict[str, tuple[int, str, str]] = {}  # folded name -> (item number, id, name)
    for number, (values, nodes, _item) in enumerate(raw):
        tid = values.get("id")
        if not isinstance(tid, str) or "id" not in nodes:
            continue
        if tid in by_id:
            bad(nodes["id"], f"id '{tid}'가 중복이다({by_id[tid][0]}행에 이미 있다).")
        else:
            by_id[tid] = _mark(nodes["id"])
        for key in ("ko", "en", "abbr", "aliases"):
            node = nodes.get(key)
            if node is None:
                continue
            pairs = (zip(node.value, values[key], strict=False) if isinstance(node, yaml.SequenceNode)
                     else [(node, values.get(key))])
            for sub, name in pairs:
                if not isinstance(name, str) or not name.strip():
                    continue
                key_name = fold(name)
                owner = names.get(key_name)
                if owner and owner[0] != number:
                    what = "표제어" if key in ("ko", "en") else ("약어" if key == "abbr" else "다른 이름")
                    bad(sub, f"'{tid}'의 {what} '{name}'가 '{owner[1]}'의 '{owner[2]}'와 겹친다"
                             f"({_mark(root.value[owner[0]])[0]}행). 용어마다 이름이 달라야 한다.")
                elif not owner:
                    names[key_name] = (number, tid, name)
    known = set(by_id)
    for values, nodes, _ in raw:
        node = nodes.get("related")
        if not isinstance(node, yaml.SequenceNode):
            continue
        for sub, rid in zip(node.value, values["related"], strict=False):
            if isinstance(rid, str) and rid not in known:
                bad(sub, f"'{values.get('id')}'의 related '{rid}'는 없는 id다.")
            elif rid == values.get("id"):
                bad(sub, f"'{rid}'가 자기 자신을 related로 가리킨다.")


Key = tuple[str, tuple[str, ...], "Path | None"]              # text, allowed tags, docs folder
Result = tuple[tuple[Term, ...], tuple[Issue, ...]]
# Validations done in this process, or handed over by another (see remember); the last few.
_done: dict[Key, Result] = {}
_KEEP = 4


def validate_once(text: str, *, tags: list[str] | None = None,
                  docs_dir: Path | None = DOCS_KO) -> tuple[list[Term], list[Issue]]:
    """validate(), remembered for the same text and settings: the checker's glossary check, its
    vocabulary rule and the term marks of every note read the same file (parsing it is the
    costly part)."""
    key = (text, tuple(tags if tags is not None else allowed_tags()), docs_dir)
    result = _done.get(key)
    if result is None:
        terms, issues = validate(text, tags=list(key[1]), docs_dir=docs_dir)
        result = (tuple(terms), tuple(issues))
        remember([(key, result)])
    return list(result[0]), list(result[1])


def validations() -> list[tuple[Key, Result]]:
    """The validations this process holds, to hand to another process (see remember)."""
    return list(_done.items())


def remember(done: list[tuple[Key, Result]]) -> None:
    """Take validations (the docs checker validates the glossary in a helper process while it
    loads the Markdown setup, and its workers start with the result)."""
    for key, result in done:
        _done.pop(key, None)
        _done[key] = result
        while len(_done) > _KEEP:
            _done.pop(next(iter(_done)))


def repository_of(path: Path) -> tuple[Path, Path]:
    """(tags file, Korean docs folder) of the repository a glossary file belongs to; a copy
    elsewhere (a test's temporary folder) uses the site's."""
    path = Path(path)
    tags_file = path.parent / "tags.yml"
    docs_dir = path.parent.parent / "docs" / "ko"
    return (tags_file if tags_file.is_file() else TAGS_FILE), (docs_dir if docs_dir.is_dir() else DOCS_KO)


def load(path: Path = GLOSSARY_FILE, *, docs_dir: Path | None = DOCS_KO) -> list[Term]:
    """The valid terms of the data file; raises GlossaryError listing every problem."""
    path = Path(path)
    terms, issues = validate_once(path.read_text(encoding="utf-8"), docs_dir=docs_dir)
    if issues:
        raise GlossaryError(path, issues)
    return terms


__all__ = [
    "GLOSSARY_FILE", "GlossaryError", "Issue", "Term", "allowed_tags", "fold", "load", "repository_of",
    "validate", "validate_once",
]
