"""Links between pages of the built site, given their site URLs ('' is the home page)."""
from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit


def relative_url(from_url: str, to_url: str) -> str:
    """The href that leads from the page at `from_url` to `to_url` (both site URLs).

    Unlike mkdocs.utils.get_relative_url, a directory URL keeps its trailing slash
    (the home page from 'a/' is '../', not '..').
    """
    target, _, fragment = to_url.partition("#")
    return _relative_path(from_url, target) + (f"#{fragment}" if fragment else "")


@functools.lru_cache(maxsize=4096)  # pure function of two strings: safe across serve rebuilds
def _relative_path(from_url: str, target: str) -> str:
    base = from_url[: from_url.rfind("/") + 1] or "."
    rel = posixpath.relpath(target or ".", base)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def docs_link_rewriter(page_urls: Mapping[str, str], from_url: str) -> Callable[[str], str]:
    """Rewrite hrefs written relative to docs/ ('domains/x.md#a', as the data files write
    them) into links from the page at `from_url`. Other hrefs, and pages that do not exist,
    stay as written: the link check then reports the broken link.

    Args:
        page_urls: docs-relative source path -> site URL, for every page.
    """
    def rewrite(href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.endswith(".md") or href.startswith("/"):
            return href
        url = page_urls.get(posixpath.normpath(parts.path))
        if url is None:
            return href
        return relative_url(from_url, url) + (f"#{parts.fragment}" if parts.fragment else "")

    return rewrite


# Characters that never belong in a URL as written in a data file: whitespace, quotes, angle
# brackets and the Markdown link syntax characters that could end a link early.
_URL_FORBIDDEN_RE = re.compile(r"[\s\"'<>`\\()\[\]{}]")


def https_url_problem(value: object) -> str | None:
    """Why `value` is not a plain https:// URL, or None if it is one."""
    if not isinstance(value, str):
        return "must be an https:// URL"
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port
    except ValueError as e:
        return f"is not a valid URL ({e})"
    if parts.scheme != "https" or not host:
        return "must be an https:// URL"
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+", host):
        return f"has an invalid host name '{host}'"
    bad = _URL_FORBIDDEN_RE.search(value)
    if bad:
        return (f"contains {bad.group(0)!r}, which a URL may not hold as written "
                "(percent-encode it, e.g. ( as %28 and a space as %20)")
    return None
