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
    `details.success` in a question admonition, not inside another answer."""
    found = []
    for question in root.css("div.admonition.question"):
        title_node = question.css_first("p.admonition-title")
        title = re.sub(r"\s+", " ", title_node.text()).strip() if title_node else ""
        for details in question.css("details.success"):
            enclosing = details.parent
            while enclosing is not None and enclosing.mem_id != question.mem_id:
                if enclosing.tag == "details" and "success" in (enclosing.attributes.get("class") or "").split():
                    break
                enclosing = enclosing.parent
            if enclosing is not None and enclosing.mem_id == question.mem_id:
                found.append((title, details))
    return found


def move_answers_in(root: LexborNode, *, prefix: str, chapter_title: str) -> str:
    """The HTML of `root`'s content with its self-check answers gathered in an answer key at
    its end (`root` is changed).

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
        return root.inner_html
    return (root.inner_html
            + f'\n<section class="sg-print__answer-key" aria-labelledby="{prefix}--answer-key">'
            f'<h2 id="{prefix}--answer-key">Answer key: {html.escape(chapter_title)}</h2>'
            f'<ol class="sg-print__answers">{"".join(entries)}</ol></section>')


def move_answers_to_key(page_html: str, *, prefix: str, chapter_title: str) -> str:
    """`move_answers_in` for HTML text; a page without self-checks comes back unchanged."""
    root = fragment_root(page_html)
    if not _answers(root):
        return page_html
    return move_answers_in(root, prefix=prefix, chapter_title=chapter_title)
