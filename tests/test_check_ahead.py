"""The glossary checked ahead, in a helper process (scripts/ai_notes/check/ahead.py), and the code
line anchors set aside as written (scripts/ai_notes/line_anchors.py): the same answers as before."""
from __future__ import annotations

import io
import multiprocessing as mp
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import ai_notes.check.__main__ as cli
import pytest
from ai_notes import glossary_data as gd
from ai_notes import line_anchors
from ai_notes.check import ahead
from ai_notes.check.policy import load
from ai_notes.site_config import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(argv)
    return code, out.getvalue()


@pytest.fixture
def broken_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's data folder with a glossary that has a syntax error on line 4."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(FIXTURES / "syntax.yml", data / "glossary.yml")
    monkeypatch.setattr(cli, "GLOSSARY", data / "glossary.yml")
    return data / "glossary.yml"


@pytest.mark.parametrize("fork", [True, False])
def test_the_glossary_is_reported_with_or_without_the_helper(
        broken_glossary: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    if not fork:  # as on a platform that cannot fork: the checker does the work itself
        monkeypatch.setattr(ahead.mp, "get_all_start_methods", lambda: ["spawn"])
    note = ROOT / "docs" / "ko" / "llm" / "lora-peft.md"
    code, out = _run([str(note), str(broken_glossary)])
    assert code == 1
    [line] = [ln for ln in out.splitlines() if "glossary.yml" in ln]
    assert ":4:7: error glossary YAML 문법 오류" in line


def test_the_helper_hands_over_its_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("this platform cannot fork")
    monkeypatch.setattr(gd, "_done", {})  # a fresh process: nothing validated yet
    assert ahead.Ahead(gd.GLOSSARY_FILE).result() == []
    text = gd.GLOSSARY_FILE.read_text(encoding="utf-8")
    key = (text, tuple(gd.allowed_tags()), gd.DOCS_KO)
    assert key in dict(gd.validations())  # taken over: validate_once answers without validating


def test_remembered_validations_answer_validate_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / "valid.yml").read_text(encoding="utf-8")
    done = gd.validate_once(text, tags=["LLM", "비전"], docs_dir=None)
    handed = [v for v in gd.validations() if v[0][0] == text]
    monkeypatch.setattr(gd, "_done", {})
    monkeypatch.setattr(gd, "validate", lambda *a, **k: pytest.fail("validated again"))
    gd.remember(handed)
    assert gd.validate_once(text, tags=["LLM", "비전"], docs_dir=None) == done


ANCHOR = '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'


def test_only_exact_line_anchors_are_set_aside() -> None:
    html, ids = line_anchors.set_aside(f"<pre><code>{ANCHOR}x = 1\n</code></pre>")
    assert (html, ids) == ("<pre><code>x = 1\n</code></pre>", ["__codelineno-0-1"])
    for lookalike in (ANCHOR.replace("></a>", " onclick=\"alert(1)\"></a>"),
                      ANCHOR.replace('href="#__codelineno-0-1"', 'href="javascript:alert(1)"'),
                      ANCHOR.replace("></a>", ">text</a>"),
                      ANCHOR.replace('name="__codelineno-0-1"', 'name="__codelineno-0-2"')):
        assert line_anchors.set_aside(lookalike) == (lookalike, [])


def test_a_lookalike_line_anchor_is_still_judged() -> None:
    policy = load(ROOT / "data" / "html_policy.yml")
    assert policy.judge(ANCHOR) == []
    found = policy.judge(ANCHOR.replace("></a>", ' onclick="alert(1)"></a>'))
    assert [(v.kind, v.name) for v in found] == [("attribute", "onclick")]


def test_a_link_to_a_code_line_still_resolves(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "ko" / "sec"
    docs.mkdir(parents=True)
    (docs / "note.md").write_text(
        "---\ntitle: 코드 줄\n---\n\n# 코드 줄\n\n```python\nx = 1\n```\n\n[첫 줄](#__codelineno-0-1), [없는 줄](#__codelineno-0-9)\n",
        encoding="utf-8")
    code, out = _run(["--docs-dir", str(tmp_path / "docs"), str(docs / "note.md")])
    anchors = [ln for ln in out.splitlines() if "anchor-missing" in ln]
    assert len(anchors) == 1 and "__codelineno-0-9" in anchors[0], out


def test_a_process_that_holds_the_glossary_starts_no_helper() -> None:
    gd.load()
    assert ahead.Ahead(gd.GLOSSARY_FILE).result() is None


def test_a_run_that_ends_early_leaves_no_helper_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gd, "_done", {})
    code, _out = _run([str(tmp_path / "no-such-note.md")])
    assert code == 2
    assert mp.active_children() == []
