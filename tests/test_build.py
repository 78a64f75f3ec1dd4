"""The strict build of both languages, checked on the generated HTML."""
from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ai_notes.site_config import slugify

HANGUL = re.compile(r"[가-힣]")


class PageInfo(HTMLParser):
    """Collects what the tests look at: title, meta tags, headings, links and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.links: list[dict[str, str]] = []
        self.html_lang = ""
        self._in: list[str] = []
        self._heading: list | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)
        elif tag in {"h1", "h2", "h3", "h4"}:
            self._heading = [tag, a.get("id", ""), ""]
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            self.headings.append((self._heading[0], self._heading[1], self._heading[2].strip()))
            self._heading = None
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        if self._heading is not None and (not self._in or self._in[-1] != "a"):
            self._heading[2] += data


def parse(path: Path) -> PageInfo:
    info = PageInfo()
    info.feed(path.read_text(encoding="utf-8"))
    return info


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_both_languages_built(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "en" / "index.html").is_file()
    for section in ["foundations", "vision", "datasets", "llm", "rag", "huggingface", "mlops", "dev-env", "automation"]:
        assert (site / section / "index.html").is_file(), section
        assert (site / "en" / section / "index.html").is_file(), section


def test_every_page_has_title_and_description(site: Path) -> None:
    missing = []
    for path in pages(site):
        info = parse(path)
        if not info.title.strip() or not info.meta.get("description", "").strip():
            missing.append(str(path.relative_to(site)))
    assert not missing, f"pages without <title> or meta description: {missing}"


def test_html_lang_matches_language(site: Path) -> None:
    for path in pages(site):
        rel = path.relative_to(site).as_posix()
        expected = "en" if rel.startswith("en/") else "ko"
        assert parse(path).html_lang == expected, rel


def test_korean_headings_have_hangul_anchors(site: Path) -> None:
    """Anchors come from the configured Unicode slugify, never the `_1` style of the default."""
    hangul_anchors = 0
    for path in pages(site):
        if path.relative_to(site).as_posix().startswith("en/"):
            continue
        for tag, hid, text in parse(path).headings:
            if tag not in {"h2", "h3"} or not HANGUL.search(text):
                continue
            assert not re.fullmatch(r"_\d+", hid), f"{path.relative_to(site)}: {text!r} -> {hid!r}"
            expected = slugify(text)
            # A heading may carry an explicit {#id}; otherwise its anchor is the Hangul slug.
            if hid.startswith("tag:") or (re.fullmatch(r"[a-z0-9-]+", hid) and hid != expected):
                continue
            assert hid == expected or re.fullmatch(rf"{re.escape(expected)}_\d+", hid), (path, text, hid)
            hangul_anchors += 1
    assert hangul_anchors > 0


def test_slugify_keeps_hangul() -> None:
    assert slugify("설치 방법") == "설치-방법"
    assert slugify("과적합 (Overfitting)") == "과적합-overfitting"


def test_no_google_fonts_or_third_party_css(site: Path) -> None:
    for path in pages(site):
        for link in parse(path).links:
            href = link.get("href", "")
            assert "fonts.googleapis" not in href and "fonts.gstatic" not in href, path


def test_footer_states_licences(site: Path) -> None:
    ko = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "MIT" in ko and "CC BY 4.0" in ko
    assert "MIT" in en and "CC BY 4.0" in en


def test_404_uses_absolute_subpath_assets(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assert stylesheets and all(h.startswith("/ai-notes/") or h.startswith("https://") for h in stylesheets), stylesheets
    assert "페이지를 찾을 수 없" in html and "Page not found" in html


def _index(site: Path, lang: str) -> list[dict]:
    path = site / ("search" if lang == "ko" else f"{lang}/search") / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


def test_lists_of_other_pages_summary_boxes_formulas_and_code_titles_are_not_searched(site: Path) -> None:
    summary = {"ko": "요약", "en": "Summary"}
    for lang in ["ko", "en"]:
        docs = _index(site, lang)
        by_location = {d["location"]: d for d in docs}
        anchors = {d["location"].partition("#")[2] for d in docs}
        assert not anchors & {"related-notes", "references", "notes", "sections"}, lang
        assert not [loc for loc in by_location if loc.startswith("tags/#")], lang
        # The notes, section pages and tags page themselves and their other sections still are.
        assert {"rag/embeddings-vector-search/", "rag/embeddings-vector-search/#what-are-embeddings",
                "rag/", "tags/"} <= set(by_location), lang
        # The summary box is on the page but not in its search entry, which starts with the introduction.
        base = site if lang == "ko" else site / lang
        page = (base / "rag/embeddings-vector-search/index.html").read_text(encoding="utf-8")
        assert re.search(r'<div class="admonition abstract" data-search-exclude="?"?>', page), lang
        text = by_location["rag/embeddings-vector-search/"]["text"]
        assert text and not text.startswith(f"<p>{summary[lang]}</p>"), (lang, text[:80])
        # Display formulas and code block titles are on the page, not in the index.
        page = (base / "dev-env/java-on-ubuntu/index.html").read_text(encoding="utf-8")
        assert '<span class="filename" data-search-exclude="">Ubuntu (bash)</span>' in page, lang
        page = (base / "llm/generative-ai/index.html").read_text(encoding="utf-8")
        assert re.search(r'<div class="arithmatex" data-search-exclude="">\\\[\s*P\(x_1, \\ldots', page), lang
        searched = " ".join(d["text"] for d in docs)
        assert "Ubuntu (bash)" not in searched and "prod_" not in searched, lang
        # A page's tags are on its own entry, not repeated on each section.
        assert by_location["rag/"].get("tags") and not [d for d in docs if "#" in d["location"] and "tags" in d], lang


def test_each_language_has_its_own_search_index_without_duplicates(site: Path) -> None:
    for lang in ["ko", "en"]:
        docs = _index(site, lang)
        locations = [d["location"] for d in docs]
        assert len(locations) == len(set(locations)), f"{lang}: duplicate entries"
        assert not any(loc.startswith(("en/", "ko/")) for loc in locations), lang
        # Every entry resolves to a built page in that language.
        for loc in {loc.split("#")[0] for loc in locations}:
            base = site if lang == "ko" else site / lang
            assert (base / loc / "index.html").is_file() or (base / loc).is_file(), (lang, loc)


def test_search_separator_splits_hangul_latin_boundaries(site: Path) -> None:
    separator = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["separator"]
    assert "(?<=[가-힣])(?=[A-Za-z0-9])" in separator


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sitemap_lists_pages_with_alternates(site: Path, lang: str) -> None:
    """Each language root has the sitemap: Material's language switcher reads it there."""
    root = site / "en" if lang == "en" else site
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    assert "hreflang" in sitemap and "https://example.github.io/ai-notes/en/" in sitemap
    assert sitemap == (site / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((root / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_last_updated_date_in_korean_format(site: Path) -> None:
    html = (site / "foundations" / "deep-learning" / "index.html").read_text(encoding="utf-8")
    fact = html[html.find("md-source-file"):][:2000]
    assert re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일", fact), fact[:300]


