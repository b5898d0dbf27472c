"""The printable edition: several rendered pages joined into one, with ids kept unique.

Every page keeps its own HTML, wrapped in a `<section>` whose id is a prefix made from the page
path (`domains/monitoring.md` -> `domains-monitoring`). Inside it, every id and every reference
to an id (`href="#..."`, `for`, `aria-labelledby`, radio-group names of content tabs) gets that
prefix, so two pages that both have `#self-check` stay apart. Links between printed pages become
in-page links; other relative links and image sources are re-based on the printable page's URL.

The pages' HTML is arbitrary, so it is parsed (selectolax, the lexbor HTML5 parser in C: the
standard library's tokenizer took 1.7 s for the 18 chapters), changed in the tree and written
out again: the same document, though not byte for byte (`<br />` comes out as `<br>`).
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Which pages make up the edition, in navigation order: the domain pages and the fundamentals.
PRINT_PAGE_PATTERNS = ("domains/*.md", "genai/*.md", "platform/*.md", "fundamentals.md")

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # http:, mailto:, data:, //host
ID_ATTRS = frozenset({"id", "for", "list", "form", "aria-activedescendant", "aria-details",
                      "aria-errormessage", "popovertarget"})
ID_LIST_ATTRS = frozenset({"aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                           "aria-flowto", "headers"})
URL_ATTRS = frozenset({"href", "src", "xlink:href", "poster"})


@dataclass(frozen=True)
class PrintSource:
    src_uri: str  # docs-relative path, e.g. "domains/monitoring.md"
    url: str  # site-relative URL as MkDocs gives it, e.g. "domains/monitoring/"
    title: str
    html: str  # the page's rendered content


def select_print_pages(src_uris: Iterable[str], patterns: Iterable[str] = PRINT_PAGE_PATTERNS) -> list[str]:
    """The pages of the edition, in the order given (the navigation order)."""
    patterns = tuple(patterns)
    return [uri for uri in src_uris if any(fnmatchcase(uri, p) for p in patterns)]


def page_prefix(src_uri: str) -> str:
    """`domains/monitoring.md` -> `domains-monitoring`: unique per page, readable in URLs."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")


def _url_path(url: str) -> str:
    """MkDocs page URL ('' for the home page) as an absolute path."""
    return "/" + url.lstrip("/")


_ROOT_ID = "sg-print-fragment-root"


def fragment_root(fragment: str) -> LexborNode:
    """The parsed fragment's container: a wrapper, so that no tag of it lands in <head>."""
    tree = LexborHTMLParser(f'<div id="{_ROOT_ID}">{fragment}</div>')
    root = tree.css_first(f"div#{_ROOT_ID}")
    if root.next is not None:  # a stray closing tag ended the wrapper early: take the whole body
        root.unwrap()
        return tree.body
    return root


def _prefix_ids_and_rebase_links(root: LexborNode, source: PrintSource, *, prefixes: dict[str, str],
                                 url_to: Callable[[str], str]) -> None:
    """Give every id (and every reference to one) the page's prefix; re-base every link."""
    own_prefix = page_prefix(source.src_uri)
    page_path = _url_path(source.url)

    def local(prefix: str, fragment: str) -> str:
        return f"#{prefix}--{fragment}" if fragment else f"#{prefix}"

    @functools.cache  # a chapter links the same glossary entries and pages again and again
    def rebase(value: str) -> str:
        if not value or SCHEME_RE.match(value):
            return value
        if value.startswith("#"):
            return local(own_prefix, value[1:])
        parts = urlsplit(urljoin(page_path, value))
        if parts.path in prefixes and not parts.query:
            return local(prefixes[parts.path], parts.fragment)
        return urlunsplit(("", "", url_to(parts.path.lstrip("/")), parts.query, parts.fragment))

    for node in root.traverse(include_text=False):
        attrs = node.attributes
        if not attrs or node.mem_id == root.mem_id:
            continue
        is_radio = node.tag == "input" and attrs.get("type") == "radio"
        for name, value in attrs.items():
            if value is None:
                continue
            if name in ID_ATTRS or (name == "name" and is_radio):
                new = f"{own_prefix}--{value}"
            elif name in ID_LIST_ATTRS:
                new = " ".join(f"{own_prefix}--{v}" for v in value.split())
            elif name in URL_ATTRS:
                new = rebase(value)
            else:
                continue
            if new != value:
                node.attrs[name] = new


def rewrite_page_html(source: PrintSource, *, prefixes: dict[str, str], url_to: Callable[[str], str]) -> str:
    """The page's HTML with prefixed ids and links re-based on the printable page.

    Args:
        source: the page to rewrite.
        prefixes: absolute URL path of each printed page -> its id prefix.
        url_to: turns a site URL ('assets/x.svg') into a link relative to the printable page.
    """
    root = fragment_root(source.html)
    _prefix_ids_and_rebase_links(root, source, prefixes=prefixes, url_to=url_to)
    return root.inner_html


def render_chapter(source: PrintSource, *, prefixes: dict[str, str], url_to: Callable[[str], str]) -> str:
    """One page as a chapter of the edition: ids prefixed, links re-based, self-check answers
    moved to an answer key at its end. One parse of the page's HTML for all of it."""
    from studykit.print_answer_key import move_answers_in  # it builds on this module
    root = fragment_root(source.html)
    _prefix_ids_and_rebase_links(root, source, prefixes=prefixes, url_to=url_to)
    return move_answers_in(root, prefix=page_prefix(source.src_uri), chapter_title=source.title) or root.inner_html


def assemble_printable(pages: list[PrintSource], *, url_to: Callable[[str], str],
                       chapter_cache: dict | None = None) -> str:
    """One HTML block holding every page in `pages`, with a list of contents first.

    Each page's self-check answers move to an answer key at the end of its chapter.

    Args:
        pages: the pages of the edition, in order.
        url_to: turns a site URL into a link relative to the printable page.
        chapter_cache: chapters rendered by an earlier call with the same `url_to` (`mkdocs
            serve` rebuilds the edition after every edit): a chapter whose page and list of
            printed pages are unchanged is reused. Updated to this call's chapters.
    """
    prefixes = {_url_path(p.url): page_prefix(p.src_uri) for p in pages}
    layout = tuple(prefixes.items())  # every chapter's links depend on which pages are printed
    contents = "".join(
        f'<li><a href="#{page_prefix(p.src_uri)}">{html.escape(p.title)}</a></li>' for p in pages
    )
    earlier = chapter_cache if chapter_cache is not None else {}
    chapters = {}
    for p in pages:
        chapter = earlier.get((p, layout))
        if chapter is None:
            chapter = render_chapter(p, prefixes=prefixes, url_to=url_to)
        chapters[(p, layout)] = chapter
    if chapter_cache is not None:
        chapter_cache.clear()
        chapter_cache.update(chapters)
    sections = [
        f'<section class="sg-print__page" id="{page_prefix(p.src_uri)}" '
        f'aria-label="{html.escape(p.title, quote=True)}">\n'
        + chapters[(p, layout)]
        + "\n</section>"
        for p in pages
    ]
    return (
        # Shown by print.js; printing needs no button without JavaScript.
        '<p class="sg-print__button" hidden><button type="button" class="md-button md-button--primary" '
        'data-sg-print>Print or save as PDF</button></p>\n'
        '<nav class="sg-print__contents" aria-labelledby="sg-print-contents-title">\n'
        '<p id="sg-print-contents-title"><strong>Contents</strong></p>\n'
        f"<ol>{contents}</ol>\n</nav>\n" + "\n".join(sections)
    )
