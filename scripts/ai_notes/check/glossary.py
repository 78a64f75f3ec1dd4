"""Glossary data (data/glossary.yml): YAML syntax, required fields, unique ids and names,
id format, related ids, tags from data/tags.yml and the `note` of each term.

The rules themselves live in scripts/ai_notes/glossary_data.py, which the build hook uses too, so the
checker and the build can never disagree. Every problem points at the line of the field.
"""
from __future__ import annotations

from pathlib import Path

from ai_notes.check.problems import Problem, display_path
from ai_notes.glossary_data import allowed_tags, repository_of, validate_once


def check_glossary(path: Path) -> list[Problem]:
    path = Path(path)
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(shown, 1, 1, "glossary", f"용어집 파일을 읽지 못했다: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(shown, line, 1, "glossary", "UTF-8이 아닌 바이트가 있다. 파일을 UTF-8로 저장한다.")]
    if text.startswith("\ufeff"):
        text = text[1:]

    tags_file, docs_dir = repository_of(path)
    try:
        tags = allowed_tags(tags_file)
    except Exception as exc:  # a broken tags file is reported by its own check
        return [Problem(shown, 1, 1, "glossary", f"태그 목록 {display_path(tags_file)}을 읽지 못했다: {exc}")]

    terms, issues = validate_once(text, tags=tags, docs_dir=docs_dir)
    problems = [Problem(shown, issue.line, issue.col, "glossary", issue.message) for issue in issues]
    return problems + _vocabulary(path, shown, terms)


def _vocabulary(path: Path, shown: str, terms: list) -> list[Problem]:
    """The glossary's own headwords and definitions follow its preferred forms too."""
    from ai_notes.check.vocabulary import find

    problems = []
    for term in terms:
        for field in ("ko", "def_ko"):
            for form, word, term_id in find(path, getattr(term, field)):
                if field == "ko" and form in term.discouraged:
                    continue
                problems.append(Problem(shown, term.line, 1, "vocabulary",
                                        f"{term.id}.{field}: '{form}'은(는) '{word}'(으)로 바꿔 쓴다(용어 통일, {term_id})."))
    return problems
