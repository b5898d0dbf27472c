"""Answer keys for the printable edition: a learner can test themselves on paper.

On a printed teaching page, every self-check's folded answer (`??? success "Answer"` inside a
`!!! question` admonition) leaves its question and moves to an answer key at the end of the
page's chapter; the question keeps a line that says where its answer is. The HTML is copied
through with the standard library's tokenizer (as `studykit.printable` does), so everything
else stays exactly as it was.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from studykit.printable import _Rewriter


@dataclass
class _Answer:
    title: str  # the self-check's title, e.g. "Self-check 3"
    anchor: str  # id of its entry in the key
    question_anchor: str  # id put on the question, for the link back
    body: list[str] = field(default_factory=list)


class _AnswerMover(_Rewriter):
    """Copies a page through, diverting each self-check answer's content into `answers`."""

    def __init__(self, prefix: str):
        super().__init__(lambda tag, attrs: None)
        self.prefix = prefix
        self.answers: list[_Answer] = []
        self.in_question = 0  # depth of <div> inside a question admonition (0: outside)
        self.title: list[str] | None = None  # collecting the admonition title's text
        self.last_title = ""
        self.answer_depth = 0  # depth of <details> inside the answer being moved
        self.skip_summary = False
        self.main: list[str] = self.out

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.answer_depth:
            if tag == "details":
                self.answer_depth += 1
            if tag == "summary" and self.answer_depth == 1:
                self.skip_summary = True
                return
            super().handle_starttag(tag, attrs)
            return
        if tag == "div" and (self.in_question or {"admonition", "question"} <= set(classes)):
            self.in_question += 1
        if tag == "p" and "admonition-title" in classes and self.in_question:
            self.title = []
        if tag == "details" and "success" in classes and self.in_question:
            number = len(self.answers) + 1
            answer = _Answer(self.last_title or f"Self-check {number}", f"{self.prefix}--answer-key-{number}",
                             f"{self.prefix}--self-check-{number}")
            self.answers.append(answer)
            self.answer_depth = 1
            self.main.append(f'<p class="sg-print__answer-ref" id="{answer.question_anchor}">'
                             f'<a href="#{answer.anchor}">Answer: see the answer key at the end of this chapter'
                             "</a></p>")
            self.out = answer.body
            return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.answer_depth:
            if tag == "summary" and self.skip_summary:
                self.skip_summary = False
                return
            if tag == "details":
                self.answer_depth -= 1
                if not self.answer_depth:
                    self.out = self.main
                    return
            super().handle_endtag(tag)
            return
        if tag == "p" and self.title is not None:
            self.last_title = re.sub(r"\s+", " ", "".join(self.title)).strip()
            self.title = None
        if tag == "div" and self.in_question:
            self.in_question -= 1
        super().handle_endtag(tag)

    def handle_data(self, data):
        if self.skip_summary:
            return
        if self.title is not None:
            self.title.append(data)
        super().handle_data(data)


def move_answers_to_key(page_html: str, *, prefix: str, chapter_title: str) -> str:
    """The page with its self-check answers gathered in an answer key at its end.

    Args:
        page_html: one printed page's HTML (ids already carry `prefix`).
        prefix: the page's id prefix in the printable edition, e.g. "domains-monitoring".
        chapter_title: the page's title, for the key's heading.
    """
    mover = _AnswerMover(prefix)
    mover.feed(page_html)
    mover.close()
    if not mover.answers:
        return page_html
    entries = "".join(
        f'<li id="{a.anchor}"><p><strong>{html.escape(a.title)}</strong> '
        f'(<a href="#{a.question_anchor}">back to the question</a>)</p>{"".join(a.body).strip()}</li>'
        for a in mover.answers)
    return ("".join(mover.main)
            + f'\n<section class="sg-print__answer-key" aria-labelledby="{prefix}--answer-key">'
            f'<h2 id="{prefix}--answer-key">Answer key: {html.escape(chapter_title)}</h2>'
            f'<ol class="sg-print__answers">{entries}</ol></section>')
