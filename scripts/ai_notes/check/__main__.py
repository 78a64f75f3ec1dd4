"""Command line: python -m ai_notes.check [PATH ...]"""
from __future__ import annotations

import argparse
import functools
import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ai_notes.check.ahead import Ahead, glossary_problems
from ai_notes.check.problems import CODES, ERROR, Problem, display_path, emit

if TYPE_CHECKING:  # the runner loads the Markdown setup: imported once the glossary helper runs
    from ai_notes.check.runner import Checker, Settings

ROOT = Path(__file__).resolve().parents[3]
GLOSSARY = ROOT / "data" / "glossary.yml"


def _help_epilog() -> str:
    rows = [f"  {code:<22} {severity:<8} {text}" for code, (severity, text) in CODES.items()]
    return (
        "출력: PATH:LINE:COL: error|warning CODE 메시지 (한 줄에 문제 하나)\n"
        "종료 코드: 0 오류 없음, 1 오류 있음(--strict이면 경고도), 2 사용법 오류\n\n"
        "코드:\n" + "\n".join(rows)
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ai_notes.check",
        description="docs/ 의 노트를 사이트와 같은 Markdown 설정으로 읽어 링크, 앵커, 이미지, 표, "
                    "front matter, 파일 형식, 위험한 HTML을 검사한다.",
        epilog=_help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="검사할 파일이나 폴더 (기본: docs 폴더 전체와 data/glossary.yml)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs 설정 파일 (기본: mkdocs.yml)")
    parser.add_argument("--docs-dir", type=Path, help="docs 폴더 (기본: 설정의 docs_dir). 지정하면 nav 검사는 하지 않는다")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="출력 형식")
    parser.add_argument("--strict", action="store_true", help="경고도 실패로 본다")
    parser.add_argument("--external", action="store_true", help="외부 http(s) 링크도 확인한다 (네트워크 필요)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    from ai_notes.check.runner import Settings, nav_paths
    from ai_notes.site_config import default_locale, i18n_languages, load_markdown

    config = load_markdown(str(args.config.resolve()))
    configured_docs = Path(config.docs_dir).resolve()
    docs_dir = args.docs_dir.resolve() if args.docs_dir else configured_docs
    check_nav = docs_dir == configured_docs
    return Settings(
        root=args.config.resolve().parent,
        docs_dir=docs_dir,
        default_locale=default_locale(config),
        locales=[str(lang["locale"]) for lang in i18n_languages(config)],
        extensions=list(config.markdown_extensions),
        extension_configs=dict(config.mdx_configs),
        nav_paths=nav_paths(config.nav) if check_nav and config.nav else None,
        not_in_nav=config.not_in_nav if check_nav else None,
        schema=ROOT / "data" / "frontmatter.schema.json",
        tags=ROOT / "data" / "tags.yml",
        glossary=GLOSSARY,
        policy=ROOT / "data" / "html_policy.yml",
        exclude=config.exclude_docs,
    )


def _asset_problems(docs_dir: Path, paths: list[Path], policy: Path) -> list[Problem]:
    from ai_notes.check.assets import check_asset

    problems = []
    for path in paths:
        try:
            problems.extend(check_asset(path, docs_dir, policy, display_path(path)))
        except OSError as exc:
            problems.append(Problem(display_path(path), 1, 1, "internal", f"파일을 읽을 수 없다: {exc.strerror or exc}"))
    return problems


def _external(checker: Checker) -> list[Problem]:
    from ai_notes.check.external import ExternalLink, check_external

    links = [ExternalLink(url=url, path=p, line=line, col=col) for p, line, col, url in checker.external]
    return check_external(links)


def _assets_in(targets: list[Path], docs_dir: Path) -> list[Path]:
    """Non-Markdown files under docs/ among the targets (folders are searched)."""
    from ai_notes.check.assets import asset_files

    docs = docs_dir.resolve()
    found: list[Path] = []
    for target in targets:
        t = target.resolve()
        if not (t == docs or t.is_relative_to(docs)):
            continue
        if t.is_dir():
            found.extend(asset_files(t))
        elif t.suffix.lower() not in {".md", ".markdown", ".yml", ".yaml"}:
            found.append(t)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    args = _parser().parse_args(argv)
    # Every note's term marks need the validated glossary: a helper validates it meanwhile.
    ahead = Ahead(GLOSSARY)
    try:
        return _check(args, ahead)
    finally:
        ahead.close()


def _check(args: argparse.Namespace, ahead: Ahead) -> int:
    from ai_notes.check.runner import Checker, markdown_files

    try:
        settings = _settings(args)
    except Exception as exc:  # a broken mkdocs.yml is a usage problem, said plainly
        print(f"{display_path(args.config)}:1:1: error config 설정을 읽을 수 없다: {exc}", file=sys.stderr)
        return 2
    if not settings.docs_dir.is_dir():
        print(f"docs 폴더가 없다: {display_path(settings.docs_dir)}", file=sys.stderr)
        return 2
    targets = args.paths or [settings.docs_dir]
    missing = [p for p in targets if not p.exists()]
    if missing:
        print("없는 경로: " + ", ".join(display_path(p) for p in missing), file=sys.stderr)
        return 2
    checker = Checker(settings)
    glossary_targets = [p.resolve() for p in targets if p.suffix in {".yml", ".yaml"}]
    if not args.paths:
        glossary_targets.append(settings.glossary)
    # Taken before any worker process starts, so that the workers start with the glossary.
    checked = ahead.result()
    glossary_found = checked if checked is not None and settings.glossary in glossary_targets else []
    extra = [functools.partial(glossary_problems, p) for p in glossary_targets
             if p.name.startswith("glossary") and not (checked is not None and p == settings.glossary)]
    assets = _assets_in(targets, settings.docs_dir)
    if assets:
        extra.append(functools.partial(_asset_problems, settings.docs_dir, assets, settings.policy))
    files = markdown_files(targets, settings.docs_dir)
    if settings.exclude is not None:  # e.g. docs/includes/: never published as pages
        docs = settings.docs_dir.resolve()
        files = [f for f in files if not (f.is_relative_to(docs) and settings.exclude.match_file(f.relative_to(docs).as_posix()))]
    problems = checker.check_all(files, extra) + glossary_found
    if args.external:
        problems.extend(_external(checker))
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.code))
    emit(problems, args.format, sys.stdout)
    failing = [p for p in problems if p.severity == ERROR or args.strict]
    return 1 if failing else 0


if __name__ == "__main__":
    # A run lasts seconds and frees its memory on exit: the collector's passes over the many
    # small objects of every rendered note (about 3% of a run) buy nothing.
    gc.disable()
    sys.exit(main())
