"""The docs checker: one fixture per rule and per no-false-positive case, exact PATH:LINE:COL."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from ai_notes.check.__main__ import main
from ai_notes.check.problems import Problem, annotation, display_path, step_summary
from ai_notes.translations import stamp

FM = ("---\ntitle: 시험 노트\ndescription: 검사기 시험을 위한 노트다.\ntags:\n  - 기초\n"
      "sources:\n  - title: 자료\n    url: https://example.com/\nreviewed: 2026-12-04\n---\n")
FM_LINES = FM.count("\n")  # body line numbers start after these


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write the files; English pages written with FM get English tags and a translation record."""
    docs = root / "docs"
    english_notes = []
    for rel, content in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
            continue
        if rel.startswith("en/") and content.startswith(FM):
            content = content.replace("  - 기초\n", "  - Foundations\n", 1)
            if rel.count("/") == 2 and not rel.endswith("/index.md"):
                english_notes.append(path)
        path.write_text(content, encoding="utf-8")
    for path in english_notes:
        if (docs / "ko" / path.relative_to(docs / "en")).is_file():
            stamp(path, docs)
    return docs


def run(capsys, docs: Path, *args: str) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    rc = main(["--docs-dir", str(docs), *args])
    out = capsys.readouterr().out
    found = []
    for line in out.splitlines():
        location, rest = line.split(": ", 1)
        path, ln, col = location.rsplit(":", 2)
        severity, code, _ = rest.split(" ", 2)
        found.append((path, int(ln), int(col), severity, code))
    return rc, found


def at(docs: Path, rel: str) -> str:
    return display_path(docs / rel)


def note(body: str) -> str:
    return FM + body


def codes(found: list) -> list[str]:
    return [f[4] for f in found]


# --- links --------------------------------------------------------------------------------------

def test_clean_tree_passes(tmp_path, capsys):
    docs = write(tmp_path, {
        "ko/sec/a.md": note("[B](b.md)와 [설치](b.md#설치-방법), [아래](#개요)\n\n## 개요\n\n본문이다.\n"),
        "ko/sec/b.md": note("## 설치 방법\n\n설명이다.\n"),
    })
    rc, found = run(capsys, docs)
    assert (rc, found) == (0, [])


@pytest.mark.parametrize(
    ("body", "code", "needle"),
    [
        ("보기: [없음](missing.md)\n", "link-missing", "missing.md"),
        ("보기: [옛 주소](b.html)\n", "link-html", "b.html"),
        ("보기: [폴더](../sec/)\n", "link-folder", "../sec/"),
        ("보기: [절대](/ko/sec/b.md)\n", "link-absolute", "/ko/"),
        ("보기: [앵커](b.md#없는-앵커)\n", "anchor-missing", "b.md#"),
        ("보기: [여기](#없는-앵커)\n", "anchor-missing", "#"),
        ("보기: ![그림](img/none.png)\n", "image-missing", "img/"),
        ("보기: [다른 언어](../../en/sec/b.md)\n", "link-language", "../../en"),
        ('보기: <a href="b.md">링크</a>\n', "html-link-md", "href"),
    ],
)
def test_link_rules(tmp_path, capsys, body, code, needle):
    col = body.index(needle) + 1
    docs = write(tmp_path, {"ko/sec/a.md": note(body), "ko/sec/b.md": note("## 개요\n\n글.\n")})
    rc, found = run(capsys, docs)
    assert rc == 1
    assert (at(docs, "ko/sec/a.md"), FM_LINES + 1, col, "error", code) in found, found


def test_missing_link_hints_the_likely_path(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("[B](object-detecton.md)\n"), "ko/sec/object-detection.md": note("글.\n")})
    main(["--docs-dir", str(docs)])
    assert "object-detection.md" in capsys.readouterr().out


def test_anchor_forms_that_resolve(tmp_path, capsys):
    target = note(
        "## 설치 방법\n\n## 설치 방법\n\n## 사용자 지정 {#custom-id}\n\n"
        '<div id="raw-html-id">원시 HTML</div>\n\n각주[^1]가 있다.\n\n[^1]: 각주 내용.\n'
    )
    body = (
        "[a](b.md#설치-방법) [b](b.md#설치-방법_1) [c](b.md#custom-id) [d](b.md#raw-html-id)\n"
        "[e](b.md#fn:1) [f](b.md#%EC%84%A4%EC%B9%98-%EB%B0%A9%EB%B2%95)\n"
    )
    docs = write(tmp_path, {"ko/sec/a.md": note(body), "ko/sec/b.md": target})
    assert run(capsys, docs) == (0, [])


def test_anchor_case_and_normalisation(tmp_path, capsys):
    nfd = unicodedata.normalize("NFD", "설치-방법")
    docs = write(tmp_path, {
        "ko/sec/a.md": note(f"[a](b.md#{nfd})\n[b](b.md#Custom)\n"),
        "ko/sec/b.md": note("## 설치 방법\n\n## 이름 {#custom}\n"),
    })
    rc, found = run(capsys, docs)
    assert rc == 1
    assert [(f[1], f[4]) for f in found] == [(FM_LINES + 1, "anchor-normalization"), (FM_LINES + 2, "anchor-missing")]


def test_image_case_mismatch(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("![그림](img/Chart.png)\n"), "ko/sec/img/chart.png": b"\x89PNG\r\n\x1a\n"})
    rc, found = run(capsys, docs)
    if (docs / "ko/sec/img/Chart.png").exists():  # case-insensitive file system
        assert codes(found) == ["image-case"]
    else:
        assert codes(found) == ["image-missing"]


def test_links_in_code_are_ignored(tmp_path, capsys):
    body = (
        "`[x](missing.md)` 는 코드다.\n\n```markdown\n[x](missing.md)\n| a | b |\n| c |\n```\n\n"
        "    [x](missing-indented.md)\n\n~~~\n[y](missing.md)\n~~~\n"
    )
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    assert run(capsys, docs) == (0, [])


def test_links_inside_containers_are_checked(tmp_path, capsys):
    body = (
        '!!! note "메모"\n\n    [a](missing-a.md)\n\n'
        '??? tip "접기"\n\n    [b](missing-b.md)\n\n'
        '=== "탭"\n\n    [c](missing-c.md)\n\n'
        '<div markdown>\n[d](missing-d.md)\n</div>\n'
    )
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    rc, found = run(capsys, docs)
    assert [(f[1], f[4]) for f in found] == [
        (FM_LINES + 3, "link-missing"), (FM_LINES + 7, "link-missing"),
        (FM_LINES + 11, "link-missing"), (FM_LINES + 14, "link-missing"),
    ]


def test_english_page_falls_back_to_korean_target(tmp_path, capsys):
    docs = write(tmp_path, {
        "en/sec/index.md": note("[note](a.md#개요)\n"),
        "ko/sec/a.md": note("## 개요\n\n글.\n"),
    })
    assert run(capsys, docs) == (0, [])


def test_reference_links(tmp_path, capsys):
    body = "[정의됨][ok]과 [없음][missing]\n\n[ok]: https://example.com/a\n[OK]: https://example.com/b\n"
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    rc, found = run(capsys, docs)
    assert rc == 1
    assert (FM_LINES + 1, 12, "error", "ref-undefined") in [f[1:] for f in found]
    assert (FM_LINES + 4, 1, "warning", "ref-duplicate") in [f[1:] for f in found]


def test_warnings_fail_only_with_strict(tmp_path, capsys):
    body = "[a][x]\n\n[x]: https://example.com/1\n[x]: https://example.com/2\n"
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    assert run(capsys, docs)[0] == 0
    assert run(capsys, docs, "--strict")[0] == 1


@pytest.mark.parametrize(
    ("line", "col"),
    [
        ("<script>alert(1)</script>", 1),
        ('<img src="x.png" onerror="alert(1)">', 18),
        ('<a href="javascript:alert(1)">x</a>', 4),
        ('<iframe src="https://example.com"></iframe>', 1),
    ],
)
def test_unsafe_html(tmp_path, capsys, line, col):
    docs = write(tmp_path, {"ko/sec/a.md": note(f"글.\n\n{line}\n"), "ko/sec/x.png": b"\x89PNG\r\n\x1a\n"})
    rc, found = run(capsys, docs)
    assert rc == 1
    assert (FM_LINES + 3, col, "error", "html-unsafe") in [f[1:] for f in found], found


def test_unsafe_html_in_code_is_fine(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("`<script>` 태그.\n\n```html\n<script>alert(1)</script>\n```\n")})
    assert run(capsys, docs) == (0, [])


# --- tables -------------------------------------------------------------------------------------

TABLE = "| 이름 | 값 |\n| --- | --- |\n"


@pytest.mark.parametrize(
    ("body", "line", "code"),
    [
        (TABLE + "| a | 1 | 여분 |\n", 3, "table-cells"),
        (TABLE + "| 하나뿐 |\n", 3, "table-cells"),
        ("| 이름 | 값 | 셋 |\n| --- | --- |\n| a | b | c |\n", 2, "table-header"),
        ("표 앞의 글이다.\n" + TABLE + "| a | 1 |\n", 2, "table-glued"),
        (TABLE + "| a | 1 |\n## 다음 제목\n", 4, "table-glued-after"),
        (TABLE + "| a | 1 |\n- 목록\n", 4, "table-glued-after"),
        (TABLE + "| a | 1 |\n붙은 글\n", 4, "table-glued-after"),
        ("| 이름 | 값 |\n| a | 1 |\n", 1, "table-no-delimiter"),
    ],
)
def test_table_rules(tmp_path, capsys, body, line, code):
    docs = write(tmp_path, {"ko/sec/a.md": note("표를 보인다.\n\n" + body)})
    rc, found = run(capsys, docs)
    assert rc == 1
    assert (FM_LINES + 2 + line, 1, "error", code) in [f[1:] for f in found], found


@pytest.mark.parametrize(
    ("row", "needle", "code"),
    [
        ("| [링크](https://example.com/a|b) | 1 |", "|b)", "table-pipe"),
        ("| $a|b$ | 1 |", "|b$", "table-pipe"),
        ('| <span title="a|b">x</span> | 1 |', '|b"', "table-pipe"),
        ("| `a\\|b` | 1 |", "\\|", "table-code-pipe"),
    ],
)
def test_pipes_that_split_cells(tmp_path, capsys, row, needle, code):
    col = row.index(needle) + 1
    docs = write(tmp_path, {"ko/sec/a.md": note(TABLE + row + "\n")})
    rc, found = run(capsys, docs)
    assert (FM_LINES + 3, col, code) in [(f[1], f[2], f[4]) for f in found], found


def test_table_no_false_positives(tmp_path, capsys):
    body = (
        TABLE + "| `a | b` | 코드 안의 파이프 |\n| a \\| b | 이스케이프 |\n\n"
        '!!! note "표"\n\n    | 가 | 나 |\n    | --- | --- |\n    | 1 | 2 |\n\n'
        '=== "탭"\n\n    | 가 | 나 |\n    | --- | --- |\n    | 1 | 2 |\n\n'
        "## 제목 바로 뒤의 표\n" + TABLE + "| a | b |\n"
    )
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    assert run(capsys, docs) == (0, [])


def test_table_inside_admonition_is_checked(tmp_path, capsys):
    body = '!!! note "표"\n\n    | 가 | 나 |\n    | --- | --- |\n    | 1 | 2 | 3 |\n'
    docs = write(tmp_path, {"ko/sec/a.md": note(body)})
    rc, found = run(capsys, docs)
    assert [(f[1], f[4]) for f in found] == [(FM_LINES + 5, "table-cells")]


# --- front matter and files ---------------------------------------------------------------------

def test_front_matter_yaml_error_line(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": "---\ntitle: 제목\ndescription: [닫히지 않음\ntags:\n  - 기초\n---\n글.\n"})
    rc, found = run(capsys, docs)
    assert [(f[1], f[4]) for f in found][:1] in ([(4, "frontmatter-yaml")], [(3, "frontmatter-yaml")])


def test_front_matter_missing_field_and_bad_tag(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": "---\ntitle: 제목\ntags:\n  - 기초\n  - 없는태그\n---\n글.\n"})
    rc, found = run(capsys, docs)
    assert (2, 1, "error", "frontmatter-field") in [f[1:] for f in found]
    assert (5, 5, "error", "frontmatter-tag") in [f[1:] for f in found]


def test_front_matter_missing(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": "글만 있다.\n"})
    assert codes(run(capsys, docs)[1]) == ["frontmatter-missing"]


def test_source_url_must_be_http(tmp_path, capsys):
    fm = FM.replace("https://example.com/", "ftp://example.com/x", 1)
    docs = write(tmp_path, {"ko/sec/a.md": fm + "글.\n"})
    rc, found = run(capsys, docs)
    assert (8, 10, "error", "frontmatter-field") in [f[1:] for f in found], found


@pytest.mark.parametrize(
    ("content", "line", "code"),
    [
        (note("글.\n\n```python\nprint(1)\n"), FM_LINES + 3, "fence-unclosed"),
        (note("글.\n").encode() + b"\xff\xfe bad\n", FM_LINES + 2, "encoding"),
        (b"\xef\xbb\xbf" + note("글.\n").encode(), 1, "bom"),
        (note("글.\r\n둘째 줄.\r\n").encode(), FM_LINES + 1, "crlf"),
        ("", 1, "empty"),
        ("   \n\n", 1, "empty"),
    ],
)
def test_file_level_problems(tmp_path, capsys, content, line, code):
    docs = write(tmp_path, {"ko/sec/a.md": content})
    rc, found = run(capsys, docs)
    assert rc == 1
    assert (line, code) in [(f[1], f[4]) for f in found], found


def test_nav_reachability(tmp_path, capsys):
    docs = write(tmp_path, {
        "ko/index.md": FM + "홈.\n", "ko/sec/a.md": note("글.\n"), "ko/sec/orphan.md": note("글.\n"),
    })
    root = Path(__file__).resolve().parent.parent
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {root / 'mkdocs.yml'}\ndocs_dir: docs\ntheme:\n  name: material\n  custom_dir: {root / 'overrides'}\n"
        "hooks: []\nnav:\n  - index.md\n  - sec/a.md\n",
        encoding="utf-8",
    )
    rc = main(["--config", str(config)])
    out = capsys.readouterr().out.splitlines()
    assert rc == 1
    assert out == [line for line in out if "nav-missing" in line] and len(out) == 1
    assert out[0].startswith(f"{at(docs, 'ko/sec/orphan.md')}:1:1: error nav-missing")


# --- command line -------------------------------------------------------------------------------

def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["--docs-dir", str(tmp_path / "nope")]) == 2
    assert main([str(tmp_path / "missing.md")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["--format", "xml"])
    assert exc.value.code == 2


def test_json_format(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("[x](missing.md)\n")})
    main(["--docs-dir", str(docs), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data[0]["code"] == "link-missing" and data[0]["line"] == FM_LINES + 1 and data[0]["severity"] == "error"


def test_single_file_argument(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("[x](missing.md)\n"), "ko/sec/b.md": note("[y](gone.md)\n")})
    rc, found = run(capsys, docs, str(docs / "ko/sec/b.md"))
    assert [f[0] for f in found] == [at(docs, "ko/sec/b.md")]


def test_github_annotations_are_escaped(tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    docs = write(tmp_path, {"ko/sec/a.md": note("[x](missing.md)\n")})
    main(["--docs-dir", str(docs)])
    out = capsys.readouterr().out
    assert any(line.startswith("::error file=") and f",line={FM_LINES + 1},col=5," in line for line in out.splitlines())
    assert "| `" in summary.read_text(encoding="utf-8")
    p = Problem("a,b:c.md", 3, 4, "link-missing", "100% 확인\n둘째 줄")
    assert annotation(p) == "::error file=a%2Cb%3Ac.md,line=3,col=4,title=link-missing::100%25 확인%0A둘째 줄"
    assert "link-missing" in step_summary([p])


def test_real_docs_tree_is_clean(capsys):
    # --strict: warnings too, so the notes and the glossary keep to one vocabulary.
    assert main(["--strict"]) == 0, capsys.readouterr().out


def test_vocabulary_warns_with_the_preferred_form(tmp_path, capsys):
    body = ("객체 검출은 어렵다. '파인튜닝'은 미세조정을 말한다. `레이블` 코드다.\n\n"
            "[링크](https://example.com/객체 검출) 사전 학습된 모델과 레이블링은 다르다.\n")
    docs = write(tmp_path, {"ko/sec/a.md": note(body), "en/sec/a.md": note("객체 검출 in English pages is not judged.\n")})
    rc, found = run(capsys, docs)
    assert rc == 0
    assert [f[1:] for f in found] == [(FM_LINES + 1, 1, "warning", "vocabulary"),
                                      (FM_LINES + 3, 33, "warning", "vocabulary"),
                                      (FM_LINES + 3, 44, "warning", "vocabulary")], found


# --- many files: checked across processes, same findings ----------------------------------------

def test_parallel_run_matches_sequential_run(tmp_path, capsys, monkeypatch):
    from ai_notes.check import runner
    from ai_notes.check.runner import Checker

    files: dict[str, str | bytes] = {}
    for i in range(40):
        body = f"## 절 {i}\n\n[다음](n{(i + 1) % 40}.md#절-{(i + 1) % 40})와 [외부](https://example.org/{i})\n"
        if i % 7 == 0:
            body += f"\n[깨진 앵커](n{(i + 2) % 40}.md#없음)\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n"
        files[f"ko/sec/n{i}.md"] = note(body)
    files["ko/sec/bad.md"] = b"\xff\xfe broken"
    docs = write(tmp_path, files)
    assert len(files) >= Checker.PARALLEL_FROM

    pools: list[int] = []

    class Pool(runner.ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(runner, "_workers", lambda: 2)  # even on a one-core machine
    parallel = run(capsys, docs, "--format", "text")
    assert pools == [2]  # rendered and checked in worker processes
    monkeypatch.setattr(Checker, "PARALLEL_FROM", 10**6)
    sequential = run(capsys, docs, "--format", "text")
    assert pools == [2]
    assert parallel == sequential
    rc, found = parallel
    assert rc == 1
    assert sorted(set(codes(found))) == ["anchor-missing", "encoding", "table-cells"]  # an undecodable file: that one problem
    assert len([c for c in codes(found) if c == "anchor-missing"]) == 6


def test_external_links_found_in_workers_reach_the_report(tmp_path, monkeypatch):
    from ai_notes.check import runner
    from ai_notes.check.__main__ import _parser, _settings
    from ai_notes.check.runner import Checker, markdown_files

    monkeypatch.setattr(runner, "_workers", lambda: 2)
    docs = write(tmp_path, {f"ko/sec/n{i}.md": note(f"[외부](https://example.org/{i})\n") for i in range(40)})
    checker = Checker(_settings(_parser().parse_args(["--docs-dir", str(docs)])))
    assert checker.check_all(markdown_files([docs], docs)) == []
    assert sorted(url for *_, url in checker.external) == sorted(f"https://example.org/{i}" for i in range(40))


def test_translation_record_is_checked_with_its_place(tmp_path, capsys):
    docs = write(tmp_path, {"ko/sec/a.md": note("본문.\n"), "ko/sec/b.md": note("본문.\n")})
    english = FM.replace("  - 기초\n", "  - Foundations\n")
    (docs / "en" / "sec").mkdir(parents=True)
    (docs / "en" / "sec" / "a.md").write_text(english + "Body.\n", encoding="utf-8")  # no record
    bad = english.replace("reviewed: 2026-12-04\n", "reviewed: 2026-12-04\ntranslation:\n  source: main\n  date: 2026-12-05\n")
    (docs / "en" / "sec" / "b.md").write_text(bad + "Body.\n", encoding="utf-8")
    (docs / "ko" / "sec" / "c.md").write_text(bad.replace("  - Foundations\n", "  - 기초\n") + "본문.\n", encoding="utf-8")
    assert main(["--docs-dir", str(docs)]) == 1
    out = capsys.readouterr().out
    assert "translation 이 없다" in out and "python -m ai_notes.translations stamp" in out
    rc, found = run(capsys, docs)
    got = {(f[0].rsplit("docs/", 1)[-1], f[1], f[4]) for f in found}
    assert ("en/sec/a.md", 2, "frontmatter-field") in got  # missing: says how to record it
    assert ("en/sec/b.md", FM_LINES - 1 + 2, "frontmatter-field") in got  # the source line
    assert ("ko/sec/c.md", FM_LINES, "frontmatter-field") in got  # Korean notes are originals
