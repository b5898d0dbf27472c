"""The guessability check itself: it must flag a bank whose keys give themselves away."""
from __future__ import annotations

from studykit.answer_keys import key_signals

OPTIONS = {"A": "short", "B": "a much longer option", "C": "mid one", "D": "tiny"}


def test_a_bank_keyed_on_the_longest_option_is_flagged():
    signals = key_signals([(OPTIONS, "B")] * 10)
    assert signals.key_longest == 10
    assert signals.problems() == [
        "the key is the strictly longest option in 10 of 10 questions (100%, at most 35%)",
        "B is the key in 10 of 10 questions (100%, at most 30%)",
    ]


def test_a_tie_for_longest_does_not_count_as_longest():
    tied = {"A": "same len", "B": "same len", "C": "x", "D": "y"}
    assert key_signals([(tied, "A")]).key_longest == 0


def test_a_balanced_bank_passes():
    bank = [(OPTIONS, letter) for letter in "ABCD" * 3]  # B is longest in 3 of 12
    signals = key_signals(bank)
    assert (signals.key_longest, signals.letters) == (3, {"A": 3, "B": 3, "C": 3, "D": 3})
    assert signals.problems() == []
