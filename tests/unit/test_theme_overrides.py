"""Partials copied from Material into overrides/ name the Material release they were copied from:
after an upgrade, each is copied again with its change, or it hides the theme's own fixes."""
from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import re
from pathlib import Path

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
# A copy makes one small change (an attribute added or removed): a longer diff is a stale copy.
MAX_CHANGED_LINES = 4  # two lines replaced
COPIED_RE = re.compile(r"Copied from Material for MkDocs (\S+) \((partials/[\w.-]+)\)")


def test_each_copied_partial_is_from_the_installed_material_and_changes_a_few_lines():
    installed = importlib.metadata.version("mkdocs-material")
    theme = Path(importlib.util.find_spec("material").origin).parent / "templates"
    copied = [(path, found, text) for path in sorted(OVERRIDES.rglob("*.html"))
              if (found := COPIED_RE.search(text := path.read_text(encoding="utf-8")))]
    assert len(copied) >= 4
    for path, found, text in copied:
        name = path.relative_to(OVERRIDES.parent)
        version, original = found.groups()
        assert version == installed, f"{name}: copied from Material {version}, {installed} is installed " \
                                     f"(copy {original} again and make its change again)"
        assert (theme / original).is_file(), f"{name}: Material {installed} has no {original}"
        ours = _without_comment(text)
        theirs = _without_comment((theme / original).read_text(encoding="utf-8"))
        changed = [line for line in difflib.unified_diff(theirs, ours, lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        assert 0 < len(changed) <= MAX_CHANGED_LINES, (str(name), changed)

def _without_comment(text: str) -> list[str]:
    """The template's lines without its leading {#- ... -#} comment (ours says what we changed)."""
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S).splitlines()
