"""Reading a built page's links and ids (selectolax, the lexbor HTML5 parser, in C).

`extract_links` returns a `PageLinks`: every element id, every URL-bearing attribute (a/area
href, img/source src and srcset, link href, script/iframe/embed/video/audio/track src, video
poster, object data), the link text and the heading section each link sits in. Links outside
the content area (theme chrome) are marked, so that they are checked but not inventoried.
Malformed markup is read as a browser builds it. No MkDocs imports.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Attributes that hold a URL, per element.
_URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Links inside the content area that the theme or the toc extension writes, not the author:
# permalinks ("¶") and Material's edit/view buttons (and, see _is_chrome_anchor, links to
# themselves such as code line anchors). Checked, but not inventoried.
_CHROME_CLASSES = frozenset({"headerlink", "md-content__button"})


@dataclass(slots=True)
class Link:
    """One URL-bearing attribute in a page."""

    href: str
    text: str
    tag: str
    section_id: str | None
    section_title: str | None
    content: bool  # False: theme chrome (navigation, header, permalinks); checked, not listed


@dataclass(slots=True)
class PageLinks:
    """What one built page offers (ids) and what it points to (links)."""

    src: str  # source path, e.g. "domains/monitoring.md"
    url: str  # site URL, e.g. "domains/monitoring/"
    dest: str  # output path, e.g. "domains/monitoring/index.html"
    title: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)



@functools.lru_cache(maxsize=8)
def _selector(content_root: str | None) -> str:
    # One query for every element we read, in document order; :is() returns an element once
    # even when it matches several parts (a plain "a,[id]" list returns it twice).
    parts = ["a", *sorted(_HEADINGS), *sorted(set(_URL_ATTRS) - {"a"}), "[id]"]
    if content_root is not None:
        parts.append(content_root)
    return f":is({','.join(parts)})"


def _inner_count(node: LexborNode, selector: str) -> int:
    """How many of the elements that follow `node` in the document's query result lie inside it."""
    found = node.css(selector)
    return len(found) - 1 if found and found[0] == node else len(found)  # css() includes node itself


def _is_chrome_anchor(attrs: Mapping[str, str | None], href: str, in_content: bool) -> bool:
    if not in_content or _has_chrome_class(attrs.get("class")):
        return True
    # A link to itself (code line anchors: <a id="L1" href="#L1">) is a permalink.
    return href[:1] == "#" and href[1:] == (attrs.get("id") or attrs.get("name"))


def _heading_title(heading: LexborNode, in_content: bool) -> str | None:
    """The heading's text without the text of permalinks and other chrome links inside it."""
    parts: list[str] = []

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            if child.tag == "-text":  # selectolax's name for text nodes (all versions)
                parts.append(child.text_content or "")
            elif child.tag == "a" and (href := child.attributes.get("href")) is not None \
                    and _is_chrome_anchor(child.attributes, href, in_content):
                continue  # the permalink's "¶" is not part of the title
            else:
                walk(child)

    walk(heading)
    return _clean("".join(parts)) or None


def _anchor_text(anchor: LexborNode, attrs: Mapping[str, str | None]) -> str:
    text = _clean(anchor.text())
    if text:
        return text
    # An icon or image link: the alt text of its first image that has one, its title or label.
    alt = next((a for img in anchor.css("img") if (a := img.attributes.get("alt"))), "")
    return _clean(alt or attrs.get("title") or attrs.get("aria-label") or "")


def _has_chrome_class(classes: str | None) -> bool:
    return classes is not None and not _CHROME_CLASSES.isdisjoint(classes.split())


def _clean(text: str) -> str:
    return " ".join(text.split())


def _srcset_urls(srcset: str) -> list[str]:
    # "a.png 1x, b.png 2x": each candidate is a URL, then an optional descriptor.
    return [part.split()[0] for part in srcset.split(",") if part.strip()]


def extract_links(
    html_text: str,
    *,
    src: str,
    url: str,
    dest: str,
    title: str = "",
    content_root: str | None = None,
) -> PageLinks:
    """Read the ids and links of one page.

    Args:
        html_text: the page's HTML (a content fragment or a whole templated page).
        src, url, dest: the page's source path, site URL and output path.
        title: the page title (used by the link index).
        content_root: "tag.class" of the element that holds the content (for example
            "article.md-content__inner"); links outside it are marked as chrome. None: the
            whole text is content. If the element never appears, everything is content.

    Returns:
        The page's ids and links, in document order.
    """
    page = PageLinks(src=src, url=url, dest=dest, title=title)
    ids, links = page.ids, page.links
    selector = _selector(content_root)
    root_tag, _, root_class = (content_root or "").partition(".")
    # Without a content root every link is content; with one, only links inside it are.
    in_content = found_root = content_root is None
    content_left = 0  # elements of the query result still inside the content root
    section_id: str | None = None
    section_title: str | None = None
    # A heading names the section of the links after it, not of those inside it (its permalink).
    heading: tuple[str | None, str | None] | None = None
    heading_left = 0  # elements of the query result still inside that heading

    for node in LexborHTMLParser(html_text).css(selector):
        tag = node.tag
        attrs = node.attributes
        inside_heading, inside_root = heading_left > 0, content_left > 0
        opens_root = (not in_content and tag == root_tag
                      and root_class in (attrs.get("class") or "").split())
        if opens_root:
            in_content = found_root = True
            content_left = _inner_count(node, selector)

        if tag == "a":
            element_id, name, href = attrs.get("id"), attrs.get("name"), attrs.get("href")
            if element_id:
                ids.add(element_id)
            if name:
                ids.add(name)
            if href is not None:
                chrome = _is_chrome_anchor(attrs, href, in_content)
                links.append(Link(href, _anchor_text(node, attrs), "a", section_id,
                                  section_title, not chrome))
        else:
            element_id = attrs.get("id")
            if element_id:
                ids.add(element_id)
            if tag in _HEADINGS:
                heading = (element_id, _heading_title(node, in_content))
                heading_left = _inner_count(node, selector)
                inside_heading = False  # HTML5 never nests headings: this one replaces any other
                if not heading_left:
                    section_id, section_title = heading
            elif (names := _URL_ATTRS.get(tag)) is not None:
                chrome = not in_content or _has_chrome_class(attrs.get("class"))
                text = _clean(attrs.get("alt") or attrs.get("title") or "")
                for attr in names:
                    value = attrs.get(attr)
                    if value is None:
                        continue
                    for found in _srcset_urls(value) if attr == "srcset" else (value,):
                        links.append(Link(found, text, tag, section_id, section_title, not chrome))

        if inside_heading:
            heading_left -= 1
            if not heading_left:
                section_id, section_title = heading  # type: ignore[misc]
        if inside_root:
            content_left -= 1
        if (inside_root or opens_root) and not content_left:
            in_content = False

    if not found_root:
        # Another theme: no recognisable content area, so treat the whole page as content.
        for link in links:
            link.content = True
    return page
