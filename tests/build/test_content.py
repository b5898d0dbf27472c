"""The study content itself: every topic of the 2020 guide taught, on pages built the way a reader sees them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

TOPICS_DIR = Path(__file__).resolve().parent.parent / "topics"
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
DOMAINS = {
    "problem-framing": ["1-1", "1-2", "1-3", "1-4"],
    "solution-architecture": ["2-1", "2-2", "2-3", "2-4"],
    "data-preparation": ["3-1", "3-2", "3-3", "3-4", "3-5"],
    "model-development": ["4-1", "4-2", "4-3", "4-4"],
    "pipeline-automation": ["5-1", "5-2", "5-3", "5-4", "5-5"],
    "monitoring": ["6-1", "6-2", "6-3"],
}
# The "Today's exam" parts: pages under docs/<part>/, objectives `## G1.2 ... { #gen-1-2 }` or
# `## P1.2 ... { #plat-1-2 }`, with the part's id prefix and one number per page.
TODAY_PARTS = {"genai": "gen", "platform": "plat"}
TODAY_PAGES = sorted(f"{part}/{p.stem}" for part in TODAY_PARTS for p in (DOCS_DIR / part).glob("*.md"))
# Names from the 2020 guide that changed since; a page that uses one must carry a "renamed" note.
LEGACY_NAMES = ("AI Platform", "ml-engine", "Cloud Composer", "Stackdriver", "AI Hub", "tf.estimator",
                "Cloud DLP", "Data Studio", "Dataproc", "Kubeflow Pipelines", "What-If Tool")


def topic_file_pages() -> list[str]:
    return sorted(p.stem for p in TOPICS_DIR.glob("*.txt"))


def url_for(stem: str) -> str:
    """Site URL of the page a topic list or test names: 'monitoring', 'genai/tuning', 'tuning'."""
    if stem in DOMAINS:
        return f"domains/{stem}/"
    if "/" not in stem:
        for part in TODAY_PARTS:
            if (DOCS_DIR / part / f"{stem}.md").is_file():
                return f"{part}/{stem}/"
    return f"{stem}/"


def article(built_site, stem: str):
    return built_site.page(url_for(stem)).select_one("article.md-content__inner")


def explanation_words(body) -> int:
    """Words a learner reads as explanation: no code, no self-checks."""
    text = []
    for element in body.find_all(["p", "li", "td", "dd"]):
        if element.find_parent(["pre", "code"]) or element.find_parent(class_="question"):
            continue
        if element.name == "li" and element.find(["p", "li"]):
            continue  # its children are counted on their own
        text.append(element.get_text(" "))
    return len(" ".join(text).split())


def test_every_teaching_page_has_a_topic_list():
    expected = set(DOMAINS) | {"fundamentals"} | {page.split("/")[1] for page in TODAY_PAGES}
    assert expected <= set(topic_file_pages())


@pytest.mark.parametrize("stem", topic_file_pages())
def test_every_topic_of_the_2020_guide_is_on_its_page(built_site, stem):
    text = " ".join(article(built_site, stem).get_text(" ").split()).lower()
    lines = (TOPICS_DIR / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    topics = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(topics) >= 20, f"{stem}: the topic list looks too short to cover the guide"
    missing = [topic for topic in topics if " ".join(topic.lower().split()) not in text]
    assert missing == [], f"{stem}: topics not taught on the page"


def opening_of(heading):
    """What an objective opens with: the element after its heading and the build's
    "Mark as studied" row (studykit.studytools.add_progress_checkboxes)."""
    after = heading.find_next_sibling()
    if after is not None and "sg-studied" in after.get("class", []):
        after = after.find_next_sibling()
    return after


@pytest.mark.parametrize("stem", sorted(DOMAINS))
def test_domain_page_structure(built_site, stem):
    body = article(built_site, stem)
    ids = {element["id"] for element in body.find_all(id=True)}
    for objective in DOMAINS[stem]:
        heading = body.find(id=f"obj-{objective}")
        assert heading is not None and heading.name == "h2", f"{stem}: no ## heading #obj-{objective}"
        goals = opening_of(heading)
        assert goals is not None and "abstract" in goals.get("class", []), \
            f"{stem}: objective {objective} does not open with a 'You will be able to' admonition"
    assert {"self-check", "related-reading"} <= ids
    assert explanation_words(body) >= 1500


@pytest.mark.parametrize("stem", TODAY_PAGES)
def test_todays_exam_page_structure(built_site, stem):
    body = article(built_site, stem)
    prefix = TODAY_PARTS[stem.split("/")[0]]
    objectives = [h for h in body.find_all("h2", id=True) if re.fullmatch(rf"{prefix}-\d+-\d+", h["id"])]
    assert len(objectives) >= 3, f"{stem}: {len(objectives)} objective headings #{prefix}-N-M, need 3"
    assert len({h["id"].split("-")[1] for h in objectives}) == 1, f"{stem}: objectives of two page numbers"
    for heading in objectives:
        goals = opening_of(heading)
        assert goals is not None and "abstract" in goals.get("class", []), \
            f"{stem}: objective #{heading['id']} does not open with a 'You will be able to' admonition"
    ids = {element["id"] for element in body.find_all(id=True)}
    assert {"self-check", "related-reading"} <= ids
    assert explanation_words(body) >= 1500


@pytest.mark.parametrize("stem", sorted(DOMAINS) + TODAY_PAGES)
def test_self_checks_are_scenarios_with_folded_answers(built_site, stem):
    questions = article(built_site, stem).select("div.admonition.question")
    need = 6 if stem in TODAY_PAGES else 8
    assert len(questions) >= need, f"{stem}: {len(questions)} self-check questions, need {need}"
    for question in questions:
        answer = question.select_one("details.success")
        assert answer is not None and not answer.has_attr("open"), f"{stem}: a self-check has no folded answer"
        assert len(question.select("li")) >= 4, f"{stem}: a self-check has fewer than four options"


@pytest.mark.parametrize("stem", sorted(DOMAINS) + TODAY_PAGES)
def test_teaching_pages_cross_link_to_three_other_pages_by_anchor(built_site, stem):
    targets = set()
    for link in article(built_site, stem).select("a[href*='#']"):
        href = link["href"]
        page = href.split("#")[0]
        if page and "://" not in href and "glossary" not in page and stem.split("/")[-1] not in page:
            targets.add(page)
    assert len(targets) >= 3, f"{stem} links by anchor to only {sorted(targets)}"


@pytest.mark.parametrize("stem", sorted(DOMAINS) + ["fundamentals", "resources"] + TODAY_PAGES)
def test_legacy_names_come_with_a_renamed_note(built_site, stem):
    body = article(built_site, stem)
    text = body.get_text(" ")
    used = [name for name in LEGACY_NAMES if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    if used:
        assert body.select(".admonition.renamed, details.renamed"), f"{stem} uses {used} without a renamed note"


def test_code_blocks_declare_their_language(built_site, nav_paths):
    for path in nav_paths:
        for block in built_site.page(path).select("article div.highlight"):
            classes = " ".join(block.get("class", []))
            assert re.search(r"language-\w+", classes), f"{path}: a code block has no language"


@pytest.mark.parametrize("stem", sorted(DOMAINS) + ["fundamentals"] + TODAY_PAGES)
def test_every_table_header_cell_says_what_its_column_holds(built_site, stem):
    # A comparison table's corner cell left blank reads as an unnamed column to a screen reader
    # (axe: empty-table-header).
    tables = article(built_site, stem).select("table")
    empty = [" | ".join(th.get_text(" ", strip=True) for th in table.select("thead th"))
             for table in tables if any(not th.get_text(strip=True) for th in table.select("thead th"))]
    assert empty == []
