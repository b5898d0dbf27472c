"""Can a question's key be guessed without reading it? Length and position signals of a bank.

A learner who notices that the keyed option is usually the longest, or usually B, learns a
test-taking trick instead of the content. The tests hold the self-checks and the quiz bank to
the limits below. No MkDocs imports.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Issue #13: at most this share of keys may be the strictly longest option, or one letter.
MAX_LONGEST_SHARE = 0.35
MAX_LETTER_SHARE = 0.30


@dataclass(frozen=True)
class KeySignals:
    questions: int
    key_longest: int  # questions whose key is strictly longer than every other option
    letters: Mapping[str, int]  # key letter -> questions

    @property
    def longest_share(self) -> float:
        return self.key_longest / self.questions if self.questions else 0.0

    @property
    def top_letter(self) -> tuple[str, float]:
        if not self.questions:
            return ("", 0.0)
        letter, count = max(sorted(self.letters.items()), key=lambda item: item[1])
        return letter, count / self.questions

    def problems(self) -> list[str]:
        found = []
        if self.longest_share > MAX_LONGEST_SHARE:
            found.append(f"the key is the strictly longest option in {self.key_longest} of {self.questions} "
                         f"questions ({self.longest_share:.0%}, at most {MAX_LONGEST_SHARE:.0%})")
        letter, share = self.top_letter
        if share > MAX_LETTER_SHARE:
            found.append(f"{letter} is the key in {self.letters[letter]} of {self.questions} questions "
                         f"({share:.0%}, at most {MAX_LETTER_SHARE:.0%})")
        return found


def key_signals(questions: Iterable[tuple[Mapping[str, str], str]]) -> KeySignals:
    """Signals over `(options by letter, key letter)` pairs."""
    total, longest, letters = 0, 0, Counter()
    for options, key in questions:
        total += 1
        letters[key] += 1
        key_length = len(options[key])
        if all(key_length > len(text) for letter, text in options.items() if letter != key):
            longest += 1
    return KeySignals(total, longest, dict(letters))
