"""The practice quiz, the exam simulation, review of mistakes and the Leitner flashcards, driven
in Chromium as a learner uses them, on the real built site."""
from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import COLOUR_RULES, ROOT, draw_everything
from studykit.glossary import load_glossary, sort_key
from studykit.quiz import load_quiz

pytestmark = pytest.mark.browser

BANK = {q.id: q for q in load_quiz(ROOT / "data" / "quiz.yml")}
SERIOUS = ("serious", "critical")
TWO_HOURS_MS = 2 * 60 * 60 * 1000


def shown_text(markdown: str) -> str:
    """What a reader sees of a short Markdown text: code spans lose their backticks."""
    return markdown.replace("`", "")


def wrong_key(qid: str) -> str:
    return next(k for k in "ABCD" if k != BANK[qid].answer)


def asked_ids(page: Page) -> list[str]:
    fieldsets = page.locator("form[data-sg-quiz-run] fieldset[data-sg-id]")
    expect(fieldsets.first).to_be_attached()  # a quiz starts once its questions are fetched
    return fieldsets.evaluate_all("fs => fs.map(f => f.dataset.sgId)")


def answer(page: Page, qid: str, key: str) -> None:
    page.locator(f"fieldset[data-sg-id='{qid}']").get_by_role("radio", name=re.compile(rf"^{key}\. ")).check()


def start_practice(page: Page, pool: str | None, count: int) -> list[str]:
    if pool:
        value = page.locator("#sg-quiz-pool option", has_text=pool).get_attribute("value")
        page.get_by_label("Questions from").select_option(value)
    page.get_by_label("Number of questions").fill(str(count))
    page.get_by_role("button", name="Start practice").click()
    expect(page.locator("form[data-sg-quiz-run] fieldset")).to_have_count(count)
    return asked_ids(page)


def test_practice_by_june_2026_section_marks_the_chosen_and_correct_options(page: Page):
    page.goto("quiz/", wait_until="load")
    ids = start_practice(page, "Section 4: Serving and scaling models", 3)
    assert {BANK[i].section_2026 for i in ids} == {4}
    for qid in ids[:2]:
        answer(page, qid, BANK[qid].answer)
    wrong = ids[2]
    chosen = wrong_key(wrong)
    answer(page, wrong, chosen)
    page.get_by_role("button", name="Check answers").click()

    expect(page.locator("#sg-quiz-score")).to_have_text("Your score: 2 of 3 (67 %)")
    row = page.locator("[data-sg-section-result='4']")
    expect(row.locator("td")).to_have_text(["2", "3", "67 %"])
    expect(row.locator("th")).to_have_text("4. Serving and scaling models")
    # What happened, in text and icon as well as colour, with each option's explanation by it.
    fieldset = page.locator(f"fieldset[data-sg-id='{wrong}']")
    expect(fieldset.locator(f"[data-sg-choice='{chosen}'] .sg-quiz__mark")).to_have_text("✗ Your answer, wrong: ")
    correct = fieldset.locator(f"[data-sg-choice='{BANK[wrong].answer}']")
    expect(correct.locator(".sg-quiz__mark")).to_have_text("✓ Correct answer: ")
    expect(correct.locator(".sg-quiz__why-note")).to_contain_text(shown_text(BANK[wrong].why[BANK[wrong].answer])[:40])
    expect(fieldset.locator(".sg-quiz__why-note")).to_have_count(4)
    expect(fieldset.locator(".sg-quiz__verdict")).to_have_text(
        f"Not quite: you chose {chosen}; the answer is {BANK[wrong].answer}.")
    right = page.locator(f"fieldset[data-sg-id='{ids[0]}'] [data-sg-choice='{BANK[ids[0]].answer}'] .sg-quiz__mark")
    expect(right).to_have_text("✓ Your answer, correct: ")
    revisit = page.locator(".sg-quiz__revisit a")
    expect(revisit).to_have_count(1)
    assert revisit.first.get_attribute("href").endswith("#" + BANK[wrong].learn_more_anchor)


def test_the_quiz_page_fetches_its_questions_only_when_a_reader_turns_to_the_form(page: Page):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/questions/" in request.url else None)
    page.goto("quiz/", wait_until="load")
    page.wait_for_timeout(500)
    assert fetched == [], "the bank is not part of the quiz page's load"
    with page.expect_request(re.compile(r"/questions/$")):
        page.get_by_label("Number of questions").focus()
    ids = start_practice(page, None, 1)
    assert len(fetched) == 1, "fetched once, when the form got focus"
    # The learn-more link, written for the bank's page, leads from here to the section that teaches it.
    page.get_by_role("button", name="Check answers").click()
    page.locator(".sg-quiz__revisit a").click()
    expect(page).to_have_url(re.compile(re.escape(BANK[ids[0]].learn_more_page.removesuffix(".md") + "/#"
                                                  + BANK[ids[0]].learn_more_anchor) + "$"))


def test_a_failed_fetch_of_the_questions_says_so_and_the_next_start_tries_again(page: Page):
    page.goto("quiz/", wait_until="load")
    page.route("**/questions/", lambda route: route.abort())
    page.get_by_role("button", name="Start practice").click()
    status = page.locator("[data-sg-quiz-status]")
    expect(status).to_contain_text("The questions could not be loaded")
    expect(status).to_contain_text("try again")
    expect(page.locator("form[data-sg-quiz-run]")).to_be_hidden()
    expect(page.get_by_role("button", name="Start practice")).to_be_focused()
    page.unroute("**/questions/")
    start_practice(page, None, 2)
    expect(status).to_have_text("")


def test_review_mistakes_offers_exactly_the_wrong_answers_until_each_is_answered_right(page: Page):
    page.goto("quiz/", wait_until="load")
    review = page.get_by_role("button", name="Review mistakes")
    expect(review).to_be_disabled()
    ids = start_practice(page, None, 4)
    answer(page, ids[0], BANK[ids[0]].answer)
    answer(page, ids[1], wrong_key(ids[1]))
    answer(page, ids[3], BANK[ids[3]].answer)  # ids[2] left blank: also a mistake
    page.get_by_role("button", name="Check answers").click()
    expect(page.locator("[data-sg-mistakes-left]")).to_contain_text("2 questions to review")

    page.reload(wait_until="load")  # the history is kept in the browser
    expect(page.locator("[data-sg-mistakes-status]")).to_have_text(
        "2 questions answered wrong and not yet answered right.")
    review.click()
    assert sorted(asked_ids(page)) == sorted([ids[1], ids[2]])
    answer(page, ids[1], BANK[ids[1]].answer)
    answer(page, ids[2], wrong_key(ids[2]))
    page.get_by_role("button", name="Check answers").click()
    expect(page.locator("#sg-quiz-score")).to_have_text("Review of mistakes: 1 of 2 (50 %)")

    page.get_by_role("button", name="Take another quiz").click()
    review.click()
    assert asked_ids(page) == [ids[2]]
    answer(page, ids[2], BANK[ids[2]].answer)
    page.get_by_role("button", name="Check answers").click()
    expect(page.locator("[data-sg-mistakes-left]")).to_have_text("No mistakes left to review.")
    page.get_by_role("button", name="Take another quiz").click()
    expect(review).to_be_disabled()


def test_exam_simulation_runs_on_the_clock_and_submits_itself(page: Page):
    start = datetime.datetime(2026, 12, 1, 9, 0)
    page.clock.install(time=start)
    page.goto("quiz/", wait_until="load")
    page.clock.pause_at(start + datetime.timedelta(minutes=2))  # time moves only when the test says
    page.get_by_role("button", name="Start the exam simulation").click()
    fieldsets = page.locator("form[data-sg-quiz-run] fieldset[data-sg-id]")
    expect(fieldsets).to_have_count(50)
    ids = asked_ids(page)
    assert len(set(ids)) == 50
    # Drawn by the June 2026 weights (13/16/21/20/18/13 %).
    assert Counter(BANK[i].section_2026 for i in ids) == {1: 7, 2: 8, 3: 10, 4: 10, 5: 9, 6: 6}
    clock = page.get_by_role("timer")
    expect(clock).to_have_text("2:00:00")
    expect(fieldsets.nth(0)).to_be_visible()
    expect(fieldsets.nth(1)).to_be_hidden()  # one question at a time

    # Answer question 1 wrong, then change it to right: answers can change until submit.
    answer(page, ids[0], wrong_key(ids[0]))
    answer(page, ids[0], BANK[ids[0]].answer)
    page.get_by_role("button", name="Next").click()
    answer(page, ids[1], wrong_key(ids[1]))
    mark = page.get_by_role("button", name="Mark for review")
    mark.click()
    expect(mark).to_have_attribute("aria-pressed", "true")
    nav = page.get_by_role("navigation", name="Exam questions")
    expect(nav.get_by_role("button", name="Question 2, answered, marked for review")).to_be_visible()
    nav.get_by_role("button", name="Question 40, not answered").click()
    expect(fieldsets.nth(39)).to_be_visible()
    expect(nav.get_by_role("button", name="Question 40, not answered")).to_have_attribute("aria-current", "step")
    answer(page, ids[39], BANK[ids[39]].answer)
    expect(page.locator("[data-sg-exam-answered]")).to_have_text("3 of 50 answered, 1 marked")

    # The countdown stays visible and speaks at set times only.
    page.clock.run_for("01:00:01")
    expect(clock).to_have_text("0:59:59")
    expect(page.locator("[data-sg-timer-status]")).to_have_text("1 hour left in the exam simulation.")
    page.mouse.wheel(0, 3000)
    expect(clock).to_be_in_viewport()
    page.clock.run_for("00:59:00")
    expect(page.locator("[data-sg-timer-status]")).to_have_text("1 minute left in the exam simulation.")
    page.clock.run_for("00:01:00")

    # Time is up: submitted with the answers given, scored per section.
    score = page.locator("#sg-quiz-score")
    expect(score).to_have_text("Exam simulation: 2 of 50 (4 %)")
    expect(page.locator(".sg-quiz__time-up")).to_be_visible()
    expect(page.locator(".sg-quiz__exam-note")).to_contain_text("only pass or fail")
    rows = page.locator("[data-sg-section-result]")
    expect(rows).to_have_count(6)
    totals = [int(t) for t in rows.locator("td:nth-child(3)").all_text_contents()]
    assert totals == [7, 8, 10, 10, 9, 6]
    # The review of every question marks what was chosen, and the mark for review is kept.
    review = page.locator("#sg-exam-review + ol fieldset")
    expect(review).to_have_count(50)
    expect(review.nth(1).locator("legend")).to_have_text("Question 2 of 50 (marked for review)")
    expect(review.nth(1).locator(".sg-quiz__choice--chosen .sg-quiz__mark")).to_have_text("✗ Your answer, wrong: ")
    expect(review.nth(2).locator(".sg-quiz__verdict")).to_have_text(f"Not answered: the answer is {BANK[ids[2]].answer}.")


def test_an_exam_can_be_submitted_early_after_a_confirmation(page: Page):
    page.goto("quiz/", wait_until="load")
    page.get_by_role("button", name="Start the exam simulation").click()
    ids = asked_ids(page)
    answer(page, ids[0], BANK[ids[0]].answer)
    page.get_by_role("button", name="Finish the exam…").click()
    confirm = page.get_by_role("group", name="Submit the exam?")
    expect(confirm).to_contain_text("49 questions not answered and 0 marked for review.")
    page.get_by_role("button", name="Back to the questions").click()
    expect(confirm).to_be_hidden()
    page.get_by_role("button", name="Finish the exam…").click()
    page.get_by_role("button", name="Submit the exam", exact=True).click()
    expect(page.locator("#sg-quiz-score")).to_have_text("Exam simulation: 1 of 50 (2 %)")
    expect(page.locator(".sg-quiz__time-up")).to_have_count(0)


def test_quiz_history_reaches_the_home_page_and_round_trips_through_export(page: Page, tmp_path: Path):
    page.goto("quiz/", wait_until="load")
    ids = start_practice(page, "Section 2:", 2)
    answer(page, ids[0], BANK[ids[0]].answer)
    answer(page, ids[1], wrong_key(ids[1]))
    page.get_by_role("button", name="Check answers").click()
    page.goto("", wait_until="load")
    summary = page.locator("[data-sg-quiz-summary]")
    expect(summary.locator("[data-sg-result-section='2'] [data-sg-result]")).to_have_text("1 of 2 right (50 %)")
    expect(summary.locator("[data-sg-result-section='1'] [data-sg-result]")).to_have_text("No answers yet")
    weakest = summary.locator("[data-sg-weakest] a")
    expect(weakest).to_have_count(1)
    expect(weakest).to_have_text(re.compile(r"^Section 2: "))
    assert weakest.get_attribute("href").endswith("#guide-2026-2")

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert [(a["id"], a["correct"]) for a in data["attempts"][0]["answers"]] == [(ids[0], True), (ids[1], False)]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(summary.locator("[data-sg-result-section='2'] [data-sg-result]")).to_have_text("No answers yet")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(exported)
    expect(page.locator(".sg-progress [role=status]")).to_have_text(
        "Imported 0 studied objectives and 1 quiz attempts from progress.json.")
    expect(summary.locator("[data-sg-result-section='2'] [data-sg-result]")).to_have_text("1 of 2 right (50 %)")
    page.goto("quiz/", wait_until="load")
    expect(page.locator("[data-sg-mistakes-status]")).to_have_text("1 question answered wrong and not yet answered right.")


def test_flashcards_follow_a_leitner_schedule_that_survives_a_reload(page: Page):
    terms = sorted(load_glossary(ROOT / "data" / "glossary.yml").terms, key=sort_key)
    total = len(terms)
    page.goto("flashcards/", wait_until="load")
    card = page.locator(".sg-card-view__term")
    due = page.locator("[data-sg-cards-due]")
    all_option = page.get_by_label("Cards from").locator("option").first
    expect(all_option).to_have_text(f"All domains ({total} due of {total})")
    expect(due).to_have_text(f"{total} cards due in this deck; due cards come first.")
    first, second, third = terms[0].term, terms[1].term, terms[2].term
    expect(card).to_have_text(first)
    page.get_by_role("button", name="Know it").click()
    expect(card).to_have_text(second)
    expect(page.locator("[data-sg-cards-status]")).to_contain_text(f"{first}: in box 1, due again in 1 day.")
    page.get_by_role("button", name="Again").click()  # second goes to the end of the round
    expect(card).to_have_text(third)
    page.get_by_role("button", name="Know it").click()
    expect(all_option).to_have_text(f"All domains ({total - 2} due of {total})")

    page.reload(wait_until="load")
    expect(all_option).to_have_text(f"All domains ({total - 2} due of {total})")
    # Due cards first: the card marked "Again" is due now; the two known ones come last.
    expect(card).to_have_text(second)
    expect(page.locator("[data-sg-cards-count]")).to_contain_text("box 1, due")
    page.get_by_role("button", name="Previous").click()
    expect(card).to_have_text(third)  # last in the order: the latest due
    expect(page.locator("[data-sg-cards-count]")).to_contain_text("box 1, not due yet")
    # A day later both are due again.
    page.evaluate("""() => {
        const key = Object.keys(localStorage).find(k => k.startsWith('sg-progress:'));
        const state = JSON.parse(localStorage.getItem(key));
        for (const id in state.cards) state.cards[id].due -= 86400001;
        localStorage.setItem(key, JSON.stringify(state));
    }""")
    page.reload(wait_until="load")
    expect(all_option).to_have_text(f"All domains ({total} due of {total})")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset boxes").click()
    expect(page.locator("[data-sg-cards-status]")).to_have_text("Flashcard boxes reset: every card is new and due.")
    expect(card).to_have_text(first)


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["light", "dark"])
def test_axe_finds_no_serious_violation_in_any_state_of_the_tools(page: Page, scheme: str):
    page.add_init_script(
        "localStorage.setItem('/.__palette', JSON.stringify({index: %d, color: {scheme: '%s'}}))"
        % (1 if scheme == "default" else 2, scheme)
    )
    axe = Axe()
    problems: list[str] = []

    def scan(label: str) -> None:
        # At the top, where Material's back-to-top button is not over the content.
        page.evaluate("window.scrollTo(0, 0)")
        draw_everything(page)
        # Only the tool: the rest of each page is scanned by tests/browser/test_reader.py.
        # The dark scheme changes colours only: the light run checks every rule.
        options = {"runOnly": COLOUR_RULES} if scheme == "slate" else {}
        for violation in axe.run(page, context=".md-content", options=options).response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:5]
                problems.append(f"{label}: {violation['id']} ({violation['impact']}) {targets}")

    page.goto("quiz/", wait_until="load")
    ids = start_practice(page, None, 2)
    answer(page, ids[0], wrong_key(ids[0]))
    scan("practice running")
    page.get_by_role("button", name="Check answers").click()
    scan("practice results")
    page.get_by_role("button", name="Take another quiz").click()
    page.get_by_role("button", name="Start the exam simulation").click()
    answer(page, asked_ids(page)[0], "A")
    page.get_by_role("button", name="Mark for review").click()
    page.get_by_role("button", name="Finish the exam…").click()
    scan("exam running, confirming")
    page.get_by_role("button", name="Submit the exam", exact=True).click()
    scan("exam results")
    page.goto("", wait_until="load")
    scan("home with quiz results")
    page.goto("flashcards/", wait_until="load")
    page.locator(".sg-card-view").click()
    page.get_by_role("button", name="Again").click()
    scan("flashcards")
    assert problems == []
