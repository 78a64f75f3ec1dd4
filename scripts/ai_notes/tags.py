"""The topic tags of data/tags.yml: the one reader of that file.

Each tag has a Korean key (used by Korean pages and glossary categories), an English label
(used by English pages) and a one-line meaning. A malformed file raises TagsError with a
Korean message that names the file and line.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TAGS_FILE = ROOT / "data" / "tags.yml"


class TagsError(ValueError):
    pass


@dataclass(frozen=True)
class Tag:
    ko: str
    en: str
    about: str


@lru_cache(maxsize=4)
def load(path: Path = TAGS_FILE) -> tuple[Tag, ...]:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TagsError(f"{path}: 태그 목록을 읽을 수 없다: {exc}") from None
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        raise TagsError(f"{path}:1: 태그 목록은 '태그: {{en: 영어 이름, about: 뜻}}' 형태의 매핑이어야 한다.")
    tags: list[Tag] = []
    for key, value in node.value:
        where = f"{path}:{key.start_mark.line + 1}"
        fields = {k.value: v.value for k, v in value.value} if isinstance(value, yaml.MappingNode) else {}
        en, about = fields.get("en"), fields.get("about")
        if not isinstance(en, str) or not en.strip() or not isinstance(about, str):
            raise TagsError(f"{where}: 태그 '{key.value}' 에 en(영어 이름)과 about(한 줄 뜻)을 적는다.")
        tags.append(Tag(str(key.value), en.strip(), about.strip()))
    return tuple(tags)


def allowed(locale: str = "ko", path: Path = TAGS_FILE) -> list[str]:
    """Tag values a page in `locale` may use: Korean keys, or the English labels on English pages."""
    return [t.en if locale == "en" else t.ko for t in load(path)]


def label(tag: str, locale: str, path: Path = TAGS_FILE) -> str:
    """The label of a Korean tag key in `locale` (unknown tags show as they are)."""
    if locale != "en":
        return tag
    return next((t.en for t in load(path) if t.ko == tag), tag)
