"""Build the real site, or a fixture site that uses the real configuration, for tests."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from ai_notes.pages_server import PagesHandler
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


# Asked for by a header, not by Playwright's request routing: routing turns off the browser's
# HTTP cache for the whole context, so every page load would fetch and compile the diagram and
# math libraries again (about half of a diagram test's time).
EMPTY_INDEX_HEADER = "X-Empty-Search-Index"
_EMPTY_INDEX_BODY = json.dumps(EMPTY_INDEX).encode()


class SiteHandler(PagesHandler):
    """The site as GitHub Pages serves it, and an empty search index to a browser that asks for one."""

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get(EMPTY_INDEX_HEADER) and urlsplit(self.path).path.endswith("/search/search_index.json"):
            self._send(200, _EMPTY_INDEX_BODY, "application/json; charset=utf-8")
            return
        super().do_GET()

    do_HEAD = do_GET  # noqa: N815


def without_search_index(context) -> None:
    """Serve an empty search index to this browser context (a Playwright BrowserContext) from a
    server made with SiteHandler."""
    context.set_extra_http_headers({EMPTY_INDEX_HEADER: "1"})
