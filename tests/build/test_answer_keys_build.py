"""Keys that cannot be guessed: over every self-check of the site and over the quiz bank."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.answer_keys import key_signals
from studykit.quiz import load_quiz

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]
OPTION_RE = re.compile(r"^\s*([A-D])\.\s*(.*)$", re.S)


def teaching_pages(nav_paths):
    """Every page a self-check is written on; the printable edition only repeats them."""
    return [path for path in nav_paths if path != "print/"]


def self_checks(built_site, nav_paths):
    """(options by letter, key letter, where) of every self-check, read from the rendered pages."""
    found = []
    for path in teaching_pages(nav_paths):
        for n, box in enumerate(built_site.page(path).select("article div.admonition.question"), start=1):
            answer = box.select_one("details.success")
            options = {}
            for item in box.find_all("li"):
                if item.find_parent("details"):
                    continue
                match = OPTION_RE.match(item.get_text(" ").strip())
                if match:
                    options[match[1]] = " ".join(match[2].split())
            key = re.match(r"\s*([A-D])\b", answer.find("strong").get_text()) if answer and answer.find("strong") else None
            assert sorted(options) == list("ABCD") and key, f"{path or 'home'}: self-check {n} is not A-D with a key"
            found.append((options, key[1], f"{path}#{n}"))
    return found


def test_self_check_keys_give_nothing_away(built_site, nav_paths):
    checks = self_checks(built_site, nav_paths)
    assert len(checks) >= 71
    signals = key_signals((options, key) for options, key, _ in checks)
    assert signals.problems() == [], f"over {signals.questions} self-checks, letters {signals.letters}"


def test_no_self_check_scenario_appears_twice(built_site, nav_paths):
    seen = {}
    for path in teaching_pages(nav_paths):
        for box in built_site.page(path).select("article div.admonition.question"):
            stem = box.find("p", class_=lambda c: c != "admonition-title")
            words = " ".join(stem.get_text(" ").split()[:12]).lower()
            assert words not in seen, f"{path} repeats the self-check of {seen.get(words)}: {words}"
            seen[words] = path


def test_quiz_keys_give_nothing_away():
    questions = load_quiz(ROOT / "data/quiz.yml", "data/quiz.yml")
    signals = key_signals((q.options, q.answer) for q in questions)
    assert signals.problems() == [], f"over {signals.questions} quiz questions, letters {signals.letters}"
