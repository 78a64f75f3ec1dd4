"""The contribution path: guide, note scaffolder, pre-commit hook, issue and pull request templates."""
from __future__ import annotations

import builtins
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from ai_notes import new_note, note_files
from ai_notes.check.problems import CODES
from ai_notes.check.snippets import includes as snippet_includes
from ai_notes.site_config import tools_path

from tests.sites import ROOT

GUIDE = ROOT / "CONTRIBUTING.md"                   # the short guide in the repository
PAGES = {"ko": ROOT / "docs/ko/contributing.md", "en": ROOT / "docs/en/contributing.md"}   # the full guide
GITHUB = ROOT / ".github"
ISSUE_FORMS = GITHUB / "ISSUE_TEMPLATE"
CODE_ROW = re.compile(r"^\|\s*`([a-z][a-z0-9-]*)`\s*\|")


# ---------------------------------------------------------------- helpers


def guide_part(name: str) -> str:
    """The full guide in one language: the body of the site page docs/<name>/contributing.md."""
    text = PAGES[name].read_text(encoding="utf-8")
    m = re.match(r"---\n.*?\n---\n(.*)", text, re.S)
    assert m, f"{PAGES[name].relative_to(ROOT)} has no front matter"
    return m.group(1)


def code_table_rows(text: str) -> list[str]:
    """Codes in the first column of the tables whose header starts with 코드 or Code."""
    codes: list[str] = []
    in_table = False
    for line in text.splitlines():
        if re.match(r"^\|\s*(코드|Code)\s*\|", line):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and (m := CODE_ROW.match(line)):
            codes.append(m.group(1))
    return codes


def copy_repo(dest: Path) -> Path:
    """The files a build, the checker and the scaffolder need, in a scratch folder."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    skip = shutil.ignore_patterns("node_modules", "__pycache__", ".cache")
    for name in ["docs", "data", "scripts", "overrides"]:
        shutil.copytree(ROOT / name, dest / name, ignore=skip)
    vendor = ROOT / "scripts" / "vendor" / "node_modules"
    if vendor.is_dir():
        (dest / "scripts" / "vendor" / "node_modules").symlink_to(vendor, target_is_directory=True)
    return dest


def tree_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or "__pycache__" in path.parts:
            continue
        hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **env)
    # A scratch copy of the repository runs its own copy of the tools, not the installed ones.
    full_env["PYTHONPATH"] = tools_path(cwd)
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)


def scaffold(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "ai_notes.new_note", "--root", str(repo), *args], cwd=repo)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


# ---------------------------------------------------------------- the guide


@pytest.mark.parametrize("part", ["ko", "en"])
def test_guide_lists_every_checker_code(part: str) -> None:
    listed = code_table_rows(guide_part(part))
    assert sorted(set(listed)) == sorted(CODES), (
        f"missing: {sorted(set(CODES) - set(listed))}, unknown: {sorted(set(listed) - set(CODES))}"
    )
    assert len(listed) == len(set(listed)), "a code is listed twice"


def test_guide_covers_every_topic() -> None:
    ko = guide_part("ko")
    for heading in ["준비하기", "기존 노트 고치기", "새 노트 추가하기", "노트 쓰는 법", "문체", "정확성과 출처",
                    "구성", "링크", "용어집에 용어 추가하기", "검사기 메시지 읽고 고치기", "풀 리퀘스트와 리뷰"]:
        assert re.search(rf"^#+ {re.escape(heading)}", ko, re.M), heading
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in re.findall(r"^(make \w+)\s+#", readme, re.M):     # the README's two commands
        assert command in ko, command
    try:
        from ai_notes.glossary_data import FIELDS as fields
    except ImportError:
        fields = ("id", "ko", "en", "abbr", "aliases", "tags", "def_ko", "def_en", "related", "note")
    for field in fields:
        assert f"| `{field}` |" in ko, f"glossary field {field}"


def test_site_pages_include_the_guide() -> None:
    """The full guide is written in the site pages; CONTRIBUTING.md is a short start that links to them."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    assert {"기여하기": "contributing.md"} in config["nav"]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(lang["nav_translations"] for lang in i18n["languages"] if lang["locale"] == "en")
    assert translations["기여하기"] == "Contributing"
    for lang, page in PAGES.items():
        text = page.read_text(encoding="utf-8")
        assert not snippet_includes(text.splitlines()), f"{lang} page still includes a file (CONTRIBUTING.md)"
        front = yaml.safe_load(text.split("---\n")[1])
        assert front["title"] and front["description"], lang
    guide = GUIDE.read_text(encoding="utf-8")
    assert len(guide.encode("utf-8")) <= 12 * 1024, "CONTRIBUTING.md is meant to stay short"
    assert "[start:" not in guide and "[end:" not in guide
    for target in ["(docs/ko/contributing.md", "(docs/en/contributing.md"]:
        assert target in guide, target
    for command in ["make serve", "make test", "make check", "make new"]:
        assert command in guide, command
    assert re.search(r"^## 새 노트 추가하기$", guide, re.M)   # .github/ISSUE_TEMPLATE/new-note.yml points there
    assert re.search(r"^## English$", guide, re.M)
    for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", guide):    # relative links work on GitHub
        if not re.match(r"[a-z]+:", link):
            assert (ROOT / link).is_file(), link
    for home, target in [("docs/ko/index.md", "(contributing.md)"), ("docs/en/index.md", "(contributing.md)"),
                         ("README.md", "(CONTRIBUTING.md)")]:
        assert target in (ROOT / home).read_text(encoding="utf-8"), home


def test_built_guide_pages(site: Path) -> None:
    ko = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'id="검사기-메시지-읽고-고치기"' in ko and "<code>table-cells</code>" in ko
    assert 'id="checker-messages"' in en and "<code>table-cells</code>" in en
    assert "--8&lt;--" not in ko + en and "[start:" not in ko + en


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its !!python and !ENV tags name."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


# ---------------------------------------------------------------- the "이 페이지 오류 제보" link


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.report: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._in_report = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-report-error" in a:
            self._in_report = True
        if tag == "a" and self._in_report:
            self._open = a
            self.report.append((a, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.report[-1]
            self.report[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self._open = None
            self._in_report = False


def report_link(page: Path) -> tuple[dict[str, str], str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    assert len(parser.report) == 1, f"{page}: expected one error-report link, found {len(parser.report)}"
    return parser.report[0]


@pytest.mark.parametrize("page, url, label", [
    ("vision/object-detection-yolo/index.html", "https://example.github.io/ai-notes/vision/object-detection-yolo/",
     "이 페이지 오류 제보"),
    ("index.html", "https://example.github.io/ai-notes/", "이 페이지 오류 제보"),
    ("en/rag/index.html", "https://example.github.io/ai-notes/en/rag/", "Report an error on this page"),
])
def test_error_report_link_on_built_pages(site: Path, page: str, url: str, label: str) -> None:
    attrs, text = report_link(site / page)
    assert text.strip() == label                       # the accessible name
    href = urlsplit(attrs["href"])
    assert f"{href.scheme}://{href.netloc}{href.path}" == "https://github.com/ai-notes-kr/ai-notes/issues/new"
    query = parse_qs(href.query)
    assert query["template"] == ["error-report.yml"]
    assert query["page-url"] == [url]
    assert query["title"][0].startswith("[오류] ")
    assert "%2F" in attrs["href"] and "page-url=https%3A" in attrs["href"]   # the page URL is encoded


def test_every_page_has_the_error_report_link(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.parts]
    missing = [str(p.relative_to(site)) for p in pages if "data-report-error" not in p.read_text(encoding="utf-8")]
    assert pages and not missing, missing


def test_error_report_link_template_matches_the_form() -> None:
    partial = (ROOT / "overrides/partials/report-error.html").read_text(encoding="utf-8")
    template = re.search(r"template=([\w.-]+)", partial).group(1)  # type: ignore[union-attr]
    form = yaml.safe_load((ISSUE_FORMS / template).read_text(encoding="utf-8"))
    ids = [item.get("id") for item in form["body"]]
    assert "page-url" in ids and "&page-url=" in partial
    assert "<script" not in partial and "<img" not in partial and "<link" not in partial   # a plain link


# ---------------------------------------------------------------- issue forms, PR template, routing

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load_form(name: str) -> dict:
    data = yaml.safe_load((ISSUE_FORMS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    for key in ["name", "description", "body"]:
        assert data.get(key), f"{name}: {key}"
    ids = []
    for item in data["body"]:
        assert item["type"] in FORM_TYPES, item
        if item["type"] == "markdown":
            assert item["attributes"]["value"].strip()
            continue
        assert re.fullmatch(r"[a-z][a-z0-9_-]*", item["id"]), item
        ids.append(item["id"])
        assert item["attributes"]["label"].strip()
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(options) == len(set(options))
        if item["type"] == "checkboxes":
            assert all(o["label"].strip() for o in item["attributes"]["options"])
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    return data


def test_error_report_form() -> None:
    form = load_form("error-report.yml")
    assert form["name"] == "오류 제보"
    page_url = next(i for i in form["body"] if i.get("id") == "page-url")
    assert page_url["type"] == "input" and page_url["validations"]["required"] is True
    assert "오류 제보" in guide_part("ko") and "이 페이지 오류 제보" in guide_part("ko")


def test_new_note_form_lists_every_section() -> None:
    form = load_form("new-note.yml")
    assert form["name"] == "새 노트 제안" and "새 노트 제안" in guide_part("ko")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    sections = [label for item in config["nav"] if isinstance(item, dict)
                for label, children in item.items() if isinstance(children, list)]
    options = next(i for i in form["body"] if i.get("id") == "section")["attributes"]["options"]
    assert sections and all(s in options for s in sections), (sections, options)
    assert any(i.get("id") == "sources" and i["validations"]["required"] for i in form["body"])


def test_issue_config() -> None:
    config = yaml.safe_load((ISSUE_FORMS / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config["contact_links"]:
        assert link["name"] and link["about"] and link["url"].startswith("https://")


def test_pull_request_template_matches_the_guide() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) == 3, items
    for needle, item in zip(["1차 자료", "`make check`", "미리보기"], items, strict=True):
        assert needle in item, (needle, item)
        assert needle.strip("`") in guide_part("ko")
    assert not re.search(r"^#\s", text, re.M), "no H1 in the template"


def test_codeowners_and_security_policy() -> None:
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert rules[0][0] == "*"
    patterns = {r[0] for r in rules}
    assert {"/docs/", "/scripts/", "/data/", "/.github/"} <= patterns
    assert all(len(r) >= 2 and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", o) for o in r[1:]) for r in rules)
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Report a vulnerability" in security and "비공개" in security
    assert "SECURITY.md" in guide_part("ko")


# ---------------------------------------------------------------- the scaffolder


def finished(note: str) -> str:
    """A scaffolded note with its placeholder text written and a source added."""
    front, _body = note.split("\n---\n", 1)
    front = front.replace("sources: []", "sources:\n  - title: 자료\n    url: https://example.com/")
    body = '!!! abstract "요약"\n\n    - 두 검색을 섞는 법을 안다.\n\n본문이다.\n\n## 관련 노트 { #related-notes }\n\n- [RAG](index.md)\n\n## 참고 자료 { #references }\n\n- [자료](https://example.com/)\n'
    return front + "\n---\n\n" + body


@pytest.mark.slow
@pytest.mark.build
def test_scaffolded_note_is_a_draft_until_written(repo: Path, tmp_path: Path) -> None:
    nav_before = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    result = scaffold(repo, "--section", "rag", "--slug", "scaffold-test-note", "--title", "하이브리드 검색: 키워드와 벡터",
                      "--description", "키워드 검색과 벡터 검색을 함께 쓰는 방법을 정리한다.", "--tags", "RAG,LLM")
    assert result.returncode == 0, result.stderr
    assert "docs/ko/rag/scaffold-test-note.md" in result.stdout
    assert "http://127.0.0.1:8000/ai-notes/rag/scaffold-test-note/" in result.stdout

    note = (repo / "docs/ko/rag/scaffold-test-note.md").read_text(encoding="utf-8")
    front = yaml.safe_load(note.split("---\n")[1])
    assert front["title"] == "하이브리드 검색: 키워드와 벡터"
    assert front["tags"] == ["RAG", "LLM"] and front["sources"] == []
    for part in ['!!! abstract "요약"', "\n## 관련 노트 { #related-notes }\n", "\n## 참고 자료 { #references }\n"]:
        assert part in note
    assert not re.search(r"^# ", note.split("\n---\n", 1)[1], re.M)    # no H1 in the body

    nav_after = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    added = [line for line in nav_after.splitlines() if line not in nav_before.splitlines()]
    assert added == ["      - rag/scaffold-test-note.md"]
    assert nav_after.replace("      - rag/scaffold-test-note.md\n", "", 1) == nav_before    # comments and layout kept
    rag = nav_after.split("  - RAG:\n")[1].split("\n  - ")[0]
    assert rag.rstrip().endswith("- rag/scaffold-test-note.md")
    for lang in ["ko", "en"]:
        index = (repo / f"docs/{lang}/rag/index.md").read_text(encoding="utf-8")
        listed = index.split("<!-- notes:start -->")[1].split("<!-- notes:end -->")[0].strip().splitlines()
        assert listed[-1] == f"{len(listed)}. [하이브리드 검색: 키워드와 벡터](scaffold-test-note.md): 키워드 검색과 벡터 검색을 함께 쓰는 방법을 정리한다."

    # Still the template: refused with located messages by the checker (and by the build:
    # test_content_policy.py::test_strict_build_refuses_every_payload builds such a draft).
    check = run([sys.executable, "-m", "ai_notes.check"], cwd=repo)
    assert check.returncode == 1
    assert "docs/ko/rag/scaffold-test-note.md:16:5: error template-left" in check.stdout, check.stdout
    assert re.search(r"scaffold-test-note\.md:\d+:1: error frontmatter-field sources", check.stdout), check.stdout

    # Written: the same note passes both. The copy has no .git, so this strict build of the whole
    # site is also that of a source tarball (page dates fall back to the build date).
    assert not (repo / ".git").exists() and not any((p / ".git").exists() for p in repo.parents)
    (repo / "docs/ko/rag/scaffold-test-note.md").write_text(finished(note), encoding="utf-8")
    check = run([sys.executable, "-m", "ai_notes.check"], cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=repo)
    assert build.returncode == 0, build.stdout + build.stderr
    page = (tmp_path / "site" / "rag" / "scaffold-test-note" / "index.html").read_text(encoding="utf-8")
    assert "하이브리드 검색: 키워드와 벡터" in page
    assert 'href="scaffold-test-note/"' in (tmp_path / "site" / "rag" / "index.html").read_text(encoding="utf-8")


def test_broken_glossary_file_is_reported_once_not_in_every_note(repo: Path) -> None:
    """The notes' term marks need the glossary; a broken file is the glossary check's message."""
    glossary = repo / "data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("- id: overfitting\n", "- id: overfitting\n  ko: [unclosed\n", 1), encoding="utf-8")
    check = run([sys.executable, "-m", "ai_notes.check"], cwd=repo)
    assert check.returncode == 1
    codes = re.findall(r"^\S+:\d+:\d+: error (\S+)", check.stdout, re.M)
    assert "glossary" in codes and "internal" not in codes, check.stdout[-2000:]
    assert all(line.startswith("data/glossary.yml") for line in check.stdout.splitlines() if " error " in line), check.stdout[-2000:]


def test_scaffolder_without_description_or_tags_uses_defaults(repo: Path) -> None:
    result = scaffold(repo, "--section", "vision", "--slug", "scaffold-test-vision", "--title", "Segment Anything")
    assert result.returncode == 0, result.stderr
    front = yaml.safe_load((repo / "docs/ko/vision/scaffold-test-vision.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["tags"] == ["비전"]                          # the section index's tags
    assert front["description"] == new_note.PLACEHOLDER_DESCRIPTION
    assert "임시 문장" in result.stdout
    check = run([sys.executable, "-m", "ai_notes.check", "docs/ko/vision/scaffold-test-vision.md"], cwd=repo)
    assert check.returncode == 1
    assert "scaffold-test-vision.md:3:15: error template-left description" in check.stdout, check.stdout


@pytest.mark.parametrize("args, message", [
    (["--section", "rag", "--slug", "rag-overview"], "이미 docs/ko/rag/rag-overview.md 가 쓰고 있다"),
    (["--section", "vision", "--slug", "rag-overview"], "이미 docs/ko/rag/rag-overview.md 가 쓰고 있다"),
    (["--section", "rag", "--slug", "Hybrid-Search"], "대문자가 있다"),
    (["--section", "rag", "--slug", "하이브리드"], "ASCII가 아닌 글자"),
    (["--section", "rag", "--slug", "hybrid search"], "공백이 있다"),
    (["--section", "rag", "--slug", "hybrid--search"], "하이픈"),
    (["--section", "rag", "--slug", "hybrid_search"], "쓸 수 없는 문자"),
    (["--section", "rag", "--slug", "index"], "쓸 수 없다"),
    (["--section", "robotics", "--slug", "slam"], "'robotics' 는 섹션이 아니다"),
    (["--section", "assets", "--slug", "slam"], "'assets' 는 섹션이 아니다"),
    (["--section", "rag", "--slug", "scaffold-test-note", "--tags", "검색"], "data/tags.yml 에 없는 태그다: 검색"),
    (["--section", "rag", "--slug", "scaffold-test-note", "--description", "짧다"], "10~300자"),
    (["--section", "rag", "--slug", "scaffold-test-note", "--title", "   "], "제목이 비어 있다"),
])
def test_scaffolder_refuses_bad_input_without_changes(repo: Path, args: list[str], message: str) -> None:
    before = tree_hashes(repo)
    if "--title" not in args:
        args = [*args, "--title", "시험"]
    result = scaffold(repo, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("오류: ") and "Traceback" not in result.stderr
    assert tree_hashes(repo) == before


def test_scaffolder_refuses_unknown_options_in_korean(repo: Path) -> None:
    result = scaffold(repo, "--sectoin", "rag")
    assert result.returncode == 2 and "인자를 이해하지 못했다" in result.stderr and "Traceback" not in result.stderr


def test_scaffolder_restores_every_file_when_a_step_fails(repo: Path, monkeypatch, capsys) -> None:
    before = tree_hashes(repo)
    real = note_files._write_atomic

    def failing(path: Path, data: bytes, mode_from: Path | None) -> None:
        if path.as_posix().endswith("docs/en/rag/index.md"):      # the last step
            raise OSError(28, "No space left on device", str(path))
        real(path, data, mode_from)

    monkeypatch.setattr(note_files, "_write_atomic", failing)
    code = new_note.main(["--root", str(repo), "--section", "rag", "--slug", "scaffold-test-note", "--title", "하이브리드 검색"])
    err = capsys.readouterr().err
    assert code == 1 and "바뀐 파일은 모두 되돌렸다" in err and "docs/en/rag/index.md" in err
    assert tree_hashes(repo) == before
    assert not (repo / "docs/ko/rag/scaffold-test-note.md").exists()
    assert not [p for p in repo.rglob("*.tmp")]


def test_scaffolder_never_overwrites(repo: Path) -> None:
    note = repo / "docs/ko/rag/scaffold-test-note.md"
    nav = repo / "mkdocs.yml"
    note.write_text("이미 쓰던 글\n", encoding="utf-8")
    old_nav = nav.read_bytes()
    changes = [new_note.Change(nav, old_nav + b"# changed\n", old_nav), new_note.Change(note, b"new\n", None)]
    with pytest.raises(new_note.InputError, match="이미 있다"):
        new_note.apply(changes, repo)
    assert note.read_text(encoding="utf-8") == "이미 쓰던 글\n"
    assert nav.read_bytes() == old_nav


def test_scaffolder_interactive(repo: Path, monkeypatch, capsys) -> None:
    answers = iter(["robotics", "rag", "Scaffold Test", "scaffold-test-ask", "질의 재작성",
                    "검색 전에 질문을 다시 써서 검색 품질을 높이는 방법을 정리한다.", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert new_note.main(["--root", str(repo)]) == 0
    out, err = capsys.readouterr()
    assert "'robotics' 는 섹션이 아니다" in err and "대문자가 있다" in err   # asked again, not aborted
    assert re.search(r"\d+\. rag ", out) and "docs/ko/rag/scaffold-test-ask.md" in out
    front = yaml.safe_load((repo / "docs/ko/rag/scaffold-test-ask.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == "질의 재작성" and front["tags"] == ["RAG"]


def test_preview_url_follows_site_url(repo: Path) -> None:
    result = run([sys.executable, "-m", "ai_notes.new_note", "--root", str(repo), "--section", "llm", "--slug", "scaffold-test-url",
                  "--title", "전문가 혼합"], cwd=repo, SITE_URL="https://notes.example.org/")
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8000/llm/scaffold-test-url/" in result.stdout


# ---------------------------------------------------------------- pre-commit

BROKEN_NOTE = """\
---
title: 깨진 노트
description: 표와 링크를 일부러 깨뜨린 시험용 노트다.
tags:
  - RAG
sources:
  - title: 자료
    url: https://example.com/
reviewed: 2026-12-04
---

아래 표는 세 방식을 비교한다.

| 방식 | 단계 | 속도 |
| --- | --- | --- |
| 가 | 1단계 |
| 나 | 2단계 | 느림 |

자세한 내용은 [RAG 개요](rag-overveiw.md)를 본다.
"""


def local_only_config() -> str:
    """The real hook configuration without the hooks that are fetched from another repository."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    config["repos"] = [r for r in config["repos"] if r["repo"] == "local"]
    assert config["repos"], "no local hooks"
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@pytest.fixture
def git_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = copy_repo(tmp_path / "work")
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent, target_is_directory=True)
    (work / ".gitignore").write_text(".venv\nsite/\nnode_modules/\n", encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(local_only_config(), encoding="utf-8")
    (tmp_path / "gitconfig").write_text("", encoding="utf-8")
    env = {
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "base"]):
        result = run(["git", *args], cwd=work, **env)
        assert result.returncode == 0, result.stderr
    return work, env


def pre_commit(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pre_commit", *args], cwd=work, **env)


def test_pre_commit_config_is_valid() -> None:
    result = run([sys.executable, "-m", "pre_commit", "validate-config", str(ROOT / ".pre-commit-config.yaml")], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    remote = [r for r in config["repos"] if r["repo"] != "local"]
    assert all(re.fullmatch(r"[0-9a-f]{40}", r["rev"]) for r in remote), "hook repositories are pinned to a commit"
    hook_ids = {h["id"] for r in remote for h in r["hooks"]}
    assert {"trailing-whitespace", "end-of-file-fixer", "mixed-line-ending", "check-added-large-files",
            "check-yaml"} <= hook_ids


def test_pre_commit_hook_reports_broken_table_and_link(git_repo) -> None:
    work, env = git_repo
    note = work / "docs/ko/rag/broken.md"
    note.write_text(BROKEN_NOTE, encoding="utf-8")
    index = work / "docs/ko/rag/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "<!-- notes:end -->", "3. [깨진 노트](broken.md): 시험용 노트다.\n<!-- notes:end -->"), encoding="utf-8")
    nav = work / "mkdocs.yml"
    nav.write_text(nav.read_text(encoding="utf-8").replace(
        "      - rag/rag-background-and-cases.md\n", "      - rag/rag-background-and-cases.md\n      - rag/broken.md\n"),
        encoding="utf-8")
    assert run(["git", "add", "-A"], cwd=work, **env).returncode == 0

    started = time.monotonic()
    result = pre_commit(work, env, "run")              # what `git commit` runs: the staged files
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "docs/ko/rag/broken.md:16:1: error table-cells 이 행은 2칸인데 머리글은 3칸이다" in output
    assert "docs/ko/rag/broken.md:19:18: error link-missing 링크 대상 rag-overveiw.md 가 없다. 혹시 rag-overview.md ?" in output
    assert "nav-missing" not in output
    assert elapsed < 15, f"the hook took {elapsed:.1f} s"

    # Fixed, the same commit passes.
    note.write_text(BROKEN_NOTE.replace("| 가 | 1단계 |", "| 가 | 1단계 | 빠름 |").replace("overveiw", "overview"),
                    encoding="utf-8")
    assert run(["git", "add", "-A"], cwd=work, **env).returncode == 0
    result = pre_commit(work, env, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    commit = run(["git", "commit", "-q", "-m", "note"], cwd=work, **env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def test_pre_commit_hook_checks_only_the_staged_file(git_repo) -> None:
    work, env = git_repo
    other = work / "docs/ko/vision/object-detection-yolo.md"
    other.write_text(other.read_text(encoding="utf-8").replace("(yolo-v1-architecture.md)", "(missing.md)"),
                     encoding="utf-8")                 # broken but not staged
    note = work / "docs/ko/rag/rag-overview.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n[링크](../vision/no-such-note.md)\n", encoding="utf-8")
    assert run(["git", "add", str(note)], cwd=work, **env).returncode == 0
    result = pre_commit(work, env, "run")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "docs/ko/rag/rag-overview.md:" in output and "link-missing" in output
    assert "object-detection-yolo.md" not in output


@pytest.mark.slow
def test_pre_commit_rechecks_everything_when_tags_change(git_repo) -> None:
    work, env = git_repo
    tags = work / "data/tags.yml"
    tags.write_text(re.sub(r"^RAG:.*\n", "", tags.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert run(["git", "add", "data/tags.yml"], cwd=work, **env).returncode == 0
    result = pre_commit(work, env, "run")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(r"docs/ko/rag/rag-overview\.md:\d+:\d+: error frontmatter-tag 태그 'RAG'", output), output
