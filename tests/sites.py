"""Build the real site, or a fixture site that uses the real configuration, for tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ai_notes.site_config import write_derived_config

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
SUBPATH = "/ai-notes/"


def build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Strict build; the caller asserts on the result so failures show MkDocs' output."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"https://example.github.io{SUBPATH}")
    # A copy of the repository builds with its own copy of the tools (hooks import ai_notes).
    tools = config_file.parent / "scripts"
    env["PYTHONPATH"] = str(tools if (tools / "ai_notes").is_dir() else ROOT / "scripts")
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )


def fixture_site(content: Path, work: Path, nav: list | None = None) -> Path:
    """A site with the real mkdocs.yml but the content of `content` (ko/, en/ folders)."""
    docs = work / "docs"
    shutil.copytree(content, docs)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    return write_derived_config(work, nav)
