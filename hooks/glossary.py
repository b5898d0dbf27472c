"""MkDocs hook: the glossary. Thin adapter around `studykit.glossary` and `studykit.linker`.

Events, in the order MkDocs calls them:
- on_config: load and validate `data/glossary.yml` (bad data stops the build with a
  PluginError naming the line), compile the matcher, add the Markdown extension. All per-build
  state is created here, because `mkdocs serve` imports this module once and calls on_config
  at every rebuild: nothing from the previous build (backlinks above all) can leak.
- on_files: find the glossary page and check its `<!-- glossary -->` marker; without it,
  auto-linking is off for the build (one warning instead of a broken link per mention).
- on_nav: remember the navigation order, used to order backlinks.
- on_page_markdown: the glossary page gets its jump bar and letter headings; every other page
  tells the extension the glossary's URL relative to it, whether it opted out (`glossary:
  false`) and which terms are its exam domain's (the link budget serves them first).
- on_page_content: collect which terms each page section linked, and list at the end of the page
  the terms its link budget left without a link; on the glossary page, put the
  entries (HTML, one block per letter) where the letters' placeholders are, after Markdown, which
  would only parse them, and tell MkDocs their ids so that links to them are validated.
- on_env: under `make serve`'s incremental rebuilds (hooks/incremental.py), pages that were
  not rendered again keep the terms they linked in the last build.
- on_page_context (glossary page only, after Material's search plugin has indexed it): every
  page is rendered by now (MkDocs renders all pages before templating any), so the "Appears in"
  backlinks go into the glossary page's HTML here. Doing it after search indexing keeps the
  backlink lists out of search results (they would match every term on every page) and saves
  the search plugin from parsing them (10% of the build time of the synthetic 500-page site).
  It also checks that every linked term id is an anchor of the rendered glossary page: the
  linker writes final URLs, which MkDocs does not validate (see studykit/linker.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.glossary import (
    BacklinkIndex,
    Glossary,
    GlossaryError,
    domain_of_page,
    insert_backlinks,
    load_glossary,
    render_backlinks_html,
    GlossaryPage,
    render_glossary_page,
    render_page_terms_html,
    replace_marker,
)
from studykit.linker import GlossaryExtension, TermMatcher
from studykit.memo import Memo
from studykit.urls import docs_link_rewriter, relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.hooks.glossary")

DATA_FILE = "data/glossary.yml"  # relative to mkdocs.yml
GLOSSARY_PAGE = "glossary.md"  # relative to docs_dir
REQUIRED_EXTENSIONS = ("attr_list",)  # `{ #id }` on generated headings; toc is built in


@dataclass
class _Build:
    glossary: Glossary
    extension: GlossaryExtension
    linking: bool = True
    glossary_file: File | None = None
    glossary_page: Page | None = None
    entries: GlossaryPage | None = None  # the glossary page's generated part, until it is rendered
    backlinks: BacklinkIndex = field(default_factory=BacklinkIndex)
    links: int = 0
    permalink: dict[str, str] = field(default_factory=dict)  # the toc extension's, for the entries
    over_budget: dict[str, int] = field(default_factory=dict)  # page -> terms the budget left unlinked
    pages: dict[str, _PageTerms] = field(default_factory=dict)  # what each page linked, by source path


@dataclass(frozen=True)
class _PageTerms:
    """What one rendered page linked: its part of the backlinks and of the counts."""

    url: str
    title: str
    usages: tuple
    links: int
    unlinked: int


_build: _Build | None = None
# The last build's _PageTerms, for the pages that an incremental rebuild does not render again.
_last_pages: dict[str, _PageTerms] = {}
_memo = Memo()  # the loaded glossary, kept across `mkdocs serve` rebuilds on purpose


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    """Load the glossary, compile the matcher and register the Markdown extension."""
    global _build
    _build = None
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            raise PluginError(f"glossary: markdown extension '{name}' is required "
                              f"(fix: add '- {name}' under markdown_extensions in mkdocs.yml)")
    _memo.start_build()
    glossary, matcher = _load(Path(config.config_file_path).parent / DATA_FILE)
    extension = GlossaryExtension.from_glossary(glossary, matcher=matcher)
    config.markdown_extensions.append(extension)
    _build = _Build(glossary, extension, permalink=_permalink_options(config.mdx_configs.get("toc", {})))
    return config


def _load(path: Path) -> tuple[Glossary, TermMatcher]:
    """The glossary and its compiled matcher; the same file gives the same ones without parsing
    it again (a `mkdocs serve` rebuild: a tenth of a second)."""
    try:
        text = path.read_bytes()
    except OSError:
        text = None  # load_glossary reports it

    def load() -> tuple[Glossary, TermMatcher]:
        try:
            glossary = load_glossary(path, DATA_FILE)
        except GlossaryError as e:
            raise PluginError(str(e)) from e
        return glossary, TermMatcher.from_glossary(glossary)

    return _memo.get("glossary", text, load)


def _permalink_options(toc: dict) -> dict[str, str]:
    """The entries' permalinks look like the toc extension's on every other heading."""
    permalink = toc.get("permalink")
    if not permalink:
        return {}
    return {"permalink": "\u00b6" if permalink is True else str(permalink),
            "permalink_title": str(toc.get("permalink_title", "Permanent link"))}


def on_files(files: Files, *, config: MkDocsConfig, **kwargs) -> None:
    """Check that the glossary page exists and has its marker."""
    build = _state()
    page_file = files.get_file_from_path(GLOSSARY_PAGE)
    if page_file is None:
        build.linking = False
        log.warning("%s: page not found in %s, so terms are not linked "
                    "(fix: create it with a '<!-- glossary -->' marker)", GLOSSARY_PAGE, config.docs_dir)
        return
    build.glossary_file = page_file
    if replace_marker(page_file.content_string, "") is None:
        build.linking = False
        log.warning("%s: no '<!-- glossary -->' marker, so the glossary entries and term links are "
                    "left out (fix: put the marker on a line of its own where the entries go)", GLOSSARY_PAGE)


def on_nav(nav: Navigation, **kwargs) -> None:
    """Backlinks list pages in navigation order."""
    _state().backlinks = BacklinkIndex(page.file.src_uri for page in nav.pages)


def on_page_markdown(markdown: str, *, page: Page, files: Files, **kwargs) -> str | None:
    """Generate the glossary page; tell the linker about every other page."""
    build = _state()
    src = page.file.src_uri
    if src == GLOSSARY_PAGE:
        build.extension.start_page(GLOSSARY_PAGE, enabled=False)  # never link the definitions
        if not build.linking:
            return None
        rewrite = docs_link_rewriter({f.src_uri: f.url for f in files.documentation_pages()}, page.url)
        build.entries = render_glossary_page(build.glossary, rewrite, **build.permalink)
        return replace_marker(markdown, build.entries.markdown)
    enabled = build.linking and page.meta.get("glossary", True) is not False
    # The final URL, not `glossary.md`: the linker runs after MkDocs rewrites links (see linker.py),
    # and on_page_context checks that every linked term has its anchor on the glossary page.
    build.extension.start_page(build.glossary_file.url_relative_to(page.file), enabled=enabled,
                               page_terms=build.glossary.ids_of_domain(domain_of_page(src)))
    return None


def on_page_content(html: str, *, page: Page, **kwargs) -> str | None:
    """Collect the terms this page links, by section, for the glossary's backlinks; put the
    entries into the rendered glossary page."""
    build = _state()
    linking = build.extension.finish_page()
    if page.file.src_uri == GLOSSARY_PAGE:
        build.glossary_page = page
        if build.entries is None:
            return None
        html, ids = build.entries.insert_entries(html)
        build.entries = None
        # MkDocs validates links to these anchors after every page is rendered (and so do we).
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        return html
    _add_page(build, page.file.src_uri, _PageTerms(page.url, page.title or page.file.src_uri, tuple(linking.usages),
                                                   linking.links, len(linking.unlinked)))
    if not linking.unlinked:
        return None
    log.debug("%s: %d words, %d links (budget %s); listed at the end: %s", page.file.src_uri, linking.words,
              linking.links, linking.budget, ", ".join(sorted(linking.unlinked)))
    by_id = build.glossary.by_id()
    return html + render_page_terms_html((by_id[i] for i in linking.unlinked),
                                         build.glossary_file.url_relative_to(page.file))


def _add_page(build: _Build, src: str, terms: _PageTerms) -> None:
    build.pages[src] = terms
    build.links += terms.links
    build.backlinks.add_page(src, terms.url, terms.title, terms.usages)
    if terms.unlinked:
        build.over_budget[src] = terms.unlinked


def on_env(env, *, files: Files, **kwargs) -> None:
    """Pages not rendered in this build (an incremental rebuild) keep what they linked."""
    global _last_pages
    build = _state()
    for file in files.documentation_pages():
        src = file.src_uri
        if src != GLOSSARY_PAGE and src not in build.pages and src in _last_pages:
            _add_page(build, src, _last_pages[src])
    _last_pages = build.pages


@event_priority(-50)  # after the search plugin (0) has indexed the page: backlinks stay out of search
def on_page_context(context: TemplateContext, *, page: Page, **kwargs) -> None:
    """All pages are rendered: write the "Appears in" backlinks into the glossary page."""
    build = _state()
    if page is not build.glossary_page or page.content is None or not build.linking:
        return

    def url_to(url: str) -> str:
        return relative_url(page.url, url)

    page.content = insert_backlinks(
        page.content, lambda term_id: render_backlinks_html(build.backlinks, term_id, url_to))
    # Every inserted link must land on an entry: prove it against the anchors the page really has.
    missing = sorted(build.backlinks.term_ids() - (page.present_anchor_ids or set()))
    if missing:
        log.warning("%s: no anchor for the linked term id(s) %s (fix: check that the page keeps its "
                    "'<!-- glossary -->' marker and that the attr_list extension is on)",
                    GLOSSARY_PAGE, ", ".join(missing))
    log.info("glossary: %d terms, %d links, %d terms used; %d page(s) at their link budget list the rest",
             len(build.glossary.terms), build.links, len(build.backlinks.term_ids()), len(build.over_budget))


def _state() -> _Build:
    if _build is None:  # on_config failed or did not run: MkDocs stops before other events
        raise PluginError("glossary: hook state missing (on_config did not run)")
    return _build
