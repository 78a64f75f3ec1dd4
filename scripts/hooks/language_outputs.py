"""Per-language outputs that mkdocs-static-i18n leaves merged or missing.

Search: give each language its own index.

mkdocs-static-i18n merges every language into one index at ``search/search_index.json``,
so a Korean reader would also get the English pages (and the English fallback copies of
Korean pages) in the results. After the last build step this hook splits that index: the
site root keeps the Korean entries, ``en/search/search_index.json`` gets the English ones
(with locations relative to ``en/``). ``overrides/main.html`` points English pages at
their own index.

404: every language build writes the site-wide ``404.html``; the default language's copy
(Korean navigation) is kept.

Sitemap: Material's language switcher fetches ``<language root>/sitemap.xml`` to find the
same page in the other language; the merged sitemap (with hreflang alternates) is copied
there so that request does not end in a 404.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # hooks load by path
from scripts.site_config import secondary_locales  # noqa: E402


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


def _i18n_busy(config: MkDocsConfig) -> bool:
    """True while mkdocs-static-i18n is running its inner per-language builds."""
    plugin = config.plugins.get("i18n")
    return bool(getattr(plugin, "building", False))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    global _saved_404
    if template_name == "404.html" and not _i18n_busy(config):
        _saved_404 = output_content  # the default language's build
    return output_content


# Run after mkdocs-static-i18n (priority -100) has written the merged index.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _i18n_busy(config):
        return  # an inner per-language build: the merged outputs are not written yet
    root = Path(config.site_dir)
    if _saved_404 is not None:
        (root / "404.html").write_text(_saved_404, encoding="utf-8")
    index_path = root / "search" / "search_index.json"
    if not index_path.is_file():
        return
    data = json.loads(index_path.read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = data.get("docs", [])
    for locale in secondary_locales(config):
        prefix = f"{locale}/"
        if not any(d.get("location", "").startswith(prefix) for d in docs):
            continue
        own, docs = _split(docs, prefix)
        target = root / locale / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**data.get("config", {}), "lang": [locale]}
        target.write_text(
            json.dumps({**data, "config": config, "docs": own}, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
    for locale in secondary_locales(config):
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (root / name).is_file() and (root / locale).is_dir():
                shutil.copyfile(root / name, root / locale / name)
    index_path.write_text(
        json.dumps({**data, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )

