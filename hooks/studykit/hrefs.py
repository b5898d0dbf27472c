"""Sorting and resolving hrefs: what kind of link a URL is, and where an internal one points.

`parse_href` sorts an href into internal, external, mailto, other, ignored or invalid;
`resolve` and `join_path` turn an internal href into a site path. Pure functions, cached:
the same hrefs recur on every page. No MkDocs imports.
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# Kinds of link target, as written to links.json.
PAGE, ANCHOR, ASSET, MISSING = "page", "anchor", "asset", "missing"
EXTERNAL, MAILTO, OTHER = "external", "mailto", "other"
# Kinds of href that parse_href returns besides the above.
INTERNAL, IGNORED, INVALID = "internal", "ignored", "invalid"

# Schemes that are code or inline data, not links to a resource.
_IGNORED_SCHEMES = frozenset({"javascript", "data", "blob", "about"})
# Schemes that are inventoried but never checked.
_OTHER_SCHEMES = frozenset({"tel", "sms", "ftp", "sftp", "irc", "news", "urn", "geo"})


@dataclass(frozen=True, slots=True)
class Href:
    """A parsed href: what kind of link it is and where it points."""

    kind: str  # INTERNAL, EXTERNAL, MAILTO, OTHER, IGNORED or INVALID
    url: str  # EXTERNAL: the URL without its fragment; INTERNAL: the decoded path
    fragment: str = ""
    reason: str = ""  # INVALID: what is wrong


class LinkError(ValueError):
    """An href that cannot be a working link (malformed, absolute, above the site root)."""



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
    return join_path(from_url, parsed.url), parsed.fragment


@functools.lru_cache(maxsize=16384)  # pure; glossary links repeat the same href on a page
def join_path(from_url: str, path: str) -> str:
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


def site_key(path: str, fragment: str) -> str:
    # Internal targets are named by their path from the site root: "/domains/x/#obj-1-1".
    return "/" + path + (f"#{fragment}" if fragment else "")
