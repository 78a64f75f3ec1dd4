"""Per-language outputs that mkdocs-static-i18n leaves merged: the search indexes and 404.

Search: this hook is the one writer of the search indexes. mkdocs-static-i18n merges every
language into one index at ``search/search_index.json``, so a Korean reader would also get the
English pages in the results. After the build this hook reads that index once, splits it (the
site root keeps the Korean entries, ``en/search/search_index.json`` gets the English ones, with
locations relative to ``en/``), finishes each with scripts/ai_notes/search_index.py (glossary name
fields, spelling variants, page weights, readable math) and writes each once.
``overrides/main.html`` points English pages at their own index.

404: every language build writes the site-wide ``404.html``; the default language's copy
(Korean navigation) is kept.

The sitemap is rewritten and copied to each language root by sitemap_alternates.py.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ai_notes import glossary_data as gd
from ai_notes import search_index
from ai_notes.site_config import PRIORITY, default_locale, inner_build, secondary_locales


def _split(entries: list[dict[str, Any]], prefix: str) -> tuple[list, list]:
    own, other = [], []
    for entry in entries:
        location = entry.get("location", "")
        if location == prefix.rstrip("/") or location.startswith(prefix):
            entry = dict(entry, location=location[len(prefix):] if location.startswith(prefix) else "")
            own.append(entry)
        else:
            other.append(entry)
    return own, other


_saved_404: str | None = None


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    global _saved_404
    if template_name == "404.html" and not inner_build(config):
        _saved_404 = output_content  # the default language's build
    return output_content


def _terms() -> list[gd.Term]:
    """The glossary terms, or none when the glossary has errors (the glossary hook reports them)."""
    try:
        return gd.load()
    except gd.GlossaryError:
        return []


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@event_priority(PRIORITY["search_index"])
def on_post_build(config: MkDocsConfig) -> None:
    if inner_build(config):
        return  # one language's build: the merged outputs are not written yet
    root = Path(config.site_dir)
    if _saved_404 is not None:
        (root / "404.html").write_text(_saved_404, encoding="utf-8")
    index_path = root / "search" / "search_index.json"
    if not index_path.is_file():
        return
    data = json.loads(index_path.read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = data.get("docs", [])
    terms = _terms()
    for locale in secondary_locales(config):
        prefix = f"{locale}/"
        if not any(d.get("location", "").startswith(prefix) for d in docs):
            continue
        own, docs = _split(docs, prefix)
        index = {**data, "config": {**copy.deepcopy(data.get("config", {})), "lang": [locale]}, "docs": own}
        search_index.finish(index, terms, locale)
        _write(root / locale / "search" / "search_index.json", index)
    index = {**data, "docs": docs}
    search_index.finish(index, terms, default_locale(config))
    _write(index_path, index)
