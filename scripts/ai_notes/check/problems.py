"""Problems the checker reports, the stable codes they carry, and how they are printed."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

ERROR = "error"
WARNING = "warning"

# code -> (severity, what it means and how to fix it). Documented in --help and CONTRIBUTING.
CODES: dict[str, tuple[str, str]] = {
    "link-missing": (ERROR, "상대 링크의 대상 .md 파일이 없다. 경로와 파일 이름을 고친다."),
    "link-html": (ERROR, "링크가 .html을 가리킨다. 원본 .md 파일로 링크한다."),
    "link-folder": (ERROR, "폴더로 링크했지만 그 폴더에 index.md가 없다. 노트 파일(.md)로 링크한다."),
    "link-absolute": (ERROR, "사이트 절대 경로(/...) 링크는 GitHub Pages 하위 경로에서 깨진다. 상대 경로로 쓴다."),
    "link-language": (ERROR, "다른 언어 폴더(docs/ko, docs/en)로 넘어가는 링크다. 같은 언어 안의 상대 경로를 쓴다."),
    "anchor-missing": (ERROR, "링크의 #앵커가 대상 문서의 제목 앵커에 없다. 제목에서 만들어진 앵커로 고친다."),
    "anchor-normalization": (ERROR, "앵커의 유니코드 정규화(NFC/NFD)가 제목과 다르다. NFC로 다시 입력한다."),
    "image-missing": (ERROR, "이미지 파일이 없다. 경로를 고치거나 파일을 추가한다."),
    "image-case": (ERROR, "이미지 파일 이름의 대소문자가 다르다. GitHub Pages에서는 깨진다. 이름을 정확히 맞춘다."),
    "ref-undefined": (ERROR, "참조 링크 [텍스트][이름]의 정의 [이름]: URL 이 없다. 정의를 추가한다."),
    "ref-duplicate": (WARNING, "같은 참조 링크 정의가 두 번 있다. 마지막 정의만 쓰이므로 하나를 지운다."),
    "html-link-md": (ERROR, "HTML 태그의 href/src가 .md를 가리킨다. 하위 경로에서 깨지므로 Markdown 링크로 쓴다."),
    "html-unsafe": (ERROR, "허용 목록(data/html_policy.yml)에 없는 HTML 요소·속성·주소다. 스크립트 실행, 페이지 이동, 모양 바꾸기, 입력 받기를 막는다. 지우거나 Markdown으로 쓴다."),
    "snippet-path": (ERROR, "스니펫(--8<--)은 docs/includes/ 안의 파일(과 기여 안내의 CONTRIBUTING.md)만 넣을 수 있다. 경로를 고친다."),
    "vocabulary": (WARNING, "용어집이 권하지 않는 표기다(data/glossary.yml 의 discouraged). 권장 표기로 바꾼다. 인용이나 코드 안은 괜찮다."),
    "template-left": (ERROR, "새 노트 템플릿의 안내 문구가 남아 있다. 노트 내용으로 바꿔 쓴다."),
    "asset-type": (ERROR, "docs/ 에 둘 수 없는 파일 형식이다(노트 .md와 그림만). 지우거나 그림 형식으로 바꾼다."),
    "asset-unsafe": (ERROR, "SVG 그림에 스크립트, 이벤트 처리기, HTML 삽입(foreignObject), 외부 참조가 있다. 지운다."),
    "table-cells": (ERROR, "표의 행 칸 수가 머리글과 다르다. 사이트에서 칸이 채워지거나 잘린다. 칸 수를 맞춘다."),
    "table-header": (ERROR, "표 머리글과 구분선(---)의 칸 수가 달라 표가 아니라 글로 보인다. 칸 수를 맞춘다."),
    "table-glued": (ERROR, "표 바로 앞 줄에 글이 붙어 있어 표가 글로 보인다. 표 앞에 빈 줄을 넣는다."),
    "table-glued-after": (ERROR, "표 바로 뒤에 붙은 줄이 표의 행이 된다. 표 뒤에 빈 줄을 넣는다."),
    "table-no-delimiter": (ERROR, "| 로 시작하는 줄이 이어지지만 구분선(| --- |)이 없어 표가 되지 않는다. 두 번째 줄에 구분선을 넣는다."),
    "table-pipe": (ERROR, "링크, 수식, HTML 속성 안의 | 가 표의 칸을 나눈다. \\| 로 쓰거나 다르게 표현한다."),
    "table-code-pipe": (WARNING, "표 안 코드 스팬의 \\| 는 역슬래시까지 그대로 보인다. 코드 스팬 안에서는 | 를 쓴다."),
    "frontmatter-yaml": (ERROR, "front matter YAML 문법 오류다. 표시된 줄을 고친다."),
    "frontmatter-missing": (ERROR, "front matter(--- 로 감싼 title, description, tags)가 없다. 파일 맨 앞에 추가한다."),
    "frontmatter-field": (ERROR, "front matter 필드가 규칙(data/frontmatter.schema.json)에 맞지 않는다."),
    "frontmatter-tag": (ERROR, "허용 목록(data/tags.yml)에 없는 태그다. 목록의 태그를 쓰거나 목록에 추가한다."),
    "fence-unclosed": (ERROR, "코드 블록(``` 또는 ~~~)이 닫히지 않았다. 같은 길이의 펜스로 닫는다."),
    "encoding": (ERROR, "UTF-8이 아닌 바이트가 있다. 파일을 UTF-8로 저장한다."),
    "bom": (ERROR, "파일 앞에 BOM이 있다. BOM 없는 UTF-8로 저장한다."),
    "crlf": (ERROR, "줄 끝이 CRLF다. LF로 바꾼다(git config core.autocrlf input)."),
    "empty": (ERROR, "빈 파일이다. 내용을 쓰거나 파일을 지운다."),
    "nav-missing": (ERROR, "mkdocs.yml의 nav에 없는 문서다. nav와 섹션 index.md에 추가한다."),
    "external-broken": (ERROR, "외부 링크가 응답하지 않거나 오류를 돌려준다. 주소를 고치거나 보관본으로 바꾼다."),
    "external-redirect": (WARNING, "외부 링크가 다른 주소로 옮겨졌다. 최종 주소로 바꾼다."),
    "glossary": (ERROR, "용어집 데이터가 규칙에 맞지 않는다."),
    "internal": (ERROR, "검사기가 이 파일을 읽지 못했다. 파일 내용을 확인하고, 계속되면 이슈로 알린다."),
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES.get(self.code, (ERROR, ""))[0])

    def text(self) -> str:
        # File names and messages may hold a contributor's text: one problem stays one line, so
        # nothing in it can start a line that CI reads as a command (::error ...).
        return f"{_escape_data(self.path)}:{self.line}:{self.col}: {self.severity} {self.code} {_escape_data(self.message)}"


def display_path(path: Path) -> str:
    """PATH relative to the current folder when possible, with forward slashes."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command for one problem."""
    kind = "error" if problem.severity == ERROR else "warning"
    props = ",".join(
        [
            f"file={_escape_property(problem.path)}",
            f"line={problem.line}",
            f"col={problem.col}",
            f"title={_escape_property(problem.code)}",
        ]
    )
    return f"::{kind} {props}::{_escape_data(problem.message)}"


def step_summary(problems: list[Problem]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: GitHub shows only 10 annotations per step."""
    if not problems:
        return "## 문서 검사\n\n문제가 없다.\n"
    rows = ["## 문서 검사", "", f"문제 {len(problems)}개", "", "| 위치 | 종류 | 코드 | 내용 |", "| --- | --- | --- | --- |"]
    for p in problems:
        message = p.message.replace("|", "\\|").replace("\n", " ")
        where = _escape_data(p.path).replace("`", "'").replace("|", "\\|")
        rows.append(f"| `{where}:{p.line}:{p.col}` | {p.severity} | `{p.code}` | {message} |")
    return "\n".join(rows) + "\n"


def emit(problems: list[Problem], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([asdict(p) for p in problems], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for p in problems:
            out.write(p.text() + "\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        if fmt == "text":  # keep --format json parseable
            for p in problems:
                out.write(annotation(p) + "\n")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(step_summary(problems))
