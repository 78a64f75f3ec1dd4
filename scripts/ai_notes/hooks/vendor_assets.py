"""Self-hosted diagram and math libraries, when they are installed.

Pages with mermaid diagrams or KaTeX math need those libraries in the browser. When the pinned
npm packages of ``scripts/vendor/`` are installed (``npm ci --prefix scripts/vendor``, done by
``make audit``, ``make test`` and the deploy job), this hook copies the files the browser needs
into ``assets/vendor/`` of the built site, so those pages make no request to another origin
and keep working from a local copy. Without them (a plain ``make serve`` with only Python) the
same pinned versions are loaded from the jsDelivr CDN, on those pages only.

Templates read the URLs from ``config.extra.vendor``:
``mermaid`` (script), ``katex_js`` (script), ``katex_css`` (stylesheet), ``self_hosted`` (bool).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ai_notes.site_config import PRIORITY, inner_build

VENDOR = Path(__file__).resolve().parents[3] / "scripts" / "vendor"  # its node_modules (make vendor)
TARGET = "assets/vendor"
CDN = "https://cdn.jsdelivr.net/npm"

# package -> files (relative to the package folder) that the browser loads
FILES = {
    "mermaid": ["dist/mermaid.min.js"],
    "katex": ["dist/katex.min.js", "dist/katex.min.css", "dist/fonts/*.woff2", "dist/fonts/*.woff"],
}


def pinned_versions() -> dict[str, str]:
    """The exact versions pinned in scripts/vendor/package.json."""
    data = json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))
    return dict(data["dependencies"])


def _installed(name: str, version: str) -> Path | None:
    folder = VENDOR / "node_modules" / name
    try:
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("version") != version:
        return None
    if not all(any(folder.glob(pattern)) for pattern in FILES[name]):
        return None
    return folder


def vendor_urls() -> dict[str, Any]:
    versions = pinned_versions()
    local = all(_installed(name, versions[name]) for name in FILES)
    if local:
        return {
            "self_hosted": True,
            "mermaid": f"{TARGET}/mermaid/mermaid.min.js",
            "katex_js": f"{TARGET}/katex/katex.min.js",
            "katex_css": f"{TARGET}/katex/katex.min.css",
        }
    return {
        "self_hosted": False,
        "mermaid": f"{CDN}/mermaid@{versions['mermaid']}/dist/mermaid.min.js",
        "katex_js": f"{CDN}/katex@{versions['katex']}/dist/katex.min.js",
        "katex_css": f"{CDN}/katex@{versions['katex']}/dist/katex.min.css",
    }


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["vendor"] = vendor_urls()
    return config



def _copy(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


@event_priority(PRIORITY["vendor"])
def on_post_build(config: MkDocsConfig) -> None:
    if inner_build(config) or not config.extra.get("vendor", {}).get("self_hosted"):
        return
    versions = pinned_versions()
    root = Path(config.site_dir) / TARGET
    for name, patterns in FILES.items():
        folder = _installed(name, versions[name])
        if folder is None:
            continue
        for pattern in patterns:
            for src in folder.glob(pattern):
                rel = src.relative_to(folder / "dist")
                _copy(src, root / name / rel)
