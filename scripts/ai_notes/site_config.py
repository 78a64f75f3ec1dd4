"""One place to read the site's own configuration (mkdocs.yml) from project tools."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = ROOT / "mkdocs.yml"

# The order of the hooks' events, in one place (MkDocs runs higher numbers first). The plugins'
# own steps run at 0 and mkdocs-static-i18n's at -100: it picks each language's files and, after
# the last language, writes the merged search index and sitemap.
PRIORITY = {
    "policy": 100,            # content_policy: refuse unsafe input before any hook adds markup
    "vendor": -50,            # vendor_assets: copy mermaid and KaTeX into the site
    "glossary_context": -100,  # glossary.on_page_context: after the page's own context is set
    "glossary_files": -110,   # glossary.on_files: after i18n has picked this language's files
    "sitemap": -150,          # sitemap_alternates: rewrite i18n's merged sitemap, copy it per language
    "search_index": -200,     # language_outputs: split i18n's merged index, tune and write each once
    "glossary_report": -250,  # glossary: time spent per event, for scripts/ai_notes/glossary_bench.py
}


def site_subpath() -> str:
    """The path the site is served under, from `site_url` in mkdocs.yml (a GitHub Pages project
    site lives under /<repository>/): the tests, the audit and the benchmarks serve it there."""
    url = str(_raw_config().get("site_url") or "/")
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


@lru_cache(maxsize=1)
def _raw_config() -> dict[str, Any]:
    with open(CONFIG_FILE, encoding="utf-8") as stream:
        return yaml_load(stream) or {}


def tools_path(folder: Path) -> str:
    """The scripts/ folder whose ai_notes a command run in `folder` should import: that of the
    repository (or scratch copy of it) holding the folder, else this repository's."""
    for candidate in (folder, *folder.parents):
        if (candidate / "scripts" / "ai_notes").is_dir():
            return str(candidate / "scripts")
    return str(ROOT / "scripts")


def build_site(config_file: Path, site_dir: Path, *, strict: bool = True, site_url: str | None = None,
               **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of one configuration, as the Makefile runs it; output captured for the
    caller to show. A copy of the repository builds with its own copy of the tools."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    if site_url:
        full_env["SITE_URL"] = site_url
    full_env["PYTHONPATH"] = tools_path(Path(config_file).resolve().parent)
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    return subprocess.run(args + (["--strict"] if strict else []), cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=900)


def inner_build(config: MkDocsConfig) -> bool:
    """True while mkdocs-static-i18n runs one language's build inside the outer build: the
    merged outputs (search index, sitemap, 404) are written only after the outer one."""
    plugin = config.plugins.get("i18n")
    return bool(getattr(plugin, "building", False))


@lru_cache(maxsize=4)
def load(config_file: str = str(CONFIG_FILE)) -> MkDocsConfig:
    """The validated MkDocs configuration, as the build sees it."""
    import logging

    # Loading runs plugin on_config hooks that log at INFO; tools want quiet output.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return load_config(config_file)


class MarkdownConfig(base.Config):
    """The options of mkdocs.yml that say where pages are and how their Markdown renders.

    They are validated by MkDocs' own option objects, as in a full load, but the theme, plugins
    and hooks are not loaded: that is most of a full load's time, and tools that only read
    notes (the docs checker) do not need them. Other options are kept unvalidated.
    """
    docs_dir = MkDocsConfig.docs_dir
    markdown_extensions = MkDocsConfig.markdown_extensions
    mdx_configs = MkDocsConfig.mdx_configs
    nav = MkDocsConfig.nav
    not_in_nav = MkDocsConfig.not_in_nav
    exclude_docs = MkDocsConfig.exclude_docs

    def load_file(self, config_file: Any) -> None:
        self.load_dict(yaml_load(config_file, get_yaml_loader(config=self)))


def load_markdown(config_file: str = str(CONFIG_FILE)) -> MarkdownConfig:
    """The MarkdownConfig part of a mkdocs.yml; raises ConfigurationError when it is invalid."""
    config = MarkdownConfig(config_file_path=config_file)
    with open(config_file, "rb") as fd:
        config.load_file(fd)
    errors, _warnings = config.validate()  # warnings: the options this class leaves out
    if errors:
        raise ConfigurationError("; ".join(f"{key}: {error}" for key, error in errors))
    return config


def i18n_languages(config: MkDocsConfig | MarkdownConfig) -> list[dict[str, Any]]:
    """The site's languages. From a MarkdownConfig, only `locale` and `default` are given."""
    if isinstance(config, MkDocsConfig):
        plugin = config.plugins.get("i18n")
        languages = None if plugin is None else [dict(lang) for lang in plugin.config.languages]
        theme_language = config.theme.get("language", "ko")
    else:  # plugins as written in mkdocs.yml
        entries = [p for p in config.get("plugins") or [] if isinstance(p, dict) and "i18n" in p]
        languages = [{"locale": str(lang["locale"]), "default": bool(lang.get("default", False))}
                     for lang in entries[0]["i18n"].get("languages", [])] if entries else None
        theme_language = (config.get("theme") or {}).get("language", "ko")
    if languages is None:
        return [{"locale": theme_language, "default": True}]
    return languages


def default_locale(config: MkDocsConfig | MarkdownConfig) -> str:
    for lang in i18n_languages(config):
        if lang.get("default"):
            return str(lang["locale"])
    return "ko"


def secondary_locales(config: MkDocsConfig | MarkdownConfig) -> list[str]:
    return [str(lang["locale"]) for lang in i18n_languages(config) if not lang.get("default")]


def project_extensions() -> list:
    """Markdown extensions the project adds to those listed in mkdocs.yml.

    The build adds them in scripts/ai_notes/hooks/content_policy.py (on_config); the docs checker and the
    tests add the same list, so all three render the same anchors and links.
    """
    from ai_notes.fragments import FragmentExtension
    from ai_notes.heading_aliases import HeadingAliasExtension

    return [FragmentExtension(), HeadingAliasExtension()]


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
        *[f"  - {h}" for h in sorted((ROOT / "scripts" / "ai_notes" / "hooks").glob("[!_]*.py"))],
    ]
    if nav is not None:
        lines.append(yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False))
    config = dest / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config
