"""The English edition: every note translated, shared heading ids, old anchors kept, translation
freshness (notice and status page), the switcher keeping the section, English search."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ai_notes import translations as tr
from ai_notes.pages_server import PagesServer
from ai_notes.search_driver import run_in_worker
from ai_notes.site_config import slugify

from tests.glossary_search import rank
from tests.sites import ROOT, SUBPATH, build, fixture_site

NOTES = [p.relative_to(ROOT / "docs" / "ko").as_posix()[:-3] for p in tr.korean_notes(ROOT / "docs")]


class Article(HTMLParser):
    """Heading ids and texts of the article, every id in the page, and the fallback marker."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.fallback = False
        self.lang = ""
        self._heading: list[str] | None = None
        self._id = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "html":
            self.lang = a.get("lang") or ""
        if "data-i18n-fallback" in a:
            self.fallback = True
        if re.fullmatch(r"h[2-6]", tag) and a.get("id"):
            self._heading, self._id = [], str(a["id"])
        elif self._heading is not None and "headerlink" in (a.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        elif re.fullmatch(r"h[2-6]", tag) and self._heading is not None:
            self.headings.append((self._id, "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._skip:
            self._heading.append(data)


def read(path: Path) -> Article:
    parser = Article()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.build
def test_every_note_has_an_english_page_that_is_not_a_fallback(site: Path) -> None:
    assert len(NOTES) >= 51
    problems = []
    for note in NOTES:
        page = read(site / "en" / note / "index.html")
        if page.fallback or page.lang != "en":
            problems.append(note)
    assert not problems, f"English pages that are Korean fallbacks: {problems}"


@pytest.mark.build
def test_headings_share_ids_across_languages(site: Path) -> None:
    problems = []
    for note in NOTES:
        ko = [i for i, _ in read(site / note / "index.html").headings]
        en = [i for i, _ in read(site / "en" / note / "index.html").headings]
        if ko != en or not all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ko):
            problems.append(f"{note}: ko {ko} / en {en}")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_old_korean_anchors_still_land_on_their_section(site: Path) -> None:
    """`#설치-방법`, the id a heading had before it got an ASCII id, is still in the page."""
    missing, aliases = [], 0
    for note in NOTES:
        page = read(site / note / "index.html")
        for heading_id, text in page.headings:
            old = slugify(text)
            if old != heading_id:
                aliases += 1
                if old not in page.ids:
                    missing.append(f"{note}#{old} (now #{heading_id})")
    assert aliases > 300, aliases
    assert not missing, "\n".join(missing[:20])


@pytest.mark.build
def test_english_pages_use_english_labels(site: Path) -> None:
    html = (site / "en" / "vision" / "detection-metrics" / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'class="md-tag[^"]*"[^>]*>([^<]+)<', html)
    assert tags and all(not re.search(r"[가-힣]", t) for t in tags), tags
    section = (site / "en" / "vision" / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"<ol>(.*?)</ol>", section, re.S)
    assert listed and not re.search(r"[가-힣]", re.sub(r"<[^>]+>", "", listed.group(1))), "Korean titles on /en/vision/"
    status = (site / "en" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert f"{len(NOTES)} notes: {len(NOTES)} up to date, 0 behind, 0 missing." in status


# --- freshness in a scratch copy ----------------------------------------------------------------

KO_NOTE = """---
title: 시험 노트
description: 번역 기록을 시험하는 노트다.
tags:
  - 기초
sources:
  - title: 자료
    url: https://example.com/
reviewed: 2026-12-04
---

## 개요 { #overview }

본문이다.
"""
EN_NOTE = """---
title: Test note
description: A note that tests the translation record.
tags:
  - Foundations
sources:
  - title: Source
    url: https://example.com/
reviewed: 2026-12-04
---

## Overview { #overview }

Body text.
"""


@pytest.mark.build
def test_changed_korean_note_flags_its_translation(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "ko" / "sec").mkdir(parents=True)
    (content / "en" / "sec").mkdir(parents=True)
    for lang in ("ko", "en"):
        (content / lang / "index.md").write_text(
            (ROOT / "tests" / "fixtures" / "search_docs" / lang / "index.md").read_text(encoding="utf-8"), encoding="utf-8")
    (content / "en" / "translation-status.md").write_text(
        (ROOT / "docs" / "en" / "translation-status.md").read_text(encoding="utf-8")
        .replace("[Contributing](contributing.md#translations)", "the contributing guide"), encoding="utf-8")
    (content / "ko" / "sec" / "note.md").write_text(KO_NOTE, encoding="utf-8")
    (content / "en" / "sec" / "note.md").write_text(EN_NOTE, encoding="utf-8")
    tr.stamp(content / "en" / "sec" / "note.md", content)
    nav = [{"홈": "index.md"}, {"시험": "sec/note.md"}]

    config = fixture_site(content, tmp_path / "work", nav=nav)
    docs = config.parent / "docs"
    first = build(config, tmp_path / "site1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "data-translation-behind" not in (tmp_path / "site1/en/sec/note/index.html").read_text(encoding="utf-8")
    assert "1 notes: 1 up to date" in (tmp_path / "site1/en/translation-status/index.html").read_text(encoding="utf-8")

    ko = docs / "ko" / "sec" / "note.md"
    ko.write_text(ko.read_text(encoding="utf-8") + "\n덧붙인 문단이다.\n", encoding="utf-8")
    second = build(config, tmp_path / "site2")
    assert second.returncode == 0, second.stdout + second.stderr  # behind is flagged, not refused
    english = (tmp_path / "site2/en/sec/note/index.html").read_text(encoding="utf-8")
    today = dt.date.today()
    assert "data-translation-behind" in english
    assert f'datetime="{today.isoformat()}"' in english
    assert 'href="../../../sec/note/"' in english  # the Korean original
    assert "data-translation-behind" not in (tmp_path / "site2/sec/note/index.html").read_text(encoding="utf-8")
    status = (tmp_path / "site2/en/translation-status/index.html").read_text(encoding="utf-8")
    assert "0 up to date, 1 behind" in status
    assert f"Behind since {today:%B} {today.day}, {today.year}" in status

    tr.stamp(docs / "en" / "sec" / "note.md", docs)  # the translation brought up to date
    third = build(config, tmp_path / "site3")
    assert third.returncode == 0
    assert "data-translation-behind" not in (tmp_path / "site3/en/sec/note/index.html").read_text(encoding="utf-8")


def test_stamp_records_the_source_and_lists_behind(tmp_path: Path, capsys) -> None:
    docs = tmp_path / "docs"
    (docs / "ko" / "sec").mkdir(parents=True)
    (docs / "en" / "sec").mkdir(parents=True)
    (docs / "ko" / "sec" / "a.md").write_text(KO_NOTE, encoding="utf-8")
    (docs / "ko" / "sec" / "b.md").write_text(KO_NOTE, encoding="utf-8")
    (docs / "en" / "sec" / "a.md").write_text(EN_NOTE, encoding="utf-8")
    assert tr.main(["stamp", str(docs / "en" / "sec" / "a.md"), "--docs", str(docs)]) == 0
    text = (docs / "en" / "sec" / "a.md").read_text(encoding="utf-8")
    assert f"translation:\n  source: {tr.source_hash(docs / 'ko' / 'sec' / 'a.md')}\n" in text
    assert text.endswith("## Overview { #overview }\n\nBody text.\n")  # the body is untouched
    capsys.readouterr()
    tr.main(["--docs", str(docs)])
    out = capsys.readouterr().out
    assert "docs/en/sec/b.md: 번역 없음" in out and "최신 1, 뒤처짐 0, 없음 1" in out
    (docs / "ko" / "sec" / "a.md").write_text(KO_NOTE + "\n더.\n", encoding="utf-8")
    tr.main(["--docs", str(docs)])
    assert "docs/en/sec/a.md: 한국어 원문이" in capsys.readouterr().out
    # An English page without its Korean original cannot be stamped: a clear message, no traceback.
    (docs / "en" / "sec" / "c.md").write_text(EN_NOTE, encoding="utf-8")
    assert tr.main(["stamp", str(docs / "en" / "sec" / "c.md"), "--docs", str(docs)]) == 2
    assert "한국어 원문 docs/ko/sec/c.md 이 없다" in capsys.readouterr().err


# --- in a browser -------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.browser
def test_switcher_keeps_the_section(page, server: PagesServer, site: Path) -> None:
    note = "vision/detection-metrics"
    ids = [i for i, _ in read(site / note / "index.html").headings]
    target = ids[3]
    page.goto(f"{server.base}{note}/#{target}", wait_until="networkidle")
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server.base}en/{note}/#{target}"
    assert page.locator(f"h2#{target}, h3#{target}").count() == 1
    # Without a fragment: the section scrolled to is carried over.
    other = ids[5]
    page.goto(f"{server.base}en/{note}/", wait_until="networkidle")
    # Formulas and diagrams drawn on the way down move the text: draw every diagram first, then
    # keep the heading at the top until the page has stopped moving.
    page.evaluate("""async () => {
      for (const el of document.querySelectorAll('pre.mermaid, div.mermaid')) {
        el.scrollIntoView();
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
      }
    }""")
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=30_000)
    page.evaluate("""async id => {
      const heading = document.getElementById(id);
      let last = NaN, still = 0;
      for (let i = 0; i < 40 && still < 3; i++) {
        heading.scrollIntoView();
        await new Promise(done => setTimeout(done, 250));
        const top = heading.getBoundingClientRect().top;
        still = Math.abs(top - last) < 1 ? still + 1 : 0;
        last = top;
      }
    }""", other)
    page.hover(".md-header__option .md-select")
    page.evaluate("id => document.getElementById(id).scrollIntoView()", other)
    page.click('.md-select__link[hreflang="ko"]')
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server.base}{note}/#{other}"
    # An old Korean anchor on the Korean page is carried over as the section's shared id.
    old = slugify(read(site / note / "index.html").headings[3][1])
    page.goto(f"{server.base}{note}/#{old}", wait_until="networkidle")
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server.base}en/{note}/#{target}"


@pytest.mark.search
@pytest.mark.slow
@pytest.mark.browser
def test_english_search_finds_each_note(page, server: PagesServer, site: Path) -> None:
    import yaml

    queries: list[tuple[str, str]] = []
    for note in NOTES:
        text = (ROOT / "docs" / "en" / f"{note}.md").read_text(encoding="utf-8")
        title = yaml.safe_load(text.split("---\n")[1])["title"]
        queries.append((title, note))
    # Key terms a reader types, answered by the note that explains them (stemming: plurals).
    queries += [("embedding", "rag/embeddings-vector-search"), ("vector database", "rag/embeddings-vector-search"),
                ("embeddings", "rag/embeddings-vector-search"), ("mean average precision", "vision/detection-metrics"),
                ("quantization", "llm/llm-quantization"), ("LoRA adapters", "llm/lora-peft"),
                ("backpropagation", "foundations/backpropagation"), ("install WSL", "dev-env/wsl-install"),
                ("RAG evaluation", "rag/rag-evaluation"), ("instruction tuning", "llm/instruction-tuning")]
    # Asked of the site's search worker as the box asks it (the box lists the same results:
    # test_glossary_browser.py::test_the_search_box_lists_what_the_worker_answers).
    page.goto(server.base + "en/", wait_until="load")
    results = run_in_worker(page, [q for q, _ in queries])
    misses = []
    for (query, note), result in zip(queries, results, strict=False):
        position = rank(result["pages"], f"{SUBPATH}en/{note}/")
        if not 1 <= position <= 3:
            misses.append(f"{query!r} -> {note} (rank {position}): {result['pages'][:3]}")
    assert not misses, "\n".join(misses)
