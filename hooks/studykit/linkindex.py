"""Link inventory and internal link checking on rendered HTML (no MkDocs imports).

hooks/linkcheck.py drives this module:

1. `extract_links` reads one page's HTML with selectolax (the lexbor HTML5 parser, in C: less
   than half the cost of html.parser) and returns a `PageLinks`: every element id, every
   URL-bearing attribute (a/area href, img/source src and srcset, link href,
   script/iframe/embed/video/audio/track src, video poster, object data), the link text and
   the heading section each link sits in. Links outside the content area (theme chrome) are
   marked, so that they are checked but not listed in the inventory. Malformed markup is read
   as a browser builds it (HTML5 tree building), since that is the page readers get.
2. `parse_href` sorts a URL into internal, external, mailto, other, ignored or invalid;
   `resolve` turns an internal href into a site path and a fragment.
3. `check_links` resolves every internal link against the built pages, their ids and the
   static files, and returns `Problem`s (a missing page or file, a missing id, a malformed URL).
4. `build_inventory` returns the `links.json` document (`dump_inventory` writes it);
   `render_link_index` returns the HTML of the link index page (external resources grouped by
   site); `render_report` summarises links.json in Markdown for CI.

Check results of external URLs come in as `CheckStatus` objects (studykit.external.CheckResult),
so that this module stays free of network code.
"""
from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from studykit.urls import relative_url

INVENTORY_VERSION = 1

# Kinds of link target, as written to links.json.
PAGE, ANCHOR, ASSET, MISSING = "page", "anchor", "asset", "missing"
EXTERNAL, MAILTO, OTHER = "external", "mailto", "other"
# Kinds of href that parse_href returns besides the above.
INTERNAL, IGNORED, INVALID = "internal", "ignored", "invalid"

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
# Schemes that are code or inline data, not links to a resource.
_IGNORED_SCHEMES = frozenset({"javascript", "data", "blob", "about"})
# Schemes that are inventoried but never checked.
_OTHER_SCHEMES = frozenset({"tel", "sms", "ftp", "sftp", "irc", "news", "urn", "geo"})


class CheckStatus(Protocol):
    """What the inventory reads from an external check result (studykit.external.CheckResult)."""

    ok: bool
    status: int | None
    final_url: str | None
    error: str | None
    checked_at: str

    def to_json(self) -> dict: ...


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


@dataclass(frozen=True, slots=True)
class Href:
    """A parsed href: what kind of link it is and where it points."""

    kind: str  # INTERNAL, EXTERNAL, MAILTO, OTHER, IGNORED or INVALID
    url: str  # EXTERNAL: the URL without its fragment; INTERNAL: the decoded path
    fragment: str = ""
    reason: str = ""  # INVALID: what is wrong


@dataclass(frozen=True, slots=True)
class Problem:
    """A broken link: where it is, what it says, where it points and why that fails."""

    page: str
    href: str
    text: str
    section: str | None
    reason: str
    chrome: bool = False
    same_on: int = 0  # chrome problems are reported once; this many other pages have it too
    line: int | None = None  # line of the page's Markdown where the link is written, if found

    def message(self) -> str:
        what = "broken theme link" if self.chrome else "broken link"
        text = f"'{self.text}'" if self.text else "(no link text)"
        where = f" in section '{self.section}'" if self.section else ""
        more = f" (and on {self.same_on} more pages)" if self.same_on else ""
        at = f"{self.page}:{self.line}" if self.line else self.page
        return f"{at}: {what} {text} -> '{self.href}'{where}: {self.reason}{more} (fix: {fix_for(self.reason)})"


def fix_for(reason: str) -> str:
    """What to do about a broken link, by the kind of reason."""
    if "has no element with id" in reason:
        return "link to an id the page has: a heading's { #id } or the id its title gets"
    if reason.startswith("no page or file"):
        return ("link to an existing file, relative to this page: a page by its .md file, "
                "an image or download by its path under docs/")
    if reason.startswith("absolute path"):
        return "write the link relative to this page, e.g. ../about.md"
    if reason.startswith("points above the site root"):
        return "remove one '../' or link to a page inside docs/"
    return "correct the URL, or remove the link"


def find_line(markdown: str, href: str, text: str = "") -> int | None:
    """The first line of a page's Markdown that holds the link: its href as written, the
    `.md` form MkDocs turned into the href ('../x/' from 'x.md'), or else its text."""
    candidates = [f"]({href}", f'="{href}"', f"='{href}'", f"]: {href}"]
    path, _, fragment = href.partition("#")
    if path.endswith("/"):
        stem = path.rstrip("/").rsplit("/", 1)[-1]
        if stem and stem != "..":
            candidates.append(f"{stem}.md" + (f"#{fragment}" if fragment else ""))
    elif not path and fragment:
        candidates.append(f"(#{fragment})")
    lines = markdown.splitlines()
    for needle in candidates + ([f"[{text}]"] if text else []):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


class LinkError(ValueError):
    """An href that cannot be a working link (malformed, absolute, above the site root)."""


# --- Extraction -------------------------------------------------------------------------------


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


# --- Parsing and resolving hrefs --------------------------------------------------------------


@functools.lru_cache(maxsize=16384)  # pure, and the same hrefs recur on every page
def parse_href(href: str) -> Href:
    """Sort an href into a kind, with the URL to check or the path to resolve."""
    href = href.strip()
    if not href:
        return Href(IGNORED, "")
    try:
        parts = urlsplit(href)
    except ValueError as e:  # "http://[::1": urlsplit rejects it
        return Href(INVALID, href, reason=f"malformed URL ({e})")
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") or (not scheme and href.startswith("//")):
        try:
            host = parts.hostname
            parts.port  # noqa: B018 (raises ValueError on a bad port)
        except ValueError as e:
            return Href(INVALID, href, reason=f"malformed URL ({e})")
        if not host:
            return Href(INVALID, href, reason="malformed URL (no host name)")
        if " " in parts.netloc:
            return Href(INVALID, href, reason="malformed URL (space in the host name)")
        full = href if scheme else f"https:{href}"
        return Href(EXTERNAL, full.split("#", 1)[0], parts.fragment)
    if scheme == "mailto":
        if not parts.path.strip():
            return Href(INVALID, href, reason="mailto link without an address")
        return Href(MAILTO, href)
    if scheme in _IGNORED_SCHEMES:
        return Href(IGNORED, href)
    if scheme in _OTHER_SCHEMES:
        return Href(OTHER, href)
    if scheme == "file":
        return Href(INVALID, href, reason="file: URL points to a file on the author's computer")
    if len(scheme) == 1:  # "C:\\Users\\..."
        return Href(INVALID, href, reason="a file path on the author's computer, not a URL")
    if scheme:
        written = href.split(":", 1)[0]
        return Href(INVALID, href, reason=f"unknown URL scheme '{written}:' (a typo for https:?)")
    if href.startswith("/"):
        return Href(
            INVALID,
            href,
            reason="absolute path: use a relative link (the site's address differs between "
            "previews and the published site)",
        )
    return Href(INTERNAL, unquote(parts.path), unquote(parts.fragment))


def resolve(from_url: str, href: str) -> tuple[str, str] | None:
    """Resolve an internal href written on the page at site URL `from_url`.

    Returns:
        (site path, fragment); the path ends with "/" when it names a directory and is ""
        for the site root. None when the href is not internal (external, mailto, ...).

    Raises:
        LinkError: malformed, absolute, or pointing above the site root.
    """
    parsed = parse_href(href)
    if parsed.kind == INVALID:
        raise LinkError(parsed.reason)
    if parsed.kind != INTERNAL:
        return None
    return _join(from_url, parsed.url), parsed.fragment


@functools.lru_cache(maxsize=16384)  # pure; glossary links repeat the same href on a page
def _join(from_url: str, path: str) -> str:
    if not path:  # "#frag" or "?query": the page itself
        return from_url
    base = from_url[: from_url.rfind("/") + 1]
    combined = base + path
    is_dir = combined.endswith(("/", "/.", "/..")) or combined in (".", "..")
    norm = posixpath.normpath(combined)
    if norm == ".." or norm.startswith("../"):
        raise LinkError("points above the site root")
    if norm == ".":
        return ""
    return norm + "/" if is_dir else norm


# --- Checking ---------------------------------------------------------------------------------


class SiteIndex:
    """The built site as the checks see it: pages (with their ids), static files and, last,
    files on disk (for what plugins write after the pages). Results are cached, so that
    check_links and build_inventory can share one index."""

    def __init__(
        self,
        pages: Mapping[str, PageLinks],
        files: Iterable[str] = (),
        exists: Callable[[str], bool] | None = None,
    ) -> None:
        self.pages = pages
        self.files = set(files)
        self.exists = exists
        self._located: dict[str, tuple[str, str] | None] = {}
        self._checked: dict[tuple[str, str], str | None] = {}

    def locate(self, path: str) -> tuple[str, str] | None:
        """(PAGE or ASSET, output path) for a site path, or None if nothing is there."""
        if path in self._located:
            return self._located[path]
        found = None
        if path == "" or path.endswith("/"):
            candidates = [path + "index.html"]
        else:
            candidates = [path, path + "/index.html"]  # servers redirect "dir" to "dir/"
        for candidate in candidates:
            if candidate in self.pages:
                found = (PAGE, candidate)
            elif candidate in self.files or (self.exists is not None and self.exists(candidate)):
                found = (ASSET, candidate)
            if found:
                break
        self._located[path] = found
        return found

    def check(self, page: PageLinks, href: str) -> str | None:
        """Why `href` on `page` is broken, or None if it works (or is not ours to check)."""
        key = (page.dest, href)
        if key not in self._checked:
            self._checked[key] = _check_one(self, page, href)
        return self._checked[key]


def _anchor_exists(page: PageLinks, fragment: str) -> bool:
    # "#" and "#top" scroll to the top of any HTML page.
    return not fragment or fragment.lower() == "top" or fragment in page.ids


def _check_one(site: SiteIndex, page: PageLinks, href: str) -> str | None:
    parsed = parse_href(href)
    if parsed.kind == INVALID:
        return parsed.reason
    if parsed.kind != INTERNAL:
        return None
    try:
        path = _join(page.url, parsed.url)
    except LinkError as e:
        return str(e)
    found = site.locate(path)
    if found is None:
        return f"no page or file '{path or './'}' in the site"
    kind, dest = found
    if kind == PAGE and not _anchor_exists(site.pages[dest], parsed.fragment):
        if dest == page.dest:
            return f"this page has no element with id '{parsed.fragment}'"
        return f"page '{path or './'}' has no element with id '{parsed.fragment}'"
    return None


def check_links(
    pages: Mapping[str, PageLinks],
    *,
    files: Iterable[str] = (),
    exists: Callable[[str], bool] | None = None,
    site: SiteIndex | None = None,
) -> list[Problem]:
    """Check every internal link, anchor and asset of every page.

    Args:
        pages: every built page, keyed by output path ("about/index.html").
        files: output paths of the static files ("assets/x.svg").
        exists: fallback for files that plugins write after the pages (checked last).
        site: an index of the same pages to share with build_inventory (then files and
            exists are not used).

    Returns:
        One Problem per broken content link (per page, text and href); a broken chrome link
        (the same on many pages, since the theme writes it) is reported once, with the number
        of other pages.
    """
    site = site or SiteIndex(pages, files, exists)
    problems: list[Problem] = []
    seen: set[tuple[str, str, str, str]] = set()
    chrome: dict[tuple[str, str], list] = {}
    for page in pages.values():
        for link in page.links:
            reason = site.check(page, link.href)
            if reason is None:
                continue
            if link.content:
                # Once per page, text and target: glightbox wraps an <img> in an <a> to it.
                key = (page.src, link.href, link.text, reason)
                if key not in seen:
                    seen.add(key)
                    problems.append(
                        Problem(page.src, link.href, link.text, link.section_title, reason)
                    )
                continue
            key = (_target_key(page.url, link.href), reason)
            if key in chrome:
                chrome[key][1] += 1
            else:
                chrome[key] = [Problem(page.src, link.href, link.text, None, reason, True), 0]
    for problem, more in chrome.values():
        problems.append(
            Problem(problem.page, problem.href, problem.text, None, problem.reason, True, more)
        )
    return problems


def _target_key(page_url: str, href: str) -> str:
    try:
        resolved = resolve(page_url, href)
    except LinkError:
        return href
    if resolved is None:
        return href
    return _site_key(*resolved)


# --- Inventory --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reference:
    """One place that links to a target."""

    page: str  # source path
    url: str  # site URL of the page
    title: str  # page title
    section_id: str | None
    section_title: str | None
    text: str

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "url": "/" + self.url,
            "section": self.section_id,
            "section_title": self.section_title,
            "text": self.text,
        }


def _reference(page: PageLinks, link: Link) -> Reference:
    return Reference(page.src, page.url, page.title, link.section_id, link.section_title, link.text)


def collect_external(
    pages: Iterable[PageLinks], *, exclude: Iterable[str] = ()
) -> dict[str, list[Reference]]:
    """External URLs (as written) -> the places that cite them, from content links only."""
    skip = set(exclude)
    found: dict[str, list[Reference]] = defaultdict(list)
    for page in pages:
        if page.src in skip:
            continue
        for link in page.links:
            if link.content and parse_href(link.href).kind == EXTERNAL:
                found[link.href.strip()].append(_reference(page, link))
    return dict(found)


def check_url(href: str) -> str:
    """The URL an external check requests for an href: without its fragment."""
    return parse_href(href).url


def dump_inventory(inventory: dict) -> str:
    """links.json text: one target per line (readable, diffable, and written by json's fast
    C encoder, which `indent=` would turn off)."""
    head = {k: v for k, v in inventory.items() if k != "targets"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "targets": [']
    targets = inventory["targets"]
    lines.extend(
        json.dumps(t, ensure_ascii=False) + ("," if i < len(targets) - 1 else "")
        for i, t in enumerate(targets)
    )
    lines.append("]}")
    return "\n".join(lines) + "\n"


def build_inventory(
    pages: Mapping[str, PageLinks],
    *,
    files: Iterable[str] = (),
    exists: Callable[[str], bool] | None = None,
    site: SiteIndex | None = None,
    results: Mapping[str, CheckStatus] | None = None,
    exclude_pages: Iterable[str] = (),
    site_url: str = "",
) -> dict:
    """The links.json document: every content link target with its kind and references.

    Args:
        pages: every built page, keyed by output path.
        files, exists, site: as for check_links.
        results: last known external check results, keyed by the URL that was checked.
        exclude_pages: source paths whose links are checked but not inventoried (the link
            index page links to every external URL and every citing section; listing those
            links would make every target cite the index).
        site_url: the site's configured address, recorded for readers of the file.
    """
    site = site or SiteIndex(pages, files, exists)
    results = results or {}
    skip = set(exclude_pages)
    targets: dict[str, dict] = {}
    for page in pages.values():
        if page.src in skip:
            continue
        url = "/" + page.url
        for link in page.links:
            if not link.content:
                continue
            entry = _inventory_entry(site, page, link.href, targets)
            if entry is not None:
                entry["references"].append({
                    "page": page.src, "url": url, "section": link.section_id,
                    "section_title": link.section_title, "text": link.text,
                })
    for entry in targets.values():
        if entry["kind"] == EXTERNAL:
            result = results.get(check_url(entry["target"]))
            entry["check"] = result.to_json() if result is not None else None
    ordered = sorted(targets.values(), key=lambda e: (e["kind"], e["target"]))
    kinds = Counter(e["kind"] for e in ordered)
    checked = [e["check"] for e in ordered if e.get("check")]
    return {
        "version": INVENTORY_VERSION,
        "site_url": site_url,
        "summary": {
            "pages": len(pages),
            "targets": len(ordered),
            "references": sum(len(e["references"]) for e in ordered),
            "by_kind": dict(sorted(kinds.items())),
            "broken_internal": sum(1 for e in ordered if "broken" in e),
            "external_checked": len(checked),
            "external_broken": sum(1 for c in checked if not c["ok"]),
            "last_external_check": max((c["checked_at"] for c in checked), default=None),
        },
        "targets": ordered,
    }


def _inventory_entry(site: SiteIndex, page: PageLinks, href: str, targets: dict) -> dict | None:
    """The inventory entry (new or already in `targets`) that `href` on `page` points to.

    Hrefs that are not internal links are keyed as written and site paths by their resolved
    path, in two namespaces: an invalid raw '/about/' must not merge with the page '/about/'.
    """
    parsed = parse_href(href)
    if parsed.kind == IGNORED:
        return None
    if parsed.kind != INTERNAL:
        key = ("href", href.strip())
        if key not in targets:
            entry: dict = {"target": key[1], "kind": parsed.kind}
            if parsed.kind == EXTERNAL:
                entry["host"] = _host(parsed.url)
            elif parsed.kind == INVALID:
                entry["broken"] = parsed.reason
            targets[key] = entry | {"references": []}
        return targets[key]
    try:
        path = _join(page.url, parsed.url)
    except LinkError as e:
        key = ("href", href.strip())
        return targets.setdefault(key, {"target": key[1], "kind": INVALID, "broken": str(e), "references": []})
    key = ("site", _site_key(path, parsed.fragment))
    entry = targets.get(key)
    if entry is None:
        found = site.locate(path)
        kind = MISSING
        if found is not None:
            kind = (ANCHOR if parsed.fragment else PAGE) if found[0] == PAGE else ASSET
        entry = targets[key] = {"target": key[1], "kind": kind, "references": []}
    if "broken" not in entry:
        reason = site.check(page, href)  # "#x" may exist on one page and not on another
        if reason:
            entry["broken"] = reason
    return entry


def _site_key(path: str, fragment: str) -> str:
    # Internal targets are named by their path from the site root: "/domains/x/#obj-1-1".
    return "/" + path + (f"#{fragment}" if fragment else "")


@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


# --- The link index page ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """Rendered link index: HTML for the page, and (id, title) of each site heading for the TOC."""

    html: str
    toc: list[tuple[str, str]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


def _status_html(result: CheckStatus | None) -> str:
    if result is None:
        return '<span class="sg-linkcheck sg-linkcheck--unknown">Not checked yet</span>'
    date = html.escape(result.checked_at[:10])
    if result.ok:
        note = f"OK ({result.status})" if result.status else "OK"
        if result.final_url:
            note += f", redirects to <code>{html.escape(result.final_url)}</code>"
        return f'<span class="sg-linkcheck sg-linkcheck--ok">{note}, {date}</span>'
    why = f"HTTP {result.status}" if result.status else html.escape(result.error or "failed")
    return f'<span class="sg-linkcheck sg-linkcheck--broken">Broken ({why}), {date}</span>'


def render_link_index(
    external: Mapping[str, list[Reference]],
    *,
    from_url: str,
    results: Mapping[str, CheckStatus] | None = None,
) -> LinkIndex:
    """HTML listing every external resource, grouped by site, with the pages that cite it.

    Args:
        external: URL as written -> references (collect_external).
        from_url: site URL of the link index page (links to citing pages are relative to it).
        results: last known check results, keyed by the checked URL (without fragment).
    """
    results = results or {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in external:
        by_host[_host(check_url(url))].append(url)
    checked = [results[check_url(u)] for u in external if check_url(u) in results]
    broken = sum(1 for r in checked if not r.ok)
    cited_on = {ref.page for refs in external.values() for ref in refs}
    summary = (
        f"<p>{len(external)} external links to {len(by_host)} sites, cited on "
        f"{len(cited_on)} pages."
    )
    if checked:
        last = max(r.checked_at for r in checked)[:10]
        summary += (
            f" Last external check: {html.escape(last)}; {len(checked)} of {len(external)} "
            f"checked, {broken} broken.</p>"
        )
    else:
        summary += " External links have not been checked yet.</p>"
    out = [summary]
    toc: list[tuple[str, str]] = []
    used_ids: set[str] = set()
    for host in sorted(by_host):
        anchor = f"site-{_slug(host)}"
        while anchor in used_ids:
            anchor += "-1"
        used_ids.add(anchor)
        toc.append((anchor, host))
        out.append(
            f'<h2 id="{anchor}">{html.escape(host)}'
            f'<a class="headerlink" href="#{anchor}" title="Link to this section">&para;</a></h2>'
        )
        out.append(
            # No class: Material styles only tables without one.
            '<table>\n<thead><tr><th scope="col">Resource</th>'
            '<th scope="col">Cited on</th><th scope="col">Last check</th></tr></thead>\n<tbody>'
        )
        for url in sorted(by_host[host]):
            refs = external[url]
            texts = Counter(r.text for r in refs if r.text)
            label = texts.most_common(1)[0][0] if texts else url
            out.append(
                f'<tr><td><a href="{html.escape(url)}">{html.escape(label)}</a><br>'
                f"<small><code>{html.escape(url)}</code></small></td>"
                f"<td>{_citations_html(refs, from_url)}</td>"
                f"<td>{_status_html(results.get(check_url(url)))}</td></tr>"
            )
        out.append("</tbody>\n</table>")
    return LinkIndex("\n".join(out), toc)


def _citations_html(refs: list[Reference], from_url: str) -> str:
    seen: dict[tuple[str, str | None], Reference] = {}
    for ref in refs:
        seen.setdefault((ref.url, ref.section_id), ref)
    items = []
    for ref in seen.values():
        target = ref.url + (f"#{ref.section_id}" if ref.section_id else "")
        label = ref.title or ref.page
        if ref.section_title and ref.section_title != ref.title:
            label += f" › {ref.section_title}"
        items.append(f'<a href="{html.escape(relative_url(from_url, target))}">{html.escape(label)}</a>')
    return "<br>".join(items)


# --- Report for CI (GitHub job summary) ----------------------------------------------------------


def render_report(inventory: dict) -> str:
    """A Markdown summary of links.json: broken external and internal links with the pages that
    hold them, and permanently redirected links worth updating."""

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    def cited(entry: dict) -> str:
        places = {f"{r['page']} ({r['section_title']})" if r.get("section_title") else r["page"]
                  for r in entry["references"]}
        return cell(", ".join(sorted(places)))

    summary = inventory["summary"]
    targets = inventory["targets"]
    broken_external = [t for t in targets if t.get("check") and not t["check"]["ok"]]
    broken_internal = [t for t in targets if "broken" in t]
    moved = [
        t for t in targets
        if t.get("check") and t["check"]["ok"]
        and any(r.get("status") in (301, 308) for r in t["check"].get("redirects", []))
    ]
    lines = [
        "## Link check",
        "",
        f"{summary['pages']} pages, {summary['references']} links to {summary['targets']} targets; "
        f"{summary['external_checked']} external links checked, {summary['external_broken']} broken"
        + (f" (last check {summary['last_external_check']})." if summary["last_external_check"] else "."),
    ]
    sections = [
        ("Broken external links", broken_external, ("Link", "Result", "Cited on"),
         lambda t: (t["target"], t["check"].get("error") or t["check"].get("status"), cited(t))),
        ("Broken internal links", broken_internal, ("Link", "Problem", "Found on"),
         lambda t: (t["target"], t["broken"], cited(t))),
        ("Moved permanently (update these links)", moved, ("Link", "Now at", "Cited on"),
         lambda t: (t["target"], t["check"]["final_url"], cited(t))),
    ]
    for title, entries, header, row in sections:
        if not entries:
            continue
        lines += ["", f"### {title} ({len(entries)})", "", "| " + " | ".join(header) + " |",
                  "| --- | --- | --- |"]
        lines += ["| " + " | ".join(cell(v) for v in row(t)) + " |" for t in entries]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m studykit.linkindex site/links.json  (with hooks/ on the path)
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m studykit.linkindex path/to/links.json")
    try:
        document = json.loads(open(sys.argv[1], encoding="utf-8").read())
    except (OSError, ValueError) as error:
        sys.exit(f"{sys.argv[1]}: cannot read the link inventory: {error}")
    sys.stdout.write(render_report(document))
