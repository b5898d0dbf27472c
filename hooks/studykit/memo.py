"""Results kept from one build to the next within a `mkdocs serve` process (hook modules are
loaded once per process, and a rebuild after an edit mostly reads what the last one read)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Memo:
    """One value per named slot, kept while the slot's key (everything its computation reads)
    is unchanged; an edit to any input computes it again. `start_build` drops the slots the
    last build did not use, so nothing piles up."""

    def __init__(self) -> None:
        self._slots: dict[str, tuple[object, Any]] = {}
        self._used: set[str] = set()

    def start_build(self) -> None:
        self._slots = {slot: kept for slot, kept in self._slots.items() if slot in self._used}
        self._used = set()

    def get(self, slot: str, key: object, compute: Callable[[], Any]) -> Any:
        self._used.add(slot)
        kept = self._slots.get(slot)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = compute()
        self._slots[slot] = (key, value)
        return value
