"""Checking internal links against the built site: pages, their ids, and static files.

`check_links` resolves every internal link of every page and returns a `Problem` per broken
one (a missing page or file, a missing id, a malformed URL); `find_line` finds where a link is
written in a page's Markdown, so the warning can name the line. No MkDocs imports.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from studykit.hrefs import ASSET, INTERNAL, INVALID, PAGE, LinkError, join_path, parse_href, resolve, site_key
from studykit.link_extraction import PageLinks


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
        path = join_path(page.url, parsed.url)
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
    return site_key(*resolved)
