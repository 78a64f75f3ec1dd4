"""Shared fixtures: the real site built once, served under a GitHub Pages sub-path, and Chromium."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ai_notes.pages_server import PagesServer
from filelock import FileLock

from tests.sites import ROOT, SUBPATH, SiteHandler, build, fixture_site, without_search_index

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per run, also when several workers (pytest -n) run the tests: the first
    worker makes it under their common temporary folder, the others wait for it and reuse it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder, done = base / name, base / f"{name}.done"
    with FileLock(str(base / f"{name}.lock")):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder that holds the real site at ai-notes/, built strictly once per run."""
    def make(root: Path) -> None:
        result = build(ROOT / "mkdocs.yml", root / SUBPATH.strip("/"))
        assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"

    return _shared(tmp_path_factory, "pages", make)


@pytest.fixture(scope="session")
def site(site_root: Path) -> Path:
    return site_root / SUBPATH.strip("/")


@pytest.fixture(scope="session")
def server(site_root: Path) -> Iterator[PagesServer]:
    with PagesServer(site_root, SUBPATH, handler_class=SiteHandler) as srv:
        yield srv


@pytest.fixture(scope="session")
def search_site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture site (tests/fixtures/search_docs) built with the real configuration."""
    def make(work: Path) -> None:
        config = fixture_site(
            ROOT / "tests" / "fixtures" / "search_docs", work,
            nav=[{"홈": "index.md"}, {"시험": "search-fixture.md"}],
        )
        result = build(config, work / "pages" / SUBPATH.strip("/"))
        assert result.returncode == 0, f"fixture build failed:\n{result.stdout}\n{result.stderr}"

    return _shared(tmp_path_factory, "search-site", make) / "pages"


@pytest.fixture(scope="session")
def search_server(search_site_root: Path) -> Iterator[PagesServer]:
    with PagesServer(search_site_root, SUBPATH, handler_class=SiteHandler) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing in CI is a failure, never a skip."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's 'chromium' package for the browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page. Its search worker gets an empty index unless the test is marked `search`:
    building the real one costs most of a second of CPU on every page load."""
    context = browser.new_context(locale="ko-KR")
    if request.node.get_closest_marker("search") is None:
        without_search_index(context)
    page = context.new_page()
    yield page
    context.close()


def pytest_configure(config: pytest.Config) -> None:
    import time

    config._glossary_started = time.time()  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Show the glossary search recall (tests/test_glossary_browser.py) even without -s."""
    from tests.glossary_search import REPORT_TXT

    started = getattr(config, "_glossary_started", 0)
    if REPORT_TXT.is_file() and REPORT_TXT.stat().st_mtime >= started:
        terminalreporter.write_sep("-", "glossary search recall")
        terminalreporter.write(REPORT_TXT.read_text(encoding="utf-8"))


BUILD_FIXTURES = {"site_root", "site", "search_site_root"}
BROWSER_FIXTURES = {"browser", "page", "server", "search_server", "context", "pages_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tiers follow what a test uses: a built site is `build`, Chromium is `browser` (and `build`).

    The order is for several workers taking one file at a time (--dist loadfile with
    --no-loadscope-reorder, see the Makefile): files with `slow` tests first, those with the
    most first, then those with the most browser tests, so that no long file starts last and
    leaves the other workers idle at the end.
    The site is built once, by the first test that needs it, and every other worker that needs
    it waits; so the second file is the slowest one that starts with tests needing no site, and
    within each file those tests come first.
    """
    def file(item: pytest.Item) -> str:
        return item.nodeid.split("::")[0]

    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.build)
        elif used & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        elif item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)
    slow: dict[str, int] = {}
    browser: dict[str, int] = {}
    for item in items:
        slow[file(item)] = slow.get(file(item), 0) + bool(item.get_closest_marker("slow"))
        browser[file(item)] = browser.get(file(item), 0) + bool(item.get_closest_marker("browser"))
    # Stable sorts: tests and files keep their order otherwise.
    items.sort(key=lambda item: (-slow[file(item)], -browser[file(item)], file(item),
                                 bool(item.get_closest_marker("build"))))
    order = list(dict.fromkeys(file(item) for item in items))
    starts_unbuilt = [f for f in order[1:] if not next(i for i in items if file(i) == f).get_closest_marker("build")]
    if starts_unbuilt:
        order.remove(starts_unbuilt[0])
        order.insert(1, starts_unbuilt[0])
    rank = {f: n for n, f in enumerate(order)}
    items.sort(key=lambda item: rank[file(item)])
