"""English notes whose Korean original changed after translation show a notice; the translation
status page lists every note (scripts/ai_notes/translations.py owns the model).

The notice markup is overrides/partials/translation-notice.html. Korean pages show nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ai_notes import translations as tr

TEMPLATE = "partials/translation-notice.html"
MARKER = "<!-- translation-status -->"
STATE_LABEL = {"current": "Up to date", "behind": "Behind", "missing": "Missing"}


def _english_note(page: Page) -> str | None:
    """'vision/x.md' for docs/en/vision/x.md, else None (fallback copies have a ko/ source)."""
    parts = page.file.src_uri.split("/")
    if len(parts) == 3 and parts[0] == tr.TARGET_LOCALE and parts[2] != "index.md":
        return "/".join(parts[1:])
    return None


def _day(value: object) -> str:
    """'December 5, 2026'; a malformed date (reported by the front-matter check) is shown as '–'."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return "–"
    return f"{day:%B} {day.day}, {day.year}"


def _text(value: str) -> str:
    """A title as plain text inside a Markdown table link: no markup, links or cell breaks."""
    return re.sub(r"([\\`*_\[\]()<>#|!&~])", r"\\\1", value)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if MARKER not in markdown:
        return markdown
    docs = Path(config.docs_dir)
    rows = ["| Note | State | Translation last updated |", "| --- | --- | --- |"]
    found = tr.statuses(docs)
    for s in found:
        state = STATE_LABEL[s.state]
        if s.state == "behind" and s.changed:
            state += f" since {_day(s.changed)}"
        rows.append(f"| [{_text(s.title)}]({s.rel}) | {state} | {_day(s.translated) if s.translated else '–'} |")
    counts = {k: sum(s.state == k for s in found) for k in STATE_LABEL}
    summary = (f"{len(found)} notes: {counts['current']} up to date, {counts['behind']} behind, "
               f"{counts['missing']} missing.")
    return markdown.replace(MARKER, summary + "\n\n" + "\n".join(rows) + "\n")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    rel = _english_note(page)
    if rel is None:
        return html
    ko_path = Path(config.docs_dir) / tr.SOURCE_LOCALE / rel
    if not ko_path.is_file():
        return html
    status = tr.status_of(ko_path, Path(config.docs_dir))
    if status.state != "behind":
        return html
    original = get_relative_url(rel[:-3] + "/", page.url)
    block = config.theme.get_env().get_template(TEMPLATE).render(
        changed=_day(status.changed), changed_iso=status.changed.isoformat() if status.changed else "",
        translated=_day(status.translated) if status.translated else None, original=original)
    return block + html
