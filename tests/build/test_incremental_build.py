"""`make serve`'s incremental rebuilds (hooks/incremental.py) on the real site: the same files as a
full build, the links of every page checked, and a full build whenever an edit is not a page's text."""
from __future__ import annotations

import filecmp
import logging
from pathlib import Path

import pytest

from conftest import ServeProcess, copy_project, run_mkdocs_build

pytestmark = pytest.mark.build

EDITED = Path("docs/domains/model-development.md")


def differing_files(left: Path, right: Path) -> list[str]:
    def tree(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    a, b = tree(left), tree(right)
    only = [f"only in {left.name}: {f}" for f in sorted(a - b)] + [f"only in {right.name}: {f}" for f in sorted(b - a)]
    return only + [f"differs: {f}" for f in sorted(a & b) if not filecmp.cmp(left / f, right / f, shallow=False)]


def plans(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.incremental"]


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: the test's edit no longer applies"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_page_rebuilds_to_what_a_full_build_makes(tmp_path, caplog, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("LINKCHECK_EXTERNAL", raising=False)
    project = copy_project(tmp_path / "project")
    serve = ServeProcess(project, tmp_path / "served")
    try:
        with caplog.at_level(logging.INFO):
            serve.rebuild()
            # Text, a heading, a glossary term, a new external link and a link to another page; a
            # heading renamed (the 2026 guide's map, the quiz bank and the link index show it).
            edit(project / EDITED, "## 4.2 Train a model", "### Edited while serving\n\nAn edit about "
                 "feature engineering in BigQuery ML, with [a new source](https://example.org/edited) and "
                 "[the data preparation page](data-preparation.md).\n\n## 4.2 Train a model")
            edit(project / EDITED, "### Hyperparameter tuning {", "### Hyperparameter tuning, renamed {")
            serve.rebuild()
        assert plans(caplog) == ["incremental: full build (first build)",
                                 f"incremental: {EDITED} rendered again, with the pages that hooks fill in"]
        assert warnings(caplog) == []
        full = run_mkdocs_build(project, tmp_path / "full")
        assert full.returncode == 0, full.output
        assert differing_files(tmp_path / "served", tmp_path / "full") == []
        links = (tmp_path / "served" / "links.json").read_text(encoding="utf-8")
        assert "https://example.org/edited" in links
        assert "Hyperparameter tuning, renamed" in (tmp_path / "served" / "guide-2026" / "index.html").read_text(
            encoding="utf-8")

        # An edit of data: a full build.
        caplog.clear()
        with caplog.at_level(logging.INFO):
            edit(project / "data" / "glossary.yml", "\n", "\n# edited while serving\n")
            serve.rebuild()
        assert plans(caplog) == ["incremental: full build (data/glossary.yml changed)"]

        # Another page links to the new heading; renaming it breaks that link, on a page that is
        # not rendered again: its links are checked against the edited page's new ids all the same.
        edit(project / "docs" / "fundamentals.md", "\n## ", "\nSee [the edit](domains/model-development.md"
             "#edited-while-serving).\n\n## ")
        serve.rebuild()
        caplog.clear()
        with caplog.at_level(logging.INFO):
            edit(project / EDITED, "### Edited while serving", "### Renamed while serving")
            serve.rebuild()
        assert plans(caplog) == [f"incremental: {EDITED} rendered again, with the pages that hooks fill in"]
        citing = {w.split(":")[0] for w in warnings(caplog) if "#edited-while-serving" in w}
        assert "fundamentals.md" in citing, warnings(caplog)
    finally:
        serve.close()
