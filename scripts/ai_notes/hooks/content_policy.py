"""The build refuses what the docs checker refuses: notes and assets come from strangers.

Each event reuses the checker's own rules (scripts/ai_notes/check), so a contributor reads the same
located Korean message from `make check` and from `mkdocs build --strict`:

* on_files: files in docs/ other than notes must be allowed images (or the project's own CSS and
  JavaScript); SVGs must hold no script, event handler, embedded HTML or outside reference.
  A refused file is not published.
* on_page_read_source: a note that is not UTF-8, or whose front matter breaks the schema
  (markup in title or description, an impossible date ...), is reported at its line.
* on_page_markdown: includes (--8<--) only from the allowed snippet bases; template text left
  in a note; front matter values that reach templates are reduced to plain text.
* on_page_content: the rendered HTML must pass the allow list in data/html_policy.yml; a page
  that does not is published as a notice only, so even a non-strict build carries no payload.

Errors are logged under "mkdocs.", so the strict build (mkdocs.yml: strict: true) fails on them.
"""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ai_notes.check import assets, drafts, policy, snippets
from ai_notes.check.frontmatter import PLAIN_TEXT_FIELDS, check_front_matter
from ai_notes.check.problems import Problem, display_path
from ai_notes.check.source import Source, read_source
from ai_notes.site_config import PRIORITY, project_extensions

ROOT = Path(__file__).resolve().parents[3]
POLICY = ROOT / "data" / "html_policy.yml"
SCHEMA = ROOT / "data" / "frontmatter.schema.json"
TAGS = ROOT / "data" / "tags.yml"
# What templates must never receive from front matter (see the schema's $defs/text).
MARKUP = re.compile(r"[<>\"`]|&(?=[#A-Za-z0-9])")

# Pages into which a project hook writes generated markup (the glossary's term list, from
# data/glossary.yml) are judged as their author wrote them, before the generator runs: the
# same text the checker judges.
GENERATED_MARKERS = ("<!-- glossary -->",)

log = logging.getLogger("mkdocs.hooks.content_policy")
_reported: set[str] = set()      # each problem once, though both languages build the same notes
_sources: dict[str, Source] = {}
_judged_early: set[str] = set()
_renderer: list[markdown.Markdown] = []


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        line = problem.text()
        if line not in _reported:
            _reported.add(line)
            log.error(line)


def _in_docs(path: str | None, config: MkDocsConfig) -> Path | None:
    if not path:
        return None
    p = Path(path).resolve()
    docs = Path(config.docs_dir).resolve()
    return p if p.is_relative_to(docs) else None


def _is_note(path: Path, config: MkDocsConfig) -> bool:
    # docs/<locale>/<section>/<slug>.md; pages at a language root are site pages.
    return len(path.relative_to(Path(config.docs_dir).resolve()).parts) > 2


def _locale(path: Path, config: MkDocsConfig) -> str:
    return path.relative_to(Path(config.docs_dir).resolve()).parts[0]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.extend(project_extensions())
    return config


@event_priority(PRIORITY["policy"])
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = Path(config.docs_dir).resolve()
    for file in list(files):
        path = _in_docs(file.abs_src_path, config)
        if path is None or file.is_documentation_page():
            continue
        problems = assets.check_asset(path, docs, POLICY, display_path(path))
        if problems:
            _report(problems)
            files.remove(file)
    return files


@event_priority(PRIORITY["policy"])
def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    path = _in_docs(page.file.abs_src_path, config)
    if path is None:
        return None
    src = read_source(path, display_path(path))
    _sources[page.file.src_uri] = src
    unreadable = [p for p in src.problems if p.code in {"encoding", "internal"}]
    if unreadable:  # one clear message; the page is published empty rather than garbled
        _report(unreadable)
        return "---\ntitle: 읽을 수 없는 문서\n---\n"
    _report(check_front_matter(src, SCHEMA, TAGS, note=_is_note(path, config), locale=_locale(path, config)))
    return src.text


@event_priority(PRIORITY["policy"])
def on_page_markdown(text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = _sources.get(page.file.src_uri)
    for key in PLAIN_TEXT_FIELDS:
        value = page.meta.get(key)
        if value is not None and (not isinstance(value, str) or MARKUP.search(value)):
            page.meta[key] = MARKUP.sub("", str(value))
    if src is None:
        return text
    # Snippet folders are named from the folder the build runs in, as pymdownx resolves them.
    bases = snippets.bases(dict(config.mdx_configs), Path.cwd())
    lines = text.split("\n")
    # MkDocs strips the front matter (and blank lines after it): the body is the file's last lines.
    first = len(src.lines) - len(lines)
    _report(snippets.check(lines, bases, src.display, first))
    if _is_note(src.path, config) and src.path.name != "index.md":
        _report(drafts.check(src))
    text = "\n".join(snippets.neutralize(lines, bases))
    if any(marker in text for marker in GENERATED_MARKERS):
        _judge(_render(text, config), page, src)
        _judged_early.add(page.file.src_uri)
    return text


def _render(text: str, config: MkDocsConfig) -> str:
    if not _renderer:
        _renderer.append(markdown.Markdown(extensions=config.markdown_extensions,
                                           extension_configs=config.mdx_configs))
    md = _renderer[0]
    md.reset()
    return md.convert(text)


def _judge(html_text: str, page: Page, src: Source | None) -> bool:
    """Report what the allow list refuses; True when the page is clean."""
    found = policy.load(POLICY).judge(html_text)
    if found:
        src = src or Source(path=Path(page.file.src_uri), display=page.file.src_uri)
        _report(policy.locate(src, found))
    return not found


@event_priority(PRIORITY["policy"])  # before any hook adds its own markup to the page
def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = _sources.get(page.file.src_uri)
    if page.file.src_uri in _judged_early or _judge(html_text, page, src):
        return html_text
    shown = src.display if src else page.file.src_uri
    return ('<div class="admonition failure"><p class="admonition-title">이 페이지는 게시할 수 없다</p>'
            f"<p>{html.escape(shown)}에 허용되지 않는 HTML이 있어 내용을 싣지 않았다. "
            "<code>make check</code>의 안내에 따라 고친다.</p></div>")
