"""English fallback copies of Korean-only pages: notice, noindex, one search entry."""
from __future__ import annotations

import json
from pathlib import Path

from tests.sites import SUBPATH


def test_untranslated_page_is_marked(search_site_root: Path) -> None:
    site = search_site_root / SUBPATH.strip("/")
    fallback = (site / "en" / "search-fixture" / "index.html").read_text(encoding="utf-8")
    assert "data-i18n-fallback" in fallback and "Not yet translated" in fallback
    assert '<meta name="robots" content="noindex, follow">' in fallback
    original = (site / "search-fixture" / "index.html").read_text(encoding="utf-8")
    assert "data-i18n-fallback" not in original and "noindex" not in original


def test_fallback_copy_listed_once_per_language(search_site_root: Path) -> None:
    site = search_site_root / SUBPATH.strip("/")
    for index in [site / "search" / "search_index.json", site / "en" / "search" / "search_index.json"]:
        locations = [d["location"] for d in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        assert locations.count("search-fixture/") == 1, (index, locations)
