"""When `make serve` may rebuild only the edited pages, and how their search entries are merged."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from studykit.incremental import (
    PageState,
    is_generated_page,
    merge_search_entries,
    plan_build,
    scan_inputs,
    search_fingerprint,
    title_headings,
)

DOCS = "/site/docs"
PAGE = f"{DOCS}/domains/model.md"
BEFORE = {PAGE: (1, 100), f"{DOCS}/index.md": (1, 50), "/site/data/glossary.yml": (1, 900), "/site/mkdocs.yml": (1, 10)}


def plan(current, previous=BEFORE, *, header_changed=lambda path: False, clean=True):
    return plan_build(previous, current, docs_dir=DOCS, header_changed=header_changed, last_build_clean=clean)


def test_an_edit_of_a_pages_text_rebuilds_only_that_page():
    result = plan({**BEFORE, PAGE: (2, 120)})
    assert result.incremental and result.edited == (PAGE,)


def test_nothing_changed_is_incremental_with_no_page():
    result = plan(dict(BEFORE), header_changed=lambda path: pytest.fail(f"asked about {path}"))
    assert result.incremental and result.edited == ()


@pytest.mark.parametrize(("current", "reason"), [
    ({**BEFORE, "/site/data/glossary.yml": (2, 900)}, "data/glossary.yml changed"),
    ({**BEFORE, "/site/mkdocs.yml": (1, 11)}, "mkdocs.yml changed"),
    ({**BEFORE, f"{DOCS}/stylesheets/extra.css": (1, 5)}, "docs/stylesheets/extra.css was added or removed"),
    ({k: v for k, v in BEFORE.items() if k != f"{DOCS}/index.md"}, "docs/index.md was added or removed"),
    ({**BEFORE, f"{DOCS}/extra.css": (1, 5), f"{DOCS}/extra.css.bak": (1, 5)}, "docs/extra.css was added or removed"),
])
def test_anything_but_a_pages_markdown_gives_a_full_build(current, reason):
    result = plan(current)
    assert not result.incremental and result.reason == reason


def test_a_changed_asset_under_docs_gives_a_full_build():
    before = {**BEFORE, f"{DOCS}/img/flow.svg": (1, 5)}
    result = plan({**before, f"{DOCS}/img/flow.svg": (2, 5)}, before)
    assert (result.incremental, result.reason) == (False, "docs/img/flow.svg changed")


def test_a_changed_front_matter_or_title_gives_a_full_build():
    asked = []
    result = plan({**BEFORE, PAGE: (2, 100)}, header_changed=lambda path: asked.append(path) or True)
    assert asked == [PAGE]
    assert (result.incremental, result.reason) == (False, "the front matter or title of docs/domains/model.md changed")


def test_the_first_build_and_a_build_after_warnings_are_full():
    assert plan(BEFORE, None).reason == "first build"
    after_warnings = plan({**BEFORE, PAGE: (2, 100)}, clean=False)
    assert not after_warnings.incremental and "logged warnings" in after_warnings.reason


def test_title_headings_are_the_level_one_headings_as_written():
    text = "# Model development\n\nText.\n\n## 4.1 Build\n\nSetext title\n============\n\n### Deep\n"
    assert title_headings(text) == ("# Model development", "Setext title\n============")
    assert title_headings("## Only a section\n\nText\n---\n") == ()
    assert title_headings(text) != title_headings(text.replace("# Model development", "# Model building"))
    assert title_headings(text) == title_headings(text.replace("Text.", "Other text."))


@pytest.mark.parametrize(("markdown", "generated"), [
    ("# Glossary\n\n<!-- glossary -->\n", True),
    ("# Tags\n\n  <!-- material/tags -->  \n", True),
    ("# Links\n\n<!-- link-index -->", True),
    ("# Guide\n\n<!-- guide-2026 -->\n", True),
    ("# Page\n\nText with <!-- a comment --> inside a line.\n", False),
    ("# Page\n\n<!-- Note for contributors: keep this short. -->\n", False),
])
def test_generated_pages_are_the_ones_with_a_marker_line(markdown, generated):
    assert is_generated_page(markdown) is generated


def test_page_state_restores_what_the_hooks_read_and_copies_the_front_matter():
    meta = {"tags": ["a"]}
    page = SimpleNamespace(markdown="# T", meta=meta, content="<h1>T</h1>", toc=["toc"],
                           _title_from_render="T", present_anchor_ids={"t"})
    state = PageState.of(page)
    meta["glightbox"] = False  # a plugin writing into the page's meta while templating
    fresh = SimpleNamespace(markdown=None, meta={}, content=None, toc=[], _title_from_render=None,
                            present_anchor_ids=None)
    state.restore(fresh)
    assert (fresh.markdown, fresh.content, fresh.toc, fresh._title_from_render, fresh.present_anchor_ids) == \
        ("# T", "<h1>T</h1>", ["toc"], "T", {"t"})
    assert fresh.meta == {"tags": ["a"]} and state.meta == {"tags": ["a"]}
    fresh.meta["x"] = 1
    assert state.meta == {"tags": ["a"]}


def entry(location, text=""):
    return {"location": location, "title": location, "text": text}


def test_search_entries_merge_in_page_order_with_the_rendered_pages_fresh():
    previous = [entry(""), entry("#intro"), entry("model/"), entry("model/#old"), entry("gone/"), entry("z/")]
    current = [entry("glossary/"), entry("model/", "new"), entry("model/#new")]
    merged = merge_search_entries(previous, current, rendered={"model/", "glossary/"},
                                  page_order=["", "model/", "glossary/", "z/"])
    assert [e["location"] for e in merged] == ["", "#intro", "model/", "model/#new", "glossary/", "z/"]
    assert merged[2]["text"] == "new"


def test_scan_inputs_reads_files_and_folders_and_skips_caches(tmp_path):
    (tmp_path / "docs" / "__pycache__").mkdir(parents=True)
    (tmp_path / "docs" / "__pycache__" / "x.pyc").write_bytes(b"0")
    (tmp_path / "docs" / "a.md").write_text("# A\n")
    (tmp_path / "docs" / "b.pyc").write_bytes(b"0")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    found = scan_inputs([tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "missing"])
    assert sorted(os.path.relpath(p, tmp_path) for p in found) == ["docs/a.md", "mkdocs.yml"]
    assert found[str(tmp_path / "docs" / "a.md")][1] == 4


def test_search_fingerprint_changes_with_anything_search_indexes():
    def page(**changes):
        heading = SimpleNamespace(id="a", title="A", children=[])
        fields = dict(url="glossary/", title="Glossary", meta={"description": "d"}, toc=[heading], content="<h2>A</h2>")
        return SimpleNamespace(**{**fields, **changes})

    same = search_fingerprint(page())
    assert search_fingerprint(page()) == same
    for changed in (dict(content="<h2>B</h2>"), dict(title="Terms"), dict(url="terms/"),
                    dict(meta={"description": "d", "search": {"boost": 2}}),
                    dict(toc=[SimpleNamespace(id="a", title="A, renamed", children=[])])):
        assert search_fingerprint(page(**changed)) != same, changed
