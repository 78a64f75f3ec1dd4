"""Glossary: the glossary pages, term tooltips and first-mention links in notes, and backlinks.

Everything comes from data/glossary.yml at build time (see scripts/ai_notes/glossary_data.py):

* docs/<lang>/glossary.md is a short hand-written page with the marker ``<!-- glossary -->``.
  The marker is replaced by the full term list: a filter box (shown only when JavaScript
  runs), a jump bar, one group per initial consonant (ㄱ … ㅎ) and then A–Z on the Korean
  page, A–Z on the English page. Each term is an ``###`` heading whose anchor is its id.
* Each note's terms are marked while it converts, by the Markdown extension
  ai_notes.glossary_marks (listed in mkdocs.yml): the first mention in running text links to
  the term's entry and carries its short definition as a tooltip (Material's
  content.tooltips). This hook tells the extension which note is converting, in which
  language, and collects the terms it found.
* "이 용어가 나오는 노트" / "Notes that use this term" lists the notes in which the term was
  found; it is filled in after every page of the language has been rendered.
* Search: the entries' name fields in the search index are added after the build by
  scripts/ai_notes/search_index.py (run by language_outputs.py, the one writer of the indexes).

A build without a glossary page (e.g. a small fixture site) is left untouched.
"""
from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ai_notes import glossary_collation as gc
from ai_notes import glossary_data as gd
from ai_notes import glossary_marks as marks
from ai_notes import glossary_matcher as gm
from ai_notes import tags
from ai_notes.site_config import PRIORITY, default_locale, inner_build

log = logging.getLogger("mkdocs.hooks.glossary")

MARKER = "<!-- glossary -->"
TEMPLATES = Path(__file__).resolve().parents[3] / "overrides" / "glossary"
PAGE = marks.GLOSSARY_PAGE
JS = "assets/javascripts/glossary.js"

TEXT = {
    "ko": {
        "filter": "용어 찾기", "placeholder": "한국어, 영어, 약어로 찾기 (예: 과적합, overfitting, IoU)",
        "help": "입력하는 즉시 목록이 줄어든다. 초성(ㄱㅈㅎ)으로도 찾을 수 있다. 분류 버튼으로 분야를 고른다.",
        "chips": "분류", "all": "전체", "jump": "자모순 바로가기",
        "ko": "한국어", "en": "영어", "abbr": "약어", "aliases": "다른 이름", "tags": "분류",
        "related": "관련 용어", "note": "자세히 설명", "backlinks": "노트",
        "none": "아직 없음", "sources": "1차 자료", "count": "용어 {n}개", "nothing": "맞는 용어가 없다.",
    },
    "en": {
        "filter": "Find a term", "placeholder": "Korean, English or abbreviation (e.g. 과적합, overfitting, IoU)",
        "help": "The list narrows as you type. Korean initial consonants (ㄱㅈㅎ) work too. Use the category buttons to pick a field.",
        "chips": "Categories", "all": "All", "jump": "Jump to letter",
        "ko": "Korean", "en": "English", "abbr": "Abbreviation", "aliases": "Also called", "tags": "Categories",
        "related": "Related terms", "note": "explained in depth", "backlinks": "Notes",
        "none": "None yet", "sources": "Primary sources", "count": "{n} terms", "nothing": "No matching terms.",
    },
}

def _tag_label(tag: str, lang: str) -> str:
    return tags.label(tag, lang)


class _State:
    def __init__(self) -> None:
        self.terms: list[gd.Term] = []
        self.by_id: dict[str, gd.Term] = {}
        self.lang = "ko"
        self.page_file: File | None = None
        self.notes: dict[str, str] = {}  # note key "section/slug" -> url, this build
        self.titles: dict[str, str] = {}  # page url -> title, filled while pages render
        self.backlinks: dict[str, list[tuple[str, str]]] = {}
        self.marking: marks.PageTerms | None = None  # the note being converted


_state = _State()
_timings: dict[str, float] = {}  # seconds spent per event, for the benchmark (GLOSSARY_TIMINGS)


def _timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            _timings[func.__name__] = _timings.get(func.__name__, 0.0) + time.perf_counter() - started
    return wrapper


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def _locales(config: MkDocsConfig) -> set[str]:
    plugin = _i18n(config)
    if plugin is None:
        return set()
    return {str(lang.locale) for lang in plugin.config.languages}


def _current_language(config: MkDocsConfig) -> str:
    plugin = _i18n(config)
    lang = getattr(plugin, "current_language", None) if plugin else None
    return str(lang or default_locale(config))


# An entry heading's permalink: <h3 id="..">..<a class="headerlink" href="#.." title="..">
ENTRY_PERMALINK_TITLE = re.compile(r'(<h3 id="[^"]+">.*?<a class="headerlink" href="#[^"]+") title="[^"]*"')


def _local_path(file: File, locales: set[str]) -> str:
    """src_uri without the language folder: 'ko/vision/x.md' -> 'vision/x.md'."""
    parts = file.src_uri.split("/", 1)
    return parts[1] if len(parts) == 2 and parts[0] in locales else file.src_uri


# ---------------------------------------------------------------------------------------------
# Build events


@_timed
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        terms = gd.load()
    except gd.GlossaryError as exc:
        raise PluginError(str(exc)) from None
    _state.terms = terms
    _state.by_id = {t.id: t for t in terms}
    return config


@event_priority(PRIORITY["glossary_files"])
@_timed
def on_files(files: Files, config: MkDocsConfig) -> Files:
    locales = _locales(config)
    _state.lang = "en" if _current_language(config) == "en" else "ko"
    _state.page_file = None
    _state.backlinks = {}
    _state.notes = {}
    _state.titles = {}
    for file in files.documentation_pages():
        local = _local_path(file, locales)
        if local == PAGE:
            _state.page_file = file
        elif marks.NOTE_PATH.match(local):
            _state.notes[local[:-3]] = file.url
    _state.marking = None
    return files


def _is_glossary(page: Page) -> bool:
    return _state.page_file is not None and page.file.src_uri == _state.page_file.src_uri


@_timed
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    marks.end_page()
    if not _is_glossary(page):
        link = marks.glossary_link(_local_path(page.file, _locales(config)))
        if _state.page_file is not None and link is not None:
            # The notes' terms are marked while the page converts (ai_notes.glossary_marks).
            _state.marking = marks.start_page(_state.lang, link)
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{page.file.src_uri}: 용어집 자리 표시 '{MARKER}'가 없다.")
    return markdown.replace(MARKER, render_glossary(_state.terms, _state.lang), 1)


@_timed
def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _is_glossary(page):
        script = get_relative_url(JS, page.url)
        # The theme turns every titled element into a tooltip component when the page loads;
        # hundreds of "Permanent link" titles on the entry headings cost phones about half a
        # second of script time for a hint nobody needs on a dictionary entry.
        html_text = ENTRY_PERMALINK_TITLE.sub(r"\1", html_text)
        return html_text + f'\n<script src="{script}" defer></script>\n'
    marking, _state.marking = _state.marking, None
    marks.end_page()
    if marking is not None:
        title = str(page.title or page.file.src_uri)
        _state.titles[page.url] = title
        for term_id in marking.found:
            _state.backlinks.setdefault(term_id, []).append((title, page.url))
    return html_text


# After the search plugin has indexed the page (it finds each entry by its heading id).
@event_priority(PRIORITY["glossary_context"])
@_timed
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Any) -> dict:
    """Keep only the letter groups in the glossary's table of contents.

    The theme renders the table of contents twice (sidebar and mobile drawer) and watches every
    listed heading while the reader scrolls; with one entry per term that is hundreds of links
    and scroll targets. The letter bar at the top of the page already jumps to the groups.
    """
    if _is_glossary(page):
        for group in page.toc:
            group.children = []
    return context


@_timed
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not _is_glossary(page):
        return output
    words = TEXT[_state.lang]

    def links(match: re.Match) -> str:
        """One list of notes per entry: the note that explains the term first, then the others."""
        term_id = match.group(1)
        term = _state.by_id.get(term_id)
        explaining = _state.notes.get(term.note) if term is not None and term.note else None
        pages = sorted(set(_state.backlinks.get(term_id, [])), key=lambda p: p[1])
        if explaining is not None:
            pages = [(_state.titles.get(explaining, term.note), explaining)] + [p for p in pages if p[1] != explaining]
        if not pages:
            items = f'<span class="glossary-none">{words["none"]}</span>'
        else:
            items = ", ".join(
                f'<a href="{html.escape(get_relative_url(url, page.url))}">{html.escape(title)}</a>'
                + (f' <span class="glossary-explains">({words["note"]})</span>' if url == explaining else "")
                for title, url in pages
            )
        return f'<p class="glossary-backlinks"><strong>{words["backlinks"]}</strong>: {items}</p>'

    return re.sub(r"<!--glossary-backlinks:([a-z0-9-]+)-->", links, output)


# The benchmark (scripts/ai_notes/glossary_bench.py) reads the time spent per event.
@event_priority(PRIORITY["glossary_report"])
def on_post_build(config: MkDocsConfig) -> None:
    report = os.environ.get("GLOSSARY_TIMINGS")
    if report and not inner_build(config):
        timings = {**_timings, "term marks (extension)": marks.spent["seconds"]}
        Path(report).write_text(json.dumps(timings), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The glossary page


def _md_heading(text: str) -> markupsafe.Markup:
    """A heading's text for Markdown, which escapes it itself: only an attribute list or closing
    hashes would be read as syntax."""
    return markupsafe.Markup(str(text).replace("{", "&#123;").replace("#", "&#35;"))


@functools.lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["md_heading"] = _md_heading
    return env


def render_glossary(terms: list[gd.Term], lang: str) -> str:
    """Markdown (with HTML blocks) for the whole term list of one language (overrides/glossary/list.md)."""
    by_id = {t.id: t for t in terms}
    counts: dict[str, int] = {}
    for term in terms:
        for tag in term.tags:
            counts[tag] = counts.get(tag, 0) + 1
    groups = [
        {"label": label, "anchor": gc.group_anchor(label), "entries": [_entry(t, lang, by_id) for t in members]}
        for label, members in gc.grouped(terms, lang) if members
    ]
    return _templates().get_template("list.md").render(
        words=TEXT[lang], other="en" if lang == "ko" else "ko", count=len(terms), groups=groups,
        tags=[{"key": t, "label": _tag_label(t, lang), "count": counts[t]} for t in gd.allowed_tags() if t in counts],
    )


def _entry(term: gd.Term, lang: str, by_id: dict[str, gd.Term]) -> dict[str, Any]:
    other = "en" if lang == "ko" else "ko"
    return {
        "id": term.id, "tags": term.tags, "heading": term.label(lang), "other_name": term.headword(other),
        # What the filter box matches: every name and the Korean initial consonants.
        "search_names": list(dict.fromkeys(n for n in [*term.names, gc.choseong_string(term.ko)] if n)),
        "abbr": term.abbr, "aliases": term.aliases, "definition": term.definition(lang),
        "tag_labels": [_tag_label(t, lang) for t in term.tags],
        "related": [{"id": r.id, "name": r.headword(lang)} for r in gm.related_terms(term, by_id)],
        "sources": term.sources,
    }
