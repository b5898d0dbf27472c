"""Markup for the study tools: the progress panel and the practice quiz (HTML), and the flashcard
deck (Markdown, so that MkDocs renders the glossary definitions as on the glossary page).

Each generated block works without JavaScript (the quiz bank reads as collapsible questions and
answers, the flashcards as a definition list) and carries the `data-sg-*` attributes that the
small scripts in `docs/javascripts/` read to make it interactive. Controls that only work with
JavaScript are rendered `hidden` and shown by the scripts. Every value is escaped; no MkDocs
imports.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from studykit.glossary import Term, render_term_text, sort_key
from studykit.guide_map import PROGRESS_PREFIX
from studykit.quiz import OPTION_KEYS, Question

EXAM_SIZE = 50  # questions in the exam simulation (docs/javascripts/core/exam.js)
from studykit.safe_markdown import SafeMarkdown

# Heading ids of objectives: 2020 domains (obj-1-2 -> "1.2") and today's exam parts
# (gen-1-2 -> "G1.2" generative AI, plat-1-2 -> "P1.2" platform).
_OBJECTIVE_ID = r"(?P<part>obj|gen|plat)-(?P<major>\d+)-(?P<minor>\d+)"
OBJECTIVE_ID_RE = re.compile(f"^{_OBJECTIVE_ID}$")
PART_PREFIXES = {"obj": "", "gen": "G", "plat": "P"}


@dataclass(frozen=True)
class Objective:
    number: str  # "1.1", or "G1.1" / "P1.1" on the pages of today's exam
    anchor: str  # "obj-1-1", "gen-1-1", "plat-1-1"
    title: str  # heading text, e.g. "1.1 Translate a business challenge into an ML use case"


@dataclass(frozen=True)
class Domain:
    slug: str  # file stem of docs/<group>/<slug>.md; for the 2020 domains, the key the quiz bank uses
    title: str  # navigation title, e.g. "1. ML problem framing"
    href: str  # link to the domain page, relative to the page being rendered
    objectives: tuple[Objective, ...]
    group: str = "domains"  # folder of the page: domains (2020 guide), genai or platform


# Headings of the progress panel's groups, by folder.
PART_TITLES = {"domains": "The 2020 exam domains", "genai": "Today's exam: generative AI",
               "platform": "Today's exam: platform"}


@dataclass(frozen=True)
class SectionLink:
    href: str  # relative to the question bank's page
    title: str  # heading text of the section


def _objective_number(match: re.Match) -> str:
    """The progress key of an objective id matched by _OBJECTIVE_ID: obj-1-2 -> "1.2", gen-1-2 -> "G1.2"."""
    return f"{PART_PREFIXES[match['part']]}{match['major']}.{match['minor']}"


def extract_objectives(headings: Iterable[tuple[str, str]]) -> tuple[Objective, ...]:
    """Objectives among a page's `(id, title)` headings, in page order."""
    objectives = []
    for anchor, title in headings:
        match = OBJECTIVE_ID_RE.match(anchor)
        if match:
            objectives.append(Objective(_objective_number(match), anchor, title.strip()))
    return tuple(objectives)


# An objective heading as the toc extension writes it (before minify_html): its tag and id.
_OBJECTIVE_HEADING_RE = re.compile(
    rf'<(?P<tag>h2) id="{_OBJECTIVE_ID}"[^>]*>.*?</h2>'
    r'|<(?P<tag3>h3) id="guide-2026-(?P<gmajor>\d+)-(?P<gminor>\d+)"[^>]*>.*?</h3>',
    re.DOTALL,
)


def _progress_checkbox(match: re.Match) -> str:
    if match["tag"]:
        number = shown = _objective_number(match)
    else:
        number = f"{PROGRESS_PREFIX}{match['gmajor']}.{match['gminor']}"
        shown = f"June 2026 sub-objective {match['gmajor']}.{match['gminor']}"
    return (f'{match[0]}<p class="sg-studied" data-sg-js-only><label>'
            f'<input type="checkbox" data-sg-objective="{number}"> Mark {shown} as studied</label></p>')


def add_progress_checkboxes(page_html: str) -> str:
    """A "Mark as studied" checkbox under each objective heading (h2#obj-N-M, #gen-N-M, #plat-N-M;
    h3#guide-2026-N-M on the guide map), for docs/javascripts/progress.js to bind. In the HTML
    from the start, so that the page is painted with their space taken: added by the script,
    they pushed the text down and restyled the whole page."""
    return _OBJECTIVE_HEADING_RE.sub(_progress_checkbox, page_html)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _progress_row(label_id: str, label_html: str, numbers: list[str], domain: str,
                  unit: str = "objectives") -> str:
    total = len(numbers)
    return (
        f'<div class="sg-progress__row">'
        f'<span class="sg-progress__label" id="{label_id}">{label_html}</span>'
        f'<div class="sg-progress__bar" role="progressbar" aria-labelledby="{label_id}" '
        f'aria-valuemin="0" aria-valuemax="{total}" aria-valuenow="0" '
        f'aria-valuetext="0 of {total} {unit} studied" data-sg-unit="{unit}" data-sg-domain="{_attr(domain)}" '
        f'data-sg-objectives="{_attr(" ".join(numbers))}">'
        f'<span class="sg-progress__fill"></span></div>'
        f'<span class="sg-progress__count" aria-hidden="true">0/{total}</span>'
        f"</div>"
    )


@dataclass(frozen=True)
class GuideView:
    """The second progress view: the June 2026 guide's sections and their sub-objectives."""

    sections: list[tuple[int, str, str, list[str]]]  # (number, title, href, progress keys)


def render_progress_panel(domains: list[Domain], guide: GuideView | None = None) -> str:
    """The home page's progress bars (overall, then one per domain) and their controls.

    The panel is `hidden` until progress.js fills the bars from localStorage: without
    JavaScript there is no stored progress to show.
    """
    rows = [_progress_row("sg-progress-all", "All objectives",
                          [o.number for d in domains for o in d.objectives], "*")]
    group = None
    for d in domains:
        if d.group != group and d.group in PART_TITLES:
            group = d.group
            rows.append(f'<p class="sg-progress__group">{html.escape(PART_TITLES[group])}</p>')
        link = f'<a href="{_attr(d.href)}">{html.escape(d.title)}</a>'
        rows.append(_progress_row(f"sg-progress-{d.slug}", link, [o.number for o in d.objectives], d.slug))
    if guide is not None:
        # Same storage and export: the sub-objectives are kept as "2026-N.M".
        rows.append('<p class="sg-progress__group">By the June 2026 guide (mark sub-objectives as studied on '
                    f'<a href="{_attr(guide.sections[0][2].split("#")[0])}">the guide map</a>)</p>')
        rows.append(_progress_row("sg-progress-2026", "All sub-objectives",
                                  [k for *_, keys in guide.sections for k in keys], "*2026", "sub-objectives"))
        for number, title, href, keys in guide.sections:
            link = f'<a href="{_attr(href)}">Section {number}: {html.escape(title)}</a>'
            rows.append(_progress_row(f"sg-progress-2026-{number}", link, keys, f"2026-{number}", "sub-objectives"))
        rows.append(_quiz_summary(guide))
    return (
        # Rendered in full (its space reserved); only without JavaScript does the theme's
        # `no-js` class hide it, since there is no stored progress to show then.
        '<section class="sg-progress" aria-labelledby="sg-progress-title" data-sg-progress data-sg-js-only>\n'
        '<p class="sg-progress__title" id="sg-progress-title"><strong>Your progress</strong></p>\n'
        '<p class="sg-progress__hint">Mark each objective as studied on its page. Progress is '
        'kept in this browser only; export it to move it to another device.</p>\n'
        + "\n".join(rows)
        + '\n<div class="sg-progress__actions">'
        '<button type="button" class="md-button" data-sg-action="export">Export progress</button> '
        '<button type="button" class="md-button" data-sg-action="import">Import progress</button> '
        '<button type="button" class="md-button" data-sg-action="reset">Reset progress</button>'
        '<input type="file" accept="application/json,.json" data-sg-import-file hidden '
        'aria-label="Progress file to import">'
        "</div>\n"
        '<p class="sg-progress__status" role="status" aria-live="polite"></p>\n'
        "</section>"
    )


def _quiz_summary(guide: GuideView) -> str:
    """Quiz results per June 2026 section (filled by progress.js) and the weakest sections."""
    rows = "".join(
        f'<li data-sg-result-section="{number}"><a href="{_attr(href)}">Section {number}: {html.escape(title)}</a>: '
        '<span data-sg-result>No answers yet</span></li>'
        for number, title, href, _ in guide.sections)
    return ('<div class="sg-results" data-sg-quiz-summary>'
            '<p class="sg-progress__group">Quiz results by June 2026 section (every answer of the practice '
            'quiz and the exam simulations in this browser)</p>'
            f'<ul class="sg-results__list">{rows}</ul>'
            '<p data-sg-weakest-intro>Take a quiz to see which sections need work.</p>'
            '<ul class="sg-results__weakest" data-sg-weakest></ul></div>')


def make_inline_renderer(rewrite_href: Callable[[str], str] | None = None) -> Callable[[str], str]:
    """Render one line of question text (emphasis, code, links) to sanitized HTML, no `<p>`.

    The bank is data from pull requests, not markup: see `studykit.safe_markdown`.
    """
    return SafeMarkdown(rewrite_href).inline


def render_quiz(questions: list[Question], *, domain_titles: Mapping[str, str], bank_href: str,
                section_titles: Mapping[int, str]) -> str:
    """The quiz page body: the set-up form for quiz.js and a link to the question bank's page.

    The bank is on a page of its own (`render_question_bank`): its 300 questions weighed 900 KB
    on the quiz page, and Lighthouse measured the bytes, not the nodes, as what delayed the first
    paint. quiz.js fetches that page when a quiz starts. This page carries what the form needs
    before then: the bank's question ids (for the count of mistakes) and each pool's size.
    The form is in the HTML (its space reserved, hidden only without JavaScript by the theme's
    `no-js` class); quiz.js fills in the count of mistakes to review.

    Args:
        questions: the validated bank, in file order.
        domain_titles: 2020 domain slug -> title shown to the reader.
        bank_href: link to the page of the question bank, relative to the quiz page.
        section_titles: June 2026 section number -> its title.
    """
    by_domain: dict[str, int] = {}
    by_section: dict[int, int] = {}
    for q in questions:
        by_domain[q.domain] = by_domain.get(q.domain, 0) + 1
        by_section[q.section_2026] = by_section.get(q.section_2026, 0) + 1

    def choice(value: str, label: str, size: int) -> str:
        return f'<option value="{_attr(value)}" data-sg-size="{size}">{html.escape(label)} ({size})</option>'

    choices = [choice("", "All questions", len(questions)), '<optgroup label="By June 2026 section">']
    choices += [choice(f"s:{n}", f"Section {n}: {title}", by_section[n])
                for n, title in section_titles.items() if by_section.get(n)]
    choices += ['</optgroup>', '<optgroup label="By 2020 domain">']
    choices += [choice(f"d:{slug}", title, by_domain[slug]) for slug, title in domain_titles.items()
                if by_domain.get(slug)]
    choices.append('</optgroup>')
    default_count = min(10, len(questions))
    exam_size = min(EXAM_SIZE, len(questions))
    ids = " ".join(q.id for q in questions)
    return (
        f'<div class="sg-quiz" data-sg-quiz data-sg-quiz-bank-url="{_attr(bank_href)}" data-sg-quiz-ids="{ids}">\n'
        '<form class="sg-quiz__setup" data-sg-quiz-setup data-sg-js-only>\n'
        '<fieldset class="sg-quiz__mode"><legend>Practice</legend>\n'
        '<p><label for="sg-quiz-pool">Questions from</label> '
        f'<select id="sg-quiz-pool" name="pool">{"".join(choices)}</select></p>\n'
        '<p><label for="sg-quiz-count">Number of questions</label> '
        f'<input id="sg-quiz-count" name="count" type="number" min="1" max="{len(questions)}" '
        f'value="{default_count}" required></p>\n'
        '<p><button type="submit" class="md-button md-button--primary" data-sg-mode="practice">'
        'Start practice</button></p>\n</fieldset>\n'
        '<fieldset class="sg-quiz__mode"><legend>Exam simulation</legend>\n'
        f'<p>{exam_size} questions drawn by the weights of the June 2026 guide, and a two-hour countdown. '
        'Move between questions, mark some for review and change answers until you submit; the '
        'simulation submits itself when the time is up, then scores each section.</p>\n'
        '<p>The real exam reports only pass or fail, and Google publishes no cut score.</p>\n'
        '<p><button type="submit" class="md-button" data-sg-mode="exam">Start the exam simulation</button></p>\n'
        '</fieldset>\n'
        '<fieldset class="sg-quiz__mode"><legend>Review mistakes</legend>\n'
        '<p data-sg-mistakes-status>Questions you answer wrong come back here until you answer them right.</p>\n'
        '<p><button type="submit" class="md-button" data-sg-mode="review">Review mistakes</button></p>\n'
        '</fieldset>\n'
        '<p class="sg-quiz__status" role="status" data-sg-quiz-status></p>\n'
        "</form>\n"
        f'<p class="sg-quiz__browse"><a href="{_attr(bank_href)}">All {len(questions)} questions with their '
        'answers</a>, to browse or to use without JavaScript.</p>\n'
        '<section class="sg-quiz__results" data-sg-quiz-results tabindex="-1" '
        'aria-label="Quiz results" hidden></section>\n'
        '<form class="sg-quiz__run" data-sg-quiz-run hidden></form>\n'
        "</div>"
    )


def render_question_bank(questions: list[Question], *, domain_titles: Mapping[str, str],
                         sections: Mapping[str, SectionLink], render_inline: Callable[[str], str],
                         section_titles: Mapping[int, str]) -> str:
    """The question bank's page body: every question as a collapsible question and answer.

    quiz.js reads the questions from this list (ol[data-sg-quiz-bank]); without JavaScript a
    reader opens each question, then its answer.

    Args:
        questions: the validated bank, in file order.
        domain_titles: 2020 domain slug -> title shown to the reader.
        sections: question id -> the section its `learn_more` points to, linked from this page.
        render_inline: Markdown-to-HTML for one line of question text.
        section_titles: June 2026 section number -> its title.
    """
    items = [_render_question(n, q, domain_titles, sections[q.id], render_inline,
                              section_titles.get(q.section_2026, ""))
             for n, q in enumerate(questions, start=1)]
    return '<ol class="sg-quiz__bank" data-sg-quiz-bank>\n' + "\n".join(items) + "\n</ol>"


def _render_question(number: int, q: Question, domain_titles: Mapping[str, str],
                     section: SectionLink, render_inline: Callable[[str], str], section_title: str) -> str:
    domain = domain_titles.get(q.domain, q.domain)
    options = "".join(
        f'<li data-sg-option="{key}"><span class="sg-quiz__key">{key}.</span> '
        f'<span class="sg-quiz__text">{render_inline(q.options[key])}</span></li>'
        for key in OPTION_KEYS
    )
    why = "".join(
        f'<li data-sg-why="{key}"><strong>{key}{" (correct)" if key == q.answer else ""}.</strong> '
        f"{render_inline(q.why[key])}</li>"
        for key in OPTION_KEYS
    )
    return (
        f'<li class="sg-quiz__item" id="q-{q.id}" data-sg-id="{q.id}" data-sg-domain="{_attr(q.domain)}" '
        f'data-sg-domain-title="{_attr(domain)}" data-sg-answer="{q.answer}" '
        f'data-sg-section="{q.section_2026}" data-sg-section-title="{_attr(section_title)}" '
        f'data-sg-objective="{q.objective_2026}">\n'
        # Not in the search index: the bank's page says `search: exclude` (the bank would crowd
        # every search, and an answer found by search spoils its question).
        f'<details class="question sg-quiz__question">\n'
        f'<summary><span class="sg-quiz__meta">Question {number} · June 2026 §{q.objective_2026} · '
        f'{html.escape(domain)}</span> '
        f'<span class="sg-quiz__stem">{render_inline(q.question)}</span></summary>\n'
        f'<ol class="sg-quiz__options">{options}</ol>\n'
        f'<details class="success sg-quiz__answer">\n'
        f"<summary>Answer</summary>\n"
        f'<p class="sg-quiz__correct"><strong>{q.answer}</strong> is correct.</p>\n'
        f'<ul class="sg-quiz__why">{why}</ul>\n'
        f'<p class="sg-quiz__learn-more">Learn more: '
        f'<a href="{_attr(section.href)}">{html.escape(section.title)}</a></p>\n'
        + _sources_line(q)
        + f"</details>\n</details>\n</li>"
    )



def _sources_line(q: Question) -> str:
    """The documentation a question rests on, with the day it was checked ('' when none)."""
    if not q.sources:
        return ""
    links = ", ".join(
        f'<a href="{_attr(s.url)}">{html.escape(_short_url(s.url))}</a> (checked {s.checked.isoformat()})'
        for s in q.sources)
    return f'<p class="sg-quiz__sources">Documentation: {links}</p>\n'


def _short_url(url: str) -> str:
    """'https://cloud.google.com/bigquery/docs/x?y' -> 'cloud.google.com/bigquery/docs/x'."""
    rest = url.split("://", 1)[-1]
    return rest.split("?", 1)[0].split("#", 1)[0].rstrip("/")


def render_flashcards(terms: Iterable[Term], *, domain_titles: Mapping[str, str],
                               glossary_url: str | None,
                               rewrite_href: Callable[[str], str] | None = None) -> str:
    """HTML for the flashcards page: JavaScript controls, then one card per term.

    Without JavaScript the cards read as a definition list. A card's back says what the term
    is (its short definition), then the detail; the text is sanitized HTML (see
    `studykit.safe_markdown`), so the site's Markdown extensions never see data text.

    Args:
        terms: the glossary's terms, in glossary order (the deck is sorted by term here).
        domain_titles: domain key -> label for the filter, in the order to offer them.
        glossary_url: URL of the glossary page relative to the flashcards page, for "Glossary
            entry" links (None when the site has no glossary page).
        rewrite_href: turns a definition's docs-relative link into one from the flashcards page.
    """
    deck = sorted(terms, key=sort_key)
    counts = {d: sum(d in t.domains for t in deck) for d in domain_titles}
    choices = [f'<option value="">All domains ({len(deck)} cards)</option>'] + [
        f'<option value="{_attr(d)}">{html.escape(title)} ({counts[d]})</option>'
        for d, title in domain_titles.items() if counts[d]
    ]
    lines = [
        '<div class="sg-flashcards" data-sg-flashcards>',
        # Controls only JavaScript can drive: in the HTML with their space reserved, hidden
        # without JavaScript by the theme's `no-js` class (and the deck then shows instead).
        '<div class="sg-flashcards__controls" data-sg-cards-controls data-sg-js-only>',
        '<p class="sg-flashcards__filters"><label for="sg-cards-domain">Cards from</label> '
        f'<select id="sg-cards-domain">{"".join(choices)}</select> '
        '<button type="button" class="md-button" data-sg-cards="shuffle">Shuffle</button> '
        '<button type="button" class="md-button" data-sg-cards="reset">Reset boxes</button></p>',
        '<p class="sg-flashcards__due" data-sg-cards-due>Cards you have not studied yet are due.</p>',
        '<div class="sg-flashcards__stage" data-sg-cards-stage><div class="sg-card-view"></div></div>',
        '<p class="sg-flashcards__nav">'
        '<button type="button" class="md-button" data-sg-cards="previous">Previous</button> '
        '<button type="button" class="md-button md-button--primary" data-sg-cards="flip">Flip</button> '
        '<button type="button" class="md-button" data-sg-cards="next">Next</button></p>',
        '<p class="sg-flashcards__grade">'
        '<button type="button" class="md-button" data-sg-cards="again">Again</button> '
        '<button type="button" class="md-button md-button--primary" data-sg-cards="know">Know it</button></p>',
        # Sighted readers see the count; the live region also reads out the definition.
        '<p class="sg-flashcards__count" data-sg-cards-count aria-hidden="true"></p>',
        '<p class="sg-visually-hidden" data-sg-cards-status role="status" aria-live="polite"></p>',
        "</div>",
        '<dl class="sg-flashcards__deck" data-sg-cards-deck>',
    ]
    renderer = SafeMarkdown(rewrite_href)
    for term in deck:
        more = (f'<p class="sg-card__more"><a href="{_attr(glossary_url)}#{_attr(term.id)}">'
                f"Glossary entry for {html.escape(term.term)}</a></p>" if glossary_url else "")
        lines.append(
            f'<div class="sg-card" data-sg-card="{_attr(term.id)}" '
            f'data-sg-domains="{_attr(" ".join(term.domains))}">'
            f'<dt class="sg-card__term">{html.escape(term.term)}</dt>'
            f'<dd class="sg-card__definition">{render_term_text(term, renderer)}{more}</dd>'
            "</div>")
    lines += ["</dl>", "</div>"]
    return "\n".join(lines)
