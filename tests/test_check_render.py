"""The checker's fast renderer reads the same facts as the site's own Markdown pipeline.

The checker skips token colouring, reuses one Markdown instance and reads HTML with a fast
tag reader. None of that may change what it judges:
ids, links, images, unrendered references or tables.
"""
from __future__ import annotations

import re
from dataclasses import asdict

import markdown
import pytest
from ai_notes.check.render import (
    HtmlFacts,
    Renderer,
    _FactParser,
    _fast_facts,
    html_facts,
    rooted,
)
from ai_notes.check.source import read_source
from ai_notes.site_config import ROOT, load, project_extensions
from ai_notes.synthetic_corpus import generate
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

TRICKY = {
    "containers": """
!!! note "링크가 든 경고"
    [안](a.md#제목) 과 ![그림](img.png)

??? tip "접힘"
    | 열 | 값 |
    | --- | --- |
    | [표 안](b.md) | `a|b` |

=== "탭 하나"

    [탭 링크](c.md#탭){#custom-id}

<div markdown>
[HTML 안](d.md) <span id="raw-id">원시 id</span>
</div>
""",
    "code": """
`[코드 안](x.md)` 그리고 ``[이중](y.md)``

```python title="예시" linenums="1" hl_lines="2"
print("[아님](z.md)")
x = "<script>"
```

    [들여쓰기 코드](w.md)

`#!python [인라인 하이라이트](v.md)`
""",
    "references": """
[정의됨][ref] 와 [정의 안 됨][missing] 와 [*강조*][없는것]

*[HTML]: Hyper Text Markup Language

HTML 약어와 각주[^1] 두 번째[^note].

[^1]: 각주 [링크](e.md) 포함.
[^note]: 두 번째 각주.

[ref]: f.md#앵커
""",
    "headings": """
# 제목

## 설치 방법

## 설치 방법

### Attention Is All You Need! {#attn}

## `코드` 와 **굵게**

## 수식 $a|b$ 와 ==표시== ++ctrl+c++ :smile:
""",
    "raw-html": """
<a href="g.md" name="이름">앵커</a> <img src="h.png" onerror="x()">

<p id='single' data-x=noquote>따옴표 없는 속성</p>

<!-- 주석 [안](i.md) -->

<a href="javascript:alert(1)">나쁨</a> <iframe src="j.html"></iframe>

- [x] 할 일 [링크](k.md)
- [ ] 남은 일

용어
:   정의 [링크](l.md) &#91;엔티티&#93;&#91;참조&#93;
""",
}


LINE_LINK = re.compile(r"#__codelineno-\d+-\d+")

def site_markdown() -> markdown.Markdown:
    """Python-Markdown exactly as mkdocs.yml configures it, highlighting included."""
    config = load()
    return markdown.Markdown(extensions=[*config.markdown_extensions, *project_extensions()],
                             extension_configs=rooted(dict(config.mdx_configs), ROOT))




def reference_facts(md: markdown.Markdown, text: str) -> HtmlFacts:
    md.reset()
    parser = _FactParser()
    parser.feed(md.convert(text))
    parser.close()
    return parser.facts


def comparable(facts: HtmlFacts) -> dict:
    found = asdict(facts)
    # A code line's anchor links to itself: the checker keeps its id, not its link (ai_notes.line_anchors).
    found["links"] = [(tag, url) for tag, url in found["links"]
                      if not (tag == "a" and LINE_LINK.fullmatch(url) and url[1:] in found["ids"])]
    return found


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    config = load()
    return Renderer(list(config.markdown_extensions), dict(config.mdx_configs), ROOT)


@pytest.fixture(scope="module")
def reference() -> markdown.Markdown:
    return site_markdown()


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_markdown_reads_the_same(name, renderer, reference):
    text = TRICKY[name]
    expected = reference_facts(reference, text)
    assert comparable(html_facts(renderer.render(text))) == comparable(expected)
    assert expected.links, "the sample must contain links, or it proves nothing"


def test_real_and_synthetic_notes_read_the_same(tmp_path, renderer, reference):
    generate(tmp_path, notes=40)
    paths = sorted((ROOT / "docs").rglob("*.md")) + sorted((tmp_path / "docs").rglob("*.md"))
    assert len(paths) > 100
    differing = []
    for path in paths:
        body = read_source(path, str(path)).body
        if comparable(html_facts(renderer.render(body))) != comparable(reference_facts(reference, body)):
            differing.append(str(path))
    assert differing == []


# --- the fast HTML reader reads what HTMLParser reads -------------------------------------------

HTML_PARTS = [
    "<p>", "</p>", "<a href=\"x.md#a\">", "</a>", '<a name="n" id="i">', '<img src="i.png" alt="">', "<br />",
    '<h2 id="제목">', "</h2>", "<code>", "</code>", "<pre>", "</pre>", "<table>", "</table>", "<TABLE>",
    '<div onclick="x()" class="a">', "</div>", '<a href="javascript:alert(1)">', '<a href=" java\tscript:x">',
    "<iframe>", '<frame src="f">', "<frameset>", "<base/>", "<script>", "</script>", "<style>", "<!-- c -->",
    "[a][b]", "[a]", "][", "&#91;a&#93;&#91;b&#93;", "&amp;", "&lt;", "텍스트", " ", "\n", "<p class=x>",
    '<span data-x="&quot;]["\'>', "<input checked disabled/>", '<a HREF="U.md">', "<", ">", "'", '"',
]


@given(st.lists(st.sampled_from(HTML_PARTS), max_size=25))
@hyp_settings(max_examples=500, deadline=None)
def test_fast_reader_agrees_with_htmlparser(parts):
    html = "".join(parts)
    parser = _FactParser()
    parser.feed(html)
    parser.close()
    fast = _fast_facts(html)
    if fast is not None:
        assert comparable(fast) == comparable(parser.facts), html
