"""The search box runs docs/assets/javascripts/search-worker.js, which reads the reader's query
(Korean particles and endings, English stems) and then loads the theme's own search worker.

The theme's worker has a content hash in its file name; it is found in the installed theme here,
so an upgrade of the theme needs no edit. overrides/main.html reads `config.extra.search_worker`.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

WRAPPER = "assets/javascripts/search-worker.js"
THEME_WORKERS = "assets/javascripts/workers"


def theme_worker(config: MkDocsConfig) -> str:
    for folder in config.theme.dirs:
        found = sorted(Path(folder, THEME_WORKERS).glob("search.*.min.js"))
        if found:
            return f"workers/{found[0].name}"
    raise PluginError("테마의 검색 워커(assets/javascripts/workers/search.*.min.js)를 찾지 못했다. "
                      "requirements.txt 의 mkdocs-material 설치를 확인한다.")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Relative to the wrapper: both live under assets/javascripts/.
    config.extra["search_worker"] = f"{WRAPPER}?theme={theme_worker(config)}"
    return config
