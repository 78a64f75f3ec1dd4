"""What the built search index holds besides the theme's page text (run after the build by
scripts/ai_notes/hooks/language_outputs.py, the one writer of the per-language indexes; see `finish`).

- Glossary entries: each entry gets its names in extra index fields, so that its headword,
  English term, abbreviation or any alias ranks the entry first (see tune_search_index), and
  the explaining note and other names the search worker reads (`note`, `aka`); the index is
  then checked against a flaw of the browser's search trie (see guard_search_index).

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
from ai_notes.search_tokens import index_words, trie_problems

ROOT = Path(__file__).resolve().parents[2]
VARIANTS_FILE = ROOT / "data" / "search_variants.yml"
VARIANTS_BOOST = 100.0
# The names of the terms a note explains go in the field the glossary entries keep their other
# names in ("names"): one field less for the browser to build (each costs ~25 ms).
EXPLAINS_FIELD = "names"
NAMES_BOOST = 1000.0  # like a title
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


# ---------------------------------------------------------------------------------------------
# The glossary entries' name fields


# Index fields added to glossary entries (see tune_search_index).
#
# "names" holds the words of the entry's other names (aliases), weighted like the title.
# "exact1" and "exact2" hold every name of the entry as one joined token ("large language
# model" -> "largelanguagemodel⁠"), in a field whose boost falls with the token's length.
# The search appends a wildcard to every query word, so "ci" also matches CIFAR-10 and
# Cityscapes; the length-graded fields rank the entry named exactly "CI" first. Each joined
# token ends with U+2060 WORD JOINER (never typed, not a separator): that keeps it distinct
# from the same word in running text, so every joined token has the same rarity (idf) and
# only its length decides. The same character glues Hangul to Latin letters or digits
# ("AI 에이전트" -> "ai⁠에이전트⁠"), which the separator would otherwise split. The tail of a
# longer name ("CUDA on WSL" -> "wsl") ends with two, so it never shares the token of the entry
# named exactly so.
EXACT_BOOST = 2500.0
EXACT_POWER = 1.5   # boost of a joined token of length n: EXACT_BOOST * (2 / n) ** EXACT_POWER
# Longest token of exact1, exact2, …; longer ones: one more field. Every field costs the browser
# about 25 ms of index build on the real site whether a page has it or not, so they stay few:
# two fields (names up to 4 letters, and longer) keep every recall and ranking test at 100%, as
# five did, and build the index about 45 ms sooner.
EXACT_BUCKETS = (4,)
TAIL_SHIFT = 2      # a tail counts as if it were this many characters longer
VERSION_SHIFT = 6   # the same for a version number tail ("3", "3.1")
_GLUE = "\u2060"


def _joined(parts: list[str]) -> str:
    joined = "".join(parts)
    return re.sub(r"(?<=[가-힣])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[가-힣])", _GLUE, joined) + _GLUE


def _exact_field(length: int) -> str:
    for number, limit in enumerate(EXACT_BUCKETS, 1):
        if length <= limit:
            return f"exact{number}"
    return f"exact{len(EXACT_BUCKETS) + 1}"


def search_fields() -> dict[str, dict[str, float]]:
    """Each exact field is weighted for the shortest token it holds; fewer fields keep the
    browser's index build fast (every field costs time for every page)."""
    fields = {"names": {"boost": NAMES_BOOST}}
    shortest = [1] + [limit + 1 for limit in EXACT_BUCKETS]
    for number, length in enumerate(shortest, 1):
        fields[f"exact{number}"] = {"boost": round(EXACT_BOOST * min(1.0, 2 / length) ** EXACT_POWER, 3)}
    return fields


def search_entry(term: gd.Term, separator: re.Pattern, title: str) -> dict[str, str]:
    """Extra index fields for one glossary entry."""
    title_words = {w.casefold() for w in separator.split(title) if w}
    words: list[str] = []
    for name in term.aliases:
        for word in separator.split(name):
            word = word.casefold()
            # A word that a title word starts with, or that starts with a title word, adds
            # nothing but extra weight for queries that already match the title (모델 next to
            # 모델링, WSL2 next to WSL).
            if not word or word in words or any(w.startswith(word) or word.startswith(w) for w in title_words):
                continue
            words.append(word)
    # A hyphenated name ("Pre-training") reaches the search as an exact first word plus a
    # prefix, so the first word of such a name is repeated here: the
    # entry named so then outranks entries that merely contain the same words.
    for name in term.names:
        lead = re.match(r"([^\W_]+)-", name)
        if lead and lead.group(1).casefold() not in words:
            words.append(lead.group(1).casefold())
    extra: dict[str, list[str]] = {}
    placed: set[str] = set()

    def add(length: int, token: str) -> None:
        if token not in placed:
            placed.add(token)
            extra.setdefault(_exact_field(length), []).append(token)

    # One joined token per first word: several names that begin alike ("모델 카드", "모델 설명서")
    # would otherwise all match the same query word and outweigh an entry with one name.
    first: dict[str, list[str]] = {}
    for name in term.names:
        parts = [w for w in separator.split(name.casefold()) if w]
        if parts and (parts[0] not in first or len("".join(parts)) < len("".join(first[parts[0]]))):
            first[parts[0]] = parts
    for parts in first.values():
        add(len("".join(parts)), _joined(parts))
    # What follows each later word of the headword and the English term ("파운데이션 모델" ->
    # "모델"), so that every word of a multi-word query meets a joined token; weaker than a name.
    for name in (term.ko, term.en):
        parts = [w for w in separator.split(name.casefold()) if w]
        for start in range(1, len(parts)):
            tail = "".join(parts[start:])
            # A second joiner keeps a tail apart from the entry named so ("CUDA on WSL" -> "wsl"
            # next to WSL): sharing that entry's token would halve its rarity.
            token = _joined(parts[start:]) + _GLUE
            if tail.isdigit():
                # A version ("Llama 3", "Llama 3.1", split by the separator into "3", "1") is part
                # of the name and typed the same way; weak, as a number alone matches much else.
                add(len(tail) + VERSION_SHIFT, token)
            elif len(tail) >= 2:
                add(len(tail) + TAIL_SHIFT, token)
    out = {f: " ".join(tokens) for f, tokens in extra.items()}
    if words:
        out["names"] = " ".join(words)
    return out


def _fold(name: str) -> str:
    """A name as the search worker compares it: lower case, without spaces and punctuation."""
    return re.sub(r"[\s\-_.,:;!?'\"()\u2060]+", "", name.lower())


def tune_search_index(data: dict[str, Any], terms: list[gd.Term]) -> dict[str, Any]:
    """Add the name fields to the glossary entries of a (merged or per-language) search index."""
    by_id = {t.id: t for t in terms}
    config = data.setdefault("config", {})
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    config.setdefault("fields", {}).update(search_fields())
    for doc in data.get("docs", []):
        location = doc.get("location", "")
        page, _, anchor = location.partition("#")
        if not anchor or not (page == "glossary/" or re.fullmatch(r"[a-z]{2}/glossary/", page)):
            continue
        term = by_id.get(anchor)
        if term is not None:
            doc.update(search_entry(term, separator, doc.get("title", "")))
            # Not search fields: read by the search worker (docs/assets/javascripts/search-worker.js),
            # which shows the explaining note first when a query names the entry.
            if term.note:
                doc["note"] = f"{term.note}/"
            held = {_fold(t) for field, tokens in doc.items() if field.startswith("exact") for t in tokens.split()}
            held |= {_fold(n) for n in (term.ko, term.en, term.abbr) if n}
            aka = [n for n in term.aliases if _fold(n) not in held]
            if aka:
                doc["aka"] = aka
    return data


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
    guard_search_index(data)
