"""Run every rule over a set of files; never raise for bad input."""
from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from scripts.check.frontmatter import check_front_matter
from scripts.check.links import LinkContext, Tree, check_links, forget_listings
from scripts.check.problems import Problem, display_path
from scripts.check.render import Renderer, html_facts
from scripts.check.source import Source, read_source
from scripts.check.tables import check_tables

UNSAFE_SOURCE = re.compile(
    r"<\s*(script|iframe|object|embed|frame|frameset|applet|base)\b|\son[a-z]+\s*=|(?:java|vb)script\s*:", re.I
)


@dataclass
class Settings:
    root: Path
    docs_dir: Path
    default_locale: str
    locales: list[str]
    extensions: list[Any]
    extension_configs: dict[str, dict[str, Any]]
    nav_paths: set[str] | None            # None: do not check navigation
    not_in_nav: pathspec.PathSpec | None
    schema: Path
    tags: Path
    glossary: Path


@dataclass
class Checker:
    settings: Settings
    renderer: Renderer = field(init=False)
    _anchors: dict[Path, set[str] | None] = field(default_factory=dict)
    _sources: dict[Path, Source] = field(default_factory=dict)
    external: list[tuple[str, int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        forget_listings()
        s = self.settings
        self.renderer = Renderer(s.extensions, s.extension_configs, s.root)
        self.tree = Tree(s.docs_dir, s.default_locale, s.locales)

    # Rendering is the expensive part: each file is rendered once, as a page or as a link target.
    def _render(self, path: Path) -> tuple[Source, str | None]:
        src = self._sources.get(path)
        if src is None:
            src = read_source(path, display_path(path))
            self._sources[path] = src
        if not src.readable or not src.text.strip():
            self._anchors[path] = None
            return src, None
        if getattr(src, "_html", None) is None:
            try:
                html = self.renderer.render(src.body)
            except Exception as exc:  # a snippet that is missing, an extension that gave up
                name = type(exc).__name__
                src.problems.append(Problem(src.display, src.body_start + 1, 1, "internal",
                                            f"Markdown 변환에 실패했다({name}: {str(exc)[:200]}). 해당 구문을 확인한다."))
                html = ""
            src._html = html  # type: ignore[attr-defined]
            self._anchors[path] = html_facts(html).ids
        return src, src._html  # type: ignore[attr-defined]

    def anchors_of(self, path: Path) -> set[str] | None:
        if path not in self._anchors:
            self._render(path)
        return self._anchors.get(path)

    def check_file(self, path: Path) -> list[Problem]:
        try:
            return self._check_file(path)
        except Exception as exc:  # never a traceback for a contributor: a located error instead
            last = traceback.extract_tb(exc.__traceback__)[-1]
            return [Problem(display_path(path), 1, 1, "internal",
                            f"검사 중 예외 {type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno}). 이슈로 알려 준다.")]

    def _check_file(self, path: Path) -> list[Problem]:
        src, html = self._render(path)
        problems = list(src.problems)
        if html is None:
            return problems
        locale = self.tree.locale_of(src.path)
        # Notes live in a section folder; pages at a language root (home, tags) are site pages.
        is_note = locale is None or len(src.path.resolve().relative_to((self.settings.docs_dir / locale).resolve()).parts) > 1
        problems.extend(check_front_matter(src, self.settings.schema, self.settings.tags, note=is_note))
        facts = html_facts(html)
        ctx = LinkContext(self.tree, self.anchors_of, self.external)
        problems.extend(check_links(src, facts, ctx))
        problems.extend(check_tables(src))
        if facts.unsafe:
            problems.extend(self._unsafe(src, facts.unsafe))
        problems.extend(self._nav(src))
        return problems

    def _unsafe(self, src: Source, found: list[str]) -> list[Problem]:
        problems = []
        for index in range(src.body_start, len(src.lines)):
            if index in src.code_lines:
                continue
            for m in UNSAFE_SOURCE.finditer(src.lines[index]):
                if not src.in_code(index, m.start()):
                    what = m.group(0).strip()
                    problems.append(Problem(src.display, index + 1, m.start() + 1, "html-unsafe",
                                            f"노트에 {what} 는 쓸 수 없다(스크립트 실행 위험). 지운다."))
        if not problems:
            problems.append(Problem(src.display, src.body_start + 1, 1, "html-unsafe",
                                    f"렌더링 결과에 허용되지 않는 HTML이 있다: {', '.join(sorted(set(found)))}. 지운다."))
        return problems

    def _nav(self, src: Source) -> list[Problem]:
        s = self.settings
        if s.nav_paths is None:
            return []
        locale = self.tree.locale_of(src.path)
        if locale is None:
            return []
        rel = src.path.resolve().relative_to((s.docs_dir / locale).resolve()).as_posix()
        if rel in s.nav_paths or (s.not_in_nav and s.not_in_nav.match_file(rel)):
            return []
        return [Problem(src.display, 1, 1, "nav-missing",
                        f"{rel} 가 mkdocs.yml 의 nav 에 없다. 섹션의 목록에 '- {rel}' 를 추가하고 섹션 index.md 에도 링크한다.")]


def markdown_files(paths: list[Path], docs_dir: Path) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.md") if q.is_file()))
        elif p.suffix.lower() in {".md", ".markdown"}:
            files.append(p)
    return sorted(dict.fromkeys(f.resolve() for f in files))


def nav_paths(nav: Any) -> set[str]:
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            if not re.match(r"^[a-z]+://", item):
                found.add(item)
        elif isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                walk(x)

    walk(nav)
    return found
