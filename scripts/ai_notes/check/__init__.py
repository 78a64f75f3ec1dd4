"""The docs checker: links, anchors, images, tables, front matter, file hygiene and unsafe HTML.

Run ``python -m ai_notes.check --help``. Every problem is reported as
``PATH:LINE:COL: severity CODE message`` and judged the way the site's own Markdown
configuration (mkdocs.yml) renders the file. Code blocks are rendered with the site's markup
but without token colours (see render.PlainHighlight); files are rendered once each, across
the machine's cores when there are many (see runner.Checker.check_all).
tests/test_check_render.py holds all of this to the site's own rendering.
"""
