"""Writing the scaffolder's changes all or nothing: every file is written to a temporary file
and moved into place; if any step fails, the files already touched are restored."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """Bad input from the contributor: exit code 2."""


class ScaffoldError(Exception):
    """The repository is not in the expected shape, or a write failed: exit code 1."""


def rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Change:
    path: Path
    new: bytes
    old: bytes | None      # None: a file that does not exist yet


def _write_atomic(path: Path, data: bytes, mode_from: Path | None) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode_from is not None and mode_from.exists():
            os.chmod(tmp, mode_from.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def apply(changes: list[Change], root: Path) -> None:
    """All changes or none: new files are created exclusively, edits replace files atomically."""
    done: list[Change] = []
    try:
        for change in changes:
            if change.old is None:
                with change.path.open("xb") as fh:      # never overwrites
                    done.append(change)
                    fh.write(change.new)
            else:
                if change.path.read_bytes() != change.old:
                    raise ScaffoldError(f"{rel(change.path, root)} 이 작업 중에 바뀌었다. 다시 실행한다.")
                _write_atomic(change.path, change.new, change.path)
                done.append(change)
    except BaseException as exc:
        failed = _rollback(done)
        if failed:
            raise ScaffoldError("되돌리지 못한 파일이 있다. 직접 확인한다: " + ", ".join(rel(p, root) for p in failed)) from exc
        if isinstance(exc, FileExistsError):
            raise InputError(f"{rel(Path(exc.filename), root)} 가 이미 있다. 기존 파일은 덮어쓰지 않는다.") from None
        if isinstance(exc, OSError):
            where = f"{rel(Path(exc.filename), root)}: " if exc.filename else ""
            raise ScaffoldError(f"파일을 쓰지 못했다({where}{exc.strerror or exc}). 바뀐 파일은 모두 되돌렸다.") from None
        raise


def _rollback(done: list[Change]) -> list[Path]:
    failed: list[Path] = []
    for change in reversed(done):
        try:
            if change.old is None:
                change.path.unlink(missing_ok=True)
            else:
                _write_atomic(change.path, change.old, change.path)
        except OSError:
            failed.append(change.path)
    return failed


# ---------------------------------------------------------------- command line
