"""The results the hooks keep from one `mkdocs serve` build to the next."""
from __future__ import annotations

from studykit.memo import Memo


def test_a_slot_is_computed_again_only_when_its_key_changes():
    memo, calls = Memo(), []

    def compute(value):
        return lambda: calls.append(value) or value

    assert memo.get("bank", b"v1", compute("first")) == "first"
    assert memo.get("bank", b"v1", compute("again")) == "first"
    assert memo.get("bank", b"v2", compute("edited")) == "edited"
    assert calls == ["first", "edited"]


def test_a_build_keeps_only_the_slots_the_last_build_used():
    memo, calls = Memo(), []
    memo.get("a", 1, lambda: calls.append("a") or "a")
    memo.get("b", 1, lambda: calls.append("b") or "b")
    memo.start_build()
    memo.get("a", 1, lambda: calls.append("a again") or "a")  # "b" goes unused in this build
    memo.start_build()
    memo.get("a", 1, lambda: calls.append("a once more") or "a")
    memo.get("b", 1, lambda: calls.append("b again") or "b")
    assert calls == ["a", "b", "b again"]
