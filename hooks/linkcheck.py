"""MkDocs hook: link inventory, internal link check, link index page, external check on demand.

A thin adapter: the rules live in studykit.link_extraction (reading pages), studykit.hrefs
(resolving hrefs), studykit.link_checks (internal checks), studykit.link_inventory
(links.json), studykit.linkindex (the link index page), studykit.unsafe_markup (script in a
page) and studykit.external (network check and cache).

Events:
- on_startup: results kept by digest between builds only under `mkdocs serve`.
- on_config: fresh per-build state (hook modules live across `mkdocs serve` rebuilds) and the
  LINKCHECK_* settings.
- on_page_content (-100: after glossary, glightbox and any other hook changed the content): read
  the content's links, ids and sections, and wrap the content in two comments so that
  on_post_page can tell it apart from what the theme adds around it.
- on_env (-100: after plugins that fill content in on_env, such as Material's tags): every page's
  content exists now: re-read pages that changed (and, in an incremental rebuild under `make
  serve`, take the last build's record of each page not rendered again), check external URLs
  (LINKCHECK_EXTERNAL=1 only), fill the `<!-- link-index -->` marker page and its table of contents. Pages with
  `link_index: false` in their front matter (a printable copy of every page) are checked and
  inventoried but not listed as citing pages on the link index.
- on_post_page (-100: last, to see the final HTML): warn for every script URL (`javascript:`)
  and event handler attribute (`onclick`) in the page, whoever wrote it (a page that comes out
  the same as in the last build of a `mkdocs serve` process is not scanned again); read only what the
  theme wrote around the content (navigation, header, head links, ids), then drop the two
  comments.
- on_post_build: check every internal link against every page's final ids and the built files,
  warn for each broken one (strict fails), write links.json, fail if external links are broken.
"""
from __future__ import annotations

import dataclasses
import hashlib
import html
import logging
import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink

from studykit import external as ext
from studykit import link_checks as checks
from studykit import link_extraction as extract
from studykit import link_inventory as inventory
from studykit import linkindex as index_page
from studykit.unsafe_markup import find_unsafe_markup

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.linkcheck")

MARKER = "<!-- link-index -->"
CACHE_FILE = Path(".cache") / "linkcheck.json"
INVENTORY_FILE = "links.json"
# Our own comments around each page's content; removed again in on_post_page.
CONTENT_START = "<!-- linkcheck:content -->"
CONTENT_END = "<!-- /linkcheck:content -->"
CONTENT_ROOT = "article.md-content__inner"  # Material's content area (fallback parse only)


@dataclass
class _State:
    cache_path: Path
    site_url: str
    external: bool
    settings: ext.CheckSettings
    ttl: timedelta
    pages: dict[str, extract.PageLinks] = field(default_factory=dict)  # by output path
    # The exact page.content string each record was read from: a plugin that changes the
    # content later (Material's tags plugin fills its listings in on_env) makes us re-read it.
    read_from: dict[str, str] = field(default_factory=dict)
    index_pages: list[Page] = field(default_factory=list)
    static_files: set[str] = field(default_factory=set)
    results: dict[str, ext.CheckResult] = field(default_factory=dict)
    external_refs: dict[str, list[inventory.Reference]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # page source path -> its file, for line numbers
    # Pages a dirty build did not render and no earlier build of this process has a record of
    # that still holds (a link index lists every page's links: it must be rendered again): the
    # check would be wrong without them (hooks/incremental.py renders what it needs).
    unknown: list[str] = field(default_factory=list)


_state: _State | None = None
# The last build's records (pages, sources), for the pages an incremental rebuild (hooks/incremental.py)
# does not render again: their built files, and so their links and ids, are those of that build.
_last_pages: dict[str, extract.PageLinks] = {}
_last_sources: dict[str, str] = {}
_last_index_pages: set[str] = set()


class _ByDigest:
    """Results by digest of the HTML they were computed from, kept between the builds of one
    `mkdocs serve` process (pages an edit did not touch come out byte for byte the same); a
    build keeps only the entries it used, so nothing piles up."""

    def __init__(self) -> None:
        self._seen: dict[bytes, object] = {}
        self._now: dict[bytes, object] = {}
        self.enabled = True  # off for a one-off `mkdocs build`: hashing every page would be wasted

    def start_build(self) -> None:
        self._seen, self._now = self._now or self._seen, {}

    def get(self, parts: tuple[str, ...], compute):
        if not self.enabled:
            return compute()
        digest = hashlib.blake2b(digest_size=16)
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        key = digest.digest()
        found = self._now.get(key, self._seen.get(key))
        if found is None:
            found = compute()
        self._now[key] = found
        return found


_unsafe_found = _ByDigest()  # the script scan's findings (frozen: sharing them is safe)
_extracted = _ByDigest()  # PageLinks read from HTML (each use takes a copy: records grow later)


def on_startup(*, command: str, **kwargs) -> None:
    """Keep results between builds only where there are several: `mkdocs serve`."""
    _unsafe_found.enabled = _extracted.enabled = command == "serve"


def on_config(config: MkDocsConfig, **kwargs) -> None:
    """Start a fresh index for this build; read the LINKCHECK_* settings."""
    global _state
    _unsafe_found.start_build()
    _extracted.start_build()
    try:
        settings, ttl = ext.settings_from_env(os.environ)
        external = ext.external_enabled(os.environ)
    except ValueError as e:
        raise PluginError(f"linkcheck: {e}") from e
    root = Path(config.config_file_path or ".").resolve().parent
    _state = _State(
        cache_path=root / CACHE_FILE,
        site_url=config.site_url or "",
        external=external,
        settings=settings,
        ttl=ttl,
    )


@event_priority(-100)  # last: read the content after every other plugin and hook changed it
def on_page_content(html: str, *, page: Page, **kwargs) -> str:
    """Read the content's links and ids; mark where the content sits in the final page."""
    state = _require_state()
    if MARKER in html:
        state.index_pages.append(page)
    wrapped = f"{CONTENT_START}{html}{CONTENT_END}"
    _read_content(state, wrapped, page)
    return wrapped


@event_priority(-100)  # last: after plugins that fill content in on_env (tags listings)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files, **kwargs) -> None:
    """Check external URLs if asked; render the link index into its marker page."""
    state = _require_state()
    not_listed = {p.file.src_uri for p in state.index_pages}
    _carry_over_unrendered(state, files)
    for file in files.documentation_pages():
        if file.page is not None:
            _reread_if_changed(state, file.page)
            if file.page.meta.get("link_index") is False:  # e.g. a printable copy of every page
                not_listed.add(file.src_uri)
    state.static_files = {
        f.dest_uri for f in files if not f.is_documentation_page() and not f.inclusion.is_excluded()
    }
    index_srcs = {p.file.src_uri for p in state.index_pages}
    state.external_refs = inventory.collect_external(state.pages.values(), exclude=index_srcs)
    state.results = _external_results(state)
    listed = inventory.collect_external(state.pages.values(), exclude=not_listed)
    for page in state.index_pages:
        rendered = index_page.render_link_index(listed, from_url=page.url, results=state.results)
        page.content = page.content.replace(MARKER, rendered.html, 1)
        _extend_toc(page, rendered.toc)
        # Re-read the page: its links (to every citing page and section) are checked too.
        _read_content(state, page.content, page)


def _carry_over_unrendered(state: _State, files: Files) -> None:
    """Pages that an incremental rebuild did not render keep the last build's records, in the
    order of a full build (the pages' order), so that links.json and the link index are its."""
    ordered = {}
    for file in files.documentation_pages():
        dest = file.dest_uri
        if dest in state.pages:
            ordered[dest] = state.pages[dest]
        elif dest in _last_pages and dest not in _last_index_pages:  # an index must be rendered again
            ordered[dest] = _last_pages[dest]
            if file.src_uri in _last_sources:
                state.sources[file.src_uri] = _last_sources[file.src_uri]
        elif file.page is not None and file.page.content is None:
            state.unknown.append(file.src_uri)
    state.pages = ordered | state.pages


@event_priority(-100)  # last: see the final HTML, after glightbox and the theme
def on_post_page(output: str, *, page: Page, **kwargs) -> str | None:
    """Warn for script in the final page; read what the theme wrote around the content;
    drop our two comments."""
    state = _require_state()
    for finding in _unsafe_markup(output):
        log.warning(finding.message(page.file.src_uri))
    _reread_if_changed(state, page)  # a plugin's on_page_context may have changed it
    record = state.pages.get(page.file.dest_uri)
    # The outermost pair: the printable edition holds copies of other pages' content, markers included.
    start = output.find(CONTENT_START)
    end = output.rfind(CONTENT_END)
    if record is None or start < 0 or end < start:
        # A template that does not print page.content as is: read the whole page instead.
        state.pages[page.file.dest_uri] = _extract_links(
            output, src=page.file.src_uri, url=page.url, dest=page.file.dest_uri,
            title=page.title or "", content_root=CONTENT_ROOT,
        )
        return None
    around = output[:start] + output[end + len(CONTENT_END):]
    chrome = _extract_links(around, src=page.file.src_uri, url=page.url, dest=page.file.dest_uri)
    record.ids |= chrome.ids
    for link in chrome.links:
        link.content = False
    record.links.extend(chrome.links)
    inner = output[start + len(CONTENT_START):end].replace(CONTENT_START, "").replace(CONTENT_END, "")
    return output[:start] + inner + output[end + len(CONTENT_END):]


def on_post_build(*, config: MkDocsConfig, **kwargs) -> None:
    """Warn for each broken internal link, write links.json, fail on broken external links."""
    global _last_pages, _last_sources, _last_index_pages
    state = _require_state()
    if state.unknown:
        log.info("linkcheck: skipped: %d pages were not rendered in this dirty build, and no earlier "
                 "build of this process has a record of them that still holds (first: %s)",
                 len(state.unknown), state.unknown[0])
        return
    _last_pages, _last_sources = state.pages, state.sources
    _last_index_pages = {p.file.dest_uri for p in state.index_pages}
    site_dir = Path(config.site_dir)

    def on_disk(path: str) -> bool:  # files that plugins write after the pages (glightbox, search)
        return (site_dir / path).is_file()

    site = checks.SiteIndex(state.pages, state.static_files, on_disk)
    problems = checks.check_links(state.pages, site=site)
    for problem in problems:
        log.warning(_with_line(state, problem).message())
    document = inventory.build_inventory(
        state.pages,
        site=site,
        results=state.results,
        exclude_pages={p.file.src_uri for p in state.index_pages},
        site_url=state.site_url,
    )
    try:
        (site_dir / INVENTORY_FILE).write_text(inventory.dump_inventory(document), encoding="utf-8")
    except OSError as e:
        raise PluginError(f"linkcheck: cannot write {site_dir / INVENTORY_FILE}: {e}") from e
    summary = document["summary"]
    log.info(
        "linkcheck: %d links to %d targets on %d pages, %d broken internal; %d external URLs",
        summary["references"], summary["targets"], summary["pages"], len(problems),
        len({inventory.check_url(u) for u in state.external_refs}),
    )
    if state.external:
        _fail_on_broken_external(state)


# --- helpers ---------------------------------------------------------------------------------


def _unsafe_markup(output: str) -> list:
    """find_unsafe_markup(output), reused from the last build when the page is unchanged."""
    return _unsafe_found.get((output,), lambda: find_unsafe_markup(output))


def _extract_links(html_text: str, *, src: str, url: str, dest: str, title: str = "",
                   content_root: str | None = None) -> extract.PageLinks:
    """extract.extract_links, reused from the last build when the page gave the same HTML."""
    found = _extracted.get((html_text, src, url, dest, title, content_root or ""), lambda: extract.extract_links(
        html_text, src=src, url=url, dest=dest, title=title, content_root=content_root))
    return dataclasses.replace(found, ids=set(found.ids), links=list(found.links))


def _require_state() -> _State:
    if _state is None:  # an event before on_config: MkDocs always calls on_config first
        raise PluginError("linkcheck: hook state missing (on_config did not run)")
    return _state


def _with_line(state: _State, problem: checks.Problem) -> checks.Problem:
    """The problem with the line of the page's Markdown where its link is written, if found."""
    source = state.sources.get(problem.page)
    if problem.chrome or source is None:
        return problem
    try:
        markdown = Path(source).read_text(encoding="utf-8")
    except OSError:
        return problem
    return dataclasses.replace(problem, line=checks.find_line(markdown, problem.href, problem.text))


def _read_content(state: _State, html: str, page: Page) -> None:
    dest = page.file.dest_uri
    if page.file.abs_src_path:
        state.sources[page.file.src_uri] = page.file.abs_src_path
    state.pages[dest] = _extract_links(
        html, src=page.file.src_uri, url=page.url, dest=dest, title=page.title or ""
    )
    state.read_from[dest] = html


def _reread_if_changed(state: _State, page: Page) -> None:
    seen = state.read_from.get(page.file.dest_uri)
    if page.content is not None and seen is not None and page.content is not seen:
        if page.content != seen:
            _read_content(state, page.content, page)


def _load_cache(state: _State) -> dict[str, ext.CheckResult]:
    try:
        return ext.load_cache(state.cache_path)
    except ext.CacheError as e:
        # Only a build that checks external links depends on the cache: elsewhere a bad cache
        # costs the link index its last results, never the build.
        report = log.warning if state.external else log.info
        report("%s: %s. Ignoring it; `make linkcheck` rebuilds it (or delete the file).",
               _shown(state.cache_path), e)
        return {}


def _external_results(state: _State) -> dict[str, ext.CheckResult]:
    """Last known results (from the cache), refreshed over the network when asked."""
    cache = _load_cache(state)
    if not state.external:
        return cache
    urls = {inventory.check_url(u) for u in state.external_refs}
    try:
        results, checked = ext.refresh(urls, cache, state.settings, ttl=state.ttl)
    except ImportError as e:  # httpx is a dependency, but a hand-made environment may lack it
        raise PluginError(f"linkcheck: LINKCHECK_EXTERNAL=1 needs httpx ({e}); "
                          "install the project: pip install -r requirements.lock") from e
    if ext.network_unreachable(results, checked):
        raise PluginError(
            f"linkcheck: the network is unreachable: none of the {len(checked)} external URLs could be "
            "connected to, so nothing was checked and the cache is unchanged (fix: run `make linkcheck` "
            "on a machine with internet access)")
    try:
        ext.save_cache(state.cache_path, results)
    except ext.CacheError as e:
        log.warning("%s: %s", _shown(state.cache_path), e)
    unchecked = len(urls) - len(results)
    if unchecked:
        log.warning("linkcheck: %d external URLs were not checked within LINKCHECK_BUDGET=%g s "
                    "(fix: run `make linkcheck` again; fresh results are kept, so it continues)",
                    unchecked, state.settings.budget)
    log.info(
        "linkcheck: checked %d external URLs now, %d fresh in %s",
        len(checked), len(urls) - len(checked) - unchecked, _shown(state.cache_path),
    )
    return results


def _fail_on_broken_external(state: _State) -> None:
    broken: dict[str, tuple[ext.CheckResult, list[inventory.Reference]]] = {}
    for href, refs in state.external_refs.items():
        url = inventory.check_url(href)  # "x#a" and "x#b" are one request, one result
        result = state.results.get(url)
        if result is not None and not result.ok:
            broken.setdefault(url, (result, []))[1].extend(refs)
    if not broken:
        return
    for url, (result, refs) in sorted(broken.items()):
        pages = ", ".join(sorted({f"{r.page} ('{r.text}')" if r.text else r.page for r in refs}))
        log.error("linkcheck: broken external link '%s' (%s), cited on: %s",
                  url, result.error or result.status, pages)
    raise PluginError(
        f"linkcheck: {len(broken)} external link(s) broken (listed above, and in links.json "
        f"with the pages that cite them)"
    )


def _extend_toc(page: Page, entries: list[tuple[str, str]]) -> None:
    """Add the generated site headings under the page's h1 in its table of contents."""
    items = list(page.toc)
    parent = items[0].children if len(items) == 1 and items[0].level == 1 else page.toc.items
    parent.extend(AnchorLink(html.escape(title), anchor, 2) for anchor, title in entries)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
