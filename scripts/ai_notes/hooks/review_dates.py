"""Under each note's title: when its facts were last re-verified (front matter `reviewed:`), and a
notice once that is older than scripts/review_dates.STALE_AFTER_MONTHS.

The markup comes from overrides/partials/review-date.html; it is kept out of the search index.
"""
from __future__ import annotations

import datetime as dt

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ai_notes.review_dates import review

TEMPLATE = "partials/review-date.html"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    found = review(page.meta.get("reviewed"), dt.date.today())
    if found is None:
        return html
    lang = "ko" if str(config.theme.get("language", "ko")).startswith("ko") else "en"
    block = config.theme.get_env().get_template(TEMPLATE).render(review=found, label=found.label(lang), lang=lang)
    return block + html
