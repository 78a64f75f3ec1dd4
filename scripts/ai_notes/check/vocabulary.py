"""One Korean term per concept: a note that uses a discouraged spelling (data/glossary.yml,
field `discouraged`) gets a warning with the preferred form. Code, quotes and link targets are
exempt, so a note can still say that '파인튜닝' means 미세조정."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ai_notes.check.problems import Problem
from ai_notes.check.source import Source

# A Hangul word ends where Hangul ends, or where a particle or a common verb ending follows.
_ENDINGS = ("은|는|이|가|을|를|의|와|과|로|으로|에|에서|에게|도|만|까지|부터|처럼|보다|이다|이며|이고|이나|인|란|이란|"
            "라는|이라는|로서|으로서|마다|별|된|되는|되어|되고|하는|한|할|해|하고|하며|하여|시킨|시켜")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|‘[^’\n]*’|“[^”\n]*”|\]\([^)\n]*\)")


@lru_cache(maxsize=2)
def _rules(glossary: Path) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    from ai_notes.glossary_data import allowed_tags, repository_of, validate_once

    # The entries that parse: a glossary with problems is reported by its own check, and must
    # not turn every note into an error. (Read with the glossary check's settings, so the file
    # is parsed once.)
    try:
        text = glossary.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, {}
    tags_file, docs_dir = repository_of(glossary)
    try:
        tags = allowed_tags(tags_file)
    except Exception:  # a broken tags file is reported by its own check
        tags = None
    terms, _issues = validate_once(text, tags=tags, docs_dir=docs_dir)
    preferred: dict[str, tuple[str, str]] = {}
    for term in terms:
        for form in term.discouraged:
            preferred[form] = (term.ko, term.id)
    if not preferred:
        return None, {}
    forms = "|".join(re.escape(f) for f in sorted(preferred, key=len, reverse=True))
    pattern = re.compile(rf"(?<![가-힣A-Za-z])({forms})(?=$|[^가-힣]|(?:{_ENDINGS})(?![가-힣]))")
    return pattern, preferred


def find(glossary: Path, text: str) -> list[tuple[str, str, str]]:
    """(discouraged form, preferred word, term id) for each use in a plain text."""
    pattern, preferred = _rules(glossary)
    if pattern is None:
        return []
    return [(m.group(1), *preferred[m.group(1)]) for m in pattern.finditer(text)]


def check(src: Source, glossary: Path) -> list[Problem]:
    pattern, preferred = _rules(glossary)
    if pattern is None:
        return []
    problems = []
    for index in range(src.body_start, len(src.lines)):
        if index in src.code_lines:
            continue
        line = src.lines[index]
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(line)]
        for m in pattern.finditer(line):
            if src.in_code(index, m.start()) or any(a <= m.start() < b for a, b in quoted):
                continue
            form = m.group(1)
            word, term_id = preferred[form]
            problems.append(Problem(src.display, index + 1, m.start() + 1, "vocabulary",
                                    f"'{form}'은(는) '{word}'(으)로 바꿔 쓴다(용어 통일, data/glossary.yml 의 {term_id})."))
    return problems
