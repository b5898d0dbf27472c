"""The map of the June 2026 guide in the real site: its page, and bad entries that stop the build."""
from __future__ import annotations

import re

import pytest

from conftest import copy_project, run_mkdocs_build

pytestmark = pytest.mark.build


def test_the_map_page_has_every_sub_objective_with_links_that_teach(built_site):
    page = built_site.page("guide-2026/")
    headings = [h["id"] for h in page.select("article h3[id^='guide-2026-']")]
    assert headings == [f"guide-2026-{n}" for n in
                        ("1-1", "1-2", "2-1", "2-2", "2-3", "3-1", "3-2", "3-3", "4-1", "4-2", "5-1", "5-2", "6-1", "6-2")]
    for heading in page.select("article h3[id^='guide-2026-']"):
        items = heading.find_next_sibling("ul").find_all("li", recursive=False)
        assert items, heading["id"]
        for item in items:
            hrefs = [a["href"] for a in item.find_all("a") if "glossary-term" not in a.get("class", [])]
            assert hrefs and all("#" in h and "crosswalk" not in h and "://" not in h for h in hrefs), item


BREAKS = [
    # (how to break the real map, what the build must say about it)
    (lambda t: t.replace("platform/serving.md#model-versions", "platform/serving.md#model-version"),
     r"sub-objective 4\.1: anchor '#model-version' is not on 'platform/serving\.md' \(fix: did you mean '#model-versions'\?"),
    (lambda t: t.replace('- id: "6.2"', '- id: "6.3"'), r"unknown sub-objective '6\.3' in section 6"),
    (lambda t: t.replace("learn: [genai/tuning.md#tune-from-bigquery]", "learn: []"),
     r"item 'Fine-tune Gemini models from BigQuery' has no link to the section that teaches it"),
]


def test_bad_map_entries_stop_the_build_with_their_lines_and_keep_the_last_site(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data" / "guide-2026.yml"
    text = data.read_text(encoding="utf-8")
    for breaks, _ in BREAKS[1:]:  # problems of the data itself: reported together, while loading
        text = breaks(text)
    data.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good build", encoding="utf-8")
    result = run_mkdocs_build(project, site)
    assert result.returncode != 0
    for _, message in BREAKS[1:]:
        assert re.search(r"data/guide-2026\.yml:(\d+): .*" + message, result.output), (message, result.output)
    assert (site / "index.html").read_text(encoding="utf-8") == "last good build"

    # A link to a missing anchor is found before MkDocs empties the site folder, too.
    data.write_text(BREAKS[0][0](data.read_text(encoding="utf-8").replace('- id: "6.3"', '- id: "6.2"').replace(
        "learn: []", "learn: [genai/tuning.md#tune-from-bigquery]")), encoding="utf-8")
    result = run_mkdocs_build(project, site)
    assert result.returncode != 0
    match = re.search(r"data/guide-2026\.yml:(\d+): .*" + BREAKS[0][1], result.output)
    assert match, result.output
    assert "serving.md#model-version," in data.read_text(encoding="utf-8").splitlines()[int(match[1]) - 1]
    assert (site / "index.html").read_text(encoding="utf-8") == "last good build"


def test_a_quiz_link_into_the_maps_generated_ids_is_checked_against_the_rendered_page(tmp_path):
    # The map's ids exist only once its marker is filled: the Markdown check must leave them to
    # the check of the rendered pages, which still catches one that is not there.
    project = copy_project(tmp_path / "project")
    quiz = project / "data" / "quiz.yml"
    text = quiz.read_text(encoding="utf-8")
    old = "learn_more: domains/problem-framing.md#problem-types"
    assert old in text
    quiz.write_text(text.replace(old, "learn_more: guide-2026.md#guide-2026-1-1", 1), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    quiz.write_text(text.replace(old, "learn_more: guide-2026.md#guide-2026-9-9", 1), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site-broken")
    assert result.returncode != 0
    assert re.search(r"data/quiz\.yml:\d+: .*learn_more anchor '#guide-2026-9-9' is not on 'guide-2026\.md'",
                     result.output), result.output
