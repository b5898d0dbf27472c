"""Anchors a Markdown page will have, read from its source before anything is rendered.

MkDocs empties the output folder right after `on_pre_build`, so a check that waits for the
rendered pages wipes the previous site when it fails. This reads the ids a page declares
(`{ #id }` attribute lists, `id="..."` in raw HTML) and the ids the toc extension gives
headings without one, so that data files pointing at sections can be checked first. Pages
whose anchors are generated (a marker filled by a hook) are not knowable here: the exact
check on the rendered pages still runs later. No MkDocs imports.
"""
from __future__ import annotations

import functools
import re

from markdown.extensions.toc import slugify, unique

_FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_HEADING_RE = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID_RE = re.compile(r"\{[^}\n]*?#([A-Za-z0-9_:.-]+)[^}\n]*\}")
_ATTR_RE = re.compile(r"\s*\{[^}\n]*\}\s*$")
# "id" first, then the word boundary by hand (see _html_ids): a pattern that starts with a
# literal lets sre skip through the text (`\bid...` took half of this module's time).
_HTML_ID_RE = re.compile(r"""id\s*=\s*["']([^"']+)["']""")


def source_anchors(markdown_text: str) -> set[str]:
    """The ids a page's Markdown declares or gives its headings."""
    text, headings = _read(markdown_text)
    ids = set(_ATTR_ID_RE.findall(text)) | set(_html_ids(text))
    used: set[str] = set()
    for heading in headings:
        if _ATTR_ID_RE.search(heading):
            continue  # the explicit id, already collected
        ids.add(unique(slugify(heading, "-"), used))
    return ids


def heading_titles(markdown_text: str) -> dict[str, str]:
    """Heading id -> heading text (without its attribute list), for the headings of a page."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for heading in _read(markdown_text)[1]:
        explicit = _ATTR_ID_RE.search(heading)
        title = _ATTR_RE.sub("", heading).strip()
        anchor = explicit.group(1) if explicit else unique(slugify(heading, "-"), used)
        titles.setdefault(anchor, title)
    return titles


@functools.lru_cache(maxsize=64)  # a build asks for both of the above for each page, by its text
def _read(markdown_text: str) -> tuple[str, tuple[str, ...]]:
    """The text without fenced code (ids inside code samples are not the page's), its headings."""
    text = _FENCE_RE.sub("", markdown_text)
    return text, tuple(m["text"] for m in _HEADING_RE.finditer(text))


def _html_ids(text: str) -> list[str]:
    found = []
    pos = 0
    while (m := _HTML_ID_RE.search(text, pos)) is not None:
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before == "_":  # inside a word ("uuid="): no id attribute here
            pos = m.start() + 1
            continue
        found.append(m.group(1))
        pos = m.end()
    return found
