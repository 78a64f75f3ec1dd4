"""Finding glossary terms in text: one regular expression over every name of every term, with
Korean particles allowed after a term and word boundaries that suit Hangul and Latin."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ai_notes.glossary_data import HANGUL, Term

_WORD_BEFORE = rf"[0-9A-Za-z{HANGUL}_]"

# Endings that may follow a Korean term inside the same word: particles, the copula and
# 하다/되다 verb endings (트랜스포머는, 과적합이다, 미세조정한다). Anything else glued to the
# term (분류기, 정책적) means another word, so it is not a mention.
PARTICLES = sorted({
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "한테", "와", "과", "로", "으로",
    "도", "만", "까지", "부터", "보다", "처럼", "같이", "마다", "조차", "밖에", "뿐", "이나", "나", "이란",
    "란", "이라는", "라는", "이라고", "라고", "이며", "며", "이고", "고", "이다", "다", "인", "일", "이면",
    "면", "이지만", "지만", "이므로", "므로", "이자", "자", "이어서", "여서", "였다", "이었다", "입니다",
    "에는", "에서는", "으로는", "로는", "와는", "과는", "에도", "에서도", "으로도", "로도", "만큼", "대로",
    "과의", "와의", "에의", "로의", "으로의", "에서의", "으로서", "로서", "으로써", "로써", "이라", "라",
    "이든", "든", "이라면", "라면", "보다는", "이라서", "라서", "이었고", "였고", "이에요", "예요",
    "하다", "한다", "하는", "하고", "하며", "하여", "해", "해서", "했다", "했고", "할", "함", "하면", "하지",
    "된다", "되는", "되어", "돼", "됐다", "되고", "되며", "될", "됨", "되면", "시킨다", "시키는", "시켜",
    "들", "들은", "들이", "들을", "들의", "들과", "들로", "들에", "들도", "들에서",
}, key=len, reverse=True)

# Checked right after a name's first letter: the letter before it is not a word letter.
_BOUNDARY_AFTER_FIRST = rf"(?<!{_WORD_BEFORE}.)"
_LATIN_END = r"(?![0-9A-Za-z_]|[.\-][0-9A-Za-z])"
_HANGUL_END = rf"(?=(?:{'|'.join(PARTICLES)})?(?![{HANGUL}]))"


def _lower(text: str) -> str:
    """Lower case with every position kept (a letter whose lower case is longer stays as it is),
    so that a match in the lowered text is the same span of the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _case_sensitive(name: str) -> bool:
    """Abbreviations and mixed-case names (IoU, mAP, GAN) match exactly; plain words in any case."""
    letters = [c for c in name if c.isascii() and c.isalpha()]
    if not letters:
        return False
    return any(c.isupper() for c in name[1:] if c.isascii())


def _pieces(name: str) -> list[str]:
    out: list[str] = []
    for i, char in enumerate(name):
        prev = name[i - 1] if i else ""
        nxt = name[i + 1] if i + 1 < len(name) else ""
        if char.isspace():
            hangul_side = re.match(f"[{HANGUL}]", prev or " ") or re.match(f"[{HANGUL}]", nxt or " ")
            out.append(r"\s*" if hangul_side else r"\s+")
        elif char in "-‐" and prev.isalnum() and nxt.isalnum():
            out.append(r"[-‐\s]?")
        else:
            out.append(re.escape(char))
    return out


def _end(name: str) -> str:
    last = name[-1]
    if re.match(f"[{HANGUL}]", last):
        return _HANGUL_END
    if last.isascii() and last.isalnum():
        return _LATIN_END
    return ""


def _trie_regex(entries: list[tuple[list[str], str]]) -> str:
    """One alternation shaped as a trie; at every node longer continuations are tried first."""
    trie: dict = {}
    for pieces, end in entries:
        node = trie
        for piece in pieces:
            node = node.setdefault(piece, {})
        node.setdefault("", set()).add(end)

    def emit(node: dict) -> str:
        alts = [key + emit(child) for key, child in sorted((k, v) for k, v in node.items() if k != "")]
        ends = sorted(node.get("", ()))
        if ends:
            alts.append(ends[0] if len(ends) == 1 else "(?:" + "|".join(ends) + ")")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


class TermMatcher:
    """Finds glossary terms in running text (longest name first, at sensible word boundaries).

    Works on plain text (the Markdown extension reads the element tree, whose text is not
    HTML-escaped). Names ending in Hangul may be followed by a particle,
    names ending in a Latin letter or digit must not run into another letter or digit.
    """

    def __init__(self, terms: list[Term]):
        self.by_key: dict[str, tuple[Term, str, bool]] = {}
        classes: dict[str, list[tuple[list[str], str]]] = {_HANGUL_END: [], _LATIN_END: [], "": []}
        firsts: dict[str, set[str]] = {end: set() for end in classes}
        for term in terms:
            if not term.autolink:
                continue
            for form in term.names:
                key = self._key(form)
                if key in self.by_key:
                    continue
                self.by_key[key] = (term, form, _case_sensitive(form))
                pieces = _pieces(form.lower())
                if _end(form) == _LATIN_END:
                    # The word boundary before the name, checked once its first letter has
                    # matched: every alternative then starts with a plain letter, so the regex
                    # engine skips ahead to the next possible first letter on its own. (Latin
                    # letters are rare in Korean text; Hangul ones are not, see below.)
                    pieces[0] += _BOUNDARY_AFTER_FIRST
                classes[_end(form)].append((pieces, ""))
                firsts[_end(form)].add(re.escape(form[0].lower()))
        # One regex per kind of ending keeps the boundary rule out of every trie leaf. Text is
        # matched in lower case (see _lower), so no alternative needs case folding. Names that
        # end in Hangul check the boundary first (most Hangul letters are inside a word), after
        # a quick look at whether a name can start at all.
        self.regexes = []
        for end, entries in classes.items():
            if not entries:
                continue
            start = "" if end == _LATIN_END else rf"(?=[{''.join(sorted(firsts[end]))}])(?<!{_WORD_BEFORE})"
            self.regexes.append(re.compile(rf"{start}(?:{_trie_regex(entries)}){end}"))

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"[\s\-‐]+", "", unicodedata.normalize("NFC", text)).casefold()

    def finditer(self, text: str) -> Iterator[tuple[int, int, Term]]:
        found: list[tuple[int, int, Term]] = []
        lowered = _lower(text)
        for regex in self.regexes:
            for match in regex.finditer(lowered):
                entry = self.by_key.get(self._key(match.group(0)))
                if entry is None:
                    continue
                term, form, sensitive = entry
                original = text[match.start():match.end()]
                if sensitive and re.sub(r"[\s\-‐]+", "", original) != re.sub(r"[\s\-‐]+", "", form):
                    continue
                found.append((match.start(), match.end(), term))
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
        end = -1
        for start, stop, term in found:
            if start >= end:
                end = stop
                yield start, stop, term


def related_terms(term: Term, by_id: dict[str, Term]) -> list[Term]:
    return [by_id[r] for r in term.related if r in by_id]
