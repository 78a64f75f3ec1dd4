"""The glossary rules of the docs checker, on small broken data files: exact lines and codes."""
from __future__ import annotations

from pathlib import Path

import pytest
from ai_notes.check.glossary import check_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"


def problems(name: str) -> list[tuple[int, int, str]]:
    found = check_glossary(FIXTURES / name)
    assert all(p.code == "glossary" and p.severity == "error" for p in found)
    return [(p.line, p.col, p.message) for p in found]


def test_valid_file_has_no_problems() -> None:
    assert problems("valid.yml") == []


def test_syntax_error_points_at_the_broken_value() -> None:
    [(line, col, message)] = problems("syntax.yml")
    assert (line, col) == (4, 7)  # the unclosed quote of `en:`
    assert message.startswith("YAML 문법 오류")


@pytest.mark.parametrize(
    ("line", "col", "fragment"),
    [
        (8, 26, "related 'missing-id'는 없는 id"),
        (9, 9, "docs/ko/vision/no-such-note.md가 없다"),
        (10, 7, "id 'Bad_Id'는 영문 소문자"),
        (13, 14, "태그 '없는태그'는 data/tags.yml에 없다"),
        (16, 7, "id 'good-term'가 중복"),
        (17, 7, "표제어 '좋은 용어'가 'good-term'의 '좋은 용어'와 겹친다(2행)"),
        (22, 3, "필수 필드 'def_en'가 없다"),
        (27, 3, "알 수 없는 필드 'colour'"),
        (31, 13, "다른 이름 '좋은 용어'가"),
        (33, 11, "def_ko는 한다체"),
        (35, 13, "'autolink'는 true 또는 false"),
    ],
)
def test_each_rule_reports_the_line_of_the_field(line: int, col: int, fragment: str) -> None:
    found = problems("fields.yml")
    assert any((ln, c) == (line, col) and fragment in m for ln, c, m in found), found


def test_every_problem_of_the_fixture_is_expected() -> None:
    assert [(ln, c) for ln, c, _ in problems("fields.yml")] == [
        (8, 26), (9, 9), (10, 7), (13, 14), (16, 7), (17, 7), (22, 3), (27, 3), (31, 13), (33, 11), (35, 13),
    ]


def test_output_format_and_missing_file(tmp_path: Path) -> None:
    [problem] = check_glossary(FIXTURES / "syntax.yml")
    assert problem.text().startswith("tests/fixtures/glossary/syntax.yml:4:7: error glossary YAML 문법 오류") or \
        ":4:7: error glossary YAML 문법 오류" in problem.text()
    [missing] = check_glossary(tmp_path / "glossary.yml")
    assert missing.line == 1 and "읽지 못했다" in missing.message


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes("- id: a\n  ko: 가\n".encode() + b"  en: \xff\n")
    [problem] = check_glossary(path)
    assert problem.line == 3 and "UTF-8" in problem.message
