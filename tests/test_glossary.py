"""Glossary: the data file, both built glossary pages, term marks in notes, and the search index."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from ai_notes import glossary_collation as gc
from ai_notes import glossary_data as gd
from ai_notes import glossary_matcher as gm
from ai_notes.search_names import expand_entries
from ai_notes.search_tokens import index_words, trie_problems

from tests.sites import SUBPATH

TERMS = gd.load()
BY_ID = {t.id: t for t in TERMS}

# Terms the glossary must cover (the list), by a name a reader would type.
REQUIRED = [
    "IoU", "NMS", "mAP", "바운딩 박스", "앵커 박스", "RAG", "임베딩", "벡터 데이터베이스", "GQA", "RoPE", "RLHF",
    "인컨텍스트 러닝", "파운데이션 모델", "과적합", "역전파", "손실 함수", "오토인코더", "합성 데이터", "자기지도 학습",
    "옵티컬 플로", "MLOps", "모델 레지스트리", "실험 추적", "특성 저장소", "WSL", "systemd",
]


def term_named(name: str) -> gd.Term | None:
    key = gd.fold(name)
    return next((t for t in TERMS if key in {gd.fold(n) for n in t.names}), None)


# ---------------------------------------------------------------------------------------------
# Data


def test_glossary_has_enough_terms_and_covers_the_required_ones() -> None:
    assert len(TERMS) >= 200
    missing = [name for name in REQUIRED if term_named(name) is None]
    assert not missing, missing
    # the Korean forms are the headwords themselves, except where the site's one-vocabulary
    # rule prefers another form (then the form stays a name that finds the entry)
    for name in ["앵커 박스", "벡터 데이터베이스", "특성 저장소", "자기지도 학습", "임베딩"]:
        assert term_named(name).ko == name
    for name, preferred in [("바운딩 박스", "경계 상자"), ("옵티컬 플로", "광학 흐름")]:
        assert term_named(name).ko == preferred and name in term_named(name).discouraged


def test_every_term_is_complete_and_consistent() -> None:
    tags = set(gd.allowed_tags())
    for term in TERMS:
        assert gd.ID_RE.fullmatch(term.id), term.id
        assert term.tags and set(term.tags) <= tags, term.id
        assert all(r in BY_ID for r in term.related), term.id
        assert not term.note or (gd.DOCS_KO / f"{term.note}.md").is_file(), term.id
        assert 1 <= len(re.findall(r"다\.(?:\s|$)", term.def_ko)) <= 3, term.id
        assert term.def_en.endswith("."), term.id


def test_data_file_passes_its_own_check() -> None:
    from ai_notes.check.glossary import check_glossary

    assert check_glossary(gd.GLOSSARY_FILE) == []


# ---------------------------------------------------------------------------------------------
# Finding terms in text


@pytest.fixture(scope="module")
def matcher() -> gm.TermMatcher:
    return gm.TermMatcher(TERMS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("모델(LLM)이 답한다", ["LLM"]),
        ("과적합(overfitting)을 막는다", ["과적합", "overfitting"]),
        ("IoU와 NMS를 계산한다", ["IoU", "NMS"]),
        ("트랜스포머는 트랜스포머의 구조다", ["트랜스포머", "트랜스포머"]),
        ("STORAGE와 FRAGMENT에는 RAG가 없다", ["RAG"]),
        ("비지도 학습은 지도 학습과 다르다", ["비지도 학습", "지도 학습"]),
        ("자기지도학습과 자기지도 학습", ["자기지도학습", "자기지도 학습"]),
        ("mAP과 map과 MAP", ["mAP"]),
        ("Llama 3.1은 Llama 3의 후속이다", ["Llama 3.1", "Llama 3"]),
        ("분류기와 정책적 판단", []),
    ],
)
def test_terms_are_found_at_sensible_boundaries(matcher: gm.TermMatcher, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b, _ in matcher.finditer(text)] == expected


# ---------------------------------------------------------------------------------------------
# Built pages


class Outline(HTMLParser):
    """Headings (tag, id, text) in order, and every element's ancestors for marked terms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str, str]] = []
        self.marks: list[tuple[str, dict[str, str], list[tuple[str, dict[str, str]]]]] = []
        self.links: list[dict[str, str]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self._heading: list | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-glossary" in a:
            self.marks.append((tag, a, list(self.stack)))
        if tag == "a":
            self.links.append(a)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = [tag, a.get("id", ""), ""]
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            self.headings.append((self._heading[0], self._heading[1], self._heading[2].replace("¶", "").strip()))
            self._heading = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading[2] += data


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def glossary_page(site: Path, lang: str) -> Path:
    return site / ("glossary" if lang == "ko" else "en/glossary") / "index.html"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_glossary_page_has_every_term_as_a_heading_with_its_id(site: Path, lang: str) -> None:
    page = outline(glossary_page(site, lang))
    h3 = {hid: text for tag, hid, text in page.headings if tag == "h3"}
    assert set(h3) == set(BY_ID), set(BY_ID) ^ set(h3)
    for term in TERMS:
        text = h3[term.id]
        assert text.startswith(term.headword(lang)), (term.id, text)
        for name in (term.ko, term.en, term.abbr):
            assert not name or name in text, (term.id, name, text)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_glossary_groups_follow_dictionary_order(site: Path, lang: str) -> None:
    page = outline(glossary_page(site, lang))
    groups: list[str] = []
    current = None
    headwords: dict[str, list[str]] = {}
    for tag, hid, text in page.headings:
        if tag == "h2" and hid.startswith("group-"):
            current = text
            groups.append(text)
            headwords[text] = []
        elif tag == "h3" and hid in BY_ID:
            term = BY_ID[hid]
            assert gc.group_of(term.headword(lang)) == current, (hid, current)
            headwords[current].append(term.headword(lang))
    expected = [g for g in gc.group_order(lang) if g in groups]
    assert groups == expected
    if lang == "ko":
        assert groups[:14] == list("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ")
        assert "ㄲ" not in groups and groups.index("ㄱ") < groups.index("A")
        assert "YOLO" in headwords["Y"] and "RAG" in headwords["R"] and "과적합" in headwords["ㄱ"]
        assert "광학 흐름" in headwords["ㄱ"]
    else:
        assert groups[0] == "A"
    for words in headwords.values():
        assert words == sorted(words, key=gc.sort_key)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_jump_bar_links_every_group(site: Path, lang: str) -> None:
    html = glossary_page(site, lang).read_text(encoding="utf-8")
    nav = re.search(r'<nav class="glossary-jump".*?</nav>', html, re.S).group(0)
    targets = re.findall(r'href="#(group-[^"]+)"', nav)
    ids = [hid for tag, hid, _ in outline(glossary_page(site, lang)).headings if tag == "h2" and hid.startswith("group-")]
    assert targets == ids and len(ids) >= 10


def _entry(html: str, term_id: str) -> str:
    start = html.index(f'data-glossary-entry="{term_id}"')
    end = html.find("data-glossary-entry=", start + 30)
    return html[start:end if end > 0 else None]


def test_entry_shows_names_definition_tags_related_and_notes(site: Path) -> None:
    html = glossary_page(site, "ko").read_text(encoding="utf-8")
    nms = _entry(html, "nms")
    assert "비최대 억제" in nms and "Non-maximum suppression" in nms and ">NMS<" in nms
    assert BY_ID["nms"].def_ko in nms
    assert '<span class="glossary-tag">비전</span>' in nms
    assert 'href="#iou"' in nms  # related term
    # One list of notes, the explaining note first and said so; no second list.
    notes = re.search(r'<p class="glossary-backlinks"><strong>노트</strong>: (.*?)</p>', nms, re.S).group(1)
    assert notes.startswith('<a href="../vision/object-detection-yolo/">') and "(자세히 설명)" in notes
    assert nms.count('href="../vision/object-detection-yolo/"') == 1 and "glossary-note" not in nms
    en = _entry(glossary_page(site, "en").read_text(encoding="utf-8"), "nms")
    assert BY_ID["nms"].def_en in en and "<strong>Notes</strong>" in en and "(explained in depth)" in en
    assert 'href="../vision/object-detection-yolo/"' in en  # the note under /en/


def test_filter_tools_show_only_with_javascript(site: Path) -> None:
    """Hidden without JavaScript by a <noscript> style, never by an inline script."""
    for lang in ["ko", "en"]:
        html = glossary_page(site, lang).read_text(encoding="utf-8")
        assert re.search(r'<div class="glossary-tools" data-glossary-tools', html)
        assert re.search(r"<noscript><style>\[data-glossary-tools\] \{ display: none; \}</style></noscript>", html)
        assert "glossary-tools" not in "".join(re.findall(r"<script>(.*?)</script>", html, re.S))
        assert 'assets/javascripts/glossary.js"' in html
        assert html.count("data-glossary-entry=") == len(TERMS)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_table_of_contents_lists_the_letter_groups_only(site: Path, lang: str) -> None:
    # The theme renders the table of contents twice and watches every listed heading as the
    # reader scrolls: one link per term would be hundreds of links and scroll targets.
    html = glossary_page(site, lang).read_text(encoding="utf-8")
    toc_targets = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', html)
    groups = [hid for tag, hid, _ in outline(glossary_page(site, lang)).headings if tag == "h2" and hid.startswith("group-")]
    assert toc_targets and set(toc_targets) == set(groups)
    # and no tooltip on every entry's permalink
    assert html.count('class="headerlink"') > len(TERMS)
    assert len(re.findall(r'<h3 id="[^"]+">[^\n]*?class="headerlink"[^>]*title=', html)) == 0


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "glossary" not in p.parts)


def test_marks_never_inside_code_headings_links_or_decoration(site: Path) -> None:
    marked = 0
    for path in _pages(site):
        for tag, attrs, ancestors in outline(path).marks:
            marked += 1
            names = {t for t, _ in ancestors}
            classes = " ".join(a.get("class", "") for _, a in ancestors).split()
            assert not names & {"code", "pre", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "summary",
                                "th", "thead", "caption", "figcaption"}, (
                path.relative_to(site), attrs.get("data-glossary"), [t for t, _ in ancestors][-4:])
            # not in the summary box, code titles or cards
            assert not {"abstract", "filename", "cards", "md-button"} & set(classes), (path, attrs)
            assert tag == "a" and "glossary-term" in attrs.get("class", "") and attrs.get("title"), (path, attrs)
    assert marked > 500


def test_each_term_is_marked_once_per_note_at_its_first_mention(site: Path) -> None:
    checked = 0
    for path in _pages(site):
        rel = path.relative_to(site).as_posix()
        page_url = f"https://example.github.io{SUBPATH}{rel[: -len('index.html')]}"
        glossary_url = f"https://example.github.io{SUBPATH}{'en/' if rel.startswith('en/') else ''}glossary/"
        marks = [a["data-glossary"] for _, a, _ in outline(path).marks]
        assert len(marks) == len(set(marks)), (rel, [m for m in marks if marks.count(m) > 1][:5])
        for _, attrs, _ in outline(path).marks:
            target = urljoin(page_url, attrs["href"])
            assert target == f"{glossary_url}#{attrs['data-glossary']}", (rel, attrs["href"], target)
            checked += 1
    assert checked > 300
    # Pages that are not notes carry no marks: the home page's cards lead to their sections.
    for lang in ("", "en/"):
        home = outline(site / lang / "index.html") if lang else outline(site / "index.html")
        assert not home.marks
        html = (site / lang / "index.html").read_text(encoding="utf-8")
        cards = re.findall(r'href="([^"]+)"', html.split('class="grid cards"', 1)[1].split("</div>", 1)[0])
        assert len(cards) >= 9 and not any("glossary" in href for href in cards), cards
    llama = outline(site / "llm" / "llama-3" / "index.html").marks
    assert 20 < len(llama) < 80, len(llama)


def test_backlinks_are_exactly_the_notes_with_the_term(site: Path) -> None:
    for lang, base in (("ko", site), ("en", site / "en")):
        found: dict[str, set[str]] = {}
        for path in sorted(base.glob("*/*/index.html")):
            if path.parts[-3] in {"glossary", "tags", "en"}:
                continue
            url = path.parent.relative_to(base).as_posix() + "/"
            for _, attrs, _ in outline(path).marks:
                found.setdefault(attrs["data-glossary"], set()).add(url)
            explaining = {t.id for t in TERMS if t.note and t.note + "/" == url}
            for term_id in explaining:
                found.setdefault(term_id, set()).add(url)
        html = glossary_page(site, lang).read_text(encoding="utf-8")
        for term in TERMS:
            entry = _entry(html, term.id)
            block = re.search(r'<p class="glossary-backlinks">(.*?)</p>', entry, re.S).group(1)
            listed = {urlparse(urljoin("https://x/glossary/", h)).path.removeprefix("/") for h in re.findall(r'href="([^"]+)"', block)}
            # Marked notes and the explaining note are listed; so are notes that use the term only
            # where it is not marked (the summary box, a table header).
            assert found.get(term.id, set()) <= listed, (lang, term.id, found.get(term.id, set()) - listed)
            assert all(re.fullmatch(r"[a-z-]+/[a-z0-9-]+/", u) for u in listed), (lang, term.id, listed)
            if not term.autolink:  # never found in text: only the note that explains it
                assert listed <= ({term.note + "/"} if term.note else set()), (term.id, listed)


# ---------------------------------------------------------------------------------------------
# Search index


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_search_index_holds_glossary_names_and_a_sound_trie(site: Path, lang: str) -> None:
    path = site / ("search" if lang == "ko" else "en/search") / "search_index.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = {d["location"].split("#")[1]: d for d in data["docs"] if d["location"].startswith("glossary/#")}
    assert set(BY_ID) <= set(entries)
    # The index ships an entry's other names once; the search worker makes its name fields.
    assert "과대적합" in entries["overfitting"]["aka"]
    assert not [d for d in entries.values() if "names" in d or "exact1" in d or "exact2" in d]
    searched = expand_entries(data)
    overfitting = next(d for d in searched["docs"] if d["location"] == "glossary/#overfitting")
    assert "과대적합" in overfitting.get("names", "") or "과대적합" in " ".join(v for k, v in overfitting.items() if k.startswith("exact"))
    assert data["config"]["fields"]["tags"]["boost"] < data["config"]["fields"]["title"]["boost"]
    invented, lost = trie_problems(index_words(searched))
    assert invented == [] and lost == []
