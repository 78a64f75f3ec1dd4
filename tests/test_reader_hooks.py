"""Build-side pieces of the reader-experience budget: self-hosted libraries, sitemap alternates,
the synthetic corpus used by `make bench`."""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.sites import ROOT

HOOKS = ROOT / "scripts" / "ai_notes" / "hooks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_vendor_falls_back_to_pinned_cdn_without_node_modules(tmp_path: Path, monkeypatch) -> None:
    vendor = _load("vendor_assets")
    (tmp_path / "package.json").write_text((ROOT / "scripts" / "vendor" / "package.json").read_text())
    monkeypatch.setattr(vendor, "VENDOR", tmp_path)
    urls = vendor.vendor_urls()
    pins = json.loads((ROOT / "scripts" / "vendor" / "package.json").read_text())["dependencies"]
    assert urls["self_hosted"] is False
    assert urls["mermaid"] == f"https://cdn.jsdelivr.net/npm/mermaid@{pins['mermaid']}/dist/mermaid.min.js"
    assert urls["katex_js"].endswith(f"katex@{pins['katex']}/dist/katex.min.js")
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pins.values()), "pin exact versions"


def test_vendor_self_hosts_when_installed(site: Path) -> None:
    vendor = _load("vendor_assets")
    if not vendor.vendor_urls()["self_hosted"]:
        pytest.skip("scripts/vendor/node_modules is not installed (`make test` installs it)")
    assert (site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").is_file()
    assert (site / "assets" / "vendor" / "katex" / "katex.min.css").is_file()
    assert list((site / "assets" / "vendor" / "katex" / "fonts").glob("*.woff2"))
    note = (site / "vision" / "object-detection-yolo" / "index.html").read_text(encoding="utf-8")
    assert 'data-src="../../assets/vendor/mermaid/mermaid.min.js"' in note
    assert "cdn.jsdelivr.net" not in note


def test_pages_without_diagrams_or_math_load_neither(site: Path) -> None:
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'class="mermaid"' not in html:
            assert "diagrams.js" not in html and "mermaid.min.js" not in html, path
        if 'class="arithmatex"' not in html:
            assert "katex" not in html.lower().split("</article>")[-1], path


def _page(root: Path, rel: str, noindex: bool = False) -> None:
    path = root / rel / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    robots = '<meta name="robots" content="noindex, follow">' if noindex else ""
    path.write_text(f"<html><head>{robots}</head><body></body></html>", encoding="utf-8")


def test_sitemap_keeps_indexable_pages_and_real_translations(tmp_path: Path) -> None:
    hook = _load("sitemap_alternates")
    base = "https://example.github.io/ai-notes/"
    _page(tmp_path, "")
    _page(tmp_path, "en")
    _page(tmp_path, "note")
    _page(tmp_path, "en/note", noindex=True)  # untranslated copy

    def url(loc: str, alternates: dict[str, str]) -> str:
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{k}" href="{base}{v}"/>' for k, v in alternates.items())
        return f"<url><loc>{base}{loc}</loc>{links}</url>"

    xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
           + url("", {"ko": "", "en": "en/"}) + url("en/", {"ko": "", "en": "en/"})
           + url("note/", {"ko": "note/", "en": "en/note/"}) + url("en/note/", {"ko": "note/", "en": "en/note/"})
           + "</urlset>").encode()
    out = ET.fromstring(hook.rewrite(xml, tmp_path, base, "ko"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {u.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)}
               for u in out.findall("s:url", ns)}
    assert set(entries) == {base, base + "en/", base + "note/"}
    assert entries[base] == {"ko": base, "en": base + "en/", "x-default": base}
    assert entries[base + "note/"] == {"ko": base + "note/", "x-default": base + "note/"}


def test_pages_carry_no_hreflang_links_in_head(site: Path) -> None:
    """Alternates live in the sitemap; head links would make the theme fetch missing sitemaps."""
    for path in [site / "index.html", site / "en" / "index.html", site / "vision" / "index.html"]:
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        assert not re.search(r'<link[^>]+rel="alternate"[^>]+hreflang', head), path


def test_synthetic_corpus_is_deterministic_and_checks_clean(tmp_path: Path) -> None:
    from ai_notes.synthetic_corpus import generate

    a = generate(tmp_path / "a", notes=24, seed=3)
    b = generate(tmp_path / "b", notes=24, seed=3)
    notes = sorted((tmp_path / "a" / "docs" / "ko").rglob("note-*.md"))
    assert len(notes) == 24
    assert a["bytes"] == b["bytes"] and 6_000 < a["bytes"] / 24 < 10_000  # about 8 KB a note
    text = notes[0].read_text(encoding="utf-8")
    assert "| --- |" in text and "```python" in text and ".md#" in text
    if importlib.util.find_spec("ai_notes.check.__main__") is None:
        pytest.skip("the docs checker is not available")
    result = subprocess.run([sys.executable, "-m", "ai_notes.check", "--docs-dir", str(a["docs_dir"])],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
