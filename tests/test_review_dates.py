"""Review dates: shown under a note's title, a notice once old, and `make stale` for maintainers."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from ai_notes import review_dates as rd

from tests.sites import build, fixture_site
from tests.test_check import FM, write

TODAY = dt.date(2026, 12, 4)


def test_age_and_labels():
    assert rd.months_between(dt.date(2025, 12, 4), TODAY) == 12
    assert rd.months_between(dt.date(2025, 12, 5), TODAY) == 11
    r = rd.review("2025-11-30", TODAY)
    assert r is not None and r.stale and r.label("ko") == "2025년 11월" and r.label("en") == "November 2025"
    assert not rd.review(dt.date(2026, 1, 1), TODAY).stale
    assert rd.review("2026-13-45", TODAY) is None and rd.review(None, TODAY) is None


def test_stale_report_lists_old_notes_and_old_dated_statements(tmp_path):
    docs = write(tmp_path, {
        "ko/sec/old.md": FM.replace("reviewed: 2026-12-04", "reviewed: 2025-06-01") + "글.\n\n2025년 3월 기준 최신은 X다.\n",
        "ko/sec/new.md": FM + "2026년 11월 기준 최신은 Y다.\n",
        "ko/sec/index.md": FM.replace("reviewed: 2026-12-04\n", "") + "목록.\n",
    }) / "ko"
    lines = rd.stale_report(docs, TODAY)
    body = FM.count("\n") + 3
    assert [re.sub(r"^.*/docs/ko/", "", line) for line in lines] == [
        "sec/old.md:1: 마지막 검토 2025-06-01 (18개월 전)",
        f"sec/old.md:{body}: '2025년 3월 기준' (21개월 전)",
    ], lines


@pytest.mark.build
def test_built_note_shows_its_review_date(site: Path):
    html = (site / "vision" / "detection-metrics" / "index.html").read_text(encoding="utf-8")
    title_then_date = re.search(r"<h1>[^<]+</h1>\s*<p class=\"review-date\" data-search-exclude>마지막 검토: "
                                r"<time datetime=\"(\d{4}-\d{2}-\d{2})\">(\d{4})년 (\d{1,2})월</time>", html)
    assert title_then_date, "review date missing under the title"
    day = dt.date.fromisoformat(title_then_date.group(1))
    assert (day.year, day.month) == (int(title_then_date.group(2)), int(title_then_date.group(3)))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("vision/detection-metrics/")]
    assert entries and not any("마지막 검토" in d["text"] for d in entries)  # not indexed
    english = (site / "en" / "vision" / "detection-metrics" / "index.html").read_text(encoding="utf-8")
    assert "Last reviewed: <time" in english


@pytest.mark.build
def test_old_review_shows_a_notice(tmp_path):
    content = tmp_path / "content"
    write(content, {"ko/index.md": "---\ntitle: 홈\ndescription: 시험 사이트의 첫 페이지다.\n---\n\n글.\n",
                    "ko/sec/old.md": FM.replace("reviewed: 2026-12-04", "reviewed: 2024-01-15") + "글.\n",
                    "ko/sec/fresh.md": FM.replace("reviewed: 2026-12-04", f"reviewed: {dt.date.today().isoformat()}") + "글.\n"})
    config = fixture_site(content / "docs", tmp_path / "site", nav=[{"홈": "index.md"}, "sec/old.md", "sec/fresh.md"])
    result = build(config, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    old = (tmp_path / "out" / "sec" / "old" / "index.html").read_text(encoding="utf-8")
    fresh = (tmp_path / "out" / "sec" / "fresh" / "index.html").read_text(encoding="utf-8")
    assert "마지막 검토: <time datetime=\"2024-01-15\">2024년 1월</time>" in old
    assert 'class="admonition warning" data-search-exclude' in old and "오래된 내용일 수 있다" in old
    assert "오래된 내용일 수 있다" not in fresh and "review-date" in fresh


def test_notes_must_carry_a_review_date(tmp_path, capsys):
    from tests.test_check import run

    docs = write(tmp_path, {"ko/sec/a.md": FM.replace("reviewed: 2026-12-04\n", "") + "글.\n"})
    rc, found = run(capsys, docs)
    assert rc == 1 and [(f[1], f[4]) for f in found] == [(2, "frontmatter-field")], found
