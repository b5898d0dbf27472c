"""Drive the study tools in Chromium the way a learner does, on the real built site."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT
from studykit.glossary import load_glossary, sort_key
from studykit.quiz import load_quiz

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
HOME = re.compile(r"^http://127\.0\.0\.1:\d+/$")


def objective_count(page: Page) -> int:
    return page.locator("article h2[id^='obj-']").count()


def bar(page: Page, name: str):
    return page.get_by_role("progressbar", name=name, exact=True)


def navigate_instantly(page: Page, link, url: re.Pattern[str]) -> None:
    """Follow a link with Material's instant navigation, and prove that the page did not reload."""
    page.evaluate("window.__sgSamePage = true")
    link.click()
    # Material's navigation.tracking may already have put a section's anchor in the address.
    page.wait_for_url(lambda address: bool(url.search(address.split("#", 1)[0])))
    assert page.evaluate("window.__sgSamePage === true"), "a full page load happened"


# --- Progress -------------------------------------------------------------------------------


def test_marking_objectives_moves_the_bars_and_is_kept_across_reloads_and_navigation(page: Page):
    page.goto("domains/problem-framing/", wait_until="load")
    boxes = page.locator("input[data-sg-objective]")
    expect(boxes).to_have_count(objective_count(page))
    first = page.get_by_role("checkbox", name="Mark 1.1 as studied")
    first.focus()
    page.keyboard.press("Space")  # keyboard operable
    expect(first).to_be_checked()
    page.get_by_role("checkbox", name="Mark 1.2 as studied").click()

    page.reload(wait_until="load")
    expect(page.get_by_role("checkbox", name="Mark 1.1 as studied")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Mark 1.2 as studied")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Mark 1.3 as studied")).not_to_be_checked()

    navigate_instantly(page, page.locator("a.md-header__button.md-logo"), HOME)
    framing = bar(page, "1. ML problem framing")
    expect(framing).to_have_attribute("aria-valuenow", "2")
    expect(framing).to_have_attribute("aria-valuetext", re.compile(r"^2 of \d+ objectives studied"))
    expect(bar(page, "All objectives")).to_have_attribute("aria-valuenow", "2")
    expect(bar(page, "2. ML solution architecture")).to_have_attribute("aria-valuenow", "0")
    width = framing.locator(".sg-progress__fill").evaluate("e => e.getBoundingClientRect().width")
    assert width > 0

    # Back to the domain page through instant navigation: the boxes are bound again.
    navigate_instantly(page, page.locator(".sg-progress__label a", has_text="1. ML problem framing"),
                       re.compile(r"/domains/problem-framing/$"))
    expect(page.get_by_role("checkbox", name="Mark 1.2 as studied")).to_be_checked()
    page.get_by_role("checkbox", name="Mark 1.2 as studied").uncheck()
    navigate_instantly(page, page.locator("a.md-header__button.md-logo"), HOME)
    expect(bar(page, "1. ML problem framing")).to_have_attribute("aria-valuenow", "1")


def test_progress_can_be_exported_reset_and_imported_again(page: Page, tmp_path: Path):
    page.goto("domains/monitoring/", wait_until="load")
    page.get_by_role("checkbox", name="Mark 6.1 as studied").check()
    page.get_by_role("checkbox", name="Mark 6.2 as studied").check()
    page.goto("", wait_until="load")
    status = page.locator(".sg-progress [role=status]")
    monitoring = bar(page, "6. Monitoring, optimization and maintenance")
    expect(monitoring).to_have_attribute("aria-valuenow", "2")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["format"], data["studied"]) == ("pmle-study-guide-progress", ["6.1", "6.2"])
    assert download.value.suggested_filename == "pmle-study-progress.json"

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress").click()
    expect(status).to_have_text("Progress kept.")
    expect(monitoring).to_have_attribute("aria-valuenow", "2")
    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Reset progress").click()
    expect(monitoring).to_have_attribute("aria-valuenow", "0")
    assert "clears all 2 objectives" in messages[0]

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(exported)
    expect(monitoring).to_have_attribute("aria-valuenow", "2")
    expect(bar(page, "All objectives")).to_have_attribute("aria-valuenow", "2")
    expect(status).to_have_text("Imported 2 studied objectives and 0 quiz attempts from progress.json.")
    page.reload(wait_until="load")
    expect(bar(page, "6. Monitoring, optimization and maintenance")).to_have_attribute("aria-valuenow", "2")


def test_june_2026_sub_objectives_move_the_second_view_and_round_trip(page: Page, tmp_path: Path):
    page.goto("guide-2026/", wait_until="load")
    expect(page.locator("article h3[id^='guide-2026-']")).to_have_count(14)
    page.get_by_role("checkbox", name="Mark June 2026 sub-objective 4.1 as studied").check()
    page.get_by_role("checkbox", name="Mark June 2026 sub-objective 4.2 as studied").check()
    page.get_by_role("checkbox", name="Mark June 2026 sub-objective 6.1 as studied").check()
    page.reload(wait_until="load")
    expect(page.get_by_role("checkbox", name="Mark June 2026 sub-objective 4.1 as studied")).to_be_checked()
    # A G-objective on a today's-exam page is a third kind of key in the same storage.
    page.goto("genai/tuning/", wait_until="load")
    page.get_by_role("checkbox", name="Mark G3.1 as studied").check()

    page.goto("", wait_until="load")
    serving = bar(page, "Section 4: Serving and scaling models")
    expect(serving).to_have_attribute("aria-valuenow", "2")
    expect(serving).to_have_attribute("aria-valuetext", re.compile(r"^2 of 2 sub-objectives studied \(100 %\)"))
    expect(bar(page, "All sub-objectives")).to_have_attribute("aria-valuenow", "3")
    expect(bar(page, "Tuning foundation models")).to_have_attribute("aria-valuenow", "1")
    expect(bar(page, "All objectives")).to_have_attribute("aria-valuenow", "1")  # the teaching pages' view

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["studied"] == ["2026-4.1", "2026-4.2", "2026-6.1", "G3.1"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(serving).to_have_attribute("aria-valuenow", "0")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(exported)
    expect(serving).to_have_attribute("aria-valuenow", "2")
    expect(bar(page, "Section 6: Monitoring AI solutions")).to_have_attribute("aria-valuenow", "1")

    # An export made before the June 2026 view existed still imports.
    old = tmp_path / "old-progress.json"
    old.write_text(json.dumps({"format": "pmle-study-guide-progress", "version": 1, "studied": ["1.1", "6.3"]}),
                   encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(old)
    expect(page.locator(".sg-progress [role=status]")).to_have_text(
        "Imported 2 studied objectives and 0 quiz attempts from old-progress.json.")
    expect(bar(page, "1. ML problem framing")).to_have_attribute("aria-valuenow", "1")


BAD_FILES = [
    (b"{not json", "not valid JSON"),
    (b'{"format": "something-else", "studied": []}', "not a progress export from this guide"),
    (b'{"format": "pmle-study-guide-progress", "version": 1, "studied": ["6.1", "9.9"]}',
     "objectives this guide does not have: 9.9"),
]


def test_a_bad_progress_file_is_refused_with_a_clear_message(page: Page):
    page.goto("domains/monitoring/", wait_until="load")
    page.get_by_role("checkbox", name="Mark 6.3 as studied").check()
    page.goto("", wait_until="load")
    status = page.locator(".sg-progress [role=status]")
    for content, message in BAD_FILES:
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Import progress").click()
        chooser.value.set_files(files=[{"name": "bad.json", "mimeType": "application/json", "buffer": content}])
        expect(status).to_contain_text(message)
        expect(status).to_contain_text("Could not import bad.json.")
        expect(bar(page, "All objectives")).to_have_attribute("aria-valuenow", "1")  # nothing changed


# --- Practice quiz --------------------------------------------------------------------------


def test_without_javascript_the_quiz_leads_to_questions_with_folded_answers(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("quiz/", wait_until="load")
    expect(page.locator("form[data-sg-quiz-setup]")).to_be_hidden()
    page.locator(".sg-quiz__browse").get_by_role("link", name=re.compile(r"^All \d+ questions with their answers$")).click()
    expect(page).to_have_url(re.compile(r"/questions/$"))
    first = page.locator("ol[data-sg-quiz-bank] > li").first
    question = first.locator("details.sg-quiz__question")
    expect(question.locator(".sg-quiz__options")).to_be_hidden()
    question.locator("summary").first.click()
    expect(question.locator(".sg-quiz__options")).to_be_visible()
    expect(question.locator(".sg-quiz__correct")).to_be_hidden()
    question.locator("details.sg-quiz__answer summary").click()
    expect(question.locator(".sg-quiz__correct")).to_be_visible()
    expect(page.locator("ol[data-sg-quiz-bank] > li")).to_have_count(len(load_quiz(ROOT / "data" / "quiz.yml")))
    context.close()


# --- Flashcards -----------------------------------------------------------------------------


def test_flashcards_flip_move_filter_and_shuffle_from_the_keyboard(page: Page):
    terms = sorted(load_glossary(ROOT / "data" / "glossary.yml").terms, key=sort_key)
    page.goto("flashcards/", wait_until="load")
    card = page.locator(".sg-card-view")
    front = card.locator(".sg-card-view__term")
    back = card.locator(".sg-card-view__back")
    status = page.locator("[data-sg-cards-status]")
    expect(card).to_have_attribute("aria-label", f"Card 1 of {len(terms)}, term")
    expect(front).to_have_text(terms[0].term)
    expect(back).to_be_hidden()

    card.click()
    expect(card).to_have_attribute("aria-label", f"Card 1 of {len(terms)}, definition")
    expect(back).to_be_visible()
    expect(front).to_be_hidden()
    expect(status).to_contain_text(f"definition of {terms[0].term}")
    # The back names the term, says what it is (the short definition), then gives the detail.
    expect(back.locator(".sg-card-view__back-term")).to_have_text(terms[0].term)
    expect(back.locator(".glossary-short")).to_have_text(terms[0].short)
    assert back.locator("p").nth(0).text_content() == terms[0].term
    assert back.locator("p").nth(1).text_content() == terms[0].short
    card.focus()
    page.keyboard.press("Enter")
    expect(front).to_be_visible()
    expect(back).to_be_hidden()
    page.keyboard.press("Space")
    expect(back).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(front).to_have_text(terms[1].term)
    expect(status).to_have_text(f"Card 2 of {len(terms)}: {terms[1].term}. Flip to see the definition.")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(front).to_have_text(terms[-1].term)  # the deck wraps around

    # The smallest domain deck with a few cards keeps the walk through it short.
    size, domain = min((n, d) for d, n in Counter(d for t in terms for d in t.domains).items() if n >= 3)
    page.get_by_label("Cards from").select_option(domain)
    expect(card).to_have_attribute("aria-label", f"Card 1 of {size}, term")
    expect(status).to_contain_text(f": {size} cards.")
    expect(page.get_by_label("Cards from").locator("option:checked")).to_have_text(re.compile(rf"\({size} due of {size}\)$"))
    expected = {t.term for t in terms if domain in t.domains}
    assert walk_deck(page, size) == expected

    page.get_by_role("button", name="Shuffle").click()
    expect(status).to_contain_text("Deck shuffled.")
    assert walk_deck(page, size) == expected, "shuffling keeps the filtered deck"


def walk_deck(page: Page, size: int) -> set[str]:
    seen = []
    for i in range(size):
        expect(page.locator(".sg-card-view")).to_have_attribute("aria-label", re.compile(rf"^Card {i + 1} of {size},"))
        seen.append(page.locator(".sg-card-view__term").text_content())
        page.get_by_role("button", name="Next").click()
    assert len(seen) == len(set(seen)) == size
    return set(seen)


# --- Printable edition ----------------------------------------------------------------------


def test_printable_edition_prints_without_chrome_with_the_answer_key_and_urls_shown(page: Page):
    page.goto("print/", wait_until="load", timeout=90_000)
    # Self-check answers wait in an answer key at the end of each chapter, for testing on paper.
    keys = page.locator("section.sg-print__page > section.sg-print__answer-key")
    assert keys.count() == page.locator("section.sg-print__page").count() >= 7
    expect(page.locator("section.sg-print__page div.admonition.question details")).to_have_count(0)
    ref = page.locator(".sg-print__answer-ref a").first
    # Instant navigation may have made the href absolute by now; the fragment is what matters.
    entry = page.locator("#" + ref.get_attribute("href").split("#", 1)[1])
    expect(entry).to_contain_text("Self-check 1")
    expect(entry).to_be_visible()  # nothing folded: the key reads on screen and on paper
    # A page's list of terms its link budget left unlinked is not repeated in the edition.
    expect(page.locator("section.sg-print__page .sg-page-terms").first).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()

    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".md-content__button", ".sg-print__button"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(entry).to_be_visible()
    sections = page.locator("section.sg-print__page")
    assert sections.count() >= 7
    assert sections.nth(1).evaluate("s => getComputedStyle(s).breakBefore") == "page"
    external = page.locator("article a[href^='https://cloud.google.com']").first
    href = external.get_attribute("href")
    assert external.evaluate("a => getComputedStyle(a, '::after').content") == f'" <{href}>"'
    in_page = page.locator("article .sg-print__page a[href^='#'], article .sg-print__page a[href*='/print/#']").first
    assert in_page.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")

