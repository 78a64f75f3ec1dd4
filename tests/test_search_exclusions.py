"""The extension that keeps parts of a page out of the theme's search (scripts/ai_notes/search_exclusions.py)."""
from __future__ import annotations

import markdown

SOURCE = '''!!! abstract "요약"

    - 한 줄 요약

본문 문단.

\\[
P(x) = \\prod_{t=1}^{T} p_t
\\]

식 \\(x^2\\)은 문장 안에 있다.

```bash title="Ubuntu (bash)"
sudo apt update
```

!!! note "참고"

    남는다.
'''


def _html() -> str:
    return markdown.markdown(SOURCE, extensions=[
        "admonition", "pymdownx.superfences", "pymdownx.highlight",
        "pymdownx.arithmatex", "ai_notes.search_exclusions"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}})


def test_summary_box_display_math_and_code_titles_are_marked() -> None:
    html = _html()
    assert '<div class="admonition abstract" data-search-exclude="">' in html
    assert '<div class="arithmatex" data-search-exclude="">' in html
    assert '<span class="filename" data-search-exclude="">Ubuntu (bash)</span>' in html
    # Everything else is searched as before: other boxes, inline math, the code block itself.
    assert '<div class="admonition note">' in html
    assert '<span class="arithmatex">' in html
    assert html.count("data-search-exclude") == 3
