"""Build the real site, or a fixture site that uses the real configuration, for tests."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ai_notes.site_config import build_site, site_subpath, write_derived_config

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = site_subpath()  # /ai-notes/, from site_url in mkdocs.yml


def build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Strict build; the caller asserts on the result so failures show MkDocs' output."""
    return build_site(config_file, site_dir, site_url=f"https://example.github.io{SUBPATH}")


def fixture_site(content: Path, work: Path, nav: list | None = None) -> Path:
    """A site with the real mkdocs.yml but the content of `content` (ko/, en/ folders)."""
    docs = work / "docs"
    shutil.copytree(content, docs)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    return write_derived_config(work, nav)


# Every page load hands the search index to the search worker, which builds it (most of a
# second of CPU on this machine). Tests that read pages but never search give the worker an
# index with the theme's fields and no documents, so that a run of many page loads measures the
# pages, not the index.
EMPTY_INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
    "docs": [],
}


def without_search_index(context) -> None:
    """Serve an empty search index to this browser context (a Playwright BrowserContext)."""
    context.route("**/search/search_index.json", lambda route: route.fulfill(json=EMPTY_INDEX))
