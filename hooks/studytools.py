"""MkDocs hook: study tools (progress bars, practice quiz, flashcards, printable edition).

Each tool fills a marker in a stub page: `<!-- progress -->` (home page), `<!-- quiz -->`
(the quiz's set-up), `<!-- quiz-bank -->` (every question, on a page of its own),
`<!-- flashcards -->`, `<!-- print -->` and `<!-- guide-2026 -->`. The June 2026 guide map
(Markdown, so MkDocs resolves its links) is written when its page is read; the flashcards (from
the glossary, read with its own loader, as sanitized HTML) once it is rendered. The progress
panel, the quiz and the printable edition need every page rendered first (objective headings,
the anchors quiz links point to, the pages' HTML), so they are filled in `on_env`, which runs
after all pages are rendered and before any is templated or indexed for search. The logic lives in
`studykit`. Under `mkdocs serve`, the costly pure steps (reading the bank and the glossary,
rendering the quiz, the flashcards and each chapter of the printable edition) are kept from one
build to the next, keyed by everything they read (`_Memo`).

Events:
    on_config: start a fresh per-build state (module state survives `mkdocs serve` rebuilds)
        and load the question bank, so bad data stops the build before any page is rendered.
    on_pre_build: check the bank's learn_more links and the guide map's links against the pages'
        Markdown (and that a quiz page has its bank), before MkDocs empties the site folder.
    on_files: warn when a study-tool page (index, quiz, flashcards, print) lost its marker.
    on_nav: remember the navigation (page order and titles).
    on_page_markdown: note which page holds which marker; write the map of the June 2026 guide
        (Markdown, so MkDocs resolves and checks its links).
    on_page_content: write the flashcards (HTML) into their page.
    on_env: validate quiz links, then fill the markers.
    on_post_page: add the progress checkboxes to the objective headings.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.glossary import DOMAIN_LABELS, DOMAIN_PAGES, GlossaryError, load_glossary
from studykit.printable import PrintSource, assemble_printable, select_print_pages
from studykit.quiz import DOMAIN_PREFIXES, Question, QuizError, check_learn_more, load_quiz
from studykit.guide_map import GuideMapError, load_guide_map, render_guide_markdown
from studykit.guide_map import Section as GuideSection
from studykit.guide_map import check_links as check_guide_links
from studykit.memo import Memo
from studykit.source_anchors import heading_titles, source_anchors
from studykit.studytools import (
    Domain,
    GuideView,
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
from studykit.urls import docs_link_rewriter, relative_url

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink, TableOfContents

log = logging.getLogger("mkdocs.hooks.studytools")

QUIZ_FILE = "data/quiz.yml"
GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
# One marker per tool, on a line of its own in the tool's stub page. Flashcards are filled in
# the Markdown; the others after rendering, as Python-Markdown passes an HTML comment through.
MARKERS = {name: f"<!-- {name} -->"
           for name in ("progress", "quiz", "quiz-bank", "flashcards", "print", "guide-2026")}
QUIZ_MARKERS = ("quiz", "quiz-bank")  # the pages that need data/quiz.yml
MARKER_LINE_RES = {
    name: re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*$", re.MULTILINE)
    for name, marker in MARKERS.items()
}
# Pages whose ids a hook generates (a study tool, the glossary's entries, the link index):
# their anchors are only known once rendered. Named, so that `<!-- guide-2026 -->` counts and
# a writer's own `<!-- note -->` does not.
GENERATED_MARKER_RE = re.compile(
    r"^[ \t]*<!--\s*(?:" + "|".join(map(re.escape, (*MARKERS, "glossary", "link-index"))) + r")\s*-->[ \t]*$",
    re.MULTILINE)
# The stub page of each tool: losing its marker in an edit would drop the tool silently.
STUB_PAGES = {"index.md": "progress", "quiz.md": "quiz", "questions.md": "quiz-bank", "flashcards.md": "flashcards",
              "print.md": "print", "guide-2026.md": "guide-2026"}
GUIDE_FILE = "data/guide-2026.yml"


@dataclass
class _State:
    root: Path
    questions: list[Question] | None = None  # None: there is no question bank
    bank_text: bytes | None = None  # data/quiz.yml as read: what the rendered quiz depends on
    guide: list[GuideSection] | None = None  # None: there is no map of the June 2026 guide
    nav: Navigation | None = None
    marked: dict[str, list[Page]] = field(default_factory=dict)  # marker name -> pages holding it
    section_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> heading id -> text


_state: _State | None = None


# The costly pure steps (reading the question bank and the glossary, the pages' anchors and
# headings, rendering the quiz, the flashcards and the printable edition's chapters) survive
# rebuilds on purpose; everything else is per build (_state).
_memo = Memo()


def on_config(config: MkDocsConfig, **kwargs) -> None:
    """Reset the per-build state and load the question bank."""
    global _state
    root = Path(config.config_file_path).parent
    _state = _State(root=root)
    _memo.start_build()
    if (root / GUIDE_FILE).exists():
        try:
            _state.guide = load_guide_map(root / GUIDE_FILE, GUIDE_FILE)
        except GuideMapError as e:
            raise PluginError(f"Invalid map of the June 2026 guide:\n{e}") from e
    if not (root / QUIZ_FILE).exists():
        return  # only an error if a page asks for the quiz (see _render_quiz_for)
    try:
        bank = root / QUIZ_FILE
        _state.bank_text = bank.read_bytes()
        _state.questions = list(_memo.get("quiz", _state.bank_text, lambda: load_quiz(bank, QUIZ_FILE)))
    except QuizError as e:
        raise PluginError(f"Invalid question bank:\n{e}") from e


def on_pre_build(*, config: MkDocsConfig, **kwargs) -> None:
    """Check the bank's links against the pages' sources, before MkDocs empties the site folder.

    A bad `learn_more` or a missing bank then leaves the previous build in place. The exact
    check against the rendered pages runs again in on_env.
    """
    docs = Path(config.docs_dir)
    sources = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
               for path in sorted(docs.rglob("*.md"))}
    anchors = {src: None if _has_generated_marker(text) else
               _memo.get(f"anchors:{src}", text, lambda text=text: source_anchors(text))
               for src, text in sources.items()}
    if _state.guide is not None:
        problems = check_guide_links(_state.guide, GUIDE_FILE, anchors)
        if problems:
            raise PluginError("Invalid map of the June 2026 guide:\n" + "\n".join(map(str, problems)))
    for src, text in sources.items():
        if _state.guide is None and _has_marker("guide-2026", text):
            raise PluginError(f"{src}: the page has a '{MARKERS['guide-2026']}' marker, but {GUIDE_FILE} does not "
                              "exist (fix: create it; see CONTRIBUTING.md, 'The June 2026 guide map')")
    _state.section_titles = {src: _memo.get(f"headings:{src}", text, lambda text=text: heading_titles(text))
                             for src, text in sources.items()}
    quiz_pages = {name: [src for src, text in sources.items() if _has_marker(name, text)]
                  for name in QUIZ_MARKERS}
    if _state.questions is None:
        for name in QUIZ_MARKERS:
            if quiz_pages[name]:
                raise PluginError(_missing_bank_message(quiz_pages[name][0], name))
        return
    if quiz_pages["quiz"] and not quiz_pages["quiz-bank"]:
        raise PluginError(f"{quiz_pages['quiz'][0]}: the page has a '{MARKERS['quiz']}' marker, but no page has "
                          f"the '{MARKERS['quiz-bank']}' marker that the quiz loads its questions from (fix: put "
                          "it on a line of its own in docs/questions.md; see CONTRIBUTING.md, 'Quiz questions')")
    problems = check_learn_more(_state.questions, QUIZ_FILE, anchors)
    if problems:
        raise PluginError("Invalid question bank:\n" + "\n".join(map(str, problems)))


def _has_marker(name: str, text: str) -> bool:
    """A line holding just the marker. The plain `in` first: a line-start regex cannot skip
    ahead through a page, and six of them per page took a tenth of a second per build."""
    return MARKERS[name] in text and MARKER_LINE_RES[name].search(text) is not None


def _has_generated_marker(text: str) -> bool:
    return "<!--" in text and GENERATED_MARKER_RE.search(text) is not None


def _missing_bank_message(src: str, name: str) -> str:
    return (f"{src}: the page has a '{MARKERS[name]}' marker, but {QUIZ_FILE} does not exist "
            "(fix: create it; see CONTRIBUTING.md, 'Quiz questions')")


def on_files(files: Files, *, config: MkDocsConfig, **kwargs) -> None:
    """Warn when a study-tool page has lost its marker."""
    for src_uri, name in STUB_PAGES.items():
        file = files.get_file_from_path(src_uri)
        if file is not None and not _has_marker(name, file.content_string):
            log.warning("%s: no '%s' marker line, so the page lacks its study tool "
                        "(fix: put the marker on a line of its own where the tool goes)", src_uri, MARKERS[name])


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files, **kwargs) -> None:
    """Remember the navigation: domain order, titles and the printable edition's order."""
    _state.nav = nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str | None:
    """Note the pages that hold a study-tool marker; write the map of the June 2026 guide."""
    found = [name for name in MARKERS if _has_marker(name, markdown)]
    for name in found:
        _state.marked.setdefault(name, []).append(page)
    if "guide-2026" in found and _state.guide is not None:
        body = render_guide_markdown(_state.guide, page_titles=_nav_titles(), section_titles=_state.section_titles,
                                     from_page=page.file.src_uri)
        markdown = MARKER_LINE_RES["guide-2026"].sub(lambda _: body, markdown, count=1)
        return markdown
    return None


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str | None:
    """Fill the flashcards marker. The deck is HTML (sanitized data text and raw controls):
    put in after Markdown, which took a third of a second to pass its 360 KB through."""
    if page not in _state.marked.get("flashcards", []):
        return None
    glossary_path = _state.root / GLOSSARY_FILE
    try:
        glossary_text = glossary_path.read_bytes()
    except OSError:
        glossary_text = None  # load_glossary reports it
    try:
        glossary = _memo.get("glossary", glossary_text, lambda: load_glossary(glossary_path, GLOSSARY_FILE))
    except GlossaryError as e:
        raise PluginError(f"{page.file.src_uri}: the flashcards need a valid glossary:\n{e}") from e
    titles = _nav_titles()
    domain_titles = {d: titles.get(src, DOMAIN_LABELS[d]) for d, src in DOMAIN_PAGES.items()}
    glossary_file = files.get_file_from_path(GLOSSARY_PAGE)
    glossary_url = glossary_file.url_relative_to(page.file) if glossary_file is not None else None
    links = _docs_page_urls(files)
    key = (glossary_text, tuple(domain_titles.items()), glossary_url, page.url, links)
    cards = _memo.get(f"flashcards:{page.file.src_uri}", key, lambda: render_flashcards(
        glossary.terms, domain_titles=domain_titles, glossary_url=glossary_url,
        rewrite_href=docs_link_rewriter(dict(links), page.url)))
    return _filled(html_text, page, "flashcards", cards)


def _nav_titles() -> dict[str, str]:
    """Navigation title of every page, by source path."""
    return {p.file.src_uri: p.title for p in _state.nav.pages if p.title}


def on_env(env: Environment, *, config: MkDocsConfig, files: Files, **kwargs) -> None:
    """Fill the markers now that every page is rendered."""
    nav_pages = list(_state.nav.pages)
    domain_pages = _domain_pages(nav_pages)
    for page in _state.marked.get("progress", []):
        _fill(page, "progress", render_progress_panel(_domains(domain_pages, page), _guide_view(files, page)))
    quiz_pages = _state.marked.get("quiz", [])
    bank_pages = _state.marked.get("quiz-bank", [])
    if quiz_pages or bank_pages:  # on_pre_build made sure that data/quiz.yml exists
        _check_quiz_links(files)
    for page in bank_pages:
        _fill(page, "quiz-bank", _render_bank_for(page, files, _domains(domain_pages, page)))
    for page in quiz_pages:
        _fill(page, "quiz", _render_quiz_for(page, bank_pages, _domains(domain_pages, page)))
    for page in _state.marked.get("print", []):
        by_uri = {p.file.src_uri: p for p in nav_pages}
        sources = [PrintSource(uri, by_uri[uri].url, by_uri[uri].title or uri, by_uri[uri].content or "")
                   for uri in select_print_pages(by_uri)]
        chapters = _memo.get(f"print:{page.url}", page.url, dict)  # url_to depends on page.url only
        _fill(page, "print", assemble_printable(sources, url_to=_links_from(page), chapter_cache=chapters))
        log.debug("studytools: printable edition of %d pages", len(sources))


@event_priority(10)  # before minify_html (0) and the link check (-100) see the page
def on_post_page(output: str, *, page: Page, **kwargs) -> str | None:
    """Add the progress checkboxes (after the search plugin has read the page: "Mark 1.1 as
    studied" is not worth finding)."""
    return add_progress_checkboxes(output)


def _guide_view(files: Files, page: Page) -> GuideView | None:
    """The June 2026 sections for the progress panel's second view, linked from `page`."""
    map_file = files.get_file_from_path("guide-2026.md")
    if _state.guide is None or map_file is None:
        return None
    href = relative_url(page.url, map_file.url)
    return GuideView([(s.number, s.title, f"{href}#{s.anchor}", [o.progress_key for o in s.objectives])
                      for s in _state.guide])


def _links_from(page: Page) -> Callable[[str], str]:
    """Site URL -> link relative to `page`."""
    return lambda url: relative_url(page.url, url)


def _fill(page: Page, name: str, generated: str) -> None:
    page.content = _filled(page.content or "", page, name, generated)


def _filled(html_text: str, page: Page, name: str, generated: str) -> str:
    """The page's HTML with the tool in place of its marker (or a warning, if Markdown ate it)."""
    marker = MARKERS[name]
    if marker not in html_text:
        log.warning("%s: the '%s' marker did not reach the page's HTML, so the tool is missing "
                    "(fix: put the marker on a line of its own, outside code blocks)", page.file.src_uri, marker)
        return html_text
    return html_text.replace(marker, generated, 1)


def _headings(toc: TableOfContents) -> list[tuple[str, str]]:
    """Every heading of a page as (id, text), depth first, in page order."""
    found: list[tuple[str, str]] = []

    def walk(items: list[AnchorLink]) -> None:
        for item in items:
            found.append((item.id, html.unescape(item.title)))
            walk(item.children)

    walk(list(toc))
    return found


# Folders of teaching pages with objective headings: the 2020 domains and today's exam parts.
OBJECTIVE_FOLDERS = ("domains/", "genai/", "platform/")


def _domain_pages(nav_pages: list[Page]) -> list[tuple[Page, tuple[Objective, ...]]]:
    """Teaching pages (docs/<folder>/<slug>.md with objective headings), in navigation order."""
    found = []
    for page in nav_pages:
        uri = page.file.src_uri
        if uri.startswith(OBJECTIVE_FOLDERS) and uri.count("/") == 1:
            objectives = extract_objectives(_headings(page.toc))
            if objectives:
                found.append((page, objectives))
    return found


def _domains(domain_pages: list[tuple[Page, tuple[Objective, ...]]], from_page: Page) -> list[Domain]:
    """The domains, with links relative to `from_page`."""
    return [Domain(Path(p.file.src_uri).stem, p.title or p.file.src_uri,
                   relative_url(from_page.url, p.url), objectives, p.file.src_uri.split("/")[0])
            for p, objectives in domain_pages]


def _check_quiz_links(files: Files) -> None:
    """Check every quiz link against the rendered pages."""
    anchors = {f.src_uri: (set(f.page.present_anchor_ids) if f.page and f.page.present_anchor_ids is not None
                           else None)
               for f in files.documentation_pages()}
    problems = check_learn_more(_state.questions, QUIZ_FILE, anchors)
    if problems:
        raise PluginError("Invalid question bank:\n" + "\n".join(map(str, problems)))


def _quiz_titles(domains: list[Domain]) -> tuple[dict[str, str], dict[int, str]]:
    """Titles of the 2020 domains (by bank slug) and of the June 2026 sections (by number)."""
    titles_by_slug = {d.slug: d.title for d in domains}
    domain_titles = {slug: titles_by_slug.get(slug, slug) for slug in DOMAIN_PREFIXES}
    section_titles = {s.number: s.title for s in _state.guide} if _state.guide else {}
    return domain_titles, section_titles


def _render_quiz_for(page: Page, bank_pages: list[Page], domains: list[Domain]) -> str:
    """The quiz's set-up for `page`, linked to the (first) page of the question bank (on_pre_build
    made sure there is one)."""
    domain_titles, section_titles = _quiz_titles(domains)
    return render_quiz(_state.questions, domain_titles=domain_titles, section_titles=section_titles,
                       bank_href=relative_url(page.url, bank_pages[0].url))


def _render_bank_for(page: Page, files: Files, domains: list[Domain]) -> str:
    """Every question of the bank, with its links relative to `page`."""
    sections, headings_of = {}, {}
    for q in _state.questions:
        target = files.get_file_from_path(q.learn_more_page)
        if q.learn_more_page not in headings_of:
            headings_of[q.learn_more_page] = dict(_headings(target.page.toc)) if target.page else {}
        headings = headings_of[q.learn_more_page]
        title = headings.get(q.learn_more_anchor) or (target.page and target.page.title) or q.learn_more_page
        href = relative_url(page.url, target.url) + "#" + q.learn_more_anchor
        sections[q.id] = SectionLink(href, title)
    domain_titles, section_titles = _quiz_titles(domains)
    links = _docs_page_urls(files)
    key = (_state.bank_text, page.url, tuple(sections.items()), tuple(domain_titles.items()),
           tuple(section_titles.items()), links)
    return _memo.get(f"quiz-bank:{page.file.src_uri}", key, lambda: render_question_bank(
        _state.questions, domain_titles=domain_titles, sections=sections,
        render_inline=make_inline_renderer(docs_link_rewriter(dict(links), page.url)),
        section_titles=section_titles))


def _docs_page_urls(files: Files) -> tuple[tuple[str, str], ...]:
    """(source path, URL) of every page, in a form that can key the memo."""
    return tuple((f.src_uri, f.url) for f in files.documentation_pages())
