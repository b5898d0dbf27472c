"""What every data file under data/ shares: problem records and reading the file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, with where it is and how to fix it."""

    source: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message} (fix: {self.fix})"


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
