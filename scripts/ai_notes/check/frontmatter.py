"""Front matter: YAML syntax, the JSON Schema in data/, and tags from data/tags.yml."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ai_notes import tags as tags_data
from ai_notes.check.problems import Problem
from ai_notes.check.source import Source


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml when PyYAML has it) that reads dates as the text written.

    An impossible date such as 2026-13-45 would otherwise raise while loading; as text, the
    schema's pattern reports it with its location like any other field.
    """


Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in Loader.yaml_implicit_resolvers.copy().items()
}
PLAIN_TEXT_FIELDS = {"title", "description", "subtitle"}


@lru_cache(maxsize=2)
def _validator(path: Path) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def allowed_tags(path: Path, locale: str = "ko") -> tuple[str, ...]:
    try:
        return tuple(tags_data.allowed(locale, path))
    except tags_data.TagsError:
        return ()  # the glossary check reports the broken tags file once, with its line


def _node_line(node: yaml.Node | None, path: list[Any]) -> tuple[int, int] | None:
    """0-based (line, col) of the YAML node at a JSON path, or of its nearest parent."""
    best = (node.start_mark.line, node.start_mark.column) if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
            if match is None:
                break
            best = (match[0].start_mark.line, match[0].start_mark.column)
            node = match[1]
            if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                best = (node.start_mark.line, node.start_mark.column)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            best = (node.start_mark.line, node.start_mark.column)
        else:
            break
    return best


def _schema_message(error: jsonschema.ValidationError, display: str) -> str:
    """What to do about one schema error, in Korean."""
    field = ".".join(str(p) for p in error.absolute_path) or "front matter"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"필수 필드 {missing} 가 없다. front matter에 추가한다."
    if error.validator == "additionalProperties":
        return f"알 수 없는 필드다: {error.message}. 철자를 확인하거나 지운다."
    if error.validator == "pattern" and field in PLAIN_TEXT_FIELDS | {"tags." + str(i) for i in range(99)}:
        return (f"{field} 에 HTML로 읽히는 문자(< > \" ` 또는 &이름;)가 있다. 페이지 제목·설명은 글자 그대로 "
                "출력되므로 그 문자를 빼거나 다른 문자(‘ ’, “ ”, 및)로 바꾼다.")
    if field.startswith("translation"):
        return (f"{field}: 번역 기록은 손으로 쓰지 않는다. python -m ai_notes.translations stamp "
                f"{display} 로 다시 기록한다 ({error.message}).")
    if error.validator == "pattern" and field == "reviewed":
        return f"reviewed 는 실제 날짜를 YYYY-MM-DD 로 쓴다(예: 2026-12-04). 지금 값: {error.instance!s:.40}"
    return f"{field}: {error.message}"


def check_front_matter(
    src: Source, schema_path: Path, tags_path: Path, required: bool = True, note: bool = True,
    locale: str = "ko",
) -> list[Problem]:
    """`note` is False for site pages (home, tags, glossary) that need no topic tags.

    English pages (`locale` "en") use the English labels of data/tags.yml.
    """
    if src.front_matter is None:
        if required and src.text.strip():
            return [Problem(src.display, 1, 1, "frontmatter-missing",
                            "front matter가 없다. 파일 맨 앞에 --- 로 감싼 title, description, tags 를 쓴다.")]
        return []
    offset = 1  # the opening --- line
    try:
        data = yaml.load(src.front_matter, Loader=Loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line if mark else 0) + offset + 1
        col = (mark.column if mark else 0) + 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [Problem(src.display, line, col, "frontmatter-yaml",
                        f"front matter YAML 오류: {reason}. 따옴표, 콜론(:), 들여쓰기를 확인한다.")]
    if not isinstance(data, dict):
        return [Problem(src.display, offset + 1, 1, "frontmatter-field",
                        "front matter는 키: 값 형태의 매핑이어야 한다.")]
    problems: list[Problem] = []
    errors = sorted(_validator(schema_path).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    tags = data.get("tags")
    allowed = allowed_tags(tags_path, locale)
    unknown = [(i, t) for i, t in enumerate(tags) if isinstance(t, str) and t not in allowed] \
        if isinstance(tags, list) else []
    is_note = note and required and src.path.name != "index.md"
    no_sources = is_note and not data.get("sources")
    no_reviewed = is_note and "reviewed" not in data
    # English notes say which version of the Korean note they translate; Korean notes are originals.
    no_translation = is_note and locale == "en" and "translation" not in data
    stray_translation = locale != "en" and "translation" in data
    if not (errors or unknown or no_sources or no_reviewed or no_translation or stray_translation):
        return []
    # Only a file with problems needs the node tree that says where each field is.
    node = yaml.compose(src.front_matter, Loader=Loader)
    for error in errors:
        where = _node_line(node, list(error.absolute_path)) or (0, 0)
        if error.validator == "required" and not note and "'tags'" in error.message:
            continue  # site pages need no topic tags
        message = _schema_message(error, src.display)
        problems.append(Problem(src.display, where[0] + offset + 1, where[1] + 1, "frontmatter-field", message))
    if no_sources:
        where = _node_line(node, ["sources"]) or (0, 0)
        problems.append(Problem(src.display, where[0] + offset + 1, where[1] + 1, "frontmatter-field",
                                "sources 가 비어 있다. 숫자·날짜·이름을 확인한 1차 자료(논문, 공식 문서)를 title 과 url 로 적는다."))
    if no_reviewed:
        problems.append(Problem(src.display, offset + 1, 1, "frontmatter-field",
                                "reviewed 가 없다. 사실을 1차 자료로 마지막으로 확인한 날을 reviewed: YYYY-MM-DD 로 적는다."))
    if no_translation:
        problems.append(Problem(src.display, offset + 1, 1, "frontmatter-field",
                                "translation 이 없다. 번역을 한국어 원문에 맞춘 뒤 python -m ai_notes.translations stamp "
                                f"{src.display} 로 원문 버전을 기록한다."))
    if stray_translation:
        where = _node_line(node, ["translation"]) or (0, 0)
        problems.append(Problem(src.display, where[0] + offset + 1, where[1] + 1, "frontmatter-field",
                                "translation 은 영어 번역(docs/en/)에만 쓴다. 한국어 노트에서는 지운다."))
    for i, tag in unknown:
        where = _node_line(node, ["tags", i]) or (0, 0)
        problems.append(Problem(src.display, where[0] + offset + 1, where[1] + 1, "frontmatter-tag",
                                f"태그 '{tag}' 는 data/tags.yml 에 없다. 이 언어의 허용 태그: {', '.join(allowed)}"))
    return problems
