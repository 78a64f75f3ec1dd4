"""`make serve` also rebuilds when a file outside docs/ that pages are made from changes:
CONTRIBUTING.md (included by docs/<lang>/contributing.md) and data/ (glossary, tags).

Only the files that exist next to the configuration are watched, so a build from a copy of
the configuration elsewhere (a test fixture site) is unaffected.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

WATCHED = ("CONTRIBUTING.md", "data")


def on_serve(server: Any, config: Any, builder: Any, **kwargs: Any) -> Any:
    base = Path(config.config_file_path).resolve().parent
    for name in WATCHED:
        path = base / name
        if path.exists():
            server.watch(str(path))
    return server
