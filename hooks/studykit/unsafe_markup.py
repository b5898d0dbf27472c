"""Script in a built page: `javascript:`-style URLs and `on…` event handler attributes.

The second line of defence behind studykit.safe_markdown: whatever a Markdown page, a data
file or a plugin put into a page, the final HTML is scanned, and the link-check hook warns for
each finding, so `mkdocs build --strict` fails. No MkDocs imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# Attributes that a browser follows or runs as a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcdoc"})
# Material's search "share" button is <a href="javascript:void(0)">: it does nothing by itself.
ALLOWED_URLS = frozenset({"javascript:void(0)"})
_SCRIPT_URL_RE = re.compile(r"^\s*(?:javascript|vbscript|livescript)\s*:|^\s*data\s*:\s*text/html", re.I)
# Cheap first pass: most pages have neither (the theme's allowed URL aside), and then the tree is
# never walked. It runs over the page's UTF-8 bytes lower-cased in ASCII, as browsers read
# attribute names and URL schemes: str.lower() of a 2 MB page with non-ASCII text took longer
# than both scans (0.06 s for the whole site, the scans over bytes 0.04 s). The patterns start
# with letters or "=", not with a class or a tag, so sre skips through a page fast
# (`<[^>]*?\s(?:on...)` took 0.2 s).
_HANDLER_RE = re.compile(rb"on[a-z]+\s*=")
_BEFORE_ATTRIBUTE = b" \t\n\r\f/\"'"
_SCRIPT_URL_NEAR_RE = re.compile(rb"=\s*[\"']?\s*((?:javascript|vbscript|livescript|data)\s*:)")
_ALLOWED_NEAR_RE = re.compile(rb"javascript:void\(0\)[\"'\s>]")  # in the page as written, not lower-cased


def _may_hold_script(html_text: str) -> bool:
    raw = html_text.encode("utf-8", "surrogatepass")
    lower = raw.lower()  # ASCII letters only: the offsets stay those of `raw`
    if any(not _ALLOWED_NEAR_RE.match(raw, m.start(1)) for m in _SCRIPT_URL_NEAR_RE.finditer(lower)):
        return True
    return any(m.start() and lower[m.start() - 1] in _BEFORE_ATTRIBUTE for m in _HANDLER_RE.finditer(lower))


@dataclass(frozen=True, slots=True)
class UnsafeMarkup:
    """One element that can run script: its tag, the attribute and the value."""

    tag: str
    attribute: str
    value: str
    text: str

    def message(self, page: str) -> str:
        what = (f"an event handler attribute {self.attribute}=\"{_short(self.value)}\""
                if self.attribute.startswith("on") else f"a script URL {self.attribute}=\"{_short(self.value)}\"")
        text = f" ('{_short(self.text)}')" if self.text else ""
        return (f"{page}: unsafe markup: <{self.tag}>{text} has {what} (fix: remove it; pages and "
                "data files may not carry script, link to an https:// address instead)")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_handler(name: str, value: str) -> bool:
    """An event handler attribute that would run something (`<a onclick>` runs nothing)."""
    return name.startswith("on") and bool(value.strip())


def is_script_url(value: str) -> bool:
    return value.strip() not in ALLOWED_URLS and bool(_SCRIPT_URL_RE.match(value))


def find_unsafe_markup(html_text: str) -> list[UnsafeMarkup]:
    """Every event handler attribute and script URL in a page, in document order."""
    if not _may_hold_script(html_text):
        return []
    found = []
    for node in LexborHTMLParser(html_text).css("*"):
        for name, value in node.attributes.items():
            lower = name.lower()
            value = value or ""
            if is_handler(lower, value) or (lower in URL_ATTRIBUTES and is_script_url(value)):
                found.append(UnsafeMarkup(node.tag, lower, value, (node.text() or "").strip()))
    return found
