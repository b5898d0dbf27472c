"""The serve benchmark times every rebuild, also those whose "Documentation built in" line
MkDocs' logger drops as a repeat (benchmarks/bench_build.py)."""
from __future__ import annotations

import queue
import sys
from pathlib import Path

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
    assert bench_build._wait_for_rebuild(lines, timeout=1) == (10.0, 10.5)


def test_a_rebuild_whose_built_line_was_dropped_as_a_repeat_is_still_timed():
    lines = _lines((20.0, "INFO    -  [12:00:04] Detected file changes\n"),
                   (20.7, "INFO    -  [12:00:05] Reloading browsers\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=1) == (20.0, 20.7)


def test_no_rebuild_within_the_timeout_is_none():
    lines = _lines((1.0, "INFO    -  Serving on http://127.0.0.1:8000/\n"))
    assert bench_build._wait_for_rebuild(lines, timeout=0.05) is None
