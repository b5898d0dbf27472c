"""Pieces of benchmarks/bench_build.py: the serve benchmark times every rebuild (also those whose
"Documentation built in" line MkDocs' logger drops as a repeat); a feature variant loses exactly
its marker lines."""
from __future__ import annotations

import queue
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_build  # noqa: E402


def _lines(*stamped: tuple[float, str]) -> queue.Queue:
    lines: queue.Queue = queue.Queue()
    for item in stamped:
        lines.put(item)
    return lines


def test_a_rebuild_runs_from_the_detected_change_to_the_reload():
    lines = _lines((10.0, "INFO    -  [12:00:00] Detected file changes\n"),
                   (10.4, "INFO    -  Documentation built in 0.30 seconds\n"),
                   (10.5, "INFO    -  [12:00:01] Reloading browsers\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=1, edited_at=9.8) == (10.0, 10.5)


def test_a_rebuild_whose_built_line_was_dropped_as_a_repeat_is_still_timed():
    lines = _lines((20.0, "INFO    -  [12:00:04] Detected file changes\n"),
                   (20.7, "INFO    -  [12:00:05] Reloading browsers\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=1, edited_at=19.6) == (20.0, 20.7)


def test_a_rebuild_without_its_detected_line_is_timed_from_the_edit():
    lines = _lines((30.6, "INFO    -  [12:00:09] Reloading browsers\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=1, edited_at=30.0) == (30.0, 30.6)


def test_no_rebuild_within_the_timeout_is_none():
    lines = _lines((1.0, "INFO    -  Serving on http://127.0.0.1:8000/\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=0.05, edited_at=0.5) is None


def _project(root: Path) -> Path:
    for folder in ("docs", "overrides", "hooks", "data"):  # what copy_project copies
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "docs" / "print.md").write_text("# Print\n\nIntro <!-- print --> inline stays.\n\n<!-- print -->\n\nEnd\n",
                                           encoding="utf-8")
    return root


def test_a_feature_variant_is_a_copy_without_the_marker_line(tmp_path):
    project = _project(tmp_path / "project")
    config = bench_build.without_markers(project, tmp_path / "copy", (("docs/print.md", "print"),))
    assert config == tmp_path / "copy" / "mkdocs.yml" and config.is_file()
    assert (tmp_path / "copy" / "docs" / "print.md").read_text(encoding="utf-8") == \
        "# Print\n\nIntro <!-- print --> inline stays.\n\n\nEnd\n"
    assert "<!-- print -->\n" in (project / "docs" / "print.md").read_text(encoding="utf-8")  # the original stays


def test_a_feature_whose_marker_is_gone_stops_the_benchmark(tmp_path):
    project = _project(tmp_path / "project")
    with pytest.raises(SystemExit, match="docs/print.md has no '<!-- quiz -->' line"):
        bench_build.without_markers(project, tmp_path / "copy", (("docs/print.md", "quiz"),))


def test_every_feature_names_a_marker_line_of_the_real_site():
    root = Path(bench_build.ROOT)
    for feature, markers in bench_build.FEATURES.items():
        for page, name in markers:
            lines = (root / page).read_text(encoding="utf-8").splitlines()
            assert f"<!-- {name} -->" in [line.strip() for line in lines], (feature, page)
