"""Pure renderers of the study tools: progress panel, quiz, flashcards, printable edition."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from studykit.glossary import Term
from studykit.printable import (
    PrintSource,
    assemble_printable,
    fragment_root,
    page_prefix,
    rewrite_page_html,
    select_print_pages,
)
from studykit.quiz import parse_quiz
from studykit.urls import relative_url
from studykit.studytools import (
    Domain,
    Objective,
    SectionLink,
    add_progress_checkboxes,
    extract_objectives,
    make_inline_renderer,
    render_flashcards,
    render_progress_panel,
    render_question_bank,
    render_quiz,
)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


# --- Progress -------------------------------------------------------------------------------


def test_objectives_are_the_obj_headings_in_page_order():
    headings = [("ml-problem-framing", "ML Problem Framing"), ("obj-1-1", "1.1 Use cases "),
                ("ml-vs-non-ml", "ML or not ML?"), ("obj-1-2", "1.2 Define & frame"), ("obj-10-12", "10.12 Far")]
    assert extract_objectives(headings) == (
        Objective("1.1", "obj-1-1", "1.1 Use cases"),
        Objective("1.2", "obj-1-2", "1.2 Define & frame"),
        Objective("10.12", "obj-10-12", "10.12 Far"),
    )


DOMAINS = [
    Domain("problem-framing", "1. Problem framing", "domains/problem-framing/",
           (Objective("1.1", "obj-1-1", "1.1 A"), Objective("1.2", "obj-1-2", "1.2 B"))),
    Domain("monitoring", "6. Monitoring & <care>", "domains/monitoring/", (Objective("6.1", "obj-6-1", "6.1 C"),)),
]


def test_progress_panel_has_an_overall_bar_then_one_per_domain():
    page = soup(render_progress_panel(DOMAINS))
    panel = page.select_one("section[data-sg-progress]")
    # In the HTML with its space reserved; hidden only without JavaScript (the theme's no-js class).
    assert not panel.has_attr("hidden") and panel.has_attr("data-sg-js-only")
    bars = page.select("[role=progressbar]")
    names = [page.find(id=bar["aria-labelledby"]).get_text() for bar in bars]
    assert names == ["All objectives", "1. Problem framing", "6. Monitoring & <care>"]
    assert [bar["data-sg-objectives"] for bar in bars] == ["1.1 1.2 6.1", "1.1 1.2", "6.1"]
    assert [(b["aria-valuemin"], b["aria-valuenow"], b["aria-valuemax"]) for b in bars] == [
        ("0", "0", "3"), ("0", "0", "2"), ("0", "0", "1")]
    assert page.select_one("#sg-progress-monitoring a")["href"] == "domains/monitoring/"
    assert [b.get_text() for b in page.select("button[data-sg-action]")] == [
        "Export progress", "Import progress", "Reset progress"]
    assert page.select_one("[role=status][aria-live=polite]") is not None


# --- Quiz -----------------------------------------------------------------------------------

BANK = """\
- id: pf-01
  domain: problem-framing
  objective_2026: "3.1"
  question: Which type predicts a **number** like `x<3`?
  options: {A: Classification, B: Regression, C: Clustering, D: "<b>Ranking</b>"}
  answer: B
  why: {A: Wrong a., B: Right b., C: Wrong c., D: Wrong d.}
  learn_more: domains/problem-framing.md#obj-1-2
- id: mo-01
  domain: monitoring
  objective_2026: "6.2"
  question: What watches drift?
  options: {A: Monitoring, B: GPUs, C: Epochs, D: VPCs}
  answer: A
  why: {A: Right a., B: Wrong b., C: Wrong c., D: Wrong d.}
  learn_more: domains/monitoring.md#obj-6-1
  sources:
    - url: https://cloud.google.com/monitoring/docs?x=1
      checked: 2026-11-02
"""


DOMAIN_TITLES = {"problem-framing": "1. Problem framing", "data-preparation": "3. Data", "monitoring": "6. Monitoring"}
SECTION_TITLES = {3: "Scaling prototypes", 6: "Monitoring AI & <risk>"}


def render_bank() -> BeautifulSoup:
    questions = parse_quiz(BANK, "bank.yml")
    sections = {"pf-01": SectionLink("../domains/problem-framing/#obj-1-2", "1.2 Define the ML problem"),
                "mo-01": SectionLink("../domains/monitoring/#obj-6-1", "6.1 Monitor")}
    return soup(render_question_bank(questions, domain_titles=DOMAIN_TITLES, sections=sections,
                                     render_inline=make_inline_renderer(), section_titles=SECTION_TITLES))


def render_setup() -> BeautifulSoup:
    return soup(render_quiz(parse_quiz(BANK, "bank.yml"), domain_titles=DOMAIN_TITLES, bank_href="../questions/",
                            section_titles=SECTION_TITLES))


def test_without_javascript_every_question_is_a_collapsible_question_and_answer():
    page = render_bank()
    items = page.select("ol[data-sg-quiz-bank] > li")
    assert [li["data-sg-id"] for li in items] == ["pf-01", "mo-01"]
    first = items[0]
    question = first.find("details", recursive=False)
    assert question.summary.select_one(".sg-quiz__stem").decode_contents() == \
        "Which type predicts a <strong>number</strong> like <code>x&lt;3</code>?"
    assert [li.get_text(" ", strip=True) for li in question.select(".sg-quiz__options li")] == [
        "A. Classification", "B. Regression", "C. Clustering", "D. <b>Ranking</b>"]
    answer = question.find("details", class_="sg-quiz__answer")
    assert answer.summary.get_text() == "Answer", "the summary must not give the answer away"
    assert answer.select_one(".sg-quiz__correct").get_text() == "B is correct."
    assert [li.get_text(" ", strip=True) for li in answer.select("[data-sg-why]")] == [
        "A. Wrong a.", "B (correct). Right b.", "C. Wrong c.", "D. Wrong d."]
    link = answer.select_one(".sg-quiz__learn-more a")
    assert (link["href"], link.get_text()) == ("../domains/problem-framing/#obj-1-2", "1.2 Define the ML problem")
    assert (first["data-sg-answer"], first["data-sg-domain"], first["data-sg-domain-title"]) == (
        "B", "problem-framing", "1. Problem framing")
    assert (first["data-sg-objective"], first["data-sg-section"], first["data-sg-section-title"]) == (
        "3.1", "3", "Scaling prototypes")
    assert "June 2026 §3.1" in first.select_one(".sg-quiz__meta").get_text()
    # The documentation a question rests on is in its answer, with the day it was checked.
    assert first.select_one(".sg-quiz__sources") is None
    sources = items[1].select_one(".sg-quiz__answer .sg-quiz__sources")
    assert sources.get_text() == "Documentation: cloud.google.com/monitoring/docs (checked 2026-11-02)"
    assert sources.a["href"] == "https://cloud.google.com/monitoring/docs?x=1"


def test_quiz_setup_offers_the_three_modes_and_only_sections_and_domains_that_have_questions():
    page = render_setup()
    setup = page.select_one("form[data-sg-quiz-setup]")
    assert not setup.has_attr("hidden") and setup.has_attr("data-sg-js-only")
    options = [(o["value"], o.get_text()) for o in setup.select("select option")]
    assert options == [("", "All questions (2)"), ("s:3", "Section 3: Scaling prototypes (1)"),
                       ("s:6", "Section 6: Monitoring AI & <risk> (1)"),
                       ("d:problem-framing", "1. Problem framing (1)"), ("d:monitoring", "6. Monitoring (1)")]
    assert [o["data-sg-size"] for o in setup.select("select option")] == ["2", "1", "1", "1", "1"]
    assert [g["label"] for g in setup.select("optgroup")] == ["By June 2026 section", "By 2020 domain"]
    count = setup.select_one("input[name=count]")
    assert (count["min"], count["max"], count["value"]) == ("1", "2", "2")
    assert page.find(id="sg-quiz-pool").find_parent("p").label["for"] == "sg-quiz-pool"
    modes = [(b["data-sg-mode"], b.find_parent("fieldset").legend.get_text()) for b in setup.select("button")]
    assert modes == [("practice", "Practice"), ("exam", "Exam simulation"), ("review", "Review mistakes")]
    assert "2 questions drawn by the weights" in setup.get_text(), "never more than the bank has"
    # What quiz.js needs before it fetches the bank: where it is and which ids it holds.
    quiz = page.select_one("[data-sg-quiz]")
    assert (quiz["data-sg-quiz-bank-url"], quiz["data-sg-quiz-ids"]) == ("../questions/", "pf-01 mo-01")
    assert page.select_one(".sg-quiz__browse a")["href"] == "../questions/"
    assert page.select_one("[data-sg-quiz-bank]") is None, "the bank is on its own page"


def test_question_text_is_rendered_by_the_safe_renderer_with_links_rewritten():
    """What inline rendering allows is tested in test_safe_markdown.py; here, that the quiz uses it."""
    render = make_inline_renderer(lambda href: "../" + href.replace(".md", "/"))
    assert render("see [x](domains/a.md#b) and <b>") == 'see <a href="../domains/a/#b">x</a> and &lt;b&gt;'


# --- Flashcards -----------------------------------------------------------------------------

TERMS = [
    Term("regression", "Regression", "A number.", "Predicts a **number**.", ("problem-framing", "fundamentals")),
    Term("epoch", "Epoch", "One pass.", "One pass over <all> the data.", ("fundamentals",)),
    Term("drift", "Drift & skew", "Change.", "Inputs change.", ("monitoring",)),
]


def test_flashcards_have_one_card_per_term_sorted_with_domains():
    text = render_flashcards(TERMS, domain_titles={"problem-framing": "1. Framing", "monitoring": "6. Mon",
                                                            "fundamentals": "ML fundamentals"},
                                      glossary_url="../glossary/")
    assert text.index('data-sg-card="drift"') < text.index('data-sg-card="epoch"') < text.index('data-sg-card="regression"')
    assert '<dt class="sg-card__term">Drift &amp; skew</dt>' in text
    assert 'data-sg-domains="problem-framing fundamentals"' in text
    assert "One pass over &lt;all&gt; the data." in text, "raw HTML in a definition shows as text"
    # The back says what the term is (its short definition) before the detail.
    assert ('<dd class="sg-card__definition"><div class="glossary-text"><p class="glossary-short">One pass.</p>\n'
            "<p>One pass over &lt;all&gt; the data.</p></div>") in text
    assert '<p class="sg-card__more"><a href="../glossary/#drift">Glossary entry for Drift &amp; skew</a></p>' in text
    assert ('<option value="">All domains (3 cards)</option><option value="problem-framing">1. Framing (1)</option>'
            '<option value="monitoring">6. Mon (1)</option><option value="fundamentals">ML fundamentals (2)</option>') in text
    assert "data-sg-cards-controls data-sg-js-only>" in text
    assert 'data-sg-cards="know">Know it</button>' in text and 'data-sg-cards="again">Again</button>' in text


# --- Printable edition ----------------------------------------------------------------------


def test_print_pages_are_domains_and_fundamentals_in_the_order_given():
    nav = ["index.md", "crosswalk.md", "domains/problem-framing.md", "domains/monitoring.md", "fundamentals.md",
           "glossary.md", "quiz.md", "print.md"]
    assert select_print_pages(nav) == ["domains/problem-framing.md", "domains/monitoring.md", "fundamentals.md"]


@pytest.mark.parametrize(
    ("src_uri", "prefix"),
    [("domains/problem-framing.md", "domains-problem-framing"), ("fundamentals.md", "fundamentals"),
     ("a b/c.d.md", "a-b-c-d")],
)
def test_page_prefix(src_uri, prefix):
    assert page_prefix(src_uri) == prefix


PRINTED = {"/domains/problem-framing/": "domains-problem-framing", "/domains/data-preparation/": "domains-data-preparation"}


def as_parsed(html: str) -> str:
    """The HTML as the rewriter writes out what it parsed (`<br />` is `<br>`, tags closed)."""
    return fragment_root(html).inner_html


def rewrite(html: str) -> str:
    source = PrintSource("domains/problem-framing.md", "domains/problem-framing/", "Problem framing", html)
    return rewrite_page_html(source, prefixes=PRINTED, url_to=lambda url: relative_url("print/", url))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<h2 id="self-check">', '<h2 id="domains-problem-framing--self-check">'),
        ('<a href="#self-check">', '<a href="#domains-problem-framing--self-check">'),
        ('<a href="../data-preparation/#obj-3-1">', '<a href="#domains-data-preparation--obj-3-1">'),
        ('<a href="../data-preparation/">', '<a href="#domains-data-preparation">'),
        ('<a href="./#obj-1-1">', '<a href="#domains-problem-framing--obj-1-1">'),
        ('<a href="../../glossary/#epoch">', '<a href="../glossary/#epoch">'),
        ('<img alt="x" src="../../assets/pic.svg" />', '<img alt="x" src="../assets/pic.svg" />'),
        ('<a href="https://cloud.google.com/x#y">', '<a href="https://cloud.google.com/x#y">'),
        ('<a href="mailto:a@b.c">', '<a href="mailto:a@b.c">'),
        ('<input type="radio" name="__tabbed_1" id="__tabbed_1_1" checked>',
         '<input type="radio" name="domains-problem-framing--__tabbed_1" id="domains-problem-framing--__tabbed_1_1" checked>'),
        ('<label for="__tabbed_1_1">', '<label for="domains-problem-framing--__tabbed_1_1">'),
        ('<div aria-labelledby="a b">', '<div aria-labelledby="domains-problem-framing--a domains-problem-framing--b">'),
        ('<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
         '<sup id="domains-problem-framing--fnref:1"><a class="footnote-ref" href="#domains-problem-framing--fn:1">1</a></sup>'),
        ('<svg><a xlink:href="#self-check"><text id="t">x</text></a><use xlink:href="#g"/></svg>',
         '<svg><a xlink:href="#domains-problem-framing--self-check"><text id="domains-problem-framing--t">x</text></a>'
         '<use xlink:href="#domains-problem-framing--g"/></svg>'),
    ],
    ids=["heading-id", "in-page-link", "link-to-printed-page-anchor", "link-to-printed-page", "link-to-own-page",
         "link-to-other-page", "image", "external", "mailto", "tab-radio", "tab-label", "aria-id-list", "footnote",
         "svg-xlink"],
)
def test_rewrite_prefixes_ids_and_rebases_links(before, after):
    assert rewrite(before) == as_parsed(after)


def test_rewrite_leaves_everything_else_as_it_was():
    html = ('<p class="x">A &amp; B &#169; <em>c</em><br />\n<!-- note --><code>&lt;a href="#x"&gt;</code></p>'
            '<script>if (a < b && c) {}</script><svg viewBox="0 0 2 2"><path d="M0 0"/></svg>')
    assert rewrite(html) == as_parsed(html)


def test_rewrite_keeps_what_follows_a_stray_closing_tag():
    out = rewrite('<p id="a">A</p></div><p id="b">B <a href="#a">back</a></p>')
    assert out == as_parsed('<p id="domains-problem-framing--a">A</p>'
                            '<p id="domains-problem-framing--b">B <a href="#domains-problem-framing--a">back</a></p>')


def test_assembled_edition_has_contents_sections_and_unique_ids():
    pages = [PrintSource("domains/problem-framing.md", "domains/problem-framing/", "1. Framing",
                         '<h1 id="top">Framing</h1><h2 id="self-check">Self-check</h2>'),
             PrintSource("fundamentals.md", "fundamentals/", "Fundamentals & more",
                         '<h1 id="top">Fundamentals</h1><h2 id="self-check">Self-check</h2>')]
    page = soup(assemble_printable(pages, url_to=lambda url: relative_url("print/", url)))
    assert [(a["href"], a.get_text()) for a in page.select(".sg-print__contents a")] == [
        ("#domains-problem-framing", "1. Framing"), ("#fundamentals", "Fundamentals & more")]
    assert [s["id"] for s in page.select("section.sg-print__page")] == ["domains-problem-framing", "fundamentals"]
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids)) == 7


def test_each_objective_heading_gets_its_checkbox_and_nothing_else_does():
    page = (
        '<h1 id="data-preparation">Data</h1>'
        '<h2 id="obj-2-3">2.3 Pipelines<a class="headerlink" href="#obj-2-3">\u00b6</a></h2><p>Text</p>'
        '<h2 id="gen-1-1">G1.1 Models</h2><h2 id="plat-3-2">P3.2 Serving</h2>'
        '<h3 id="guide-2026-4-1">4.1 Serve</h3>'
        # Not objectives: an h3 with an objective id, a longer id, the printable edition's
        # prefixed ids, a section heading of the guide map.
        '<h3 id="obj-1-1">x</h3><h2 id="obj-1-1-notes">x</h2>'
        '<h2 id="domains-problem-framing--obj-1-1">x</h2><h3 id="guide-2026-4">x</h3>'
    )
    result = soup(add_progress_checkboxes(page))
    boxes = result.select("p.sg-studied[data-sg-js-only] > label > input[type=checkbox]")
    assert [(b["data-sg-objective"], b.parent.get_text(strip=True), b.find_parent("p").find_previous_sibling()["id"])
            for b in boxes] == [
        ("2.3", "Mark 2.3 as studied", "obj-2-3"),
        ("G1.1", "Mark G1.1 as studied", "gen-1-1"),
        ("P3.2", "Mark P3.2 as studied", "plat-3-2"),
        ("2026-4.1", "Mark June 2026 sub-objective 4.1 as studied", "guide-2026-4-1"),
    ]
    assert result.select_one("#obj-2-3").find_next_sibling().name == "p"
