"""Rebuilding only what an edit changed, with the same result as a full build (`make serve`).

MkDocs' `--dirty` renders again only the pages whose source is newer than their built file.
The hooks make some pages out of all the others (the glossary's backlinks, the printable
edition, the link index, the home page's progress, the quiz bank), and they read every page
(links, ids, headings, content). So a dirty rebuild is exact only if:

- nothing but the Markdown of pages changed (no data file, template, hook, asset or
  mkdocs.yml), no page was added or removed, and no edited page's front matter or title
  heading changed (tags, titles and search settings show on other pages, in the navigation);
- the pages that a hook fills in (a `<!-- name -->` marker line) are rendered again every time;
- what the hooks read from a page that is not rendered again is what they read in the last build.

`plan_build` checks the first point (otherwise the build is a full one), `PageState` keeps what
MkDocs gives the hooks about a page from one build to the next, and `merge_search_entries` puts
the search index together from the pages rendered now and the others' entries of the last build.
No MkDocs imports.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A page that a hook or a plugin fills in from other pages or data: a marker such as
# `<!-- glossary -->` or Material's `<!-- material/tags -->` on a line of its own.
GENERATED_PAGE_MARKER_RE = re.compile(r"^[ \t]*<!--\s*[a-z][a-z0-9/-]*\s*-->[ \t]*$", re.MULTILINE)
# Level-1 headings: ATX `# Title`, or a setext underline `===` (with the line above it). MkDocs
# takes a page's title from the first one, and the title shows in every page's navigation.
_TITLE_HEADING_RE = re.compile(r"^(?:#(?!#)|=+[ \t]*$)", re.MULTILINE)
_SKIPPED_DIRS = frozenset({"__pycache__", ".cache"})

Inputs = dict[str, tuple[int, int]]  # path -> (mtime in ns, size) of every file a build reads


def scan_inputs(roots: Iterable[Path]) -> Inputs:
    """(mtime, size) of every file under `roots` (folders or files), by absolute path."""
    found: Inputs = {}

    def walk(folder: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=True):
                    if entry.name not in _SKIPPED_DIRS:
                        walk(entry.path)
                elif entry.is_file(follow_symlinks=True) and not entry.name.endswith(".pyc"):
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)

    for root in roots:
        path = str(root)
        if os.path.isdir(path):
            walk(path)
        elif os.path.isfile(path):
            stat = os.stat(path)
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass(frozen=True)
class Plan:
    """How to build: `incremental` (only edited pages and generated pages), or a full build and why."""

    incremental: bool
    reason: str
    edited: tuple[str, ...] = ()  # the Markdown files that changed (absolute paths)


def plan_build(previous: Inputs | None, current: Inputs, *, docs_dir: str,
               header_changed: Callable[[str], bool], last_build_clean: bool) -> Plan:
    """Whether a rebuild of only the edited pages equals a full build.

    `previous` is what the last build of this process read (None: there was none, or it failed),
    `header_changed(path)` tells whether an edited page's front matter or title headings differ
    from those the last build rendered (see `title_headings`), `last_build_clean` whether that
    build logged no warning (a full build reports every page's problems again, an incremental
    one only the edited pages').
    """
    if previous is None:
        return Plan(False, "first build")
    if not last_build_clean:
        return Plan(False, "the last build logged warnings, so every page is checked again")
    added = current.keys() - previous.keys()
    removed = previous.keys() - current.keys()
    if added or removed:
        return Plan(False, f"{_shown(sorted(added | removed)[0], docs_dir)} was added or removed")
    changed = sorted(path for path, seen in current.items() if previous[path] != seen)
    docs = os.path.join(docs_dir, "")
    for path in changed:
        if not (path.startswith(docs) and path.endswith(".md")):
            return Plan(False, f"{_shown(path, docs_dir)} changed")
        if header_changed(path):
            return Plan(False, f"the front matter or title of {_shown(path, docs_dir)} changed")
    return Plan(True, "only the Markdown of pages changed", tuple(changed))


def _shown(path: str, docs_dir: str) -> str:
    parent = os.path.dirname(os.path.normpath(docs_dir))
    return os.path.relpath(path, parent) if path.startswith(parent) else path


def title_headings(markdown: str) -> tuple[str, ...]:
    """The page's level-1 headings, as written: if they change, so may its title. Lines in code
    blocks count too: a change there costs a full build, never a wrong one."""
    found = []
    for match in _TITLE_HEADING_RE.finditer(markdown):
        start, end = match.start(), markdown.find("\n", match.start())
        if match.group(0) != "#":  # an underline: the heading is the line above it
            start = markdown.rfind("\n", 0, max(start - 1, 0)) + 1
        found.append(markdown[start:end if end >= 0 else len(markdown)])
    return tuple(found)


def is_generated_page(markdown: str) -> bool:
    """A page that a hook fills in from other pages or data: it is rendered in every build."""
    return GENERATED_PAGE_MARKER_RE.search(markdown) is not None


# What MkDocs sets on a page when it renders it, and the hooks read from every page.
_PAGE_FIELDS = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")


@dataclass(frozen=True)
class PageState:
    """A rendered page as the hooks saw it in `on_env` (before any template)."""

    values: tuple[Any, ...]

    @classmethod
    def of(cls, page: object) -> PageState:
        # A copy of the front matter: plugins write into page.meta while templating (glightbox).
        return cls(tuple(dict(value) if name == "meta" else value
                         for name, value in ((n, getattr(page, n)) for n in _PAGE_FIELDS)))

    def restore(self, page: object) -> None:
        """Give a page that this build did not render what it had in the last build."""
        for name, value in zip(_PAGE_FIELDS, self.values):
            setattr(page, name, dict(value) if name == "meta" else value)

    @property
    def markdown(self) -> str:
        return self.values[_PAGE_FIELDS.index("markdown")]

    @property
    def meta(self) -> Mapping[str, Any]:
        return self.values[_PAGE_FIELDS.index("meta")]


def search_fingerprint(page: Any) -> bytes:
    """A digest of what Material's search plugin indexes of a page: equal digests, equal entries."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (page.url, page.title or "", repr(sorted((page.meta or {}).items(), key=repr)),
                 _toc_text(page.toc), page.content or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()


def _toc_text(items: Iterable[Any]) -> str:
    return "".join(f"<{item.id}|{item.title}|{_toc_text(item.children)}>" for item in items)


def merge_search_entries(previous: list[dict], current: list[dict], *, rendered: set[str],
                         page_order: list[str]) -> list[dict]:
    """The search index of a full build: the entries of the pages rendered now (`current`), the
    last build's entries for every other page (`previous`), in the order of `page_order`
    (page URLs, in build order), as a full build writes them. An entry's page is its location
    up to '#'; pages no longer built lose their entries."""
    rank = {url: i for i, url in enumerate(page_order)}
    kept = [e for e in previous
            if _page_of(e) not in rendered and _page_of(e) in rank] + current
    return sorted(kept, key=lambda e: rank.get(_page_of(e), len(rank)))  # stable: sections keep order


def _page_of(entry: Mapping[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]
