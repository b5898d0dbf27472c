"""What every data file under data/ shares: problem records and reading the file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, with where it is and how to fix it."""

    source: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message} (fix: {self.fix})"


class DataFileError(Exception):
    """A data file cannot be used; `problems` lists every reason, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_data_file(path: Path, source: str, guide_section: str,
                   error: type[Exception]) -> str:
    """Return the UTF-8 text of a data file, or raise `error([Problem])` saying what to do.

    `source` names the file in messages; `guide_section` is the CONTRIBUTING.md section
    that documents its format.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([Problem(source, 1, "file not found",
                             f"create it; see CONTRIBUTING.md, '{guide_section}'")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise error([Problem(source, 1, f"cannot read the file ({e})", "save it as UTF-8 text")]) from e


class LineMapping(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser when PyYAML has it (its wheels do): the same nodes and line marks, and the
# 300-question bank parses in a tenth of the time (1.2 s of every build with the Python parser).
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    duplicate_keys: list[tuple[int, str]]


def _python_parser_error(text: str) -> yaml.YAMLError | None:
    """The pure-Python parser's error for invalid YAML: its messages say what it expected."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as e:
        return e
    return None


def _construct_mapping(loader: _LineLoader, node: MappingNode, deep: bool = False) -> LineMapping:
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        if key in mapping:  # SafeLoader would silently keep the last one
            loader.duplicate_keys.append((line, str(key)))
        mapping[key] = loader.construct_object(value_node, deep=deep)
        if isinstance(key_node, ScalarNode):
            mapping.key_lines[str(key)] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_with_lines(text: str, source: str, error: type[Exception]) -> tuple[object, list[tuple[int, str]]]:
    """The YAML data (mappings as LineMapping) and the (line, key) of every repeated key;
    invalid YAML raises `error([Problem])` naming the line."""
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as fast_error:
        e = _python_parser_error(text) or fast_error
        mark = getattr(e, "problem_mark", None)
        what = " ".join(str(part) for part in (getattr(e, "context", None), getattr(e, "problem", None)) if part)
        raise error([Problem(source, mark.line + 1 if mark else 1, f"invalid YAML: {what or e}",
                             "check the indentation and quoting on this line and the one before")]) from None
    finally:
        loader.dispose()
    return data, loader.duplicate_keys
