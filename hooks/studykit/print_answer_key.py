"""Answer keys for the printable edition: a learner can test themselves on paper.

On a printed teaching page, every self-check's folded answer (`??? success "Answer"` inside a
`!!! question` admonition) leaves its question and moves to an answer key at the end of the
page's chapter; the question keeps a line that says where its answer is. The page is changed in
its parsed tree (see `studykit.printable`), so everything else stays as it was.
"""
from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from studykit.printable import fragment_root


def _answers(root: LexborNode) -> list[tuple[str, LexborNode]]:
    """(self-check title, answer) of every self-check, in page order. An answer is a
    `details.success` in a question admonition, not inside another answer; its title is that of
    the nearest question around it."""
    found = []
    for details in root.css("div.admonition.question details.success"):
        question = None
        node = details.parent
        while node is not None and node.mem_id != root.mem_id:
            classes = (node.attributes.get("class") or "").split()
            if node.tag == "details" and "success" in classes:
                break  # inside another answer: it travels with that one
            if question is None and node.tag == "div" and {"admonition", "question"} <= set(classes):
                question = node
            node = node.parent
        else:
            title_node = question.css_first("p.admonition-title")
            found.append((re.sub(r"\s+", " ", title_node.text()).strip() if title_node else "", details))
    return found


def move_answers_in(root: LexborNode, *, prefix: str, chapter_title: str) -> str | None:
    """The HTML of `root`'s content with its self-check answers gathered in an answer key at
    its end (`root` is changed); None when the page has no self-check.

    Args:
        root: one printed page's parsed content (ids already carry `prefix`).
        prefix: the page's id prefix in the printable edition, e.g. "domains-monitoring".
        chapter_title: the page's title, for the key's heading.
    """
    entries = []
    for number, (title, details) in enumerate(_answers(root), start=1):
        anchor, question_anchor = f"{prefix}--answer-key-{number}", f"{prefix}--self-check-{number}"
        summary = details.css_first("summary")
        if summary is not None and summary.parent.mem_id == details.mem_id:
            summary.decompose()
        body = details.inner_html.strip()
        reference = LexborHTMLParser(
            f'<p class="sg-print__answer-ref" id="{question_anchor}"><a href="#{anchor}">'
            "Answer: see the answer key at the end of this chapter</a></p>").css_first("p")
        details.replace_with(reference)
        entries.append(f'<li id="{anchor}"><p><strong>{html.escape(title or f"Self-check {number}")}</strong> '
                       f'(<a href="#{question_anchor}">back to the question</a>)</p>{body}</li>')
    if not entries:
        return None
    return (root.inner_html
            + f'\n<section class="sg-print__answer-key" aria-labelledby="{prefix}--answer-key">'
            f'<h2 id="{prefix}--answer-key">Answer key: {html.escape(chapter_title)}</h2>'
            f'<ol class="sg-print__answers">{"".join(entries)}</ol></section>')


def move_answers_to_key(page_html: str, *, prefix: str, chapter_title: str) -> str:
    """`move_answers_in` for HTML text; a page without self-checks comes back unchanged."""
    return move_answers_in(fragment_root(page_html), prefix=prefix, chapter_title=chapter_title) or page_html
