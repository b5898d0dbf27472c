"""What the site ships to a reader's browser, made smaller: the project's CSS and JavaScript.

Material's own assets and GLightbox's come minified; the project's files under docs/ do not.
rcssmin and rjsmin (well-kept, C-accelerated, conservative: whitespace and comments only, names
and strings untouched) minify them in place, so that URLs and ES module imports stay as written.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def is_minifiable(path: str) -> bool:
    """A CSS or JavaScript file that does not say it is minified already (`x.min.js`)."""
    name = Path(path).name
    return Path(name).suffix in MINIFIERS and ".min." not in name


def minify(text: str, suffix: str) -> str:
    """The minified text of a `.css` or `.js` file."""
    return MINIFIERS[suffix](text)


def minify_file(path: Path) -> tuple[int, int]:
    """Minify a CSS or JavaScript file in place; returns its size in bytes (before, after)."""
    text = path.read_text(encoding="utf-8")
    minified = minify(text, path.suffix)
    if minified != text:
        path.write_text(minified, encoding="utf-8")
    return len(text.encode("utf-8")), len(minified.encode("utf-8"))
