"""The June 2026 exam guide as data (`data/guide-2026.yml`): load, validate, render the map page.

Each sub-objective of the guide (1.1 to 6.2) lists the items it names, and each item the
sections of this site that teach it. Loading reports every problem at once as
`file:line: what is wrong (fix: what to do)`. Whether a linked anchor exists is known only
from the pages, so `check_links` takes the anchors the adapter found (from the Markdown before
the build, from the rendered pages after). The page is generated as Markdown, so MkDocs
resolves and checks its links and its headings reach the table of contents. No MkDocs imports.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from studykit.datafile import DataFileError, LineMapping, Problem, load_yaml_with_lines, read_data_file
from studykit.glossary import escape_inline

# The sub-objectives of the guide "as of June 1, 2026", by section.
GUIDE_OBJECTIVES: dict[int, tuple[str, ...]] = {
    1: ("1.1", "1.2"), 2: ("2.1", "2.2", "2.3"), 3: ("3.1", "3.2", "3.3"),
    4: ("4.1", "4.2"), 5: ("5.1", "5.2"), 6: ("6.1", "6.2"),
}
SECTION_FIELDS = ("section", "title", "weight", "objectives")
OBJECTIVE_FIELDS = ("id", "title", "items")
ITEM_FIELDS = ("name", "learn")
LINK_RE = re.compile(r"^(?P<page>[A-Za-z0-9_./-]+\.md)#(?P<anchor>[A-Za-z0-9_:.-]+)$")
PROGRESS_PREFIX = "2026-"  # progress key of sub-objective N.M: "2026-N.M"


class GuideMapError(DataFileError):
    """The map cannot be used; `problems` lists every reason, in line order."""


@dataclass(frozen=True)
class Link:
    page: str  # docs-relative page path
    anchor: str
    line: int


@dataclass(frozen=True)
class Item:
    name: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class SubObjective:
    id: str  # "4.1"
    title: str
    items: tuple[Item, ...]

    @property
    def anchor(self) -> str:
        return "guide-2026-" + self.id.replace(".", "-")

    @property
    def progress_key(self) -> str:
        return PROGRESS_PREFIX + self.id


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    weight: int
    objectives: tuple[SubObjective, ...]

    @property
    def anchor(self) -> str:
        return f"guide-2026-{self.number}"


def load_guide_map(path: Path, source: str) -> list[Section]:
    return parse_guide_map(read_data_file(path, source, "The June 2026 guide map", GuideMapError), source)


def parse_guide_map(text: str, source: str) -> list[Section]:
    """Validate the map's YAML text; raises GuideMapError with every problem."""
    data, duplicates = load_yaml_with_lines(text, source, GuideMapError)
    problems = [Problem(source, line, f"field '{key}' appears twice", f"keep one '{key}'") for line, key in duplicates]
    if not isinstance(data, list) or not data:
        raise GuideMapError([Problem(source, 1, "the map must be a YAML list of sections",
                                     "start every section with '- section: N'")])
    sections, seen = [], {}
    for entry in data:
        section = _section(entry, source, problems, seen)
        if section is not None:
            sections.append(section)
    section_lines = {e.get("section"): e.line for e in data if isinstance(e, LineMapping)}
    last_line = max(section_lines.values(), default=1)
    for number, ids in GUIDE_OBJECTIVES.items():
        for objective in ids:
            if objective not in seen:
                problems.append(Problem(source, section_lines.get(number, last_line),
                                        f"sub-objective {objective} of the guide is missing",
                                        f"add '- id: \"{objective}\"' with its items under section {number}"))
    if problems:
        raise GuideMapError(problems)
    return sorted(sections, key=lambda s: s.number)


def _unknown_keys(entry: LineMapping, allowed: tuple[str, ...], what: str, source: str, problems: list) -> None:
    for key in entry:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            problems.append(Problem(source, entry.key_lines.get(str(key), entry.line), f"{what}: unknown field '{key}'",
                                    (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + ", ".join(allowed)))


def _text(entry: LineMapping, key: str, what: str, source: str, problems: list) -> str | None:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(source, entry.key_lines.get(key, entry.line), f"{what}: '{key}' must be non-empty text",
                                f"write the {key} as text"))
        return None
    return " ".join(value.split())


def _section(entry: object, source: str, problems: list, seen: dict) -> Section | None:
    if not isinstance(entry, LineMapping):
        problems.append(Problem(source, 1, "each section must be a mapping", "write '- section: N' and its fields"))
        return None
    number = entry.get("section")
    what = f"section {number}"
    _unknown_keys(entry, SECTION_FIELDS, what, source, problems)
    if number not in GUIDE_OBJECTIVES or isinstance(number, bool):
        problems.append(Problem(source, entry.key_lines.get("section", entry.line), f"unknown section {number!r}",
                                "use a section number of the June 2026 guide, 1 to 6"))
        return None
    title = _text(entry, "title", what, source, problems)
    weight = entry.get("weight")
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 < weight <= 100:
        problems.append(Problem(source, entry.key_lines.get("weight", entry.line), f"{what}: 'weight' must be a per cent",
                                "write the guide's weight as a number, e.g. 13"))
    objectives = entry.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        problems.append(Problem(source, entry.key_lines.get("objectives", entry.line), f"{what}: no 'objectives'",
                                "list the section's sub-objectives under 'objectives:'"))
        return None
    parsed = [o for o in (_objective(o, number, source, problems, seen) for o in objectives) if o is not None]
    if title is None or not isinstance(weight, int):
        return None
    return Section(number, title, weight, tuple(parsed))


def _objective(entry: object, section: int, source: str, problems: list, seen: dict) -> SubObjective | None:
    if not isinstance(entry, LineMapping):
        problems.append(Problem(source, 1, f"section {section}: each objective must be a mapping",
                                "write '- id: \"N.M\"' and its fields"))
        return None
    objective = entry.get("id")
    what = f"sub-objective {objective}"
    line = entry.key_lines.get("id", entry.line)
    _unknown_keys(entry, OBJECTIVE_FIELDS, what, source, problems)
    if objective not in GUIDE_OBJECTIVES[section]:
        where = next((n for n, ids in GUIDE_OBJECTIVES.items() if objective in ids), None)
        fix = (f"move it under section {where}" if where else
               f"use one of section {section}'s sub-objectives: {', '.join(GUIDE_OBJECTIVES[section])} (quoted)")
        problems.append(Problem(source, line, f"unknown sub-objective {objective!r} in section {section}", fix))
        return None
    if objective in seen:
        problems.append(Problem(source, line, f"sub-objective {objective} appears twice (first at line {seen[objective]})",
                                "merge the two entries"))
        return None
    seen[objective] = line
    title = _text(entry, "title", what, source, problems)
    items = entry.get("items")
    if not isinstance(items, list) or not items:
        problems.append(Problem(source, entry.key_lines.get("items", entry.line), f"{what}: no 'items'",
                                "list the items the guide names under 'items:'"))
        return None
    parsed = [i for i in (_item(i, what, source, problems) for i in items) if i is not None]
    return SubObjective(objective, title, tuple(parsed)) if title else None


def _item(entry: object, what: str, source: str, problems: list) -> Item | None:
    if not isinstance(entry, LineMapping):
        problems.append(Problem(source, 1, f"{what}: each item must be a mapping", "write '- name: ...' and 'learn:'"))
        return None
    _unknown_keys(entry, ITEM_FIELDS, f"{what} item", source, problems)
    name = _text(entry, "name", f"{what} item", source, problems)
    label = f"{what} item '{name}'"
    learn = entry.get("learn")
    line = entry.key_lines.get("learn", entry.line)
    if not isinstance(learn, list) or not learn:
        problems.append(Problem(source, line, f"{label} has no link to the section that teaches it",
                                "add 'learn: [page.md#anchor]' with the page and anchor that teach it"))
        return None
    links = []
    for target in learn:
        match = LINK_RE.match(target) if isinstance(target, str) else None
        if match is None:
            problems.append(Problem(source, line, f"{label}: learn {target!r} is not a page and anchor",
                                    "write a page path relative to docs/ and an anchor, e.g. platform/serving.md#model-versions"))
            continue
        if match["page"] == "crosswalk.md":
            problems.append(Problem(source, line, f"{label}: learn {target!r} points to the crosswalk, which only lists",
                                    "link to the section that teaches the item"))
            continue
        links.append(Link(match["page"], match["anchor"], line))
    return Item(name, tuple(links)) if name and links else None


def check_links(sections: list[Section], source: str,
                anchors_by_page: Mapping[str, set[str] | None]) -> list[Problem]:
    """Problems for links whose page or anchor does not exist (None: the page's anchors are unknown)."""
    problems = []
    for section in sections:
        for objective in section.objectives:
            for item in objective.items:
                for link in item.links:
                    if link.page not in anchors_by_page:
                        problems.append(Problem(source, link.line, f"sub-objective {objective.id}: page '{link.page}' "
                                                "does not exist", "use a page path relative to docs/"))
                        continue
                    anchors = anchors_by_page[link.page]
                    if anchors is not None and link.anchor not in anchors:
                        close = difflib.get_close_matches(link.anchor, sorted(anchors), n=1)
                        hint = f"did you mean '#{close[0]}'? " if close else ""
                        problems.append(Problem(source, link.line, f"sub-objective {objective.id}: anchor "
                                                f"'#{link.anchor}' is not on '{link.page}'",
                                                f"{hint}link to the id of a heading on that page"))
    return problems


def render_guide_markdown(sections: list[Section], *, page_titles: Mapping[str, str],
                          section_titles: Mapping[str, Mapping[str, str]], from_page: str) -> str:
    """The map page's body: one `##` per section, one `###` per sub-objective (fixed anchors), its
    items with links to the sections that teach them, relative to `from_page` (a docs path).

    Args:
        page_titles: docs path -> page title.
        section_titles: docs path -> {heading id: heading text}, to name each linked section.
    """
    base = posixpath.dirname(from_page) or "."
    lines = []
    for section in sections:
        lines += [f"## Section {section.number}: {escape_inline(section.title)} ({section.weight} %) "
                  f"{{ #{section.anchor} }}", ""]
        for objective in section.objectives:
            lines += [f"### {objective.id} {escape_inline(objective.title)} {{ #{objective.anchor} }}", ""]
            for item in objective.items:
                links = "; ".join(
                    f"[{escape_inline(section_titles.get(link.page, {}).get(link.anchor, link.anchor))}]"
                    f"({posixpath.relpath(link.page, base)}#{link.anchor}) ({escape_inline(page_titles.get(link.page, link.page))})"
                    for link in item.links)
                lines.append(f"- {escape_inline(item.name)}: {links}")
            lines.append("")
    return "\n".join(lines)
