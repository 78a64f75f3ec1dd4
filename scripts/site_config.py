"""One place to read the site's own configuration (mkdocs.yml) from project tools."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"


@lru_cache(maxsize=4)
def load(config_file: str = str(CONFIG_FILE)) -> MkDocsConfig:
    """The validated MkDocs configuration, as the build sees it."""
    import logging

    # Loading runs plugin on_config hooks that log at INFO; tools want quiet output.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return load_config(config_file)


def i18n_languages(config: MkDocsConfig) -> list[dict[str, Any]]:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return [{"locale": config.theme.get("language", "ko"), "default": True}]
    return [dict(lang) for lang in plugin.config.languages]


def default_locale(config: MkDocsConfig) -> str:
    for lang in i18n_languages(config):
        if lang.get("default"):
            return str(lang["locale"])
    return "ko"


def secondary_locales(config: MkDocsConfig) -> list[str]:
    return [str(lang["locale"]) for lang in i18n_languages(config) if not lang.get("default")]


def slugify_callable(config: MkDocsConfig) -> Callable[[str, str], str]:
    """The toc slugify function configured in mkdocs.yml (Hangul-preserving)."""
    options = config.mdx_configs.get("toc", {})
    return options["slugify"]


def slugify(text: str, config: MkDocsConfig | None = None) -> str:
    """Slug for a heading, exactly as the site's toc extension computes it."""
    return slugify_callable(config or load())(text, "-")


def write_derived_config(dest: Path, nav: list | None = None) -> Path:
    """A mkdocs.yml in `dest` that inherits the real one, for other content in `dest`/docs.

    Theme overrides and hooks are named by absolute path, so the derived site builds exactly
    like the real one (tests and benchmarks use it).
    """
    import yaml

    lines = [
        f"INHERIT: {CONFIG_FILE}",
        "docs_dir: docs",
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}",
        "hooks:",
        *[f"  - {h}" for h in sorted((ROOT / "scripts" / "hooks").glob("[!_]*.py"))],
    ]
    if nav is not None:
        lines.append(yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False))
    config = dest / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config
