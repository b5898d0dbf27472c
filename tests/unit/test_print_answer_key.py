"""Self-check answers move to an answer key at the end of each printed chapter."""
from __future__ import annotations

from bs4 import BeautifulSoup

from studykit.print_answer_key import move_answers_to_key

PAGE = """<h2 id="p--self-check">Self-check</h2>
<div class="admonition question">
<p class="admonition-title">Self-check 1</p>
<p>Which metric?</p>
<ul><li><strong>A.</strong> AUC</li><li><strong>B.</strong> RMSE</li></ul>
<details class="success">
<summary>Answer</summary>
<p><strong>B.</strong> Because it is <em>regression</em> &amp; errors are costly.</p>
</details>
</div>
<div class="admonition tip"><p class="admonition-title">Exam tip</p><details class="success"><summary>Not a self-check</summary><p>kept</p></details></div>
<div class="admonition question">
<p class="admonition-title">Self-check 2</p>
<div class="tabbed-set"><p>Nested block</p></div>
<details class="success">
<summary>Answer</summary>
<p><strong>C.</strong> Second.</p>
<details class="note"><summary>More</summary><p>inner</p></details>
</details>
</div>
<p>After.</p>"""


def test_answers_leave_their_questions_for_a_key_at_the_end_of_the_chapter():
    out = BeautifulSoup(move_answers_to_key(PAGE, prefix="p", chapter_title="6. Monitoring"), "html.parser")
    questions = out.select("div.admonition.question")
    assert [q.select("details") for q in questions] == [[], []], "no answer is left under its question"
    refs = [q.select_one(".sg-print__answer-ref a") for q in questions]
    assert [r["href"] for r in refs] == ["#p--answer-key-1", "#p--answer-key-2"]
    # The tip's collapsible is not a self-check answer.
    assert out.select_one("div.admonition.tip details.success p").get_text() == "kept"
    key = out.select("section.sg-print__answer-key")
    assert len(key) == 1 and key[0] is out.contents[-1]
    assert key[0].h2.get_text() == "Answer key: 6. Monitoring"
    entries = key[0].select("ol.sg-print__answers > li")
    assert [e["id"] for e in entries] == ["p--answer-key-1", "p--answer-key-2"]
    assert entries[0].strong.get_text() == "Self-check 1"
    assert "Because it is regression & errors are costly." in entries[0].get_text()
    assert "Answer" not in entries[0].get_text().replace("Answer key", "")
    assert entries[1].select_one("details.note p").get_text() == "inner"  # nested blocks travel along
    # Each entry links back to its question.
    assert entries[0].a["href"] == "#p--self-check-1" and questions[0].select_one("#p--self-check-1")
    assert out.find_all("p")[-1].get_text() == "After." or "After." in out.get_text()


def test_a_page_without_self_checks_is_unchanged():
    html = '<p>Text</p><details class="success"><summary>Answer</summary><p>x</p></details>'
    assert move_answers_to_key(html, prefix="p", chapter_title="T") == html


def test_an_answer_in_a_question_inside_a_question_moves_once_with_the_nearest_title():
    html = ('<div class="admonition question"><p class="admonition-title">Outer</p>'
            '<div class="admonition question"><p class="admonition-title">Inner</p><p>Q?</p>'
            '<details class="success"><summary>Answer</summary><p>A.</p></details></div></div>')
    out = BeautifulSoup(move_answers_to_key(html, prefix="p", chapter_title="T"), "html.parser")
    entries = out.select("ol.sg-print__answers > li")
    assert [e.strong.get_text() for e in entries] == ["Inner"]
    assert len(out.select(".sg-print__answer-ref")) == 1 and not out.select("details")
