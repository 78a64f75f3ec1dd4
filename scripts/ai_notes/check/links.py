"""Links, anchors and images, resolved the way the bilingual site resolves them."""
from __future__ import annotations

import difflib
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ai_notes.check.problems import Problem
from ai_notes.check.render import HtmlFacts
from ai_notes.check.source import Source

REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)([^\]]+)\]:\s*(\S+)")
HTML_MD_LINK = re.compile(r"""\b(href|src)\s*=\s*["']([^"'#?]+\.md)(?:[#?][^"']*)?["']""", re.I)
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Tree:
    """Where a language's pages live and how to fall back to the default language."""
    docs_dir: Path
    default_locale: str
    locales: tuple[str, ...]

    def locale_of(self, path: Path) -> str | None:
        return _locale_of(self, path)

    def candidates(self, locale: str, rel: str) -> list[Path]:
        """The file a link inside `locale` reaches: its own tree, then the default fallback."""
        paths = [self.docs_dir / locale / rel]
        if locale != self.default_locale:
            paths.append(self.docs_dir / self.default_locale / rel)
        return paths


@lru_cache(maxsize=65536)
def _locale_of(tree: Tree, path: Path) -> str | None:
    try:
        first = resolved(path).relative_to(resolved(tree.docs_dir)).parts[0]
    except (ValueError, IndexError):
        return None
    return first if first in tree.locales else None


@dataclass(frozen=True)
class Reach:
    """Where a relative link from a folder goes."""
    target: Path                        # the normalised path as written
    candidates: tuple[Path, ...]        # files it may reach (own language, then the fallback)
    found: Path | None                  # the first candidate that exists, with exact case
    outside: bool = False               # leaves its language folder
    folder: bool = False                # `found` is a folder


@lru_cache(maxsize=65536)
def reach(tree: Tree, locale: str | None, folder: Path, path: str) -> Reach:
    """Resolved once per (folder, link) and run: notes in one folder share most link targets."""
    target = Path(posixpath.normpath((folder / path).as_posix()))
    if locale is None:
        candidates = (target,)
    else:
        try:
            rel = target.relative_to(tree.docs_dir / locale).as_posix()
        except ValueError:
            return Reach(target, (), None, outside=True)
        candidates = tuple(tree.candidates(locale, rel))
    found = next((c for c in candidates if exists_exact_case(c, tree.docs_dir)), None)
    return Reach(target, candidates, found, folder=found is not None and found.is_dir())


@lru_cache(maxsize=65536)
def resolved(path: Path) -> Path:
    """Path.resolve() once per path and run: it costs several system calls."""
    return path.resolve()


@lru_cache(maxsize=4096)
def _names(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


@lru_cache(maxsize=65536)
def exists_exact_case(path: Path, base: Path) -> bool:
    """Path.exists() is case-insensitive on macOS and Windows; GitHub Pages is not.

    Only the part below `base` (the docs folder) is compared letter for letter, against cached
    folder listings. Both paths are absolute and normalised, so they compare as written.
    """
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        return path.exists()
    current = str(base)
    for part in parts:
        if part not in _names(current):
            return False
        current = os.path.join(current, part)
    return os.path.exists(current)  # a listed name may still be a broken symlink


def forget_listings() -> None:
    """Folder listings are cached for one run; a new run sees new files."""
    for cache in (_names, exists_exact_case, resolved, _locale_of, reach):
        cache.cache_clear()


@dataclass
class AnchorCheck:
    """A link to a fragment of another note: judged once that note has been rendered."""
    display: str
    line: int
    col: int
    fragment: str
    target: Path
    written: str        # the path as written in the link, for the message


@dataclass
class LinkContext:
    tree: Tree
    anchors_of: Callable[[Path], set[str] | None]      # rendered ids of a Markdown file (cached)
    external: list[tuple[str, int, int, str]]          # collected (display path, line, col, url)
    # When given, anchors in other files are collected here instead of being judged now.
    deferred: list[AnchorCheck] | None = None


def check_anchors(checks: list[AnchorCheck], anchors_of: Callable[[Path], set[str] | None]) -> list[Problem]:
    problems = []
    for c in checks:
        ids = anchors_of(c.target)
        if ids is not None:
            p = _check_anchor(c.display, c.line, c.col, c.fragment, ids, c.written)
            if p:
                problems.append(p)
    return problems


class _Locator:
    """Maps each rendered URL back to its place in the source, in order of appearance."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.cursor: dict[str, tuple[int, int]] = {}

    # Where a URL stands in link syntax; a bare occurrence (the same text inside another link, or
    # in prose) is only the last resort.
    CONTEXTS = ("](", "](<", 'href="', 'src="', "]: ", "")

    def locate(self, url: str) -> tuple[int, int]:
        start = self.cursor.get(url, (0, 0))
        spellings = dict.fromkeys((url, unquote(url), quote(url, safe="/#:?=&%.-_~+@!$'()*,;"), url.replace("&", "&amp;")))
        if not any(spelling in self.src.text for spelling in spellings):
            # Not written in the file at all (a link an extension made): no context can find
            # it, so skip the searches.
            return self.src.body_start + 1, 1
        hit = None
        for prefix in self.CONTEXTS:
            for needle in spellings:
                found = self.src.find(prefix + needle, *start)
                if found:
                    hit = (found[0], found[1] + len(prefix))
                    break
            if hit:
                break
        if hit is None:
            return self.src.body_start + 1, 1
        self.cursor[url] = (hit[0], hit[1] + 1)
        return hit[0] + 1, hit[1] + 1


def _similar(target: Path, base: Path) -> str | None:
    """The closest existing Markdown path, relative to the linking file's folder."""
    root = target.parent
    while not root.exists() and root != root.parent:
        root = root.parent
    pool = [p for p in root.rglob("*.md")] if root.exists() else []
    names = {posixpath.relpath(p.as_posix(), base.as_posix()): p for p in pool}
    wanted = posixpath.relpath(target.as_posix(), base.as_posix())
    match = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.5)
    return match[0] if match else None


def _check_anchor(
    display: str, line: int, col: int, fragment: str, ids: set[str], where: str,
) -> Problem | None:
    frag = unquote(fragment)
    if frag in ids:
        return None
    nfc = unicodedata.normalize("NFC", frag)
    if nfc != frag and nfc in ids:
        return Problem(display, line, col, "anchor-normalization",
                       f"#{frag} 는 NFD 등 다른 유니코드 정규화로 입력되었다. NFC로 다시 입력한다(#{nfc}).")
    lowered = {i.lower(): i for i in ids}
    if frag.lower() in lowered:
        return Problem(display, line, col, "anchor-missing",
                       f"{where}에 #{frag} 가 없다. 대소문자가 다르다: #{lowered[frag.lower()]}")
    close = difflib.get_close_matches(frag, sorted(ids), n=1, cutoff=0.6)
    hint = f" 비슷한 앵커: #{close[0]}" if close else ""
    return Problem(display, line, col, "anchor-missing",
                   f"{where}에 #{frag} 앵커가 없다. 제목에서 만들어진 앵커를 쓴다.{hint}")


def check_links(src: Source, facts: HtmlFacts, ctx: LinkContext) -> list[Problem]:
    problems: list[Problem] = []
    locator = _Locator(src)
    locale = ctx.tree.locale_of(src.path)
    base_dir = src.path.parent
    for tag, url in facts.links:
        line, col = locator.locate(url)
        if not url or url.startswith("data:"):
            continue
        if EXTERNAL.match(url) or url.startswith("//"):
            if url.startswith(("http://", "https://", "//")):
                ctx.external.append((src.display, line, col, url))
            continue
        parts = urlsplit(url)
        path, fragment = unquote(parts.path), parts.fragment
        if not path:
            if fragment:
                p = _check_anchor(src.display, line, col, fragment, facts.ids, "이 문서")
                if p:
                    problems.append(p)
            continue
        if path.startswith("/"):
            problems.append(Problem(src.display, line, col, "link-absolute",
                                    f"사이트 절대 경로 {url} 는 GitHub Pages 하위 경로에서 깨진다. 이 파일에서의 상대 경로로 쓴다."))
            continue
        where = reach(ctx.tree, locale, base_dir, path)
        if where.outside:
            problems.append(Problem(src.display, line, col, "link-language",
                                    f"{url} 는 {locale} 언어 폴더 밖을 가리킨다. 같은 언어 안의 상대 경로를 쓴다."))
            continue
        target, candidates, found = where.target, where.candidates, where.found
        if tag == "img":
            if found is None:
                loose = next((c for c in candidates if c.exists()), None)
                if loose is not None:
                    problems.append(Problem(src.display, line, col, "image-case",
                                            f"이미지 {url} 의 대소문자가 실제 파일과 다르다. GitHub Pages에서는 깨진다. 파일 이름과 정확히 맞춘다."))
                else:
                    problems.append(Problem(src.display, line, col, "image-missing", f"이미지 {url} 파일이 없다."))
            continue
        if path.endswith(".html"):
            md = path[: -len(".html")] + ".md"
            problems.append(Problem(src.display, line, col, "link-html",
                                    f"{url} 대신 원본 Markdown 파일로 링크한다: {md}"))
            continue
        if path.endswith("/") or where.folder:
            index = path.rstrip("/") + "/index.md"
            has_index = any(exists_exact_case(c / "index.md", ctx.tree.docs_dir) for c in candidates)
            hint = f"{index} 로 링크한다." if has_index else "그 폴더에 index.md가 없다. 노트 파일(.md)로 링크한다."
            problems.append(Problem(src.display, line, col, "link-folder", f"폴더 링크 {url} 는 빌드에서 경고가 된다. {hint}"))
            continue
        if found is None:
            loose = next((c for c in candidates if c.exists()), None)
            if loose is not None:
                problems.append(Problem(src.display, line, col, "link-missing",
                                        f"{url} 의 대소문자가 실제 파일과 다르다. GitHub Pages에서는 깨진다."))
                continue
            guess = _similar(target, base_dir)
            hint = f" 혹시 {guess} ?" if guess else ""
            problems.append(Problem(src.display, line, col, "link-missing", f"링크 대상 {path} 가 없다.{hint}"))
            continue
        if fragment and found.suffix == ".md":
            check = AnchorCheck(src.display, line, col, fragment, found, path)
            if ctx.deferred is not None:
                ctx.deferred.append(check)
            else:
                problems.extend(check_anchors([check], ctx.anchors_of))
    problems.extend(_references(src, facts))
    problems.extend(_html_md_links(src))
    return problems


def _references(src: Source, facts: HtmlFacts) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index in range(src.body_start, len(src.lines)):
        if index in src.code_lines:
            continue
        m = REF_DEF.match(src.lines[index])
        if not m or src.lines[index].lstrip().startswith("*["):
            continue
        label = " ".join(m.group(1).lower().split())
        if label in seen:
            problems.append(Problem(src.display, index + 1, 1, "ref-duplicate",
                                    f"참조 [{m.group(1)}] 가 {seen[label]}행에도 정의되어 있다. 마지막 정의만 쓰인다. 하나를 지운다."))
        seen[label] = index + 1
    locator = _Locator(src)
    for literal in facts.literal_refs:
        line, col = locator.locate(literal)
        label = literal[literal.rindex("[") + 1:-1] or literal[1:literal.index("]")]
        problems.append(Problem(src.display, line, col, "ref-undefined",
                                f"참조 링크 {literal} 의 정의가 없다. 문서 아래에 [{label}]: URL 을 추가한다."))
    return problems


def _html_md_links(src: Source) -> list[Problem]:
    problems: list[Problem] = []
    for index in range(src.body_start, len(src.lines)):
        if index in src.code_lines or ".md" not in src.lines[index]:
            continue
        for m in HTML_MD_LINK.finditer(src.lines[index]):
            if not src.in_code(index, m.start()):
                problems.append(Problem(src.display, index + 1, m.start() + 1, "html-link-md",
                                        f'HTML {m.group(1)}="{m.group(2)}" 는 하위 경로에서 깨진다. Markdown 링크 [텍스트]({m.group(2)}) 로 쓴다.'))
    return problems
