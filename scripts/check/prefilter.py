"""Characters without which a regular expression cannot match: a cheap test before a scan.

`required_chars(regex)` reads the expression's parse tree and returns a set of characters such
that every match contains at least one of them, or None when no such small set can be proven
(lookarounds, negated classes, case-insensitive letters...). A text that holds none of the
characters cannot contain a match, so the scan can be skipped without changing any result.
"""
from __future__ import annotations

import re
from typing import Any

try:  # the parser behind `re` (Python 3.11+); without it, no shortcut is taken
    from re import _constants as C  # noqa: N812
    from re import _parser as P  # noqa: N812
except ImportError:  # pragma: no cover
    C = P = None

# A class larger than this is not worth testing character by character.
MAX_CLASS = 16

Chars = frozenset[str]


def required_chars(regex: re.Pattern[str]) -> Chars | None:
    if P is None or not isinstance(regex.pattern, str):
        return None
    try:
        tree = P.parse(regex.pattern, regex.flags)
        return _sequence(list(tree), bool(tree.state.flags & re.IGNORECASE))
    except Exception:  # an expression (or a parser version) this reader does not know: no shortcut
        return None


def _sequence(items: list[tuple[Any, Any]], icase: bool) -> Chars | None:
    # Every element of a sequence is part of the match; any one element's set will do.
    best: Chars | None = None
    for op, av in items:
        found = _item(op, av, icase)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _item(op: Any, av: Any, icase: bool) -> Chars | None:
    if op is C.LITERAL:
        return _literal(chr(av), icase)
    if op is C.IN:
        return _class(av, icase)
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        inner_icase = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(list(body), inner_icase)
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av), icase)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _sequence(list(body), icase) if low >= 1 else None
    if op is C.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative), icase)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None  # anchors, lookarounds, any character, group references...


def _literal(char: str, icase: bool) -> Chars | None:
    if icase and char.lower() != char.upper():
        return None  # case folding reaches characters beyond the two obvious ones
    return frozenset(char)


def _class(items: list[tuple[Any, Any]], icase: bool) -> Chars | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            found = _literal(chr(av), icase)
            if found is None:
                return None
            chars |= found
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            for code in range(av[0], av[1] + 1):
                found = _literal(chr(code), icase)
                if found is None:
                    return None
                chars |= found
        else:  # negation, categories such as \w, wide ranges
            return None
        if len(chars) > MAX_CLASS:
            return None
    return frozenset(chars)
