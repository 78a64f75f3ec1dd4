"""Sitemap hreflang alternates that only name pages search engines may index.

mkdocs-static-i18n lists every page in both languages in ``sitemap.xml``, each with hreflang
alternates for both. An English URL whose file is the Korean original (no translation yet)
carries ``noindex``, so naming it as the English alternate, or submitting it at all, sends
search engines contradicting signals. After the build this hook rewrites the sitemap:

- a ``<url>`` whose page is ``noindex`` is dropped;
- alternates pointing at a ``noindex`` page are dropped, so each page names itself and its real
  translations only;
- an ``x-default`` alternate points at the default-language (Korean) page, or at the only
  language a page exists in.

It runs after mkdocs-static-i18n has written the merged sitemap and writes the result to the
site root and to each language root (Material's language switcher reads it there). The pages themselves
carry no ``<link rel="alternate" hreflang>`` tags: the sitemap is the one place for them.
"""
from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ai_notes.site_config import PRIORITY, default_locale, inner_build, secondary_locales

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.I)



def page_file(site_dir: Path, site_url: str, url: str) -> Path | None:
    """The built HTML file behind an absolute page URL of this site."""
    base = urlsplit(site_url).path or "/"
    path = unquote(urlsplit(url).path)
    if not path.startswith(base):
        return None
    rel = path[len(base):]
    target = site_dir / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def is_noindex(file: Path | None) -> bool:
    if file is None:
        return False
    head = file.read_text(encoding="utf-8", errors="replace").split("</head>", 1)[0]
    return bool(NOINDEX.search(head))


def rewrite(xml: bytes, site_dir: Path, site_url: str, default: str) -> bytes:
    ET.register_namespace("", SM)
    ET.register_namespace("xhtml", XHTML)
    tree = ET.ElementTree(ET.fromstring(xml))
    urlset = tree.getroot()
    cache: dict[str, bool] = {}

    def noindex(url: str) -> bool:
        if url not in cache:
            cache[url] = is_noindex(page_file(site_dir, site_url, url))
        return cache[url]

    for entry in list(urlset.findall(f"{{{SM}}}url")):
        loc = (entry.findtext(f"{{{SM}}}loc") or "").strip()
        if noindex(loc):
            urlset.remove(entry)
            continue
        links = entry.findall(f"{{{XHTML}}}link")
        for link in links:
            if link.get("hreflang") == "x-default" or noindex(link.get("href", "")):
                entry.remove(link)
        kept = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{{{XHTML}}}link")}
        # A page in one language only (the English translation status page) is its own default.
        fallback = next(iter(kept.values())) if len(kept) == 1 else None
        if kept.get(default) or fallback:
            ET.SubElement(entry, f"{{{XHTML}}}link",
                          {"rel": "alternate", "hreflang": "x-default", "href": kept.get(default) or fallback})
    ET.indent(tree, space="    ")
    return ET.tostring(urlset, encoding="UTF-8", xml_declaration=True) + b"\n"


@event_priority(PRIORITY["sitemap"])
def on_post_build(config: MkDocsConfig) -> None:
    if inner_build(config):
        return
    site_dir = Path(config.site_dir)
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    data = sitemap.read_bytes()
    if config.site_url:
        data = rewrite(data, site_dir, config.site_url, default_locale(config))
    # Material's language switcher fetches <language root>/sitemap.xml to find the same page in
    # the other language: each language root gets the same file.
    for folder in [site_dir] + [site_dir / locale for locale in secondary_locales(config)]:
        if folder.is_dir():
            (folder / "sitemap.xml").write_bytes(data)
            with gzip.GzipFile(folder / "sitemap.xml.gz", "wb", mtime=0) as out:
                out.write(data)
