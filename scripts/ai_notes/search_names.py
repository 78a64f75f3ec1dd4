"""The glossary entries in the search index: the fields that let any name of a term find its
entry first, and what of them the index ships (the search worker makes the rest).

- Name fields: each entry's other names (`names`) and every name joined into one token, in
  fields graded by the token's length (`exact1`, `exact2`; see search_entry). The build makes
  them for the index check (search_index.guard_search_index); then compact_entries takes them
  out again and docs/assets/javascripts/search-worker.js makes them in the browser from the
  entry's title and `aka`, by the same rules (tests/test_glossary_browser.py holds the two to
  each other for every entry).
- Fields the search worker reads and never searches: `note` (the note that explains the term)
  and `aka` (the entry's other names).
"""
from __future__ import annotations

import re
from typing import Any

from ai_notes import glossary_data as gd

NAMES_BOOST = 1000.0  # like a title

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
            # Its other names: the search worker makes the name fields from them and its title,
            # and knows the entry by them.
            if term.aliases:
                doc["aka"] = list(term.aliases)
    return data


# ---------------------------------------------------------------------------------------------
# What the search worker makes itself


def title_names(title: str) -> tuple[str, str, str]:
    """(headword, other name, abbreviation) as the search worker reads an entry's title
    ("비최대 억제 (NMS, Non-maximum suppression)"; see Term.label)."""
    open_at = title.find(" (")
    if open_at < 0 or not title.endswith(")"):
        return title, title, ""
    shown = title[open_at + 2:-1].split(", ")
    head = title[:open_at]
    return (head, shown[1], shown[0]) if len(shown) > 1 else (head, shown[0], "")


def worker_fields(doc: dict[str, Any], config: dict[str, Any]) -> dict[str, str]:
    """The name fields the search worker makes for a compacted entry: search_entry() of the
    names it reads from the entry (its `n`, else its title; its `aka`)."""
    title = str(doc.get("title", ""))
    head, other, abbr = doc["n"] if "n" in doc else title_names(title)
    english = config["glossary"]["lang"] == "en"
    read = gd.Term(id="", ko=other if english else head, en=head if english else other, tags=(), def_ko="",
                   def_en="", abbr=abbr, aliases=tuple(doc.get("aka", ())))
    return search_entry(read, re.compile(config["separator"]), title)


def compact_entries(data: dict[str, Any], terms: list[gd.Term], lang: str) -> int:
    """The glossary entries' name fields out of the index: the search worker makes them again
    from each entry's title and other names (`aka`) by the rules of search_entry
    (docs/assets/javascripts/search-worker.js, glossaryFields) before the theme builds its
    index: about 4% of the bytes every reader downloads. Where the title does not tell the names
    apart, the entry carries them (`n`). Returns the number of entries compacted."""
    by_id = {t.id: t for t in terms}
    config = data.setdefault("config", {})
    config.setdefault("separator", r"[\s\-]+")
    config["glossary"] = {"lang": lang, "buckets": list(EXACT_BUCKETS), "tail": TAIL_SHIFT, "version": VERSION_SHIFT}
    separator = re.compile(config["separator"])
    compacted = 0
    for doc in data.get("docs", []):
        page, _, anchor = doc.get("location", "").partition("#")
        term = by_id.get(anchor) if anchor and re.fullmatch(r"(?:[a-z]{2}/)?glossary/", page) else None
        if term is None:
            continue
        for field in [f for f in doc if f.startswith("exact") or f in {"names", "n"}]:
            del doc[field]
        if worker_fields(doc, config) != search_entry(term, separator, str(doc.get("title", ""))):
            doc["n"] = [term.headword(lang), term.ko if lang == "en" else term.en, term.abbr]
        compacted += 1
    return compacted


def expand_entries(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a compacted index with the name fields the search worker adds (for checks)."""
    config = data.get("config", {})
    docs = [{**doc, **worker_fields(doc, config)} if "glossary/#" in doc.get("location", "") and "glossary" in config
            else doc for doc in data.get("docs", [])]
    return {**data, "docs": docs}
