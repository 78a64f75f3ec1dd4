"""Glossary term marks as a Markdown extension: what is marked, what is only read, what is left,
and the checker seeing the same marks as the build."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from ai_notes import glossary_data as gd
from ai_notes import glossary_marks as marks
from ai_notes.site_config import load_markdown

from tests.test_check import FM, at, run, write

TERMS = {t.id: t for t in gd.load()}


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "glossary-term" in a.get("class", ""):
            self._open = {**a, "text": ""}
            self.marks.append(self._open)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None


def marked(html: str) -> list[dict[str, str]]:
    parser = _Marks()
    parser.feed(html)
    return parser.marks


@pytest.fixture(scope="module")
def site_md() -> markdown.Markdown:
    """A converter with every extension of mkdocs.yml, as the build and the checker use them."""
    config = load_markdown()
    return markdown.Markdown(extensions=list(config.markdown_extensions), extension_configs=dict(config.mdx_configs))


def convert(md: markdown.Markdown, text: str, lang: str = "ko") -> tuple[str, list[str]]:
    md.reset()
    with marks.page_terms(lang) as page:
        html = md.convert(text)
    return html, page.found


def test_first_mention_in_running_text_is_marked_once(site_md):
    html, found = convert(site_md, "과적합은 흔하다. 과적합을 막는 법을 본다.\n\n과적합이 또 나온다.")
    got = marked(html)
    assert [m["data-glossary"] for m in got] == ["overfitting"]
    mark = got[0]
    assert mark["text"] == "과적합"
    assert mark["href"] == "../glossary.md#overfitting"
    assert mark["title"] == TERMS["overfitting"].short_definition("ko")
    assert found[0] == "overfitting"


def test_code_links_and_math_are_never_read(site_md):
    text = ("`과적합` 코드 안.\n\n```python\n# 과적합\n```\n\n[과적합](https://example.com/) 링크 안.\n\n"
            "수식 $\\text{IoU}$ 안.\n")
    html, found = convert(site_md, text)
    assert marked(html) == []
    assert "overfitting" not in found and "iou" not in found


def test_headings_table_headers_and_summary_are_read_but_not_marked(site_md):
    text = ("## 과적합 다루기\n\n| IoU | 값 |\n|---|---|\n| 1 | 2 |\n\n"
            "!!! abstract \"요약\"\n    손실 함수를 본다.\n\n본문에서 과적합과 IoU, 손실 함수를 설명한다.\n")
    html, found = convert(site_md, text)
    # Read first (heading, table header, summary box): counted as used, in that order ...
    assert found[:3] == ["overfitting", "iou", "loss-function"]
    # ... and each is marked at its first mention in running text.
    assert [m["data-glossary"] for m in marked(html)] == ["overfitting", "iou", "loss-function"]
    assert "<h2" in html and 'glossary-term' not in html.split("</h2>")[0]


def test_a_term_linked_by_hand_is_not_linked_again(site_md):
    html, _ = convert(site_md, "[과적합](../glossary.md#overfitting)을 먼저 링크했다. 과적합은 다시 나온다.")
    assert marked(html) == []


def test_skip_attribute_and_longest_name(site_md):
    text = ('<div data-glossary-skip markdown>\n과적합은 여기서 표시하지 않는다.\n</div>\n\n'
            "k-means clustering과 k-means는 같은 항목이다.\n")
    html, _ = convert(site_md, text)
    got = marked(html)
    assert [m["data-glossary"] for m in got] == ["k-means"]
    assert got[0]["text"] == "k-means clustering"


def test_english_pages_get_english_tooltips(site_md):
    html, _ = convert(site_md, "Overfitting is common.", lang="en")
    (mark,) = marked(html)
    assert mark["title"] == TERMS["overfitting"].short_definition("en")


def test_nothing_is_marked_outside_a_page_context(site_md):
    site_md.reset()
    assert marked(site_md.convert("과적합은 흔하다.")) == []


def test_a_configured_language_marks_without_a_page_context():
    md = markdown.Markdown(extensions=[marks.makeExtension(lang="ko", link="glossary.html")])
    (mark,) = marked(md.convert("과적합은 흔하다."))
    assert mark["href"] == "glossary.html#overfitting"


def test_a_broken_glossary_file_leaves_notes_unmarked_instead_of_failing(tmp_path: Path) -> None:
    broken = tmp_path / "glossary.yml"
    broken.write_text("- id: overfitting\n  ko: [unclosed\n", encoding="utf-8")
    md = markdown.Markdown(extensions=[marks.makeExtension(glossary=str(broken), lang="ko")])
    assert marked(md.convert("과적합은 흔하다.")) == []
    md = markdown.Markdown(extensions=[marks.makeExtension(glossary=str(tmp_path / "missing.yml"), lang="ko")])
    assert marked(md.convert("과적합은 흔하다.")) == []


def test_checker_sees_the_marks_and_the_glossary_anchors(tmp_path: Path, capsys):
    docs = write(tmp_path, {
        "ko/glossary.md": "---\ntitle: 용어집\ndescription: 이 사이트의 용어를 모은 페이지다.\n---\n\n# 용어집\n\n<!-- glossary -->\n",
        "ko/basics/a.md": FM + "과적합은 흔하다. [손실 함수](../glossary.md#loss-function)도 본다.\n\n"
                                 "[없는 항목](../glossary.md#no-such-term)\n",
    })
    rc, found = run(capsys, docs)
    assert [(f[0], f[4]) for f in found] == [(at(docs, "ko/basics/a.md"), "anchor-missing")], found
    assert found[0][1] == FM.count("\n") + 3
    assert rc == 1
