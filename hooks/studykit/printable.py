"""The printable edition: several rendered pages joined into one, with ids kept unique.

Every page keeps its own HTML, wrapped in a `<section>` whose id is a prefix made from the page
path (`domains/monitoring.md` -> `domains-monitoring`). Inside it, every id and every reference
to an id (`href="#..."`, `for`, `aria-labelledby`, radio-group names of content tabs) gets that
prefix, so two pages that both have `#self-check` stay apart. Links between printed pages become
in-page links; other relative links and image sources are re-based on the printable page's URL.

The pages' HTML is arbitrary, so it is rewritten with the standard library's HTML tokenizer:
everything is copied through as it was, except the start tags whose attributes change.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

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


class _Rewriter(HTMLParser):
    """Copies HTML through, letting `fix` change the attributes of start tags."""

    def __init__(self, fix: Callable[[str, list[tuple[str, str | None]]], list[tuple[str, str | None]] | None]):
        super().__init__(convert_charrefs=False)
        self.fix = fix
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closing: bool) -> None:
        new = self.fix(tag, attrs)
        if new is None:
            self.out.append(self.get_starttag_text())
            return
        parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                         for name, value in new]
        self.out.append("<" + " ".join(parts) + (" />" if closing else ">"))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, closing=False)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, closing=True)

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def rewrite_page_html(source: PrintSource, *, prefixes: dict[str, str], url_to: Callable[[str], str]) -> str:
    """The page's HTML with prefixed ids and links re-based on the printable page.

    Args:
        source: the page to rewrite.
        prefixes: absolute URL path of each printed page -> its id prefix.
        url_to: turns a site URL ('assets/x.svg') into a link relative to the printable page.
    """
    own_prefix = page_prefix(source.src_uri)
    page_path = _url_path(source.url)

    def local(prefix: str, fragment: str) -> str:
        return f"#{prefix}--{fragment}" if fragment else f"#{prefix}"

    def rebase(value: str) -> str:
        if not value or SCHEME_RE.match(value):
            return value
        if value.startswith("#"):
            return local(own_prefix, value[1:])
        parts = urlsplit(urljoin(page_path, value))
        if parts.path in prefixes and not parts.query:
            return local(prefixes[parts.path], parts.fragment)
        return urlunsplit(("", "", url_to(parts.path.lstrip("/")), parts.query, parts.fragment))

    def fix(tag: str, attrs: list[tuple[str, str | None]]):
        changed = False
        new = []
        is_radio = tag == "input" and any(n == "type" and v == "radio" for n, v in attrs)
        for name, value in attrs:
            if value is not None:
                if name in ID_ATTRS or (name == "name" and is_radio):
                    value = f"{own_prefix}--{value}"
                elif name in ID_LIST_ATTRS:
                    value = " ".join(f"{own_prefix}--{v}" for v in value.split())
                elif name in URL_ATTRS:
                    value = rebase(value)
            changed = changed or (name, value) not in attrs
            new.append((name, value))
        return new if changed else None

    rewriter = _Rewriter(fix)
    rewriter.feed(source.html)
    rewriter.close()
    return "".join(rewriter.out)


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
    from studykit.print_answer_key import move_answers_to_key  # it builds on this module
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
            chapter = move_answers_to_key(rewrite_page_html(p, prefixes=prefixes, url_to=url_to),
                                          prefix=page_prefix(p.src_uri), chapter_title=p.title)
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
