"""A synthetic Korean corpus laid out like the real site, for benchmarks and stress tests.

`generate(dest, notes)` writes ``dest/docs/ko/<section>/<slug>.md`` notes (about 8 KB each:
front matter, Korean prose, headings, a table, a code block, a list, an admonition, relative
links to other notes with #anchors computed by the site's own slugify), a home page and an
index page per section, ``dest/docs/en/index.md``, the real ``docs/assets`` and a
``dest/mkdocs.yml`` that INHERITs the real configuration with a navigation listing every page.
Everything is deterministic for a given (notes, seed), and the corpus builds with
``mkdocs build --strict`` and checks clean with ``python -m ai_notes.check --docs-dir``.

    python -m ai_notes.synthetic_corpus DEST [--notes 1000] [--seed 0]
"""
from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

SECTIONS = [
    ("foundations", "딥러닝 기초"), ("vision", "컴퓨터 비전"), ("datasets", "데이터셋"),
    ("llm", "LLM·자연어 처리"), ("rag", "RAG"), ("huggingface", "허깅페이스"),
    ("mlops", "MLOps"), ("dev-env", "개발 환경"), ("automation", "업무 자동화"), ("practice", "실습"),
]
TOPICS = [
    "합성곱 신경망", "순환 신경망", "트랜스포머", "어텐션", "임베딩", "토크나이저", "경사 하강법",
    "역전파", "정규화", "드롭아웃", "배치 정규화", "학습률 스케줄", "과적합", "데이터 증강",
    "전이 학습", "미세조정", "양자화", "지식 증류", "객체 탐지", "의미 분할", "검색 증강 생성",
    "벡터 데이터베이스", "프롬프트 설계", "평가 지표", "모델 서빙", "실험 추적", "데이터 버전 관리",
    "분산 학습", "혼합 정밀도", "추론 최적화",
]
SUBJECTS = ["모델은", "이 방법은", "학습 데이터는", "손실 함수는", "각 층은", "옵티마이저는",
            "검증 세트는", "추론 단계는", "전처리 과정은", "평가 지표는", "이 구조는", "배치 크기는"]
OBJECTS = ["입력 문장을", "이미지의 특징을", "가중치를", "기울기를", "토큰 임베딩을", "예측 결과를",
           "학습률을", "은닉 상태를", "메모리 사용량을", "정확도를", "출력 분포를", "오차를"]
VERBS = ["계산한다", "줄인다", "정규화한다", "업데이트한다", "비교한다", "저장한다", "요약한다",
         "추정한다", "조정한다", "검증한다", "변환한다", "모은다"]
CLAUSES = ["데이터가 많을수록", "학습 초기에는", "실험을 반복하면", "GPU 메모리가 부족할 때",
           "검증 손실이 다시 오르면", "배포 환경에서는", "작은 모델에서도", "긴 문맥을 다룰 때"]
HEADINGS = ["개요", "핵심 개념", "동작 원리", "계산 예제", "구현 예", "자주 하는 실수",
            "성능 비교", "실무 적용", "한계와 주의점", "정리"]
ADMONITIONS = ["note", "tip", "warning", "info"]


@dataclass
class Note:
    section: str
    slug: str
    title: str
    description: str
    tags: list[str]
    headings: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.section}/{self.slug}.md"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(SUBJECTS), rng.choice(OBJECTS), rng.choice(VERBS)]
    if rng.random() < 0.5:
        words.insert(0, rng.choice(CLAUSES))
    return " ".join(words) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _relative(source: Note, target: Note) -> str:
    if source.section == target.section:
        return f"{target.slug}.md"
    return f"../{target.section}/{target.slug}.md"


def _plan(count: int, rng: random.Random, tags: list[str]) -> list[Note]:
    notes = []
    for i in range(count):
        section = SECTIONS[i % len(SECTIONS)][0]
        topic = TOPICS[i % len(TOPICS)]
        title = f"{topic} 노트 {i + 1:04d}"
        headings = rng.sample(HEADINGS, 5)
        headings = [f"{h} {i + 1}" if rng.random() < 0.3 else h for h in headings]
        notes.append(Note(
            section=section, slug=f"note-{i + 1:04d}", title=title,
            description=f"{topic}의 개념과 계산 예제, 구현 예, 자주 하는 실수를 정리한 합성 노트 {i + 1}번이다.",
            tags=rng.sample(tags, 2), headings=headings,
        ))
    return notes


def _note_text(note: Note, notes: list[Note], rng: random.Random, slugify) -> str:
    front = {"title": note.title, "description": note.description, "tags": note.tags,
             "sources": [{"title": f"{note.title} 참고 자료", "url": f"https://example.com/{note.slug}"}],
             "reviewed": "2026-12-04"}
    parts = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(), "---", ""]
    parts.append(_paragraph(rng, 6))
    parts.append("")
    for n, heading in enumerate(note.headings):
        parts += [f"## {heading}", ""]
        other = rng.choice(notes)
        anchor = slugify(rng.choice(other.headings))
        own = slugify(rng.choice(note.headings))
        parts.append(
            f"{_paragraph(rng, 5)} 자세한 내용은 [{other.title}]({_relative(note, other)}#{anchor})를 보고, "
            f"앞의 [설명](#{own})과 함께 읽는다. {_paragraph(rng, 4)}"
        )
        parts.append("")
        if n == 1:
            parts += ["| 항목 | 값 | 설명 |", "| --- | ---: | --- |"]
            for row in range(6):
                parts.append(f"| {rng.choice(OBJECTS).rstrip('을를')} {row + 1} | {rng.randint(1, 9999)} "
                             f"| {_sentence(rng)} |")
            parts.append("")
        if n == 2:
            parts += [
                "```python",
                f"def step_{n}(batch, model, optimizer):",
                "    \"\"\"한 번의 학습 단계: 순전파, 손실, 역전파, 갱신.\"\"\"",
                "    optimizer.zero_grad()",
                "    loss = model(batch).loss  # 손실 계산",
                "    loss.backward()",
                "    optimizer.step()",
                f"    return loss.item() * {rng.randint(1, 99)}",
                "```",
                "",
            ]
        if n == 3:
            parts += [f"- {_sentence(rng)}" for _ in range(5)] + [""]
            parts += [f'!!! {rng.choice(ADMONITIONS)} "참고"', "", f"    {_paragraph(rng, 3)}", ""]
        parts += [_paragraph(rng, 8), ""]
    return "\n".join(parts)


def generate(dest: Path, notes: int = 1000, seed: int = 0) -> dict:
    """Write the corpus and its mkdocs.yml under `dest`; return a summary."""
    from ai_notes.site_config import slugify, write_derived_config
    from ai_notes.tags import allowed as allowed_tags

    rng = random.Random(seed)
    tags = allowed_tags("ko")
    plan = _plan(notes, rng, tags)
    docs = dest / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    ko = docs / "ko"
    total = 0
    for note in plan:
        path = ko / note.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _note_text(note, plan, rng, slugify)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    nav: list = [{"홈": "index.md"}]
    for section, name in SECTIONS:
        members = [n for n in plan if n.section == section]
        if not members:
            continue
        lines = ["---", f"title: {name}", f"description: {name} 섹션의 합성 노트 {len(members)}개를 모은 목록이다.",
                 f"tags:\n  - {tags[0]}", "---", "", f"{name} 섹션의 노트 목록이다.", ""]
        lines += [f"1. [{n.title}]({n.slug}.md): {n.description}" for n in members]
        (ko / section / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        nav.append({name: [f"{section}/index.md", *[n.path for n in members]]})
    home = ["---", "title: AI 학습 노트", "description: 벤치마크용 합성 노트 모음의 첫 페이지다.",
            f"tags:\n  - {tags[0]}", "---", "", "합성 노트 모음이다.", ""]
    home += [f"- [{name}]({section}/index.md)" for section, name in SECTIONS if any(n.section == section for n in plan)]
    (ko / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "index.md").write_text(
        "---\ntitle: AI Study Notes\ndescription: The home page of a synthetic benchmark corpus.\n"
        f"tags:\n  - {allowed_tags('en')[0]}\n---\n\n# AI Study Notes\n\nA synthetic corpus.\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    config = write_derived_config(dest, nav)
    return {"notes": notes, "bytes": total, "docs_dir": docs, "config": config}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_notes.synthetic_corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    info = generate(args.dest, args.notes, args.seed)
    print(f"{info['notes']} notes, {info['bytes'] / 1e6:.1f} MB in {info['docs_dir']}; config {info['config']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
