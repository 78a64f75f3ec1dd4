"""Reader-experience audit of the built site: Lighthouse (`make audit`) and the pages it audits."""
from __future__ import annotations

# (name, path under the site root, source file that must exist, what it stands for)
AUDITED_PAGES = [
    ("home", "", "docs/ko/index.md", "Korean home page"),
    ("note", "vision/object-detection-yolo/", "docs/ko/vision/object-detection-yolo.md",
     "long note with tables, code, math and a diagram"),
    ("diagrams", "vision/stable-diffusion/", "docs/ko/vision/stable-diffusion.md",
     "note with two diagrams and math"),
    ("glossary", "glossary/", "docs/ko/glossary.md", "glossary (Korean)"),
    ("en-home", "en/", "docs/en/index.md", "English home page"),
]
