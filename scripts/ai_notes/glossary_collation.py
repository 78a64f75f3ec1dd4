"""Glossary order: Korean initial consonants (ㄱ … ㅎ), then A–Z, then digits; the groups and
their anchors on the glossary page, and the initial-consonant string the filter box searches."""
from __future__ import annotations

import re
import unicodedata

from ai_notes.glossary_data import Term

CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
FOLD_DOUBLE = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
KO_GROUPS = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
JAMO_NAMES = {
    "ㄱ": "giyeok", "ㄴ": "nieun", "ㄷ": "digeut", "ㄹ": "rieul", "ㅁ": "mieum", "ㅂ": "bieup", "ㅅ": "siot",
    "ㅇ": "ieung", "ㅈ": "jieut", "ㅊ": "chieut", "ㅋ": "kieuk", "ㅌ": "tieut", "ㅍ": "pieup", "ㅎ": "hieut",
}
DIGITS = "0–9"


def initial(char: str) -> str:
    """The initial consonant of a Hangul syllable, double consonants folded (까 -> ㄱ)."""
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return ""
    jamo = CHOSEONG[code // 588]
    return FOLD_DOUBLE.get(jamo, jamo)


def group_of(word: str) -> str:
    """Group label for a headword: a Korean initial, a capital letter A–Z, or 0–9."""
    for char in unicodedata.normalize("NFC", word):
        if "가" <= char <= "힣":
            return initial(char)
        if char.isascii() and char.isalpha():
            return char.upper()
        if char.isdigit():
            return DIGITS
    return DIGITS


def group_anchor(label: str) -> str:
    if label in JAMO_NAMES:
        return f"group-{JAMO_NAMES[label]}"
    if label == DIGITS:
        return "group-digits"
    return f"group-{label.lower()}"


def group_order(lang: str) -> list[str]:
    latin = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    return ([*KO_GROUPS] if lang == "ko" else []) + latin + [DIGITS]


def sort_key(word: str) -> tuple:
    """Dictionary order: Hangul syllables by code point (already 가나다 order), Latin case-insensitive."""
    word = unicodedata.normalize("NFC", word)
    letters = re.sub(r"[^0-9A-Za-z가-힣]+", "", word)
    return (letters.casefold(), word)


def grouped(terms: list[Term], lang: str) -> list[tuple[str, list[Term]]]:
    """[(group label, terms sorted)] in page order; empty groups are kept (the jump bar dims them)."""
    buckets: dict[str, list[Term]] = {g: [] for g in group_order(lang)}
    for term in terms:
        buckets.setdefault(group_of(term.headword(lang)), []).append(term)
    return [(g, sorted(ts, key=lambda t: sort_key(t.headword(lang)))) for g, ts in buckets.items()]


def choseong_string(word: str) -> str:
    """Initial consonants of the Hangul syllables of a word (과적합 -> ㄱㅈㅎ), for 초성 search."""
    return "".join(CHOSEONG[(ord(c) - 0xAC00) // 588] for c in word if "가" <= c <= "힣")
