"""The docs checker: links, anchors, images, tables, front matter, file hygiene and unsafe HTML.

Run ``python -m scripts.check --help``. Every problem is reported as
``PATH:LINE:COL: severity CODE message`` and judged the way the site's own Markdown
configuration (mkdocs.yml) renders the file.
"""
