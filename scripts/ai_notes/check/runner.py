"""Run every rule over a set of files; never raise for bad input."""
from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import re
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from ai_notes import glossary_data
from ai_notes import glossary_marks as marks
from ai_notes.check import drafts, policy, snippets, vocabulary
from ai_notes.check.frontmatter import check_front_matter
from ai_notes.check.links import (
    AnchorCheck,
    LinkContext,
    Tree,
    check_anchors,
    check_links,
    forget_listings,
    resolved,
)
from ai_notes.check.problems import Problem, display_path
from ai_notes.check.render import HtmlFacts, Renderer, html_facts
from ai_notes.check.source import Source, read_source
from ai_notes.check.tables import check_tables


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
    policy: Path                            # data/html_policy.yml
    exclude: pathspec.PathSpec | None = None  # exclude_docs: files that are not pages


@dataclass
class Prepared:
    """Everything about one file that needs no other file: picklable, so workers can build it."""
    src: Source
    facts: HtmlFacts | None                 # None: unreadable or empty, nothing rendered
    local: list[Problem] = field(default_factory=list)
    anchors: list[AnchorCheck] = field(default_factory=list)      # fragments of other notes
    external: list[tuple[str, int, int, str]] = field(default_factory=list)


    def shipped(self) -> Prepared:
        """What the parent needs from a worker: problems, links still to judge, and the ids that
        other notes link to. The text and the rest of the facts stay behind (less to pickle)."""
        src = Source(path=self.src.path, display=self.src.display, problems=self.src.problems,
                     readable=self.src.readable)
        facts = None if self.facts is None else HtmlFacts(ids=self.facts.ids)
        return Prepared(src, facts, self.local, self.anchors, self.external)


# The checker a forked worker inherits (see Checker._map).
_ACTIVE: Checker | None = None


def _in_worker(task: tuple[str, Any]) -> Any:
    assert _ACTIVE is not None
    method, arg = task
    result = getattr(_ACTIVE, method)(arg)
    return result.shipped() if isinstance(result, Prepared) else result


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass
class Checker:
    settings: Settings
    renderer: Renderer = field(init=False)
    _prepared: dict[Path, Prepared] = field(default_factory=dict)
    external: list[tuple[str, int, int, str]] = field(default_factory=list)
    _terms: set[str] | None = None

    # Below this many files a process pool costs more than it saves.
    PARALLEL_FROM = 32

    def __post_init__(self) -> None:
        forget_listings()
        s = self.settings
        self.renderer = Renderer(s.extensions, s.extension_configs, s.root)
        self.tree = Tree(s.docs_dir, s.default_locale, tuple(s.locales))
        self.snippet_bases = snippets.bases(s.extension_configs, s.root)
        self.policy = policy.load(s.policy)

    # Rendering is the expensive part: each file is rendered once, as a page or as a link target.
    def prepare(self, path: Path) -> Prepared:
        """Read, render and run the single-file rules; never raises."""
        try:
            return self._prepare(path)
        except Exception as exc:  # never a traceback for a contributor: a located error instead
            return Prepared(Source(path=path, display=display_path(path), readable=False), None, [_internal(path, exc)])

    def _prepare(self, path: Path) -> Prepared:
        src = read_source(path, display_path(path))
        if not src.readable or not src.text.strip() or any(p.code == "encoding" for p in src.problems):
            return Prepared(src, None)  # undecodable text: that one problem, not its consequences
        # Includes outside the allowed folders are reported here and never rendered.
        body = src.lines[src.body_start:]
        src.problems.extend(snippets.check(body, self.snippet_bases, src.display, src.body_start))
        try:
            # A note's glossary terms are marked as the build marks them (ai_notes.glossary_marks).
            with self._page_terms(src.path):
                html = self.renderer.render("\n".join(snippets.neutralize(body, self.snippet_bases)))
        except Exception as exc:  # an extension that gave up
            name = type(exc).__name__
            src.problems.append(Problem(src.display, src.body_start + 1, 1, "internal",
                                        f"Markdown 변환에 실패했다({name}: {str(exc)[:200]}). 해당 구문을 확인한다."))
            html = ""
        facts = html_facts(html)
        prepared = Prepared(src, facts)
        prepared.local.extend(policy.locate(src, self.policy.judge(html)))
        try:
            prepared.local.extend(self._local(src, facts))
            # Everything about links but the anchors of other notes, which may not be rendered yet.
            ctx = LinkContext(self.tree, self.anchors_of, prepared.external, prepared.anchors)
            prepared.local.extend(check_links(src, facts, ctx))
        except Exception as exc:  # never a traceback for a contributor: a located error instead
            prepared.local.append(_internal(path, exc))
        return prepared

    def _page_terms(self, path: Path) -> contextlib.AbstractContextManager:
        locale = self.tree.locale_of(path)
        if locale is None:
            return contextlib.nullcontext()
        local = resolved(path).relative_to(resolved(self.settings.docs_dir / locale)).as_posix()
        link = marks.glossary_link(local)
        return contextlib.nullcontext() if link is None else marks.page_terms(locale, link)

    def check_all(self, paths: list[Path], extra: list[Callable[[], list[Problem]]] = ()) -> list[Problem]:
        """Check many files (and run `extra` checks alongside), across the machine's cores.

        Every file is read, rendered and checked on its own (in worker processes when there are
        many); then links to fragments of other notes are checked against their anchors.
        """
        todo = [p for p in paths if p not in self._prepared]
        tasks = [("_call", fn) for fn in extra] + [("prepare", p) for p in todo]
        results = self._map(tasks)
        problems: list[Problem] = []
        for (method, arg), result in zip(tasks, results, strict=False):
            if method == "prepare":
                self._prepared[arg] = result
            else:
                problems.extend(result)
        for path in paths:
            problems.extend(self.check_file(path))
        return problems

    def _map(self, tasks: list[tuple[str, Any]]) -> list[Any]:
        workers = min(_workers(), len(tasks) // 16 or 1)
        if len(tasks) >= self.PARALLEL_FROM and workers > 1 and "fork" in mp.get_all_start_methods():
            global _ACTIVE
            _ACTIVE = self
            # Objects the workers inherit stay out of their garbage collector: otherwise each
            # collection touches, and so copies, memory the processes could have shared.
            gc.freeze()
            try:
                # fork: workers inherit the loaded configuration and renderer
                with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
                    return list(pool.map(_in_worker, tasks, chunksize=8))
            except (OSError, BrokenProcessPool):  # no processes to spare: do it here instead
                pass
            finally:
                _ACTIVE = None
                gc.unfreeze()
        return [getattr(self, method)(arg) for method, arg in tasks]

    @staticmethod
    def _call(fn: Callable[[], list[Problem]]) -> list[Problem]:
        return fn()

    def _get(self, path: Path) -> Prepared:
        prepared = self._prepared.get(path)
        if prepared is None:
            prepared = self._prepared[path] = self.prepare(path)
        return prepared

    def anchors_of(self, path: Path) -> set[str] | None:
        path = resolved(path)
        facts = self._get(path).facts
        if facts is None:
            return None
        if path.name == marks.GLOSSARY_PAGE and self.tree.locale_of(path) is not None:
            # The build writes one entry per term where the page has its marker; each entry's
            # heading id is the term id.
            return facts.ids | self._term_ids()
        return facts.ids

    def _term_ids(self) -> set[str]:
        if self._terms is None:
            try:
                self._terms = {t.id for t in glossary_data.load(self.settings.glossary)}
            except (OSError, glossary_data.GlossaryError):
                self._terms = set()  # the glossary check reports what is wrong with the file
        return self._terms

    def check_file(self, path: Path) -> list[Problem]:
        """All problems of one file; call once per file (it also collects its external links)."""
        prepared = self._get(path)
        problems = list(prepared.src.problems) + list(prepared.local)
        self.external.extend(prepared.external)
        try:
            problems.extend(check_anchors(prepared.anchors, self.anchors_of))
        except Exception as exc:
            problems.append(_internal(path, exc))
        return problems

    def _local(self, src: Source, facts: HtmlFacts) -> list[Problem]:
        locale = self.tree.locale_of(src.path)
        # Notes live in a section folder; pages at a language root (home, tags) are site pages.
        is_note = locale is None or len(resolved(src.path).relative_to(resolved(self.settings.docs_dir / locale)).parts) > 1
        problems = check_front_matter(src, self.settings.schema, self.settings.tags, note=is_note,
                                      locale=locale or self.settings.default_locale)
        problems.extend(check_tables(src))
        if is_note and src.path.name != "index.md":
            problems.extend(drafts.check(src))
        if locale == self.settings.default_locale:
            problems.extend(vocabulary.check(src, self.settings.glossary))
        problems.extend(self._nav(src))
        return problems

    def _nav(self, src: Source) -> list[Problem]:
        s = self.settings
        if s.nav_paths is None:
            return []
        locale = self.tree.locale_of(src.path)
        if locale is None:
            return []
        rel = resolved(src.path).relative_to(resolved(s.docs_dir / locale)).as_posix()
        if rel in s.nav_paths or (s.not_in_nav and s.not_in_nav.match_file(rel)):
            return []
        return [Problem(src.display, 1, 1, "nav-missing",
                        f"{rel} 가 mkdocs.yml 의 nav 에 없다. 섹션의 목록에 '- {rel}' 를 추가하고 섹션 index.md 에도 링크한다.")]


def _internal(path: Path, exc: Exception) -> Problem:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return Problem(display_path(path), 1, 1, "internal",
                   f"검사 중 예외 {type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno}). 이슈로 알려 준다.")


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
