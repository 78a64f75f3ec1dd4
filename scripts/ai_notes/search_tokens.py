"""Check a Material search index for words the browser's search trie would get wrong.

The search worker (lunr) stores every index word in a minimised trie. Two trie nodes are
treated as identical when the strings "final flag + edge label + child id ..." of both are
equal; because labels and ids are written next to each other without a separator, a node
with the edge "1" to node 12 and one with the edge "1" to node 1 followed by "2" … can
collide once words contain digits. The trie then holds words that are not in the index
(a query that expands to one of them throws, and the search shows nothing) and loses real
words. Whether it happens depends only on the set of words, so it can be checked at build
time by replaying the trie construction exactly, and avoided by shifting the node ids.
"""
from __future__ import annotations

import re
from typing import Any


def index_words(data: dict[str, Any]) -> set[str]:
    """Every word the worker puts in its inverted index (same separator, markup skipped)."""
    separator = re.compile(data["config"]["separator"])
    fields = list(data["config"].get("fields") or {"title": {}, "text": {}, "tags": {}})
    words: set[str] = set()
    for doc in data["docs"]:
        for name in fields:
            value = doc.get(name)
            if value is None:
                continue
            for text in value if isinstance(value, list) else [value]:
                for part in re.split(r"<[^>]*>", str(text)):
                    words.update(w.lower() for w in separator.split(part) if w)
    return words


class _Node:
    __slots__ = ("final", "edges", "id", "key")

    def __init__(self, ident: int) -> None:
        self.final = False
        self.edges: dict[bytes, _Node] = {}  # one UTF-16 code unit per edge, as in JavaScript
        self.id = ident
        self.key: str | None = None

    def signature(self) -> str:
        if self.key is not None:
            return self.key
        out = "1" if self.final else "0"
        for label in sorted(self.edges):
            out += label.decode("utf-16-be", errors="surrogatepass") + str(self.edges[label].id)
        return out


def _units(text: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units."""
    return text.encode("utf-16-be", errors="surrogatepass")


def _chars(word: str) -> list[bytes]:
    raw = _units(word)
    return [raw[i:i + 2] for i in range(0, len(raw), 2)]


def trie_problems(words: set[str], limit: int = 20) -> tuple[list[str], list[str]]:
    """(words the trie invents, words it loses) for lunr's TokenSet.fromArray(sorted words)."""
    counter = 1

    def node() -> _Node:
        nonlocal counter
        made = _Node(counter)
        counter += 1
        return made

    ordered = sorted(words, key=_units)
    root = node()
    previous: list[bytes] = []
    unchecked: list[tuple[_Node, bytes, _Node]] = []
    minimised: dict[str, _Node] = {}

    def minimise(down_to: int) -> None:
        for i in range(len(unchecked) - 1, down_to - 1, -1):
            parent, char, child = unchecked[i]
            key = child.signature()
            if key in minimised:
                parent.edges[char] = minimised[key]
            else:
                child.key = key
                minimised[key] = child
            unchecked.pop()

    for word in ordered:
        chars = _chars(word)
        common = 0
        for a, b in zip(chars, previous, strict=False):
            if a != b:
                break
            common += 1
        minimise(common)
        current = root if not unchecked else unchecked[-1][2]
        for char in chars[common:]:
            child = node()
            current.edges[char] = child
            unchecked.append((current, char, child))
            current = child
        current.final = True
        previous = chars
    minimise(0)

    found: set[str] = set()
    invented: list[str] = []
    stack: list[tuple[_Node, bytes]] = [(root, b"")]
    budget = len(ordered) * 4 + 1000
    while stack and budget:
        current, prefix = stack.pop()
        budget -= 1
        if current.final:
            word = prefix.decode("utf-16-be", errors="surrogatepass")
            if word in words:
                found.add(word)
            elif len(invented) < limit:
                invented.append(word)
        for char, child in current.edges.items():
            stack.append((child, prefix + char))
    lost = sorted(words - found)[:limit]
    return invented, lost
