"""The glossary, checked in a helper process while the checker loads its Markdown setup.

Loading the site's Markdown extensions takes the checker about 0.3 s on one core, while the
other core has nothing to do; checking data/glossary.yml takes about 0.15 s and needs none of
that setup. So the command line starts this helper first: it runs the glossary check and
returns its problems and the validated glossary, which the checker takes over
(glossary_data.remember) before it renders any note, so that neither it nor its worker
processes validate the glossary again. Where processes cannot be forked, or the helper fails,
the checker does the same work itself.
"""
from __future__ import annotations

import importlib.util
import multiprocessing as mp
import sys
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from ai_notes.check.problems import Problem


def glossary_problems(path: Path) -> list[Problem]:
    if importlib.util.find_spec("ai_notes.check.glossary") is None or not path.is_file():
        return []
    from ai_notes.check.glossary import check_glossary

    return check_glossary(path)


def _run(conn: Connection, path: Path) -> None:
    try:
        from ai_notes import glossary_data

        problems = glossary_problems(path)
        conn.send(("ok", problems, glossary_data.validations()))
    except BaseException as exc:  # the parent does the work itself
        conn.send(("failed", repr(exc), None))
    finally:
        conn.close()


def _validated_here(path: Path) -> bool:
    """This process already holds the glossary's validation (a long-lived caller, such as a test
    session, running the checker again): nothing to win from a helper."""
    glossary_data = sys.modules.get("ai_notes.glossary_data")
    if glossary_data is None:
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(key[0] == text for key, _result in glossary_data.validations())


class Ahead:
    """A glossary check running in a helper process (no threads: the checker forks again later)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        if "fork" not in mp.get_all_start_methods() or _validated_here(path):
            return
        ctx = mp.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        try:
            process = ctx.Process(target=_run, args=(send, path), daemon=True)
            process.start()
        except OSError:  # no process to spare
            return
        finally:
            send.close()
        self._conn, self._process = receive, process

    def result(self) -> list[Problem] | None:
        """The glossary's problems (its validation now taken over), or None: check it yourself."""
        if self._conn is None or self._process is None:
            return None
        try:
            status, problems, done = self._conn.recv()
        except (EOFError, OSError):
            status, problems, done = "failed", None, None
        finally:
            self.close()
        if status != "ok":
            return None
        from ai_notes import glossary_data

        glossary_data.remember(done)
        return list(problems)

    def close(self) -> None:
        """Stop the helper if its answer is not wanted (a run that ends early): it would
        otherwise wait forever to hand over an answer larger than the pipe holds."""
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
        self._conn = self._process = None
