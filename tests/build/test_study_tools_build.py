"""Study tools in built sites: a small fixture site, every kind of bad quiz data, and the real site."""
from __future__ import annotations

import functools
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, run_mkdocs_build
from studykit.glossary import load_glossary
from studykit.quiz import load_quiz

pytestmark = pytest.mark.build

FIXTURE = ROOT / "tests" / "fixtures" / "study-tools-site"
PRINTED_FIXTURE_PAGES = ["domains-problem-framing", "domains-data-preparation", "domains-monitoring", "fundamentals"]


def make_project(dest: Path) -> Path:
    """The fixture site plus the real hooks, in a scratch folder."""
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("study-tools")
    result = run_mkdocs_build(make_project(tmp / "project"), tmp / "site")
    assert result.returncode == 0, result.output
    return result


def resolve(site_dir: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment a relative link on the page at page_url points to."""
    path, _, fragment = href.partition("#")
    target = (site_dir / page_url / path).resolve()
    return (target / "index.html" if target.is_dir() else target), fragment


def assert_link_works(site_dir: Path, page_url: str, href: str) -> None:
    target, fragment = resolve(site_dir, page_url, href)
    assert target.is_file(), f"{page_url}: {href} -> missing {target}"
    if fragment:
        assert fragment in ids_of(target, target.stat().st_mtime_ns), f"{page_url}: {href} -> no id {fragment!r}"


@functools.lru_cache(maxsize=64)
def ids_of(path: Path, mtime_ns: int) -> frozenset[str]:
    """The ids of a built page (parsed once per version of the file: 300 quiz links share a few)."""
    return frozenset(el.get("id") for el in lxml.html.fromstring(path.read_bytes()).iter() if el.get("id"))


def assert_ids_unique_and_in_page_links_resolve(page: BeautifulSoup) -> None:
    ids = [tag["id"] for tag in page.select("[id]")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for link in page.select("article a[href^='#']"):
        assert link["href"][1:] in ids, f"in-page link {link['href']} has no target"


# --- Fixture site ---------------------------------------------------------------------------


def test_home_page_has_an_overall_bar_and_one_per_domain(fixture_site):
    page = fixture_site.page("")
    bars = page.select(".sg-progress [role=progressbar]")
    names = [page.find(id=bar["aria-labelledby"]).get_text(strip=True) for bar in bars]
    assert names == ["All objectives", "1. Problem framing", "3. Data preparation", "6. Monitoring"]
    assert [bar["data-sg-objectives"] for bar in bars] == ["1.1 1.2 3.1 6.1", "1.1 1.2", "3.1", "6.1"]
    assert [bar["aria-valuemax"] for bar in bars] == ["4", "2", "1", "1"]
    for link in page.select(".sg-progress__label a"):
        assert_link_works(fixture_site.site_dir, "", link["href"])
    assert "<!-- progress -->" not in str(page)


def test_question_page_renders_the_whole_bank_as_collapsible_questions(fixture_site):
    bank = load_quiz(FIXTURE / "data" / "quiz.yml")
    page = fixture_site.page("questions/")
    items = page.select("ol[data-sg-quiz-bank] > li")
    assert [li["data-sg-id"] for li in items] == [q.id for q in bank]
    assert [li["data-sg-answer"] for li in items] == [q.answer for q in bank]
    for li in items:
        question = li.find("details", recursive=False)
        assert question is not None and question.summary.select_one(".sg-quiz__stem").get_text(strip=True)
        answer = question.find("details", class_="sg-quiz__answer")
        assert answer is not None and len(answer.select("[data-sg-why]")) == 4
        assert_link_works(fixture_site.site_dir, "questions/", answer.select_one(".sg-quiz__learn-more a")["href"])
    # The link text is the heading of the section it points to.
    assert items[0].select_one(".sg-quiz__learn-more a").get_text() == "1.2 Define the ML problem"


def test_quiz_page_has_the_set_up_and_links_to_the_bank_without_carrying_it(fixture_site):
    bank = load_quiz(FIXTURE / "data" / "quiz.yml")
    page = fixture_site.page("quiz/")
    quiz = page.select_one("[data-sg-quiz]")
    assert quiz["data-sg-quiz-ids"].split() == [q.id for q in bank]
    assert_link_works(fixture_site.site_dir, "quiz/", quiz["data-sg-quiz-bank-url"])
    assert quiz["data-sg-quiz-bank-url"] == "../questions/"
    assert page.select_one(".sg-quiz__browse a")["href"] == "../questions/"
    assert page.select_one("[data-sg-quiz-bank]") is None and page.select_one(".sg-quiz__answer") is None
    sizes = [int(o["data-sg-size"]) for o in quiz.select("#sg-quiz-pool option")]
    assert sizes[0] == len(bank) and all(n > 0 for n in sizes)


def test_flashcards_page_has_one_card_per_glossary_term(fixture_site):
    glossary = load_glossary(FIXTURE / "data" / "glossary.yml")
    page = fixture_site.page("flashcards/")
    cards = page.select("dl[data-sg-cards-deck] > div.sg-card")
    assert sorted(card.dt.get_text() for card in cards) == sorted(t.term for t in glossary.terms)
    by_term = {card.dt.get_text(): card for card in cards}
    drift = by_term["Feature drift"]
    assert drift["data-sg-domains"] == "monitoring"
    assert drift.dd.code.get_text() == "distance", "definitions are rendered Markdown"
    for card in cards:
        for link in card.dd.select("a[href]"):
            assert_link_works(fixture_site.site_dir, "flashcards/", link["href"])


def test_printable_edition_joins_the_pages_with_unique_ids_and_working_links(fixture_site):
    page = fixture_site.page("print/")
    article = page.select_one("article")
    assert [s["id"] for s in article.select("section.sg-print__page")] == PRINTED_FIXTURE_PAGES
    assert_ids_unique_and_in_page_links_resolve(page)
    for link in article.select("a[href]:not([href^='#']):not([href^='http'])"):
        assert_link_works(fixture_site.site_dir, "print/", link["href"])
    for image in article.select("img[src]"):
        assert (fixture_site.site_dir / "print" / image["src"]).resolve().is_file(), image["src"]
    # A link between printed pages stays on the page; so do footnotes and each page's own tabs.
    assert article.select_one("#domains-problem-framing a[href='#domains-data-preparation--obj-3-1']")
    assert article.select_one("#domains-data-preparation--fn\\:1")
    radio_groups = {i["name"] for i in article.select("input[type=radio]")}
    assert len(radio_groups) == 2, radio_groups
    # Hidden answers of both pages are there, to be opened in print.
    answers = [d.get_text(" ", strip=True) for d in article.select("details.success")]
    assert answers == ["Answer The hidden answer of problem framing.", "Answer The hidden answer of data preparation."]


def test_printable_and_flashcard_pages_stay_out_of_search(fixture_site):
    index = json.loads((fixture_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "quiz/" in locations
    assert not {"print/", "flashcards/", "questions/"} & locations


def test_two_builds_in_one_process_start_from_a_clean_state(tmp_path, monkeypatch):
    """`mkdocs serve` keeps hook modules loaded; a second build must not see the first one's pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = make_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        (project / "docs" / "domains" / "monitoring.md").write_text(
            "# Monitoring\n\n## 6.1 Monitor { #obj-6-1 }\n\n## 6.2 Troubleshoot { #obj-6-2 }\n", encoding="utf-8")
        build(config)  # strict: a stale marker page or page list would warn or fail
    finally:
        config.plugins.on_shutdown()
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select_one("[data-sg-domain='*']")["data-sg-objectives"] == "1.1 1.2 3.1 6.1 6.2"
    assert len(home.select(".sg-progress")) == 1


# --- Bad quiz data fails the build with a message naming the entry -------------------------


def entry_line(text: str, qid: str) -> int:
    """Line of the (last) entry with this id."""
    return max(i for i, line in enumerate(text.splitlines(), start=1) if line == f"- id: {qid}")


BAD_BANKS = [
    # (how to break the fixture bank, question id, message)
    (lambda t: t.replace("  answer: C\n", ""), "dp-01", "dp-01: no 'answer'"),
    (lambda t: t.replace("answer: C", "answer: F"), "dp-01", "dp-01: answer 'F' is not one of the options"),
    (lambda t: t.replace("    B: Wrong because Cloud Run runs containers, not Beam pipelines.\n", ""), "dp-01",
     "dp-01: 'why' says nothing about option B"),
    (lambda t: t.replace("domain: data-preparation", "domain: data-prep"), "dp-01", "dp-01: unknown domain 'data-prep'"),
    (lambda t: t.replace("- id: mo-01\n  domain: monitoring", "- id: pf-01\n  domain: problem-framing"), "pf-01",
     "duplicate id 'pf-01' (first used at line"),
    (lambda t: t.replace("domains/data-preparation.md#obj-3-1", "domains/data-prep.md#obj-3-1"), "dp-01",
     "dp-01: learn_more page 'domains/data-prep.md' does not exist"),
    (lambda t: t.replace("domains/data-preparation.md#obj-3-1", "domains/data-preparation.md#obj-3-9"), "dp-01",
     "dp-01: learn_more anchor '#obj-3-9' is not on 'domains/data-preparation.md'"),
    (lambda t: t.replace('objective_2026: "2.1"', 'objective_2026: "2.9"'), "dp-01",
     "dp-01: objective_2026 '2.9' is not a sub-objective of the June 2026 guide"),
    (lambda t: t.replace("  sources:\n    - url: https://cloud.google.com/dataflow/docs/overview\n      checked: 2026-12-01\n", ""),
     "dp-01", "dp-01: the question names 'Dataflow' but has no 'sources'"),
]


@pytest.mark.parametrize(("breaks", "qid", "message"), BAD_BANKS,
                         ids=["no-answer", "answer-not-an-option", "why-missing", "unknown-domain", "duplicate-id",
                              "learn-more-missing-page", "learn-more-missing-anchor", "unknown-objective",
                              "product-without-source"])
def test_bad_question_data_fails_the_build_naming_file_line_and_entry(tmp_path, breaks, qid, message):
    project = make_project(tmp_path / "project")
    bank = project / "data" / "quiz.yml"
    text = breaks(bank.read_text(encoding="utf-8"))
    bank.write_text(text, encoding="utf-8")
    previous = tmp_path / "site" / "quiz" / "index.html"
    previous.parent.mkdir(parents=True)
    previous.write_text("the site of the last good build", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    match = re.search(r"data/quiz\.yml:(\d+): " + re.escape(message), result.output)
    assert match, result.output
    # The line is the entry's own line or one of its fields; learn_more problems name that field.
    assert entry_line(text, qid) <= int(match.group(1)) < entry_line(text, qid) + 20, match.group(0)
    if "learn_more" in message:
        assert text.splitlines()[int(match.group(1)) - 1].lstrip().startswith("learn_more:"), match.group(0)
    # The bad bank stops the build before MkDocs empties the site folder: the last good site stays.
    assert previous.read_text(encoding="utf-8") == "the site of the last good build"


def test_a_quiz_page_without_a_question_bank_fails_the_build(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "data" / "quiz.yml").unlink()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("last good build", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "quiz.md: the page has a '<!-- quiz -->' marker, but data/quiz.yml does not exist" in result.output
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good build"


def test_a_quiz_page_without_a_page_of_questions_fails_before_anything_is_written(tmp_path):
    project = make_project(tmp_path / "project")
    questions = project / "docs" / "questions.md"
    questions.write_text(questions.read_text(encoding="utf-8").replace("<!-- quiz-bank -->", ""), encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("last good build", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("quiz.md: the page has a '<!-- quiz -->' marker, but no page has the '<!-- quiz-bank -->' marker"
            in result.output), result.output
    assert "docs/questions.md" in result.output
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good build"


def test_a_home_page_that_lost_its_marker_fails_the_strict_build(tmp_path):
    project = make_project(tmp_path / "project")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace("<!-- progress -->", "Progress: soon."), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: no '<!-- progress -->' marker line, so the page lacks its study tool" in result.output


# --- Real site ------------------------------------------------------------------------------


def objective_key(anchor: str) -> str:
    """The progress key of an objective heading id: obj-1-2 -> 1.2, gen-1-2 -> G1.2, plat-1-2 -> P1.2."""
    part, major, minor = anchor.split("-")
    return {"obj": "", "gen": "G", "plat": "P"}[part] + f"{major}.{minor}"


def test_real_home_page_has_a_bar_for_every_teaching_page_objective(built_site, nav_paths):
    teaching = [p for p in nav_paths if p.startswith(("domains/", "genai/", "platform/"))]
    assert len(teaching) == 6 + 5 + 6
    objectives = {p: [objective_key(h["id"]) for h in built_site.page(p).select("article h2[id]")
                      if re.fullmatch(r"(obj|gen|plat)-\d+-\d+", h["id"])] for p in teaching}
    assert all(objectives.values()), "every teaching page has objectives"
    home = built_site.page("")
    bars = home.select(".sg-progress [role=progressbar]")
    by_domain = {b["data-sg-domain"]: b["data-sg-objectives"].split() for b in bars}
    assert by_domain["*"] == [k for p in teaching for k in objectives[p]]
    for path in teaching:
        assert by_domain[path.split("/")[1].rstrip("/")] == objectives[path], path
    # The second view: the June 2026 guide, per section, with the same keys as the map page.
    map_keys = ["2026-" + h["id"][len("guide-2026-"):].replace("-", ".")
                for h in built_site.page("guide-2026/").select("article h3[id^='guide-2026-']")]
    assert len(map_keys) == 14
    assert by_domain["*2026"] == map_keys
    assert [by_domain[f"2026-{n}"] for n in range(1, 7)] == [
        [k for k in map_keys if k.startswith(f"2026-{n}.")] for n in range(1, 7)]
    assert len(bars) == 1 + len(teaching) + 1 + 6


def test_real_question_page_has_every_question_of_the_bank_and_the_quiz_page_its_set_up(built_site):
    bank = load_quiz(ROOT / "data" / "quiz.yml")
    items = built_site.page("questions/").select("ol[data-sg-quiz-bank] > li")
    assert [li["data-sg-id"] for li in items] == [q.id for q in bank]
    assert [(li["data-sg-objective"], li["data-sg-section"]) for li in items] == [
        (q.objective_2026, str(q.section_2026)) for q in bank]
    for li in items:
        assert_link_works(built_site.site_dir, "questions/", li.select_one(".sg-quiz__learn-more a")["href"])
        assert li["data-sg-section-title"], li["data-sg-id"]
    page = built_site.page("quiz/")
    quiz = page.select_one("[data-sg-quiz]")
    assert quiz["data-sg-quiz-ids"].split() == [q.id for q in bank]
    assert_link_works(built_site.site_dir, "quiz/", quiz["data-sg-quiz-bank-url"])
    # The set-up offers the three modes, and practice by June 2026 section with its counts.
    setup = page.select_one("form[data-sg-quiz-setup]")
    assert [b["data-sg-mode"] for b in setup.select("button[data-sg-mode]")] == ["practice", "exam", "review"]
    assert "pass or fail" in setup.get_text() and "no cut score" in setup.get_text()
    by_section = [o.get_text() for o in setup.select("optgroup[label='By June 2026 section'] option")]
    counts = Counter(q.section_2026 for q in bank)
    assert [int(re.search(r"\((\d+)\)$", t).group(1)) for t in by_section] == [counts[n] for n in range(1, 7)]
    assert [int(o["data-sg-size"]) for o in setup.select("optgroup[label='By June 2026 section'] option")] == [
        counts[n] for n in range(1, 7)]
    assert len(setup.select("optgroup[label='By 2020 domain'] option")) == 6


def test_real_home_page_shows_quiz_results_per_june_2026_section(built_site):
    home = built_site.page("")
    rows = home.select("[data-sg-quiz-summary] [data-sg-result-section]")
    assert [r["data-sg-result-section"] for r in rows] == [str(n) for n in range(1, 7)]
    for row in rows:
        assert row.select_one("[data-sg-result]").get_text() == "No answers yet"
        assert_link_works(built_site.site_dir, "", row.a["href"])


def test_real_printable_edition_has_every_teaching_page_and_the_fundamentals_in_nav_order(built_site, nav_paths):
    expected = [p.strip("/").replace("/", "-") for p in nav_paths
                if p.startswith(("domains/", "genai/", "platform/")) or p == "fundamentals/"]
    assert len(expected) == 6 + 5 + 6 + 1
    page = built_site.page("print/")
    assert [s["id"] for s in page.select("section.sg-print__page")] == expected
    assert_ids_unique_and_in_page_links_resolve(page)


def test_real_flashcards_page_has_every_glossary_term(built_site):
    glossary = load_glossary(ROOT / "data" / "glossary.yml")
    cards = built_site.page("flashcards/").select("dl[data-sg-cards-deck] > div.sg-card")
    assert sorted(c.dt.get_text() for c in cards) == sorted(t.term for t in glossary.terms)



def test_real_printable_edition_and_flashcards_stay_out_of_search(built_site):
    """Both repeat text found elsewhere; search results should lead to the pages that teach it."""
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"domains/monitoring/", "quiz/"} <= locations
    assert not {"print/", "flashcards/", "questions/"} & locations


def test_real_objective_headings_each_have_their_checkbox_and_search_has_none(built_site):
    """Rendered by the build (the page is painted with them), after search read the page."""
    headings = boxes = 0
    for path in built_site.site_dir.rglob("index.html"):
        page = lxml.html.fromstring(path.read_bytes())
        for heading in page.xpath("//article//h2[starts-with(@id, 'obj-') or starts-with(@id, 'gen-')"
                                  " or starts-with(@id, 'plat-')] | //article//h3[starts-with(@id, 'guide-2026-')]"):
            if not re.fullmatch(r"(obj|gen|plat)-\d+-\d+|guide-2026-\d+-\d+", heading.get("id")):
                continue
            headings += 1
            after = heading.getnext()
            assert after is not None and after.get("class") == "sg-studied", f"{path}: #{heading.get('id')}"
            assert len(after.xpath(".//input[@type='checkbox'][@data-sg-objective]")) == 1
        boxes += len(page.xpath("//p[@class='sg-studied']"))
    assert headings >= 90 and boxes == headings
    index = (built_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"Mark [GP]?\d+\.\d+ as studied|sub-objective \d+\.\d+ as studied", index)
