"""Files in docs/ other than Markdown: allowed types only, and SVG images that cannot run script.

Rules live in data/html_policy.yml (`assets`). The checker reports these problems and the build
(scripts/ai_notes/hooks/content_policy.py) refuses to publish the file, with the same messages.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ai_notes.check.problems import Problem
from ai_notes.check.source import read_source

SIGNATURES = {
    "png": [b"\x89PNG\r\n\x1a\n"], "jpg": [b"\xff\xd8\xff"], "jpeg": [b"\xff\xd8\xff"],
    "gif": [b"GIF87a", b"GIF89a"], "webp": [b"RIFF"], "ico": [b"\x00\x00\x01\x00"],
}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


@lru_cache(maxsize=2)
def rules(policy_path: Path) -> dict[str, Any]:
    return yaml.safe_load(policy_path.read_text(encoding="utf-8"))["assets"]


def check_asset(path: Path, docs_dir: Path, policy_path: Path, display: str) -> list[Problem]:
    """Problems of one non-Markdown file under docs/."""
    r = rules(policy_path)
    rel = path.relative_to(docs_dir).as_posix()
    ext = path.suffix.lower().lstrip(".")
    if ext in r["code_types"] and any(rel.startswith(folder + "/") for folder in r["code_folders"]):
        return []
    if ext not in r["images"]:
        allowed = ", ".join("." + e for e in r["images"])
        return [Problem(display, 1, 1, "asset-type",
                        f"docs/ 에는 노트(.md)와 그림({allowed})만 둘 수 있다. .{ext or '(확장자 없음)'} 파일은 지운다.")]
    if ext == "svg":
        return _check_svg(path, display, r)
    if ext == "avif":
        return []
    head = path.read_bytes()[:16]
    if not any(head.startswith(sig) for sig in SIGNATURES.get(ext, [b""])):
        return [Problem(display, 1, 1, "asset-type",
                        f"확장자는 .{ext} 인데 내용이 그 형식의 그림이 아니다. 그림 파일을 그 형식으로 다시 저장한다.")]
    return []


def _check_svg(path: Path, display: str, r: dict[str, Any]) -> list[Problem]:
    src = read_source(path, display)
    if src.problems:
        return src.problems
    if re.search(r"<!(?:DOCTYPE|ENTITY)", src.text, re.I):
        line = src.text[: re.search(r"<!(?:DOCTYPE|ENTITY)", src.text, re.I).start()].count("\n") + 1
        return [Problem(display, line, 1, "asset-unsafe", "SVG에 DOCTYPE이나 ENTITY 선언이 있다. 지운다.")]
    allowed = set(r["svg_elements"])
    problems: list[Problem] = []
    parser = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(src.text)
        parser.close()
    except ET.ParseError as exc:
        line, col = exc.position
        return [Problem(display, line, col + 1, "asset-unsafe", f"SVG가 올바른 XML이 아니다({exc.msg}). 그림 편집기에서 다시 저장한다.")]
    for _event, element in parser.read_events():
        line = _line_of(src.text, element)
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag not in allowed:
            problems.append(Problem(display, line, 1, "asset-unsafe",
                                    f"SVG 요소 <{tag}> 는 쓸 수 없다(스크립트, HTML 삽입, 외부 참조 위험). 지운다."))
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                problems.append(Problem(display, line, 1, "asset-unsafe",
                                        f"SVG <{tag}> 의 {local} 속성은 스크립트를 실행한다. 지운다."))
            elif local == "href" and not value.strip().startswith("#"):
                problems.append(Problem(display, line, 1, "asset-unsafe",
                                        f"SVG <{tag}> 가 파일 밖({value[:60]})을 참조한다. 그림 안의 #id 만 참조한다."))
            elif _EXTERNAL_URL.search(value):
                problems.append(Problem(display, line, 1, "asset-unsafe",
                                        f"SVG <{tag}> 의 {local} 값이 외부 url()을 쓴다. 그림 안의 url(#id) 만 쓴다."))
        if tag == "style" and (element.text or "") and (_EXTERNAL_URL.search(element.text) or "@import" in element.text):
            problems.append(Problem(display, line, 1, "asset-unsafe", "SVG <style> 이 외부 자원(@import, url())을 불러온다. 지운다."))
    return problems


def _line_of(text: str, element: ET.Element) -> int:
    # ElementTree keeps no positions; the element's first "<tag" after the previous hit is close enough.
    tag = element.tag.rsplit("}", 1)[-1]
    m = re.search(rf"<(?:[\w-]+:)?{re.escape(tag)}[\s/>]", text)
    return text[: m.start()].count("\n") + 1 if m else 1


def asset_files(docs_dir: Path) -> list[Path]:
    return sorted(p for p in docs_dir.rglob("*") if p.is_file() and p.suffix.lower() not in {".md", ".markdown"}
                  and not p.name.startswith("."))
