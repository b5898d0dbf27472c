"""What the build-cost benchmarks share: the site's configuration without some hooks, and the
CPU time spent inside a hook's event handlers."""
from __future__ import annotations

import collections
import functools
import time

import yaml


def without_hooks(config_text: str, hooks: tuple[str, ...]) -> str:
    """The configuration with `hooks` ('hooks/linkcheck.py', ...) removed from its `hooks:` list.

    A textual edit, so that !ENV tags and comments stay; stops the benchmark when a hook is not
    listed (there would be nothing to compare).
    """
    lines = config_text.splitlines(keepends=True)
    kept = [line for line in lines if line.strip().lstrip("- ").strip("'\"") not in hooks]
    if len(lines) - len(kept) != len(hooks):
        raise SystemExit(f"mkdocs.yml does not list the hook(s) {', '.join(hooks)} under hooks: "
                         "nothing to compare")
    for i, line in enumerate(kept):  # `hooks:` with no item left is null, which MkDocs rejects
        if line.rstrip() == "hooks:":
            rest = [x for x in kept[i + 1:] if x.strip() and not x.lstrip().startswith("#")]
            if not rest or not rest[0].lstrip().startswith("- "):
                kept[i] = "hooks: []\n"
    text = "".join(kept)
    yaml.load(text.replace("!ENV", ""), Loader=yaml.BaseLoader)  # still valid YAML
    return text


def timed(handler, spent: collections.Counter, key: object):
    """`handler`, adding the CPU seconds of each call to spent[key]."""
    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - start

    return wrapper
