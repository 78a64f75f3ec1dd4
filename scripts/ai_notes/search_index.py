"""What the built search index holds besides the theme's page text (run after the build by
scripts/ai_notes/hooks/language_outputs.py, the one writer of the per-language indexes; see `finish`).

- Glossary entries: their name fields, so that any name of a term ranks its entry first
  (scripts/ai_notes/search_names.py); the index is checked against a flaw of the browser's
  search trie with them (see guard_search_index), then ships only what the search worker
  cannot make itself.

- Variants: every note's page entry gets a `variants` field with the other spellings of the
  names it uses: the aliases and discouraged spellings of each glossary term found in the note,
  and the product-name spellings of data/search_variants.yml (우분투 for a note that writes
  Ubuntu). One data source each; nothing is kept per note.
- Ranking: the glossary page's own entry (the whole glossary as one text), the home page and the
  contributing guide match almost any word; they are weighted down so that a note on the subject
  and the glossary entry rank above them.
- Snippets: TeX in result snippets is shown as readable text (\\(S \\times S\\) -> S × S).
"""
from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ai_notes import glossary_data as gd
from ai_notes import glossary_matcher as gm
from ai_notes.search_names import NAMES_BOOST, compact_entries, tune_search_index
from ai_notes.search_tokens import index_words, trie_problems

ROOT = Path(__file__).resolve().parents[2]
VARIANTS_FILE = ROOT / "data" / "search_variants.yml"
VARIANTS_BOOST = 100.0
# The names of the terms a note explains go in the field the glossary entries keep their other
# names in ("names"): one field less for the browser to build (each costs ~25 ms).
EXPLAINS_FIELD = "names"
MIN_MENTIONS = 2
NOTE = re.compile(r"[a-z0-9-]+/[a-z0-9-]+/")
# Pages that mention everything: found, but after the notes.
LOW_BOOST = {"glossary/": 0.02, "": 0.2, "contributing/": 0.2, "roadmap/": 0.5, "tags/": 0.2}
TAG = re.compile(r"<[^>]+>")
log = logging.getLogger("mkdocs.hooks.search_index")


@lru_cache(maxsize=2)
def product_spellings(path: Path = VARIANTS_FILE) -> dict[str, list[str]]:
    """name as the notes write it -> spellings readers type."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, list[str]] = defaultdict(list)
    for spelling, names in data.items():
        for name in names if isinstance(names, list) else [names]:
            out[str(name)].append(str(spelling))
    return dict(out)


def _contains(text: str, name: str) -> bool:
    if re.fullmatch(r"[\w .+#-]+", name, re.A):  # Latin: a whole word, any case
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text, re.I) is not None
    return name in text


HANGUL = re.compile(r"[가-힣]")


def _readable_in(lang: str, spelling: str) -> bool:
    """Korean readers type Hangul spellings, English readers Latin ones; each index keeps its own."""
    return bool(HANGUL.search(spelling)) == (lang != "en")


def _new_words(names: list[str], separator: re.Pattern, seen: set[str]) -> str:
    """The words of `names` not yet in `seen` (case-folded), in order; `seen` takes them."""
    words = []
    for name in names:
        for word in separator.split(name):
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
    return " ".join(words)


def add_variants(data: dict[str, Any], terms: list[gd.Term], lang: str = "ko") -> None:
    matcher = gm.TermMatcher(terms)
    separator = re.compile(data.get("config", {}).get("separator") or r"[\s\-]+")
    explained: dict[str, list[gd.Term]] = defaultdict(list)
    for term in terms:
        if term.note:
            explained[term.note + "/"].append(term)
    pages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in data.get("docs", []):
        pages[doc.get("location", "").partition("#")[0]].append(doc)
    for location, docs in pages.items():
        if not NOTE.fullmatch(location):
            continue
        text = html.unescape(TAG.sub(" ", " ".join(f"{d.get('title', '')} {d.get('text', '')}" for d in docs)))
        folded = text.casefold()
        # Terms the note uses more than in passing (twice or more): their other spellings.
        counts: dict[str, int] = defaultdict(int)
        by_id: dict[str, gd.Term] = {}
        for _start, _end, term in matcher.finditer(text):
            counts[term.id] += 1
            by_id[term.id] = term
        spellings: list[str] = []
        for term_id, count in counts.items():
            if count >= MIN_MENTIONS:
                spellings.extend(n for n in by_id[term_id].names if n.casefold() not in folded)
        for name, typed in product_spellings().items():
            if _contains(text, name):
                spellings.extend(s for s in typed if s.casefold() not in folded)
        page = next((d for d in docs if "#" not in d.get("location", "")), None)
        if page is None:
            continue
        # Every name of the terms this note explains (the glossary's "explained in" note), and the
        # spellings of products named in its title: the note a reader wants for that name.
        names = [n for term in explained.get(location, []) for n in term.names]
        title = str(page.get("title", ""))
        names += [s for name, typed in product_spellings().items() if _contains(title, name) for s in typed]
        names = [n for n in dict.fromkeys(names) if n.casefold() not in folded]
        spellings = [s for s in dict.fromkeys(spellings) if _readable_in(lang, s) and s not in names]
        # The search sees words, not names: each word once per page ("생성 AI 제너레이티브 AI").
        seen: set[str] = set()
        for field, values in ((EXPLAINS_FIELD, names), ("variants", spellings)):
            words = _new_words(values, separator, seen)
            if words:
                page[field] = words
    fields = data.setdefault("config", {}).setdefault("fields", {})
    fields["variants"] = {"boost": VARIANTS_BOOST}
    fields[EXPLAINS_FIELD] = {"boost": NAMES_BOOST}


def weigh_pages(data: dict[str, Any]) -> None:
    for doc in data.get("docs", []):
        page, _, anchor = doc.get("location", "").partition("#")
        boost = LOW_BOOST.get(page)
        # The glossary's entries are its sections: they keep their weight; only the page's own
        # entry (the whole glossary as one text) is weighed down.
        if boost is not None and not (page == "glossary/" and anchor):
            doc["boost"] = boost


TEX_WORDS = {"times": "×", "cdot": "·", "le": "≤", "ge": "≥", "leq": "≤", "geq": "≥", "ne": "≠", "approx": "≈",
             "to": "→", "rightarrow": "→", "sum": "Σ", "sqrt": "√", "infty": "∞", "in": "∈", "pm": "±",
             "alpha": "α", "beta": "β", "gamma": "γ", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ",
             "epsilon": "ε", "eta": "η", "pi": "π", "tau": "τ", "log": "log", "exp": "exp", "max": "max",
             "min": "min", "quad": " ", "qquad": " ", "left": "", "right": ""}


def tex_to_text(tex: str) -> str:
    text = re.sub(r"\\(?:text|mathrm|mathbf|operatorname|mathit)\{([^{}]*)\}", r"\1", tex)
    for _ in range(3):
        text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: TEX_WORDS.get(m.group(1), m.group(1)), text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)


def plain_math(data: dict[str, Any]) -> int:
    changed = 0
    for doc in data.get("docs", []):
        text = doc.get("text")
        if isinstance(text, str) and ("\\(" in text or "\\[" in text or "$$" in text):
            doc["text"] = MATH.sub(lambda m: tex_to_text(next(g for g in m.groups() if g is not None)), text)
            changed += 1
    return changed


CODE_BLOCK = re.compile(r"<pre>.*?</pre>", re.S)


def drop_code_blocks(data: dict[str, Any]) -> int:
    """Code blocks out of the searched text: their tokens (numbers, flags, variable names) made
    up a tenth of the index and slowed its build in the browser, and readers search the prose
    around them. Inline code stays."""
    dropped = 0
    for doc in data.get("docs", []):
        text = doc.get("text")
        if isinstance(text, str) and "<pre>" in text:
            doc["text"] = CODE_BLOCK.sub(" ", text)
            dropped += 1
    return dropped


# Sections that list other pages: every note's related notes and sources (by their ids, which
# the note template gives them) and every tag's list on the tags page (made by the theme). They
# matched queries about the pages they name and explained nothing, so they are not indexed (the
# pages themselves are: their titles and the rest of their text). The few index pages mark their
# lists of notes themselves, with the theme's `data-search-exclude`.
LISTING_SECTIONS = ("related-notes", "references")
TAG_LISTS = re.compile(r"(?:[a-z]{2}/)?tags/")


def _is_listing(location: str) -> bool:
    page, _, anchor = location.partition("#")
    return anchor in LISTING_SECTIONS or bool(anchor and TAG_LISTS.fullmatch(page))


def drop_listings(data: dict[str, Any]) -> int:
    docs = data.get("docs", [])
    kept = [d for d in docs if not _is_listing(d.get("location", ""))]
    data["docs"] = kept
    return len(docs) - len(kept)


def page_tags_only(data: dict[str, Any]) -> int:
    """A page's tags on its own entry only. The theme copies them to every section, where they
    repeated the same chips under each section in the results and matched a tag query once per
    section; the page entry still carries them (and is shown above its sections)."""
    dropped = 0
    for doc in data.get("docs", []):
        if "#" in doc.get("location", "") and doc.pop("tags", None) is not None:
            dropped += 1
    return dropped


def tune(data: dict[str, Any], terms: list[gd.Term], lang: str = "ko") -> None:
    drop_listings(data)
    page_tags_only(data)
    add_variants(data, terms, lang)
    weigh_pages(data)
    drop_code_blocks(data)
    plain_math(data)


FILLER = "#"


def guard_search_index(data: dict[str, Any], tries: int = 30) -> int:
    """Pad the glossary page's index entry with filler words until lunr's trie is exact.

    Returns the filler length used (0: the index was already fine). The filler word ("#",
    "##", …) sorts before every real word, so it shifts the ids of all trie nodes.
    """
    words = index_words(data)
    invented, lost = trie_problems(words)
    if not invented and not lost:
        return 0
    article = next((d for d in data["docs"] if re.fullmatch(r"(?:[a-z]{2}/)?glossary/", d.get("location", ""))), None)
    if article is None:
        log.warning("search index: the search trie invents %s and loses %s", invented[:5], lost[:5])
        return 0
    for size in range(1, tries + 1):
        article["names"] = FILLER * size
        invented, lost = trie_problems(words | {FILLER * size})
        if not invented and not lost:
            return size
    log.warning("search index: the search trie invents %s and loses %s", invented[:5], lost[:5])
    return tries


def finish(data: dict[str, Any], terms: list[gd.Term], lang: str) -> None:
    """Everything above, on one language's index: only a site with a glossary gets it."""
    if not terms or not any("glossary/#" in d.get("location", "") for d in data.get("docs", [])):
        return
    tune_search_index(data, terms)
    tune(data, terms, lang)
    guard_search_index(data)  # on every word the browser will index, name fields included
    compact_entries(data, terms, lang)
