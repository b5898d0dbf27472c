"""MkDocs hook: exact rebuilds of only what an edit changed, under `mkdocs serve --dirty`.

`make serve` runs `mkdocs serve --dirty`, so that MkDocs renders again only the edited page;
this hook makes the result the same as a full build (the rules are in studykit.incremental).
Without `--dirty` it does nothing: every build is a full one.

Events:
- on_startup: remember `--dirty`; drop MkDocs' warning that a dirty build may be inaccurate.
- on_files (-100: after every other hook's): plan the build. A full one empties the site folder,
  so MkDocs renders every page; an incremental one deletes the built file of each page that a
  hook fills in (a `<!-- name -->` marker), so MkDocs renders those again.
- on_env (+110: before the hooks that read every page, and Material's tags plugin, +100, which
  lists the pages by tag): give each page that was not rendered again its state from the last
  build, and its tags to the tags plugin; keep the state of the pages rendered now.
- on_page_context (+10 and -1, around Material's search plugin, 0): a page rendered again that
  search would index as in the last build keeps its last entries instead (the glossary page).
- on_post_build (+100: before Material's search plugin writes its index): the search index of a
  full build, from the entries of the pages rendered now and the others' of the last build.
- on_build_error: the next build is a full one.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.utils import clean_directory
from mkdocs.utils.meta import get_data

from studykit.incremental import (
    Inputs,
    PageState,
    Plan,
    is_generated_page,
    merge_search_entries,
    plan_build,
    scan_inputs,
    search_fingerprint,
    title_headings,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.incremental")

SEARCH_PLUGIN = "material/search"
TAGS_PLUGIN = "material/tags"
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' warning, true without this hook


@dataclass
class _Last:
    """What the last successful build of this process read, and its pages' states."""

    key: tuple[str, str]  # (mkdocs.yml, site folder): another site in the same process starts over
    inputs: Inputs
    pages: dict[str, PageState]  # by source path
    searched: dict[str, bytes]  # page URL -> search_fingerprint of the page as it was indexed


@dataclass
class _Build:
    plan: Plan
    key: tuple[str, str]
    inputs: Inputs
    pages: dict[str, PageState] = field(default_factory=dict)
    rendered: set[str] = field(default_factory=set)  # URLs of the pages rendered in this build
    page_order: list[str] = field(default_factory=list)  # URLs, in build order
    searched: dict[str, bytes] = field(default_factory=dict)
    search_reused: set[str] = field(default_factory=set)  # rendered, but indexed as in the last build
    hidden_search: dict[str, object] = field(default_factory=dict)  # page URL -> its own meta["search"]


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class _TemplateCodeCache(BytecodeCache):
    """The theme's compiled templates, kept in memory across rebuilds (MkDocs makes a new Jinja
    environment for each build, which compiles every template again). Jinja checks each entry
    against the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_ABSENT = object()
_dirty = False
_templates = _TemplateCodeCache()
_last: _Last | None = None  # kept across the builds of one `mkdocs serve` on purpose
_build: _Build | None = None
_warnings = _WarningCounter()
_drop_dirty_warning = _DropDirtyWarning()


def on_startup(*, command: str, dirty: bool, **kwargs) -> None:
    """Remember `--dirty`; count warnings, so that a build that warned is followed by a full one."""
    global _dirty, _last
    _dirty, _last = dirty, None
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_drop_dirty_warning)
        logging.getLogger("mkdocs").addHandler(_warnings)


def on_shutdown(**kwargs) -> None:
    logging.getLogger("mkdocs.commands.build").removeFilter(_drop_dirty_warning)
    logging.getLogger("mkdocs").removeHandler(_warnings)


@event_priority(-100)  # last: after the hooks' own checks, which must see the last build's site
def on_files(files: Files, *, config: MkDocsConfig, **kwargs) -> None:
    """Plan the build; make MkDocs render what the plan needs."""
    global _build
    _build = None
    if not _dirty:
        return
    key = (str(config.config_file_path), str(config.site_dir))
    roots = [Path(config.docs_dir), Path(config.config_file_path), *map(Path, config.watch)]
    inputs = scan_inputs(roots)
    last = _last if _last is not None and _last.key == key else None
    plan = _plan(files, config, last, inputs)
    _warnings.count = 0
    _build = _Build(plan, key, inputs)
    if not plan.incremental:
        log.info("incremental: full build (%s)", plan.reason)
        clean_directory(config.site_dir)
        return
    edited = set(plan.edited)
    for file in files.documentation_pages():
        # MkDocs renders a page again when its built file is older than the source; an edited
        # page may not look newer (a checkout, a copy that kept the time), so it goes too.
        if file.abs_src_path in edited or is_generated_page(file.content_string):
            Path(file.abs_dest_path).unlink(missing_ok=True)
    project = os.path.dirname(config.config_file_path)
    log.info("incremental: %s rendered again, with the pages that hooks fill in",
             ", ".join(os.path.relpath(p, project) for p in plan.edited) or "no page")


def _plan(files: Files, config: MkDocsConfig, last: _Last | None, inputs: Inputs) -> Plan:
    for name, needs in ((SEARCH_PLUGIN, ("search_index_prev",)), (TAGS_PLUGIN, ("mappings", "filter"))):
        plugin = config.plugins.get(name)
        if plugin is not None and not all(hasattr(plugin, attr) for attr in needs):
            return Plan(False, f"{name} has no {' or '.join(needs)}: this Material version is not "
                               "supported by hooks/incremental.py, so every build is a full one")
    by_path = {f.abs_src_path: f for f in files.documentation_pages()}
    if last is not None:
        for file in by_path.values():
            if file.src_uri not in last.pages and not file.is_modified():
                return Plan(False, f"no state of {file.src_uri} from the last build")

    def header_changed(path: str) -> bool:
        file = by_path.get(path)
        kept = last.pages.get(file.src_uri) if file is not None else None
        if kept is None:
            return True
        markdown, meta = get_data(file.content_string)
        return meta != kept.meta or title_headings(markdown) != title_headings(kept.markdown)

    return plan_build(last.inputs if last else None, inputs, docs_dir=config.docs_dir,
                      header_changed=header_changed, last_build_clean=_warnings.count == 0)


@event_priority(110)  # first: the other hooks and the tags plugin (100) read every page in on_env
def on_env(env: Environment, *, config: MkDocsConfig, files: Files, **kwargs) -> None:
    """Pages not rendered again get their last state; keep the state of those rendered now."""
    if _build is None:
        return
    env.bytecode_cache = _templates
    restored = []
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        _build.page_order.append(page.url)
        if page.content is None and _last is not None and file.src_uri in _last.pages:
            _last.pages[file.src_uri].restore(page)
            _build.pages[file.src_uri] = _last.pages[file.src_uri]
            restored.append(page)
        elif page.content is not None:
            _build.rendered.add(page.url)
            _build.pages[file.src_uri] = PageState.of(page)
    if restored:
        _add_tags(config.plugins.get(TAGS_PLUGIN), files, restored)


def _add_tags(tags, files: Files, restored: list) -> None:
    """The tags plugin's pages by tag, as a full build collects them (in build order)."""
    if tags is None:
        return
    rendered, restored_urls = tags.mappings.data, {page.url for page in restored}
    tags.mappings.data = {}
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if page.url in rendered:
            tags.mappings.data[page.url] = rendered[page.url]
        elif page.url in restored_urls and tags.filter(page.file):
            tags.mappings.add(page, page.markdown)


@event_priority(10)  # just before Material's search plugin (0) indexes the page
def _reuse_unchanged_search_entries(context, *, page, **kwargs) -> None:
    """A page rendered again whose search entries would be the last build's (a generated page
    that no edit changed, such as the glossary's entries): hide it from the search plugin, whose
    parse costs a quarter of a second on the glossary, and keep its last entries instead."""
    if _build is None:
        return
    fingerprint = _build.searched[page.url] = search_fingerprint(page)
    if _build.plan.incremental and _last is not None and _last.searched.get(page.url) == fingerprint:
        _build.search_reused.add(page.url)
        _build.hidden_search[page.url] = page.meta.get("search", _ABSENT)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


@event_priority(-1)  # just after the search plugin: the page's own search settings again
def _restore_meta_after_search(context, *, page, **kwargs) -> None:
    if _build is not None and page.url in _build.hidden_search:
        search = _build.hidden_search.pop(page.url)
        if search is _ABSENT:
            del page.meta["search"]
        else:
            page.meta["search"] = search


on_page_context = CombinedEvent(_reuse_unchanged_search_entries, _restore_meta_after_search)


@event_priority(100)  # before Material's search plugin (0) writes the index
def on_post_build(*, config: MkDocsConfig, **kwargs) -> None:
    """The search index of a full build; keep this build's state for the next one."""
    global _last
    if _build is None:
        return
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is not None:
        previous = search.search_index_prev
        if _build.plan.incremental and previous is not None:
            search.search_index.entries = merge_search_entries(
                previous.entries, search.search_index.entries,
                rendered=_build.rendered - _build.search_reused, page_order=_build.page_order)
        search.search_index_prev = None  # it would merge by the first entry's page only
    searched = {**(_last.searched if _last is not None and _build.plan.incremental else {}), **_build.searched}
    _last = _Last(_build.key, _build.inputs, _build.pages, searched)


def on_build_error(*, error: Exception, **kwargs) -> None:
    global _last
    _last = None
