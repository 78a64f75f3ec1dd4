"""Every mermaid diagram in docs/ parses with the site's own pinned mermaid, in Chromium.

A diagram with a syntax error would otherwise reach readers as raw source; this names the note's
file and line instead.
"""
from __future__ import annotations

import pytest

from tests.test_examples import DOCS, ROOT, blocks

MERMAID = ROOT / "scripts" / "vendor" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
PARSE_ALL = """async (diagrams) => {
  mermaid.initialize({ startOnLoad: false });
  const failed = [];
  for (const [where, code] of diagrams) {
    try { await mermaid.parse(code); }
    catch (e) { failed.push(where + ": " + String((e && e.message) || e).split("\\n").slice(0, 3).join(" ")); }
  }
  return failed;
}"""


def diagrams() -> list[tuple[str, str]]:
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        for block in blocks(path):
            if block.lang == "mermaid":
                found.append((f"{path.relative_to(ROOT)}:{block.line}", block.code))
    return found


def _parse(page, items: list[tuple[str, str]]) -> list[str]:
    if not MERMAID.is_file():
        pytest.fail(f"{MERMAID} is missing: run make vendor (make test installs it)")
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(MERMAID))
    return page.evaluate(PARSE_ALL, items)


@pytest.mark.browser
def test_every_diagram_parses(page):
    items = diagrams()
    assert len(items) >= 30, len(items)
    failed = _parse(page, items)
    assert not failed, "mermaid 문법 오류(파일:줄). 다이어그램을 고친다:\n" + "\n".join(failed)


@pytest.mark.browser
def test_a_broken_diagram_is_named_with_its_place(page):
    failed = _parse(page, [("docs/ko/sec/a.md:12", "flowchart TD\n    A[\"열림\" --> B"),
                           ("docs/ko/sec/a.md:20", "flowchart TD\n    A --> B")])
    assert len(failed) == 1 and failed[0].startswith("docs/ko/sec/a.md:12: "), failed
