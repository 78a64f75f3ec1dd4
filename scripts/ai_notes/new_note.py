"""Create a new note from the template and register it in the navigation and the section lists.

    python -m ai_notes.new_note                      # asks for section, slug, title, description, tags
    python -m ai_notes.new_note --section rag --slug hybrid-search --title "하이브리드 검색"

Writes docs/ko/<section>/<slug>.md, adds it to the section's nav in mkdocs.yml (a text edit
that keeps comments and formatting) and to the note lists of docs/ko/<section>/index.md and
docs/en/<section>/index.md. Never overwrites a file; if any step fails, every touched file is
restored. Exit codes: 0 done, 1 could not write (nothing changed), 2 bad input, 130 cancelled.
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ai_notes import tags
from ai_notes.check.drafts import PLACEHOLDER_DESCRIPTION
from ai_notes.note_files import Change, InputError, ScaffoldError, apply, rel
from ai_notes.note_listings import add_to_index, add_to_nav, verify_nav

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).resolve().parent / "templates" / "note.md"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
# Limits of the front-matter schema, read from it: the scaffolder never accepts what the checker refuses.
_SCHEMA = json.loads((ROOT / "data" / "frontmatter.schema.json").read_text(encoding="utf-8"))["properties"]
TITLE_MAX = _SCHEMA["title"]["maxLength"]
DESCRIPTION_MIN, DESCRIPTION_MAX = _SCHEMA["description"]["minLength"], _SCHEMA["description"]["maxLength"]
RESERVED_SLUGS = {"index"}
PREVIEW_HOST = "http://127.0.0.1:8000"   # make serve


# ---------------------------------------------------------------- repository facts


@dataclass
class Section:
    folder: str
    name: str          # the nav label, e.g. "컴퓨터 비전"




def load_config(root: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    path = root / "mkdocs.yml"
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml_load(fh)
    except FileNotFoundError:
        raise ScaffoldError(f"{rel(path, root)} 이 없다. 저장소 폴더에서 실행하거나 --root 로 저장소를 가리킨다.") from None
    except yaml.YAMLError as exc:
        raise ScaffoldError(f"mkdocs.yml 을 읽을 수 없다(YAML 오류): {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("nav"), list):
        raise ScaffoldError("mkdocs.yml 에 nav 목록이 없다.")
    return data


def nav_sections(nav: list[Any]) -> dict[str, str]:
    """folder -> nav label, for every top-level nav group that lists <folder>/index.md."""
    found: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for label, children in item.items():
                if isinstance(children, list):
                    for child in children:
                        if isinstance(child, str) and child.endswith("/index.md") and child.count("/") == 1:
                            found.setdefault(child.split("/")[0], str(label))
    return found


def sections(root: Path, config: dict[str, Any]) -> list[Section]:
    """Folders of docs/ko that have an index.md, in navigation order."""
    ko = root / "docs" / "ko"
    labels = nav_sections(config["nav"])
    folders = sorted(p.parent.name for p in ko.glob("*/index.md"))
    order = list(labels)
    folders.sort(key=lambda f: (order.index(f) if f in order else len(order), f))
    return [Section(f, labels.get(f, f)) for f in folders]


def allowed_tags(root: Path) -> list[str]:
    try:
        return tags.allowed("ko", root / "data" / "tags.yml")
    except tags.TagsError as exc:
        raise ScaffoldError(str(exc)) from None


def index_tags(index: Path) -> list[str]:
    """The tags in a section index's front matter: the default for a new note in that section."""
    text = index.read_text(encoding="utf-8")
    m = re.match(r"\A---\n(.*?\n)---\n", text, re.S)
    if not m:
        return []
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        return []
    tags = data.get("tags") if isinstance(data, dict) else None
    return [str(t) for t in tags] if isinstance(tags, list) else []


def preview_url(config: dict[str, Any], section: str, slug: str) -> str:
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    if not path.endswith("/"):
        path += "/"
    return f"{PREVIEW_HOST}{path}{section}/{slug}/"


# ---------------------------------------------------------------- validation


def suggest_slug(value: str) -> str:
    s = value.strip().lower()
    s = re.sub(r"[\s_.]+", "-", s)
    s = re.sub(r"[^a-z0-9-]", "", s)
    return re.sub(r"-{2,}", "-", s).strip("-")


def check_section(value: str, available: list[Section]) -> Section:
    value = value.strip().strip("/")
    if value.isdigit() and 1 <= int(value) <= len(available):
        return available[int(value) - 1]
    for s in available:
        if value in (s.folder, s.name):
            return s
    names = ", ".join(s.folder for s in available)
    raise InputError(f"'{value}' 는 섹션이 아니다. docs/ko 안의 섹션 폴더 중 하나를 쓴다: {names}")


def check_slug(value: str, root: Path, section: Section, nav_text: str) -> str:
    slug = value.strip()
    if slug.endswith(".md"):
        slug = slug[:-3]
    if not slug:
        raise InputError("슬러그가 비어 있다. 영어 소문자, 숫자, 하이픈(-)으로 쓴다. 예: attention-mechanism")
    if not SLUG.match(slug):
        hint = suggest_slug(slug)
        hint = f" 예: {hint}" if hint and SLUG.match(hint) else " 예: attention-mechanism"
        if re.search(r"[A-Z]", slug):
            why = "대문자가 있다"
        elif re.search(r"[^\x00-\x7f]", slug):
            why = "한글 등 ASCII가 아닌 글자가 있다(한국어 제목은 --title 로 준다)"
        elif re.search(r"\s", slug):
            why = "공백이 있다"
        elif slug.startswith("-") or slug.endswith("-") or "--" in slug:
            why = "하이픈이 맨 앞이나 맨 뒤에 있거나 두 번 이어진다"
        else:
            why = "쓸 수 없는 문자가 있다"
        raise InputError(f"슬러그 '{slug}' 는 쓸 수 없다: {why}. 영어 소문자, 숫자, 하이픈(-)만 쓴다.{hint}")
    if len(slug) > SLUG_MAX:
        raise InputError(f"슬러그가 {len(slug)}자로 너무 길다. {SLUG_MAX}자 이하로 줄인다.")
    if slug in RESERVED_SLUGS:
        raise InputError(f"'{slug}' 는 섹션 첫 페이지의 이름이라 쓸 수 없다. 다른 슬러그를 고른다.")
    taken = sorted(p for p in (root / "docs" / "ko").rglob(f"{slug}.md"))
    if taken:
        raise InputError(f"슬러그 '{slug}' 는 이미 {rel(taken[0], root)} 가 쓰고 있다. 슬러그는 docs/ko 전체에서 하나뿐이어야 한다. "
                         "다른 슬러그를 고르거나 기존 노트를 고친다.")
    target = f"{section.folder}/{slug}.md"
    if re.search(rf"^\s*-\s*(?:[^\n:]+:\s*)?{re.escape(target)}\s*(?:#.*)?$", nav_text, re.M):
        raise InputError(f"mkdocs.yml 의 nav 에 {target} 가 이미 있다(파일은 없다). nav 의 그 줄을 지우거나 다른 슬러그를 고른다.")
    return slug


def check_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise InputError("제목이 비어 있다. 노트의 한국어 제목을 쓴다. 예: 어텐션 메커니즘")
    if len(title) > TITLE_MAX:
        raise InputError(f"제목이 {len(title)}자로 너무 길다. {TITLE_MAX}자 이하로 줄인다.")
    return title


def check_description(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if not DESCRIPTION_MIN <= len(text) <= DESCRIPTION_MAX:
        raise InputError(f"설명은 {DESCRIPTION_MIN}~{DESCRIPTION_MAX}자의 한 문장으로 쓴다(지금 {len(text)}자).")
    return text


def split_tags(values: list[str]) -> list[str]:
    tags: list[str] = []
    for value in values:
        for tag in value.split(","):
            tag = tag.strip()
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def check_tags(tags: list[str], allowed: list[str]) -> list[str]:
    if not tags:
        raise InputError(f"태그가 하나는 있어야 한다. 허용 태그: {', '.join(allowed)}")
    unknown = [t for t in tags if t not in allowed]
    if unknown:
        raise InputError(f"data/tags.yml 에 없는 태그다: {', '.join(unknown)}. 허용 태그: {', '.join(allowed)} "
                         "(새 태그가 필요하면 먼저 data/tags.yml 에 뜻과 함께 추가한다)")
    return tags


# ---------------------------------------------------------------- the edits


def yaml_scalar(value: str) -> str:
    """Plain when YAML reads it back unchanged (tags like 자연어 처리), double-quoted otherwise."""
    try:
        plain_ok = yaml.safe_load(f"k: {value}") == {"k": value} and not re.search(r"[#:'\"\[\]{}]", value)
    except yaml.YAMLError:
        plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def render_note(title: str, description: str, tags: list[str], section: Section) -> str:
    values = {
        "title": json.dumps(title, ensure_ascii=False),           # a valid YAML double-quoted scalar
        "description": json.dumps(description, ensure_ascii=False),
        "tags": "\n".join(f"  - {yaml_scalar(t)}" for t in tags),
        "section_name": section.name.replace("[", "\\[").replace("]", "\\]"),
        "reviewed": datetime.date.today().isoformat(),
    }
    template = TEMPLATE.read_text(encoding="utf-8")
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], template)


class KoreanArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"오류: 인자를 이해하지 못했다({message}). 도움말: python -m ai_notes.new_note --help\n")


def parser() -> argparse.ArgumentParser:
    p = KoreanArgumentParser(
        prog="python -m ai_notes.new_note",
        description="템플릿으로 새 노트를 만들고 mkdocs.yml 의 nav 와 섹션 목록(ko, en)에 추가한다. "
                    "인자를 주지 않은 항목은 물어본다.",
        epilog="예: python -m ai_notes.new_note --section rag --slug hybrid-search --title \"하이브리드 검색\" "
               "--description \"키워드 검색과 벡터 검색을 함께 쓰는 방법을 정리한다.\" --tags RAG",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="이 도움말을 보여 주고 끝낸다")
    p.add_argument("--section", help="섹션 폴더 이름(docs/ko 안, 예: rag) 또는 목록의 번호")
    p.add_argument("--slug", help="파일 이름이자 주소. 영어 소문자, 숫자, 하이픈(-). 예: hybrid-search")
    p.add_argument("--title", help="노트의 한국어 제목")
    p.add_argument("--description", help=f"한 문장 설명({DESCRIPTION_MIN}~{DESCRIPTION_MAX}자). 검색 결과와 섹션 목록에 보인다")
    p.add_argument("--tags", action="append", default=None,
                   help="data/tags.yml 의 태그. 쉼표로 구분하거나 여러 번 준다 (기본: 섹션 index.md 의 태그)")
    p.add_argument("--root", type=Path, default=ROOT, help="저장소 폴더 (기본: 이 스크립트가 있는 저장소)")
    return p


def ask(prompt: str, check, interactive: bool):  # type: ignore[no-untyped-def]
    """Ask until the answer passes `check`; a bad answer on a closed input is an error."""
    while True:
        try:
            answer = input(prompt)
        except EOFError:
            raise InputError("입력이 끝났다. 인자로 줄 때는 --section, --slug, --title 을 함께 준다.") from None
        try:
            return check(answer)
        except InputError as exc:
            if not interactive:
                raise
            print(f"  {exc}", file=sys.stderr)


def _answers(args: argparse.Namespace, root: Path, available: list[Section], nav_text: str,
             tags_allowed: list[str]) -> tuple[Section, str, str, str | None, list[str], bool]:
    """Section, slug, title, description, tags (asked for when not given) and whether any was asked."""
    interactive = sys.stdin.isatty()
    asked = any(v is None for v in (args.section, args.slug, args.title))
    if asked:
        print("새 노트를 만든다. 그만두려면 Ctrl+C 를 누른다.")

    if args.section is None:
        print("섹션:")
        for n, s in enumerate(available, 1):
            print(f"  {n:>2}. {s.folder:<12} {s.name}")
        section = ask("섹션 번호나 폴더 이름: ", lambda v: check_section(v, available), interactive)
    else:
        section = check_section(args.section, available)

    if args.slug is None:
        slug = ask("슬러그(파일 이름이자 주소. 영어 소문자·숫자·하이픈, 예: hybrid-search): ",
                   lambda v: check_slug(v, root, section, nav_text), interactive)
    else:
        slug = check_slug(args.slug, root, section, nav_text)

    if args.title is None:
        title = ask("한국어 제목: ", check_title, interactive)
    else:
        title = check_title(args.title)

    description = check_description(args.description)
    if description is None and asked:
        description = ask("한 문장 설명(검색 결과와 섹션 목록에 보인다. 비워 두면 나중에 쓴다): ",
                          check_description, interactive)

    index_ko = root / "docs" / "ko" / section.folder / "index.md"
    default_tags = [t for t in index_tags(index_ko) if t in tags_allowed]
    if args.tags is not None:
        tags = check_tags(split_tags(args.tags), tags_allowed)
    elif asked:
        shown = ", ".join(default_tags) or "없음"
        tags = ask(f"태그(쉼표로 구분. 비워 두면 {shown}. 허용: {', '.join(tags_allowed)}): ",
                   lambda v: check_tags(split_tags([v]) or default_tags, tags_allowed), interactive)
    else:
        tags = check_tags(default_tags, tags_allowed)

    return section, slug, title, description, tags, asked


def run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    root: Path = args.root.resolve()
    if not (root / "docs" / "ko").is_dir():
        raise InputError(f"{root} 에 docs/ko 폴더가 없다. 저장소 폴더에서 실행하거나 --root 로 저장소를 가리킨다.")
    config = load_config(root)
    nav_file = root / "mkdocs.yml"
    nav_text = nav_file.read_text(encoding="utf-8")
    available = sections(root, config)
    if not available:
        raise ScaffoldError("docs/ko 에 index.md 가 있는 섹션 폴더가 없다.")
    tags_allowed = allowed_tags(root)
    section, slug, title, description, tags, asked = _answers(args, root, available, nav_text, tags_allowed)
    index_ko = root / "docs" / "ko" / section.folder / "index.md"
    placeholder = description is None
    description = description or PLACEHOLDER_DESCRIPTION
    note = root / "docs" / "ko" / section.folder / f"{slug}.md"
    if note.exists():
        raise InputError(f"{rel(note, root)} 가 이미 있다. 기존 파일은 덮어쓰지 않는다.")

    nav_new = add_to_nav(nav_text, section.folder, slug)
    verify_nav(nav_text, nav_new, section.folder, slug)
    changes = [
        Change(note, render_note(title, description, tags, section).encode("utf-8"), None),
        Change(nav_file, nav_new.encode("utf-8"), nav_text.encode("utf-8")),
    ]
    indexes = [index_ko, root / "docs" / "en" / section.folder / "index.md"]
    for index in indexes:
        if index.is_file():
            old = index.read_text(encoding="utf-8")
            new = add_to_index(old, rel(index, root), title, slug, description)
            changes.append(Change(index, new.encode("utf-8"), old.encode("utf-8")))
    apply(changes, root)

    touched = [rel(c.path, root) for c in changes[1:]]
    print(f"새 노트를 만들었다: {rel(note, root)}")
    print(f"목록에 추가했다: {', '.join(touched)}")
    print(f"미리보기: make serve 를 실행하고 {preview_url(config, section.folder, slug)} 를 연다.")
    if placeholder:
        print("설명을 정하지 않아 임시 문장을 넣었다. front matter 의 description 과 섹션 목록 두 곳"
              f"({', '.join(rel(p, root) for p in indexes if p.is_file())})의 설명을 함께 고친다.")
    print("다음: 템플릿의 안내 문구를 본문으로 바꾸고 sources 에 확인한 1차 자료를 적은 뒤 make check 로 검사한다. "
          "안내 문구가 남아 있거나 sources 가 비어 있으면 검사기와 빌드가 거부한다(template-left). "
          "노트를 읽는 순서를 바꾸려면 mkdocs.yml nav 와 섹션 목록에서 줄을 옮긴다.")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except InputError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    except ScaffoldError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n취소했다. 파일은 바뀌지 않았다.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug here must not leave a traceback or a half-made note
        print(f"오류: 예상하지 못한 문제가 생겼다({type(exc).__name__}: {exc}). 파일은 바뀌지 않았다. "
              "이 메시지를 이슈로 알려 준다.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
