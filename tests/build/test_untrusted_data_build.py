"""Data files from a pull request cannot put script into any page of a real build.

Every payload that once reached the glossary, the flashcards or the quiz as live script goes
into both data files of the study-tools fixture site; the build must pass (the text is data)
and no built page may carry a script URL or an event handler attribute.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_mkdocs_build
from studykit.unsafe_markup import find_unsafe_markup

pytestmark = pytest.mark.build

FIXTURE = ROOT / "tests" / "fixtures" / "study-tools-site"
PAYLOADS = [
    "A reference link [x][r] here.\n\n    [r]: javascript:alert('ref')",
    'A paragraph with an attribute list.\n    {: onclick="alert(\'attr\')" }',
    'A link with attributes [y](https://example.com){ onmouseover="alert(\'over\')" }.',
    "An inline [z](javascript:alert('inline')) link and <script>alert('raw')</script> HTML.",
    "A data URL [d](data:text/html,<b>x</b>) and a vbscript [v](vbscript:msgbox(1)).",
]


def glossary_entries() -> str:
    return "".join(
        f"- term: Payload term {i}\n  id: payload-{i}\n  short: Harmless tooltip {i}.\n"
        f"  definition: |\n    {payload}\n  domains: [fundamentals]\n"
        for i, payload in enumerate(PAYLOADS)
    )


def quiz_entry(i: int, payload: str) -> str:
    flat = payload.replace("\n", " ").replace('"', '\\"')
    return (f'- id: mo-{50 + i}\n  domain: monitoring\n  question: "{flat}"\n'
            f'  options:\n    A: "{flat}"\n    B: Two\n    C: Three\n    D: Four\n  answer: A\n'
            f'  why:\n    A: "{flat}"\n    B: No.\n    C: No.\n    D: No.\n'
            "  learn_more: domains/monitoring.md#obj-6-1\n  objective_2026: \"6.2\"\n")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("untrusted")
    project = tmp / "project"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    with open(project / "data" / "glossary.yml", "a", encoding="utf-8") as f:
        f.write("\n" + glossary_entries())
    with open(project / "data" / "quiz.yml", "a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(quiz_entry(i, p) for i, p in enumerate(PAYLOADS)))
    result = run_mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize("url_path", ["glossary/", "flashcards/", "quiz/", "questions/", "print/"])
def test_no_page_carries_script_from_the_data_files(poisoned_site, url_path):
    html = (poisoned_site.site_dir / url_path / "index.html").read_text(encoding="utf-8")
    assert find_unsafe_markup(html) == []
    page = BeautifulSoup(html, "lxml")
    article = page.select_one("article")
    assert not article.find_all("script"), "no script element inside the content"
    assert "javascript:" not in " ".join(a.get("href", "") for a in article.find_all("a"))


def test_the_payload_text_still_reads_as_text(poisoned_site):
    glossary = BeautifulSoup((poisoned_site.site_dir / "glossary/index.html").read_text(encoding="utf-8"), "lxml")
    entry = glossary.find(id="payload-3").find_next_sibling("div", class_="glossary-text")
    assert "<script>alert('raw')</script>" in entry.get_text(), "raw HTML shows as text"
    assert entry.find("a").get_text() == "z" and not entry.find("a").has_attr("href")
    quiz = BeautifulSoup((poisoned_site.site_dir / "questions/index.html").read_text(encoding="utf-8"), "lxml")
    assert quiz.find(id="q-mo-53").find("a", string="z") is not None
