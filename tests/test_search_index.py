"""Build-time search index tuning (scripts/ai_notes/search_index.py): variants, page weights, readable math."""
from __future__ import annotations

import pytest
from ai_notes import glossary_data as gd
from ai_notes import search_index as si
from ai_notes import search_names as sn

TERMS = gd.load()


def _data(*docs: dict) -> dict:
    return {"config": {"fields": {}}, "docs": list(docs)}


def test_notes_get_the_spellings_readers_type() -> None:
    data = _data(
        {"location": "llm/pretraining-finetuning/", "title": "사전학습과 미세조정", "text": "미세조정은 ..."},
        {"location": "llm/pretraining-finetuning/#intro", "title": "소개", "text": "Ubuntu에서 실행한다."},
        {"location": "vision/other/", "title": "다른 노트", "text": "미세조정을 두 번 언급한다. 미세조정."},
        {"location": "vision/third/", "title": "셋째 노트", "text": "미세조정을 지나가며 한 번 쓴다."},
        {"location": "glossary/#fine-tuning", "title": "미세조정", "text": "..."},
    )
    si.add_variants(data, TERMS)
    note, section, other, third, entry = data["docs"]
    assert "우분투" in note["variants"].split() and "Ubuntu" not in note["variants"].split()  # Korean index
    assert "variants" not in third  # a term named once, in passing, brings no variants
    assert "variants" not in section and "variants" not in entry  # page entries of notes only
    assert "파인튜닝" in other["variants"].split()
    assert "파인튜닝" in note["names"].split()  # the note the glossary names for the term
    assert "names" not in other
    assert data["config"]["fields"]["names"]["boost"] > data["config"]["fields"]["variants"]["boost"]


def test_catch_all_pages_are_weighed_down_but_glossary_entries_are_not() -> None:
    data = _data({"location": "glossary/"}, {"location": "glossary/#iou"}, {"location": ""},
                 {"location": "contributing/#setup"}, {"location": "vision/detection-metrics/"})
    si.weigh_pages(data)
    boosts = [d.get("boost") for d in data["docs"]]
    assert boosts[0] < 0.1 and boosts[1] is None and boosts[2] < 1 and boosts[3] < 1 and boosts[4] is None


def test_snippets_show_math_as_text() -> None:
    assert si.tex_to_text(r"S \times S \times (B \cdot 5 + C)") == "S × S × (B · 5 + C)"
    assert si.tex_to_text(r"\frac{TP}{TP + FP}") == "(TP)/(TP + FP)"
    assert si.tex_to_text(r"\text{IoU} \ge 0.5") == "IoU ≥ 0.5"
    data = _data({"location": "a/b/", "text": r"출력은 \(S \times S\) 격자다. \[x^2\]"})
    assert si.plain_math(data) == 1
    assert data["docs"][0]["text"] == "출력은 S × S 격자다. x^2"


def test_variants_file_names_only_real_spellings() -> None:
    spellings = si.product_spellings()
    assert spellings["Ubuntu"] == ["우분투"]
    assert all(name and typed for name, typed in spellings.items())


def test_sections_that_list_other_pages_are_not_searched() -> None:
    data = {"docs": [{"location": "a/b/", "text": "x"}, {"location": "a/b/#why", "text": "y"},
                     {"location": "a/b/#related-notes", "text": "z"}, {"location": "a/b/#references", "text": "w"},
                     {"location": "a/", "text": "v"}, {"location": "tags/", "text": "s"},
                     {"location": "tags/#tag:llm", "text": "r"}, {"location": "en/tags/#tag:llm", "text": "q"},
                     {"location": "a/b/#tags-and-labels", "text": "p"}]}
    assert si.drop_listings(data) == 4
    assert [d["location"] for d in data["docs"]] == ["a/b/", "a/b/#why", "a/", "tags/", "a/b/#tags-and-labels"]


def test_code_blocks_are_not_searched_but_inline_code_is() -> None:
    data = _data({"location": "a/b/", "text": "<p>Run <code>wsl --shutdown</code>.</p><pre><code>x = 1\nprint(x)</code></pre><p>Then</p>"})
    assert si.drop_code_blocks(data) == 1
    text = data["docs"][0]["text"]
    assert "wsl --shutdown" in text and "print(x)" not in text and "Then" in text


def test_glossary_entries_tell_the_search_worker_their_note_and_other_names() -> None:
    """`note` and `aka` are read by docs/assets/javascripts/search-worker.js, never searched."""
    data = _data({"location": "glossary/#rope", "title": "회전 위치 임베딩 (RoPE, Rotary position embedding)",
                  "text": "..."}, {"location": "glossary/#iou", "title": "IoU", "text": "..."})
    sn.tune_search_index(data, TERMS)
    rope, iou = data["docs"]
    assert rope["note"] == "foundations/attention-transformer/"
    by_id = {t.id: t for t in TERMS}
    assert rope["aka"] == list(by_id["rope"].aliases) and iou["aka"] == list(by_id["iou"].aliases)  # every other name
    assert iou["note"].endswith("/")
    assert "note" not in data["config"]["fields"] and "aka" not in data["config"]["fields"]


def test_a_note_names_each_of_its_other_words_once() -> None:
    """Names and variants are searched word by word: a word twice only weighed the page more."""
    data = _data({"location": "llm/generative-ai/", "title": "생성형 AI", "text": "..."},
                 {"location": "llm/generative-ai/#what", "title": "정의", "text": "Stable Diffusion과 ChatGPT. 미세조정, 미세조정."})
    data["config"]["separator"] = r"[\s\-]+"
    si.add_variants(data, TERMS)
    page = data["docs"][0]
    names, variants = page["names"].split(), page.get("variants", "").split()
    folded = [w.casefold() for w in names + variants]
    assert len(folded) == len(set(folded)), (names, variants)
    assert "GenAI" in names and "제너레이티브" in names and "파인튜닝" in variants


def test_a_pages_tags_are_on_its_own_entry_only() -> None:
    data = _data({"location": "a/b/", "tags": ["LLM"]}, {"location": "a/b/#why", "tags": ["LLM"]},
                 {"location": "glossary/#iou"})
    assert si.page_tags_only(data) == 1
    assert [d.get("tags") for d in data["docs"]] == [["LLM"], None, None]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_compacted_entries_read_back_to_the_same_name_fields(lang: str) -> None:
    """What the index ships of each entry (title, `aka`, `n` where needed) makes the same name
    fields again, as the search worker makes them (tests/test_glossary_browser.py runs it)."""
    separator = r"[\s\-_,:;!?=()\[\]{}<>\"'/|·…“”‘’「」『』.]+|(?<=[가-힣])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[가-힣])"
    data = {"config": {"separator": separator, "fields": {}},
            "docs": [{"location": f"glossary/#{t.id}", "title": t.label(lang), "text": "..."} for t in TERMS]}
    sn.tune_search_index(data, TERMS)
    full = [{k: v for k, v in d.items() if k.startswith("exact") or k == "names"} for d in data["docs"]]
    assert sn.compact_entries(data, TERMS, lang) == len(TERMS)
    assert not [d for d in data["docs"] if "names" in d or "exact1" in d or "exact2" in d]
    carried = [d["location"] for d in data["docs"] if "n" in d]
    assert len(carried) < 10, carried  # the title tells the names apart for nearly every entry
    expanded = sn.expand_entries(data)["docs"]
    assert [{k: v for k, v in d.items() if k.startswith("exact") or k == "names"} for d in expanded] == full
