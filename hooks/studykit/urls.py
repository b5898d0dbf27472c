"""Links between pages of the built site, given their site URLs ('' is the home page)."""
from __future__ import annotations

import functools
import posixpath


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
