"""MkDocs hook: Material's search plugin does not read the pages it does not index.

For a page kept out of search (`search: exclude: true`: the printable edition, the question bank,
the link index, the flashcards; and any page hooks/incremental.py hides because its entries are
those of the last build), the search plugin only strips `data-search-*` attributes from the
content, slowly (see studykit.search_attributes). This hook hands it an empty content and then
puts the page's own back, stripped the same way.

Events:
    on_page_context (+5: after hooks/incremental.py decides at +10, before the search plugin
    at 0): set the content aside. (-0.5: after the search plugin and the other plugins at 0,
    before the glossary's backlinks at -50): put it back, stripped.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import CombinedEvent, event_priority

from studykit.search_attributes import is_excluded_from_search, strip_search_attributes

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

_set_aside: dict[str, str] = {}  # page URL -> its content while the search plugin runs


def on_config(config, **kwargs) -> None:
    _set_aside.clear()  # a build that failed half-way leaves nothing for the next


@event_priority(5)
def _set_content_aside(context, *, page: Page, **kwargs) -> None:
    if page.content and is_excluded_from_search(page.meta):
        _set_aside[page.url] = page.content
        page.content = ""


@event_priority(-0.5)
def _put_content_back(context, *, page: Page, **kwargs) -> None:
    content = _set_aside.pop(page.url, None)
    if content is not None:
        page.content = strip_search_attributes(content)


on_page_context = CombinedEvent(_set_content_aside, _put_content_back)
