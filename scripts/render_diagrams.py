#!/usr/bin/env python3
"""Render the site's diagrams from small YAML sources into static SVG files.

    python scripts/render_diagrams.py            # diagrams/*.yml -> docs/assets/diagrams/*.svg
    python scripts/render_diagrams.py --check    # exit 1 and name every stale, missing or extra SVG
    python scripts/render_diagrams.py --embed NAME --page domains/x.md   # the Markdown to show it

Each source gives four files, one per layout and colour scheme:

    <name>.svg               wide layout (the grid below), light scheme
    <name>-dark.svg          wide layout, dark scheme (Material's "slate")
    <name>-narrow.svg        one-column layout for phones, light scheme
    <name>-narrow-dark.svg   one-column layout, dark scheme

The wide layout is placed by hand on a grid. The narrow one is computed: 360 px wide, the boxes
stacked in one column at full width, arrows between neighbours drawn straight and the others
routed in lanes beside the column (forward on the left, back on the right). Its smallest text is
14 px, so at a phone's 358 px content width it stays above 13 px.

Needs only the Python standard library and PyYAML: no network, no Graphviz, no fonts to
download. Output is deterministic (same source, same bytes), so a test can run `--check`.
Exit status: 0 = done / up to date, 1 = stale SVGs (with --check), 2 = bad source or usage.

Source format (one file per diagram, `diagrams/<name>.yml` -> `<name>.svg`)
-------------------------------------------------------------------------
Boxes sit on a grid: `col` and `row` give the grid position of a box's CENTRE and may be
fractional (col 1.5 sits halfway between columns 1 and 2). Arrows join box or group ids.

    title: ML project lifecycle          # required: drawn at the top and used as <title>
    desc: >-                             # required: <desc>, a full description for screen readers
      Seven stages from problem framing to monitoring, with feedback arrows.
    layout:                              # optional; the defaults are shown
      col_width: 180                     #   px between column centres
      row_height: 110                    #   px between row centres
      box_width: 150                     #   default box size in px
      box_height: 60
    boxes:                               # required, at least one
      - id: train                        # required: [a-z0-9-]+, unique among boxes and groups
        label: Train                     # required: bold text; "\n" breaks a line, long lines wrap
        note: Agent Platform Training    # optional: smaller second text under the label
        col: 3                           # required: grid position of the centre
        row: 0
        width: 150                       # optional: px, overrides layout.box_width
        height: 60                       # optional: px, overrides layout.box_height
        kind: process                    # optional: process (default) | start | data |
                                         #   decision (hexagon) | outcome | note (no frame)
    groups:                              # optional: dashed frames around boxes
      - id: pipeline                     # required, unique; arrows may point at a group
        label: Agent Platform Pipelines  # required: drawn inside the frame's top edge
        boxes: [validate, train]         # required: ids of the boxes to frame
        padding: 14                      # optional: px around the boxes (label space is extra)
    narrow:                              # optional: the one-column layout for phones
      order: [train, evaluate]           #   top-to-bottom order of the boxes (default: the
                                         #   order of `boxes`); list every box not omitted
      omit: [axis-note]                  #   boxes left out (an arrow may not join a kept box
                                         #   to an omitted one); a group's boxes must follow
                                         #   each other in the order
    arrows:                              # optional
      - from: train                      # required: box or group id
        to: evaluate                     # required: box or group id
        label: "yes"                     # optional: text on a white patch on the line
        style: solid                     # optional: solid (default) | dashed
        via: [[3, 1.5], [0, 1.5]]        # optional: bend points in grid units [col, row]
        from_port: [0, 1]                # optional: where the arrow leaves the box, as [x, y]
        to_port: [-1, 0]                 #   in -1..1 of its half size: [0, 1] = bottom centre,
                                         #   [-1, 0] = left centre. Default: a level (or plumb)
                                         #   line when the two boxes overlap in height (or
                                         #   width), else the edge facing the next point
        label_at: 0.5                    # optional: label position along the path, 0..1
        label_offset: [0, -12]           # optional: px shift of the label

Errors name the file, the line and the entry, e.g.
`diagrams/x.yml:14: arrows[2] (monitor -> data-prep): unknown box or group 'data-prep' in 'to'`.

Every SVG gets explicit width/height/viewBox, role="img", <title> and <desc>, its own opaque
background in its scheme's colours (white, or the background of Material's dark "slate" scheme),
text whose contrast with every fill it sits on is checked to be at least 4.5:1 in both palettes,
and the system font stack only.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

ROOT = Path(__file__).resolve().parent.parent
SRC_DIR = ROOT / "diagrams"
OUT_DIR = ROOT / "docs" / "assets" / "diagrams"

FONT_STACK = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Noto Sans', 'Liberation Sans', sans-serif"
)

@dataclass(frozen=True)
class Palette:
    """The colours of one scheme. `check_palette` proves every text/fill pair reaches 4.5:1."""

    name: str
    background: str  # the diagram's own panel, also behind arrow labels
    frame: str  # outline of the panel
    text: str
    muted_text: str  # notes and group labels
    line: str  # arrows
    group_fill: str
    group_stroke: str
    kinds: dict[str, tuple[str, str]]  # box kind -> (fill, stroke)


LIGHT = Palette(
    name="light", background="#ffffff", frame="#dadce0", text="#202124", muted_text="#3c4043",
    line="#3c4043", group_fill="#f8f9fa", group_stroke="#80868b",
    kinds={
        "process": ("#e8f0fe", "#1a73e8"),
        "start": ("#fef7e0", "#b06000"),
        "data": ("#e6f4ea", "#188038"),
        "decision": ("#fce8e6", "#c5221f"),
        "outcome": ("#f3e8fd", "#8430ce"),
        "note": ("none", "none"),
    },
)
# Dark: the panel is Material slate's page background, hsl(225 15% 14%), so a diagram reads as
# part of the page; fills are dark tints of the light ones' hues, strokes their light tones.
DARK = Palette(
    name="dark", background="#1e2129", frame="#3b4050", text="#e8eaed", muted_text="#c4c7cc",
    line="#bdc1c6", group_fill="#252a34", group_stroke="#9aa0a6",
    kinds={
        "process": ("#1c2b46", "#8ab4f8"),
        "start": ("#382d12", "#fdd663"),
        "data": ("#16321f", "#81c995"),
        "decision": ("#3f1f1e", "#f28b82"),
        "outcome": ("#2f2143", "#d7aefb"),
        "note": ("none", "none"),
    },
)
PALETTES = (LIGHT, DARK)
KINDS = tuple(LIGHT.kinds)
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class Typography:
    """Font sizes in px of one layout."""

    title: float
    label: float
    note: float
    edge: float
    group: float

    @property
    def smallest(self) -> float:
        return min(self.title, self.label, self.note, self.edge, self.group)


WIDE_TYPE = Typography(title=18, label=14, note=13, edge=12, group=13)
# Phones show the narrow layout at about its own size (358 px of a 390 px screen), so 14 px
# text stays at 13.9 px there and 11.2 px on a 320 px screen.
NARROW_TYPE = Typography(title=18, label=15, note=14, edge=14, group=14)

# Spacing (px).
LINE_GAP = 1.25  # line height as a multiple of the font size
MARGIN = 20
TITLE_BAND = 40
BOX_PAD_X = 10
BOX_PAD_Y = 8
HEX_INSET = 16
GROUP_LABEL_BAND = 22
ARROW_GAP = 4  # the line stops this far before the tip; the arrowhead covers the rest

# The narrow layout (px). Lanes are the vertical tracks of arrows that skip boxes.
NARROW_WIDTH = 360
NARROW_MARGIN = 10
NARROW_GAP = 30  # vertical space between two boxes
NARROW_PAD_Y = 9
NARROW_MIN_BOX_H = 44
NARROW_GROUP_PAD = 8
NARROW_MIN_BOX_W = 180
LANE_EDGE = 5  # outermost lane from the panel's edge
LANE_GAP = 12  # between two lanes
LANE_TO_BOX = 16  # innermost lane to the boxes (room for the arrowhead)
LANE_TO_FRAME = 12  # innermost lane to a group frame
PORT_GAP = 14  # between two arrows that leave or enter one side of a box
STRAIGHT_GAP = 44  # between two straight arrows that share one gap

DEFAULT_LAYOUT = {"col_width": 180, "row_height": 110, "box_width": 150, "box_height": 60}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"title", "desc", "layout", "boxes", "groups", "arrows", "narrow"}
NARROW_KEYS = {"order", "omit"}
BOX_KEYS = {"id", "label", "note", "col", "row", "width", "height", "kind"}
GROUP_KEYS = {"id", "label", "boxes", "padding"}
ARROW_KEYS = {"from", "to", "label", "style", "via", "from_port", "to_port", "label_at",
              "label_offset"}


class DiagramError(Exception):
    """A problem in a diagram source; the message names the file, line and entry."""


# --------------------------------------------------------------------------- colour checks

def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_backgrounds(palette: Palette = LIGHT) -> list[tuple[str, str]]:
    """Every (text colour, background colour) pair the renderer can produce in `palette`."""
    fills = [palette.background, palette.group_fill] + [f for f, _ in palette.kinds.values() if f != "none"]
    return [(t, f) for t in (palette.text, palette.muted_text) for f in fills]


def check_palette(palette: Palette) -> None:
    for fg, bg in text_backgrounds(palette):
        ratio = contrast_ratio(fg, bg)
        if ratio < MIN_CONTRAST:
            raise AssertionError(f"{palette.name}: text {fg} on {bg} has contrast {ratio:.2f} < {MIN_CONTRAST}")


for _palette in PALETTES:
    check_palette(_palette)


# --------------------------------------------------------------------------- YAML with lines

class _Map(dict):
    line = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings remember the line they start on (for error messages)."""


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = _Map()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


# --------------------------------------------------------------------------- model

@dataclass
class Box:
    id: str
    label: str
    note: str
    cx: float
    cy: float
    w: float
    h: float
    kind: str
    line: int

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return (self.cx - self.w / 2, self.cy - self.h / 2, self.cx + self.w / 2, self.cy + self.h / 2)

    def outline(self) -> list[tuple[float, float]]:
        x0, y0, x1, y1 = self.rect
        if self.kind == "decision":
            return [(x0 + HEX_INSET, y0), (x1 - HEX_INSET, y0), (x1, self.cy),
                    (x1 - HEX_INSET, y1), (x0 + HEX_INSET, y1), (x0, self.cy)]
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


@dataclass
class Group:
    id: str
    label: str
    members: list[str]
    padding: float
    line: int
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)
    label_lines: list[str] | None = None  # None: the label on one line

    @property
    def cx(self) -> float:
        return (self.rect[0] + self.rect[2]) / 2

    @property
    def cy(self) -> float:
        return (self.rect[1] + self.rect[3]) / 2

    @property
    def w(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def h(self) -> float:
        return self.rect[3] - self.rect[1]

    def outline(self) -> list[tuple[float, float]]:
        x0, y0, x1, y1 = self.rect
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


@dataclass
class Arrow:
    src: str
    dst: str
    label: str
    dashed: bool
    via: list[tuple[float, float]]
    from_port: tuple[float, float] | None
    to_port: tuple[float, float] | None
    label_at: float
    label_offset: tuple[float, float]
    line: int
    points: list[tuple[float, float]] = field(default_factory=list)
    label_pos: tuple[float, float] | None = None  # centre of the label; None: from label_at


@dataclass
class Diagram:
    name: str
    title: str
    desc: str
    boxes: dict[str, Box]
    groups: dict[str, Group]
    arrows: list[Arrow]
    narrow_order: list[str] = field(default_factory=list)  # box ids, top to bottom
    narrow_line: int = 0  # line of the `narrow:` mapping, for messages
    source: Path | None = None


# --------------------------------------------------------------------------- text metrics

def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimate the rendered width of `text` in a system sans-serif font.

    Tuned to DejaVu Sans (a wide fallback on Linux), so narrower fonts such as Segoe UI,
    Roboto or San Francisco always fit too.
    """
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.28
        elif ch in "il.,:;'|!()[]/-":
            em += 0.32
        elif ch in "mwMW%@":
            em += 0.88
        elif ch.isupper() or ch in "&?":
            em += 0.68
        elif ch.isdigit():
            em += 0.57
        else:
            em += 0.55
    return em * size * 1.08 * (1.07 if bold else 1.0)


def wrap(text: str, size: float, bold: bool, max_width: float) -> list[str] | None:
    """Greedy word wrap; explicit newlines are kept. None if a single word is too wide."""
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split():
            if text_width(word, size, bold) > max_width:
                return None
            trial = f"{current} {word}".strip()
            if text_width(trial, size, bold) <= max_width:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


# --------------------------------------------------------------------------- parsing

class _Ctx:
    """Formats error messages as `file:line: entry: problem`."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, line: int, entry: str, msg: str) -> DiagramError:
        where = f"{_display(self.path)}:{line}" if line else _display(self.path)
        return DiagramError(f"{where}: {entry}: {msg}" if entry else f"{where}: {msg}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _pair(v: object) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(_is_number(x) for x in v)


def _text(v: object) -> bool:
    return isinstance(v, str) and v.strip() != ""


def load_diagram(path: Path) -> Diagram:
    """Read and validate one source file. Raises DiagramError naming file, line and entry."""
    ctx = _Ctx(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise ctx.fail(line, "", f"invalid YAML: {problem}") from exc
    except OSError as exc:
        raise ctx.fail(0, "", f"cannot read file: {exc.strerror}") from exc
    if not isinstance(raw, dict):
        raise ctx.fail(0, "", "the file must contain a mapping with title, desc and boxes")
    top_line = getattr(raw, "line", 1)
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise ctx.fail(top_line, "", f"unknown top-level key '{unknown[0]}' "
                                     f"(allowed: {', '.join(sorted(TOP_KEYS))})")
    for key in ("title", "desc"):
        if not _text(raw.get(key)):
            raise ctx.fail(top_line, "", f"'{key}' is required and must be non-empty text")

    layout = dict(DEFAULT_LAYOUT)
    lay = raw.get("layout") or {}
    if not isinstance(lay, dict):
        raise ctx.fail(top_line, "layout", "must be a mapping")
    for key, value in lay.items():
        if key not in DEFAULT_LAYOUT:
            raise ctx.fail(getattr(lay, "line", 0), "layout", f"unknown key '{key}' "
                           f"(allowed: {', '.join(DEFAULT_LAYOUT)})")
        if not _is_number(value) or value <= 0:
            raise ctx.fail(getattr(lay, "line", 0), "layout", f"'{key}' must be a positive number")
        layout[key] = value

    boxes = _parse_boxes(raw.get("boxes"), layout, ctx, top_line)
    groups = _parse_groups(raw.get("groups") or [], boxes, ctx, top_line)
    arrows = _parse_arrows(raw.get("arrows") or [], boxes, groups, layout, ctx, top_line)
    order, narrow_line = _parse_narrow(raw.get("narrow"), boxes, ctx, top_line)
    diagram = Diagram(path.stem, raw["title"].strip(), " ".join(raw["desc"].split()),
                      boxes, groups, arrows, order, narrow_line, path)
    _check_overlaps(diagram, ctx)
    _route_arrows(diagram, ctx)
    return diagram


def _parse_narrow(raw: object, boxes: dict[str, Box], ctx: _Ctx, top_line: int) -> tuple[list[str], int]:
    """The box order of the narrow layout: `narrow.order`, else the boxes' order less `omit`."""
    if raw is None:
        return list(boxes), top_line
    line = getattr(raw, "line", top_line)
    if not isinstance(raw, dict):
        raise ctx.fail(line, "narrow", "must be a mapping with 'order' and/or 'omit'")
    unknown = sorted(set(raw) - NARROW_KEYS)
    if unknown:
        raise ctx.fail(line, "narrow", f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(NARROW_KEYS))})")
    lists: dict[str, list[str]] = {}
    for key in ("order", "omit"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ctx.fail(line, "narrow", f"'{key}' must be a list of box ids")
        seen: set[str] = set()
        for box_id in value:
            if box_id not in boxes:
                raise ctx.fail(line, "narrow", f"unknown box '{box_id}' in '{key}'")
            if box_id in seen:
                raise ctx.fail(line, "narrow", f"box '{box_id}' is listed twice in '{key}'")
            seen.add(box_id)
        lists[key] = value
    omit = set(lists["omit"])
    for box_id in lists["order"]:
        if box_id in omit:
            raise ctx.fail(line, "narrow", f"box '{box_id}' is in both 'order' and 'omit'")
    if "order" in raw:
        missing = [b for b in boxes if b not in omit and b not in lists["order"]]
        if missing:
            raise ctx.fail(line, "narrow", "'order' must list every box that is not omitted; "
                                           f"missing: {', '.join(missing)}")
        order = list(lists["order"])
    else:
        order = [b for b in boxes if b not in omit]
    if not order:
        raise ctx.fail(line, "narrow", "the narrow layout needs at least one box")
    return order, line


def _entry_header(item: object, entry: str, kind: str, allowed: set[str],
                  ctx: _Ctx, top_line: int) -> tuple[int, str, str]:
    """Check what boxes and groups share (a mapping, known keys, a valid id).

    Returns the entry's line, its name for messages (with the id once known) and its id.
    """
    line = getattr(item, "line", top_line)
    if not isinstance(item, dict):
        raise ctx.fail(line, entry, f"each {kind} must be a mapping")
    if isinstance(item.get("id"), str):
        entry += f" '{item['id']}'"
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ctx.fail(line, entry, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
    item_id = item.get("id")
    if not isinstance(item_id, str) or not ID_RE.match(item_id):
        raise ctx.fail(line, entry, "'id' is required: lower-case letters, digits and '-'")
    return line, entry, item_id


def _parse_boxes(items: object, layout: dict, ctx: _Ctx, top_line: int) -> dict[str, Box]:
    if not isinstance(items, list) or not items:
        raise ctx.fail(top_line, "boxes", "a non-empty list of boxes is required")
    boxes: dict[str, Box] = {}
    for i, item in enumerate(items):
        line, entry, box_id = _entry_header(item, f"boxes[{i}]", "box", BOX_KEYS, ctx, top_line)
        if box_id in boxes:
            raise ctx.fail(line, entry, f"duplicate id '{box_id}' (first at line {boxes[box_id].line})")
        if not _text(item.get("label")):
            raise ctx.fail(line, entry, "'label' is required and must be non-empty text")
        if "note" in item and not _text(item["note"]):
            raise ctx.fail(line, entry, "'note' must be non-empty text")
        for key in ("col", "row"):
            if not _is_number(item.get(key)):
                raise ctx.fail(line, entry, f"'{key}' is required and must be a number")
        for key in ("width", "height"):
            if key in item and (not _is_number(item[key]) or item[key] <= 0):
                raise ctx.fail(line, entry, f"'{key}' must be a positive number of px")
        kind = item.get("kind", "process")
        if kind not in KINDS:
            raise ctx.fail(line, entry, f"unknown kind '{kind}' (allowed: {', '.join(KINDS)})")
        box = Box(
            id=box_id,
            label=item["label"].strip(),
            note=(item.get("note") or "").strip(),
            cx=item["col"] * layout["col_width"],
            cy=item["row"] * layout["row_height"],
            w=float(item.get("width", layout["box_width"])),
            h=float(item.get("height", layout["box_height"])),
            kind=kind,
            line=line,
        )
        _fit_text(box, ctx, entry)
        boxes[box_id] = box
    return boxes


def _fit_text(box: Box, ctx: _Ctx, entry: str) -> None:
    inset = HEX_INSET if box.kind == "decision" else 0
    avail_w = box.w - 2 * (BOX_PAD_X + inset)
    needed = 0.0
    for text, size, bold, key in ((box.label, WIDE_TYPE.label, True, "label"),
                                  (box.note, WIDE_TYPE.note, False, "note")):
        if not text:
            continue
        lines = wrap(text, size, bold, avail_w)
        if lines is None:
            raise ctx.fail(box.line, entry, f"a word of the {key} is wider than the box "
                                            f"({avail_w:.0f} px of text room); set a larger 'width'")
        needed += len(lines) * size * LINE_GAP
    if needed > box.h - 2 * BOX_PAD_Y + 0.5:
        raise ctx.fail(box.line, entry, f"the text needs {needed + 2 * BOX_PAD_Y:.0f} px of height "
                                        f"but the box is {box.h:.0f} px; set a larger 'height' "
                                        "or 'width', or shorten the text")


def _parse_groups(items: object, boxes: dict[str, Box], ctx: _Ctx, top_line: int) -> dict[str, Group]:
    if not isinstance(items, list):
        raise ctx.fail(top_line, "groups", "must be a list")
    groups: dict[str, Group] = {}
    for i, item in enumerate(items):
        line, entry, gid = _entry_header(item, f"groups[{i}]", "group", GROUP_KEYS, ctx, top_line)
        if gid in boxes or gid in groups:
            raise ctx.fail(line, entry, f"duplicate id '{gid}' (ids are shared by boxes and groups)")
        if not _text(item.get("label")):
            raise ctx.fail(line, entry, "'label' is required and must be non-empty text")
        members = item.get("boxes")
        if not isinstance(members, list) or not members:
            raise ctx.fail(line, entry, "'boxes' must be a non-empty list of box ids")
        for member in members:
            if member not in boxes:
                raise ctx.fail(line, entry, f"unknown box '{member}' in 'boxes'")
        padding = item.get("padding", 14)
        if not _is_number(padding) or padding < 0:
            raise ctx.fail(line, entry, "'padding' must be a number >= 0")
        group = Group(gid, item["label"].strip(), list(members), float(padding), line)
        rects = [boxes[m].rect for m in members]
        group.rect = (
            min(r[0] for r in rects) - padding,
            min(r[1] for r in rects) - padding - GROUP_LABEL_BAND,
            max(r[2] for r in rects) + padding,
            max(r[3] for r in rects) + padding,
        )
        label_room = group.w - 2 * 10
        if text_width(group.label, WIDE_TYPE.group, True) > label_room:
            raise ctx.fail(line, entry, "the label is wider than the frame; shorten it or add padding")
        groups[gid] = group
    return groups


def _parse_arrows(items: object, boxes: dict[str, Box], groups: dict[str, Group], layout: dict,
                  ctx: _Ctx, top_line: int) -> list[Arrow]:
    if not isinstance(items, list):
        raise ctx.fail(top_line, "arrows", "must be a list")
    arrows: list[Arrow] = []
    for i, item in enumerate(items):
        line = getattr(item, "line", top_line)
        entry = f"arrows[{i}]"
        if not isinstance(item, dict):
            raise ctx.fail(line, entry, "each arrow must be a mapping")
        entry += f" ({item.get('from', '?')} -> {item.get('to', '?')})"
        unknown = sorted(set(item) - ARROW_KEYS)
        if unknown:
            raise ctx.fail(line, entry, f"unknown key '{unknown[0]}' "
                                        f"(allowed: {', '.join(sorted(ARROW_KEYS))})")
        for key in ("from", "to"):
            ref = item.get(key)
            if ref is None:
                raise ctx.fail(line, entry, f"'{key}' is required")
            if ref not in boxes and ref not in groups:
                raise ctx.fail(line, entry, f"unknown box or group '{ref}' in '{key}'")
        if item["from"] == item["to"]:
            raise ctx.fail(line, entry, "an arrow cannot start and end at the same box")
        if "label" in item and not _text(item["label"]):
            raise ctx.fail(line, entry, "'label' must be non-empty text (quote yes/no)")
        style = item.get("style", "solid")
        if style not in ("solid", "dashed"):
            raise ctx.fail(line, entry, f"unknown style '{style}' (allowed: solid, dashed)")
        via = item.get("via", [])
        if not isinstance(via, list) or not all(_pair(p) for p in via):
            raise ctx.fail(line, entry, "'via' must be a list of [col, row] pairs")
        ports = {}
        for key in ("from_port", "to_port"):
            value = item.get(key)
            if value is not None and not (_pair(value) and all(-1 <= v <= 1 for v in value)):
                raise ctx.fail(line, entry, f"'{key}' must be [x, y] with both in -1..1")
            ports[key] = tuple(float(v) for v in value) if value is not None else None
        label_at = item.get("label_at", 0.5)
        if not _is_number(label_at) or not 0 <= label_at <= 1:
            raise ctx.fail(line, entry, "'label_at' must be a number in 0..1")
        offset = item.get("label_offset", [0, 0])
        if not _pair(offset):
            raise ctx.fail(line, entry, "'label_offset' must be [dx, dy] in px")
        arrows.append(Arrow(
            src=item["from"], dst=item["to"], label=str(item.get("label", "")).strip(),
            dashed=style == "dashed",
            via=[(p[0] * layout["col_width"], p[1] * layout["row_height"]) for p in via],
            from_port=ports["from_port"], to_port=ports["to_port"],
            label_at=float(label_at), label_offset=(float(offset[0]), float(offset[1])),
            line=line,
        ))
    return arrows


def _check_overlaps(diagram: Diagram, ctx: _Ctx) -> None:
    boxes = list(diagram.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            ax0, ay0, ax1, ay1 = a.rect
            bx0, by0, bx1, by1 = b.rect
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                raise ctx.fail(b.line, f"box '{b.id}'", f"overlaps box '{a.id}' (line {a.line}); "
                                                        "move it with 'col'/'row'")


# --------------------------------------------------------------------------- geometry

def _clip(shape: Box | Group, toward: tuple[float, float],
          origin: tuple[float, float] | None = None) -> tuple[float, float] | None:
    """Point where the ray from `origin` (default: the centre) toward `toward` leaves the outline."""
    cx, cy = origin or (shape.cx, shape.cy)
    dx, dy = toward[0] - cx, toward[1] - cy
    best: float | None = None
    pts = shape.outline()
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        ex, ey = x2 - x1, y2 - y1
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-12:
            continue
        t = ((x1 - cx) * ey - (y1 - cy) * ex) / denom
        u = ((x1 - cx) * dy - (y1 - cy) * dx) / denom
        if t > 1e-9 and -1e-9 <= u <= 1 + 1e-9 and (best is None or t < best):
            best = t
    if best is None or best >= 1:  # `toward` lies inside (or on) the shape
        return None
    return (cx + best * dx, cy + best * dy)


def _port(shape: Box | Group, port: tuple[float, float]) -> tuple[float, float]:
    return (shape.cx + port[0] * shape.w / 2, shape.cy + port[1] * shape.h / 2)


def _shape(diagram: Diagram, ref: str) -> Box | Group:
    return diagram.boxes.get(ref) or diagram.groups[ref]


def _straight(
    a: Box | Group, b: Box | Group
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Endpoints of a horizontal or vertical arrow from `a` to `b`, or None.

    When two shapes overlap in their vertical (or horizontal) extent, a level (or plumb) arrow
    reads better than a slanted centre-to-centre one. It runs through the centre of the
    smaller shape when that centre lies within the other shape, else through the middle of
    the overlap.
    """
    def level(a_lo, a_hi, a_c, b_lo, b_hi, b_c):
        lo, hi = max(a_lo, b_lo) + 8, min(a_hi, b_hi) - 8
        if lo > hi:
            return None
        if a_hi - a_lo <= b_hi - b_lo:
            pick = a_c if lo <= a_c <= hi else None
        else:
            pick = b_c if lo <= b_c <= hi else None
        return pick if pick is not None else (lo + hi) / 2

    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.rect, b.rect
    if ax1 <= bx0 or bx1 <= ax0:  # side by side: try a horizontal arrow
        y = level(ay0, ay1, a.cy, by0, by1, b.cy)
        if y is None:
            return None
        far = 1e6 if b.cx > a.cx else -1e6
        return _clip(a, (far, y), (a.cx, y)), _clip(b, (-far, y), (b.cx, y))
    if ay1 <= by0 or by1 <= ay0:  # stacked: try a vertical arrow
        x = level(ax0, ax1, a.cx, bx0, bx1, b.cx)
        if x is None:
            return None
        far = 1e6 if b.cy > a.cy else -1e6
        return _clip(a, (x, far), (x, a.cy)), _clip(b, (x, -far), (x, b.cy))
    return None


def _route_arrows(diagram: Diagram, ctx: _Ctx) -> None:
    for i, arrow in enumerate(diagram.arrows):
        entry = f"arrows[{i}] ({arrow.src} -> {arrow.dst})"
        src, dst = _shape(diagram, arrow.src), _shape(diagram, arrow.dst)
        start_fixed = _port(src, arrow.from_port) if arrow.from_port else None
        end_fixed = _port(dst, arrow.to_port) if arrow.to_port else None
        straight = None if arrow.via or start_fixed or end_fixed else _straight(src, dst)
        if straight:
            start, end = straight
        else:
            first_target = arrow.via[0] if arrow.via else (end_fixed or (dst.cx, dst.cy))
            last_source = arrow.via[-1] if arrow.via else (start_fixed or (src.cx, src.cy))
            start = start_fixed or _clip(src, first_target)
            end = end_fixed or _clip(dst, last_source)
        if start is None or end is None:
            raise ctx.fail(arrow.line, entry, "a bend point or port lies inside a box it should "
                                              "leave or enter; move 'via' outside the box")
        points = [start, *arrow.via, end]
        points = [p for k, p in enumerate(points) if k == 0 or _dist(p, points[k - 1]) > 1e-6]
        if len(points) < 2 or _dist(points[-2], points[-1]) <= ARROW_GAP + 4:
            raise ctx.fail(arrow.line, entry, "the boxes touch, so the arrow has no room; "
                                              "move them apart")
        # Stop the line short of the tip so its butt end stays under the arrowhead.
        (x0, y0), (x1, y1) = points[-2], points[-1]
        d = _dist(points[-2], points[-1])
        points[-1] = (x1 - (x1 - x0) * ARROW_GAP / d, y1 - (y1 - y0) * ARROW_GAP / d)
        arrow.points = points


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _point_along(points: list[tuple[float, float]], frac: float) -> tuple[float, float]:
    total = sum(_dist(a, b) for a, b in zip(points, points[1:]))
    goal = total * frac
    for a, b in zip(points, points[1:]):
        seg = _dist(a, b)
        if goal <= seg or b is points[-1]:
            t = 0 if seg == 0 else min(goal / seg, 1)
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        goal -= seg
    return points[-1]


# --------------------------------------------------------------------------- narrow layout

@dataclass(frozen=True)
class _End:
    """Where one end of an arrow sits in the narrow column: a box, or a group's run of boxes."""

    ref: str
    first: int  # index in the order of the first (or only) box
    last: int
    is_group: bool


@dataclass
class _LaneArrow:
    arrow: Arrow
    src: _End
    dst: _End
    side: str  # "left" (forward: down) or "right" (back: up)
    src_at: int  # index of the box beside which the arrow leaves ...
    dst_at: int  # ... and enters
    lane: int = 0  # 0 = the lane nearest the boxes

    @property
    def span(self) -> tuple[int, int]:
        return (min(self.src_at, self.dst_at), max(self.src_at, self.dst_at))


@dataclass
class Layout:
    """A positioned diagram plus its canvas, ready for `render_svg`."""

    diagram: Diagram
    typography: Typography
    width: int
    height: int
    offset: tuple[float, float]  # translation of the diagram's coordinates
    title_lines: list[str]
    title_pos: tuple[float, float]  # x and top of the title


def _label_size(text: str, size: float) -> tuple[float, float]:
    lines = text.split("\n")
    return (max(text_width(t, size) for t in lines) + 8, len(lines) * size * LINE_GAP + 4)


def _stop_short(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """End the line ARROW_GAP before the tip, so its butt end stays under the arrowhead."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    d = _dist(points[-2], points[-1])
    return points[:-1] + [(x1 - (x1 - x0) * ARROW_GAP / d, y1 - (y1 - y0) * ARROW_GAP / d)]


def narrow_layout(diagram: Diagram) -> Layout:
    """Lay `diagram` out in one column NARROW_WIDTH px wide (see the module docstring).

    Boxes take the column's full width and the height their text needs. An arrow between
    neighbours in the order is a straight vertical line in the gap between them (one per gap);
    every other arrow leaves its box sideways into a lane, runs beside the boxes it skips and
    enters its target sideways. Shorter arrows get the lanes nearer the boxes, so lanes nest
    instead of crossing, and each label sits in a gap between boxes next to its lane.
    Raises DiagramError (file, line, entry) when the order cannot be drawn.
    """
    ctx = _Ctx(diagram.source or Path(f"{diagram.name}.yml"))
    typo = NARROW_TYPE
    order = diagram.narrow_order
    index = {box_id: i for i, box_id in enumerate(order)}

    runs: dict[str, tuple[int, int]] = {}  # group id -> (first, last) index of its kept boxes
    for gid, group in diagram.groups.items():
        kept = sorted(index[m] for m in group.members if m in index)
        if not kept:
            continue
        if kept[-1] - kept[0] + 1 != len(kept):
            raise ctx.fail(group.line, f"group '{gid}'", "in the narrow layout its boxes must follow "
                                                        "each other; reorder 'narrow: order'")
        for other, (a, b) in runs.items():
            if kept[0] <= b and a <= kept[-1]:
                raise ctx.fail(group.line, f"group '{gid}'",
                               f"shares boxes with group '{other}', which the narrow layout cannot draw")
        runs[gid] = (kept[0], kept[-1])

    def end_of(ref: str) -> _End | None:
        if ref in index:
            return _End(ref, index[ref], index[ref], False)
        if ref in runs:
            return _End(ref, *runs[ref], True)
        return None

    # Classify the arrows: one straight arrow per gap between neighbours, lanes for the rest.
    candidates: dict[int, list[tuple[int, Arrow, _End, _End]]] = {}
    others: list[tuple[int, Arrow, _End, _End]] = []
    for k, arrow in enumerate(diagram.arrows):
        entry = f"arrows[{k}] ({arrow.src} -> {arrow.dst})"
        src, dst = end_of(arrow.src), end_of(arrow.dst)
        if src is None and dst is None:
            continue
        if src is None or dst is None:
            gone = arrow.src if src is None else arrow.dst
            raise ctx.fail(arrow.line, entry, f"'{gone}' is left out of the narrow layout but the "
                                              "other end is not; omit both ends or neither")
        if src.first <= dst.last and dst.first <= src.last:
            raise ctx.fail(arrow.line, entry, "joins a group to one of its own boxes, which the "
                                              "narrow layout cannot draw")
        if dst.first == src.last + 1:
            candidates.setdefault(src.last, []).append((k, arrow, src, dst))
        elif src.first == dst.last + 1:
            candidates.setdefault(dst.last, []).append((k, arrow, src, dst))
        else:
            others.append((k, arrow, src, dst))
    straight: dict[int, tuple[Arrow, _End, _End]] = {}
    for gap, found in candidates.items():
        # Prefer the arrow that runs down (the flow), then the first in the source.
        found.sort(key=lambda c: (c[3].first < c[2].first, c[0]))
        straight[gap] = found[0][1:]
        others.extend(found[1:])
    others.sort(key=lambda c: c[0])

    lanes: list[_LaneArrow] = []
    for _, arrow, src, dst in others:
        down = dst.first > src.last
        lanes.append(_LaneArrow(
            arrow, src, dst, "left" if down else "right",
            src_at=(src.last if down else src.first) if src.is_group else src.first,
            dst_at=(dst.first if down else dst.last) if dst.is_group else dst.first,
        ))
    count = {"left": 0, "right": 0}
    taken: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for la in sorted(lanes, key=lambda la: (la.span[1] - la.span[0], la.span[0])):
        lo, hi = la.span
        n = 0
        while any(lo < b and a < hi for a, b in taken.get((la.side, n), [])):
            n += 1
        la.lane = n
        taken.setdefault((la.side, n), []).append((lo, hi))
        count[la.side] = max(count[la.side], n + 1)

    # Horizontal geometry: lanes at the panel's edges, the column between them.
    left, right = NARROW_MARGIN, NARROW_WIDTH - NARROW_MARGIN

    def lane_x(side: str, n: int) -> float:
        if side == "left":
            return left + LANE_EDGE + (count["left"] - 1 - n) * LANE_GAP
        return right - LANE_EDGE - (count["right"] - 1 - n) * LANE_GAP

    pad = NARROW_GROUP_PAD if runs else 0
    to_column = LANE_TO_FRAME if runs else LANE_TO_BOX
    frame_x0 = lane_x("left", 0) + to_column if count["left"] else left
    frame_x1 = lane_x("right", 0) - to_column if count["right"] else right
    box_x0, box_x1 = frame_x0 + pad, frame_x1 - pad
    box_w, cx = box_x1 - box_x0, (box_x0 + box_x1) / 2
    if box_w < NARROW_MIN_BOX_W:
        raise ctx.fail(diagram.narrow_line, "narrow", f"{count['left'] + count['right']} lanes of arrows "
                       f"leave only {box_w:.0f} px for the boxes; reorder 'narrow: order' so that "
                       "more arrows join neighbours")

    # Box sizes: the text, rewrapped to the column's width, sets the height.
    sized: dict[str, tuple[str, str, float]] = {}
    for box_id in order:
        box = diagram.boxes[box_id]
        label, note = " ".join(box.label.split()), " ".join(box.note.split())
        inset = HEX_INSET if box.kind == "decision" else 0
        avail = box_w - 2 * (BOX_PAD_X + inset)
        text_h = 0.0
        for text, size, bold, key in ((label, typo.label, True, "label"), (note, typo.note, False, "note")):
            if not text:
                continue
            lines = wrap(text, size, bold, avail)
            if lines is None:
                raise ctx.fail(box.line, f"box '{box_id}'", f"a word of the {key} is wider than the "
                                                            f"narrow column ({avail:.0f} px)")
            text_h += len(lines) * size * LINE_GAP
        extra = 8 if box.kind == "decision" else 0
        sized[box_id] = (label, note, max(NARROW_MIN_BOX_H, text_h + 2 * NARROW_PAD_Y + extra))

    # Group labels wrap to the frame, or to its left half when a straight arrow runs down
    # through the label band into the group's first box.
    band_lines: dict[str, list[str]] = {}
    for gid, (first, _) in runs.items():
        crossing = first - 1 in straight and not any(
            e.is_group and e.ref == gid for e in straight[first - 1][1:])
        room = (cx - frame_x0 - 24) if crossing else (frame_x1 - frame_x0 - 20)
        band_lines[gid] = wrap(diagram.groups[gid].label, typo.group, True, room) or [diagram.groups[gid].label]

    # Labels: a straight arrow's sits on its line; a lane's in a gap it passes, starting at the
    # lane and wrapped to the room before the next line or label (the gap grows to fit).
    label_h = {}  # gap -> height its labels need
    labels_in_gap: dict[int, list[tuple[float, float]]] = {}  # x ranges taken by labels
    for gap, (arrow, _, _) in straight.items():
        if arrow.label:
            w, h = _label_size(arrow.label, typo.edge)
            labels_in_gap.setdefault(gap, []).append((cx - w / 2, cx + w / 2))
            label_h[gap] = h

    def lines_in_gap(gap: int, skip: _LaneArrow) -> list[float]:
        """x of the lanes and frame sides that run through a gap (other than `skip`'s lane)."""
        found = [lane_x(o.side, o.lane) for o in lanes if o is not skip and o.span[0] <= gap < o.span[1]]
        for first, last in runs.values():
            if first <= gap < last:
                found += [frame_x0, frame_x1]
        return found

    lane_label: dict[int, tuple[int, str, float, float]] = {}  # id(lane) -> (gap, text, x0, x1)
    for la in sorted(lanes, key=lambda la: (la.span[1] - la.span[0], la.span[0])):
        if not la.arrow.label:
            continue
        x = lane_x(la.side, la.lane)
        lo, hi = la.span
        gaps = list(range(lo, hi)) if la.src_at < la.dst_at else list(range(hi - 1, lo - 1, -1))
        best = None
        for rank, gap in enumerate(gaps):
            # The room runs from the lane to the first straight line or label in the way.
            stops = [a for a, _ in labels_in_gap.get(gap, [])] if la.side == "left" else \
                    [b for _, b in labels_in_gap.get(gap, [])]
            if gap in straight:
                stops.append(cx)
            if la.side == "left":
                x0 = x - 5
                x1 = min([v - 6 for v in stops if v > x0] + [right])
            else:
                x1 = x + 5
                x0 = max([v + 6 for v in stops if v < x1] + [left])
            lines = wrap(la.arrow.label, typo.edge, False, x1 - x0 - 8)
            if lines is None:
                continue
            text = "\n".join(lines)
            w, _ = _label_size(text, typo.edge)
            x0, x1 = (x0, x0 + w) if la.side == "left" else (x1 - w, x1)
            crossed = sum(1 for lx in lines_in_gap(gap, la) if x0 - 2 <= lx <= x1 + 2)
            key = (len(lines) + crossed, rank)
            if best is None or key < best[0]:
                best = (key, gap, text, x0, x1)
        if best is None:
            entry = f"arrows[{diagram.arrows.index(la.arrow)}] ({la.arrow.src} -> {la.arrow.dst})"
            raise ctx.fail(la.arrow.line, entry, "no gap beside its lane has room for the label "
                                                 "in the narrow layout; shorten it or reorder")
        _, gap, text, x0, x1 = best
        labels_in_gap.setdefault(gap, []).append((x0, x1))
        label_h[gap] = max(label_h.get(gap, 0), _label_size(text, typo.edge)[1])
        lane_label[id(la)] = (gap, text, x0, x1)

    title_lines = wrap(diagram.title, typo.title, True, right - left - 12) or [diagram.title]
    title_top = NARROW_MARGIN + 6
    y = title_top + len(title_lines) * typo.title * LINE_GAP + 14

    # Vertical pass: stack the boxes, open and close group frames, leave the gaps.
    boxes: dict[str, Box] = {}
    frame_top: dict[str, float] = {}
    frame_bottom: dict[str, float] = {}
    gap_span: dict[int, tuple[float, float]] = {}
    run_start = {first: gid for gid, (first, _) in runs.items()}
    run_end = {last: gid for gid, (_, last) in runs.items()}
    for i, box_id in enumerate(order):
        if i in run_start:
            gid = run_start[i]
            frame_top[gid] = y
            y += len(band_lines[gid]) * typo.group * LINE_GAP + 10
        label, note, h = sized[box_id]
        src_box = diagram.boxes[box_id]
        boxes[box_id] = Box(box_id, label, note, cx, y + h / 2, box_w, h, src_box.kind, src_box.line)
        y += h
        if i in run_end:
            y += NARROW_GROUP_PAD
            frame_bottom[run_end[i]] = y
        if i < len(order) - 1:
            need = max(NARROW_GAP, label_h[i] + 22) if i in label_h else NARROW_GAP
            gap_span[i] = (y, y + need)
            y += need
    height = math.ceil(y + NARROW_MARGIN + 6)

    groups: dict[str, Group] = {}
    for gid in runs:
        g = diagram.groups[gid]
        groups[gid] = Group(gid, g.label, [m for m in g.members if m in index], pad, g.line,
                            (frame_x0, frame_top[gid], frame_x1, frame_bottom[gid]), band_lines[gid])

    def shape(end: _End) -> Box | Group:
        return groups[end.ref] if end.is_group else boxes[end.ref]

    arrows: list[Arrow] = []
    for gap, (arrow, src, dst) in sorted(straight.items()):
        down = dst.first > src.last
        s, d = shape(src), shape(dst)
        start = (cx, s.rect[3] if down else s.rect[1])
        end = (cx, d.rect[1] if down else d.rect[3])
        pos = (cx, sum(gap_span[gap]) / 2) if arrow.label else None
        arrows.append(_placed(arrow, _stop_short([start, end]), pos))

    # Lane ports: where the arrows leave or enter the side of a box (or a group's frame).
    ports: dict[tuple[str, int], list[tuple[_LaneArrow, bool]]] = {}
    for la in lanes:
        ports.setdefault((la.side, la.src_at), []).append((la, True))
        ports.setdefault((la.side, la.dst_at), []).append((la, False))
    port_y: dict[tuple[int, bool], float] = {}
    for (side, at), found in ports.items():
        def goes_up(item: tuple[_LaneArrow, bool]) -> bool:
            la, is_src = item
            return (la.dst_at if is_src else la.src_at) < at
        # Lines that go up leave above those that go down; inner lanes above outer ones going
        # up, outer above inner going down: then no lane crosses another's stub.
        found.sort(key=lambda it: (not goes_up(it), it[0].lane if goes_up(it) else -it[0].lane))
        beside = boxes[order[at]]
        step = min(PORT_GAP, (beside.h - 16) / max(len(found) - 1, 1))
        for j, (la, is_src) in enumerate(found):
            port_y[(id(la), is_src)] = beside.cy + (j - (len(found) - 1) / 2) * step

    def side_point(end: _End, side: str, y_at: float) -> tuple[float, float]:
        target = shape(end)
        if end.is_group:
            return (target.rect[0] if side == "left" else target.rect[2], y_at)
        far = -1e6 if side == "left" else 1e6
        hit = _clip(target, (far, y_at), (target.cx, y_at))
        return hit if hit else (target.rect[0] if side == "left" else target.rect[2], y_at)

    for la in lanes:
        x = lane_x(la.side, la.lane)
        y0, y1 = port_y[(id(la), True)], port_y[(id(la), False)]
        points = [side_point(la.src, la.side, y0), (x, y0), (x, y1), side_point(la.dst, la.side, y1)]
        arrow, pos = la.arrow, None
        if id(la) in lane_label:
            gap, text, x0, x1 = lane_label[id(la)]
            pos = ((x0 + x1) / 2, sum(gap_span[gap]) / 2)
            arrow = Arrow(arrow.src, arrow.dst, text, arrow.dashed, [], None, None, 0.5, (0, 0), arrow.line)
        arrows.append(_placed(arrow, _stop_short(points), pos))

    placed = Diagram(diagram.name, diagram.title, diagram.desc, boxes, groups, arrows,
                     list(order), diagram.narrow_line, diagram.source)
    return Layout(placed, typo, NARROW_WIDTH, height, (0, 0), title_lines, (left + 6, title_top))


def _placed(arrow: Arrow, points: list[tuple[float, float]], label_pos: tuple[float, float] | None) -> Arrow:
    return Arrow(arrow.src, arrow.dst, arrow.label, arrow.dashed, [], None, None, arrow.label_at,
                 (0, 0), arrow.line, points, label_pos)


def wide_layout(diagram: Diagram) -> Layout:
    """The hand-placed grid layout: the canvas fits the content plus a margin and the title."""
    extents: list[tuple[float, float, float, float]] = [g.rect for g in diagram.groups.values()]
    extents += [b.rect for b in diagram.boxes.values()]
    for arrow in diagram.arrows:
        extents += [(x - 6, y - 6, x + 6, y + 6) for x, y in arrow.points]
        if arrow.label:
            px, py = _label_centre(arrow)
            w, h = _label_size(arrow.label, WIDE_TYPE.edge)
            extents.append((px - w / 2, py - h / 2, px + w / 2, py + h / 2))
    min_x = min(e[0] for e in extents)
    min_y = min(e[1] for e in extents)
    max_x = max(e[2] for e in extents)
    max_y = max(e[3] for e in extents)
    content_w = max(max_x - min_x, text_width(diagram.title, WIDE_TYPE.title, True))
    width = math.ceil(content_w + 2 * MARGIN)
    height = math.ceil(max_y - min_y + 2 * MARGIN + TITLE_BAND)
    offset = (MARGIN - min_x + (content_w - (max_x - min_x)) / 2, MARGIN + TITLE_BAND - min_y)
    return Layout(diagram, WIDE_TYPE, width, height, offset, [diagram.title], (MARGIN, MARGIN - 4))


def _label_centre(arrow: Arrow) -> tuple[float, float]:
    if arrow.label_pos is not None:
        return arrow.label_pos
    px, py = _point_along(arrow.points, arrow.label_at)
    return (px + arrow.label_offset[0], py + arrow.label_offset[1])


# --------------------------------------------------------------------------- SVG output

def _n(v: float) -> str:
    """Format a coordinate deterministically: at most one decimal, no trailing zero."""
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _text_lines(lines: list[str], x: float, y_top: float, size: float, attrs: str) -> tuple[str, float]:
    """A <text> element with one <tspan> per line; returns (markup, height used)."""
    step = size * LINE_GAP
    spans = []
    for k, text in enumerate(lines):
        baseline = y_top + k * step + size * 0.95
        spans.append(f'<tspan x="{_n(x)}" y="{_n(baseline)}">{escape(text)}</tspan>')
    return f"<text {attrs}>{''.join(spans)}</text>", len(lines) * step


def variant_name(name: str, *, narrow: bool, palette: Palette) -> str:
    """File stem of one variant: `x`, `x-dark`, `x-narrow`, `x-narrow-dark`."""
    return name + ("-narrow" if narrow else "") + ("" if palette is LIGHT else f"-{palette.name}")


def render_svg(layout: Layout, palette: Palette = LIGHT, stem: str | None = None) -> str:
    """Render a laid-out diagram to SVG text in `palette` (deterministic)."""
    diagram, typo = layout.diagram, layout.typography
    pal = palette
    name = stem or diagram.name
    shapes: list[str] = []

    for group in diagram.groups.values():
        x0, y0, x1, y1 = group.rect
        shapes.append(
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" rx="10" '
            f'fill="{pal.group_fill}" stroke="{pal.group_stroke}" stroke-width="1.2" stroke-dasharray="5 4"/>'
        )
        label, _ = _text_lines(group.label_lines or [group.label], x0 + 10, y0 + 5, typo.group,
                               f'font-size="{_n(typo.group)}" font-weight="600" fill="{pal.muted_text}"')
        shapes.append(label)

    edge_labels: list[str] = []
    edges: list[str] = []
    for arrow in diagram.arrows:
        d = " ".join(f"{'M' if k == 0 else 'L'}{_n(x)} {_n(y)}" for k, (x, y) in enumerate(arrow.points))
        dash = ' stroke-dasharray="6 4"' if arrow.dashed else ""
        edges.append(
            f'<path d="{d}" fill="none" stroke="{pal.line}" stroke-width="1.6" stroke-linejoin="round"'
            f'{dash} marker-end="url(#{name}-arrow)"/>'
        )
        if arrow.label:
            px, py = _label_centre(arrow)
            lines = arrow.label.split("\n")
            w, h = _label_size(arrow.label, typo.edge)
            x0, y0 = px - w / 2, py - h / 2
            edge_labels.append(
                f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(w)}" height="{_n(h)}" rx="3" '
                f'fill="{pal.background}"/>'
            )
            text, _ = _text_lines(lines, px, y0 + 2, typo.edge,
                                  f'font-size="{_n(typo.edge)}" text-anchor="middle" fill="{pal.text}"')
            edge_labels.append(text)

    nodes: list[str] = []
    for box in diagram.boxes.values():
        fill, stroke = pal.kinds[box.kind]
        x0, y0, x1, y1 = box.rect
        if box.kind == "decision":
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in box.outline())
            nodes.append(f'<polygon points="{pts}" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>')
        elif box.kind != "note":
            rx = "18" if box.kind in ("start", "outcome") else "6"
            nodes.append(
                f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(box.w)}" height="{_n(box.h)}" '
                f'rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>'
            )
        inset = HEX_INSET if box.kind == "decision" else 0
        avail = box.w - 2 * (BOX_PAD_X + inset)
        label_lines = wrap(box.label, typo.label, True, avail) or [box.label]
        note_lines = (wrap(box.note, typo.note, False, avail) or []) if box.note else []
        total = len(label_lines) * typo.label * LINE_GAP + len(note_lines) * typo.note * LINE_GAP
        y = box.cy - total / 2
        style = ' font-style="italic"' if box.kind == "note" else ""
        text, used = _text_lines(label_lines, box.cx, y, typo.label,
                                 f'font-size="{_n(typo.label)}" font-weight="600" text-anchor="middle" '
                                 f'fill="{pal.text}"{style}')
        nodes.append(text)
        if note_lines:
            text, _ = _text_lines(note_lines, box.cx, y + used, typo.note,
                                  f'font-size="{_n(typo.note)}" text-anchor="middle" fill="{pal.muted_text}"')
            nodes.append(text)

    width, height = layout.width, layout.height
    dx, dy = layout.offset
    title_text, _ = _text_lines(layout.title_lines, *layout.title_pos, typo.title,
                                f'font-size="{_n(typo.title)}" font-weight="700" fill="{pal.text}"')
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{name}-title {name}-desc" font-family={quoteattr(FONT_STACK)}>',
        f'<title id="{name}-title">{escape(diagram.title)}</title>',
        f'<desc id="{name}-desc">{escape(diagram.desc)}</desc>',
        "<!-- Generated by scripts/render_diagrams.py from "
        f"diagrams/{diagram.name}.yml; edit the source, not this file. -->",
        "<defs>",
        f'<marker id="{name}-arrow" viewBox="0 0 10 8" refX="{10 - ARROW_GAP}" refY="4" '
        f'markerWidth="10" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0 0 L10 4 L0 8 z" fill="{pal.line}"/></marker>',
        "</defs>",
        f'<rect width="{width}" height="{height}" rx="8" fill="{pal.background}" stroke="{pal.frame}"/>',
        title_text,
        f'<g transform="translate({_n(dx)} {_n(dy)})">' if (dx, dy) != (0, 0) else "<g>",
        *shapes,
        *edges,
        *nodes,
        *edge_labels,
        "</g>",
        "</svg>",
    ]
    return "\n".join(out) + "\n"


def render_variants(diagram: Diagram) -> dict[str, str]:
    """Every variant of one diagram: {file name: SVG text}, wide and narrow, light and dark."""
    out: dict[str, str] = {}
    for narrow, layout in ((False, wide_layout(diagram)), (True, narrow_layout(diagram))):
        for palette in PALETTES:
            stem = variant_name(diagram.name, narrow=narrow, palette=palette)
            out[f"{stem}.svg"] = render_svg(layout, palette, stem)
    return out


# --------------------------------------------------------------------------- page embedding

EMBED_ALT = "ALT TEXT"
LIGHTBOX_SCALE = 2  # at most this many times the drawn size in the lightbox


def _svg_size(svg: str) -> tuple[str, str]:
    """Width and height of the drawing in px (its viewBox: the size it is drawn for)."""
    head = re.search(r'<svg [^>]*viewBox="0 0 (\d+) (\d+)"', svg)
    return head.group(1), head.group(2)


def embed_markdown(name: str, rendered: dict[str, str], *, alt: str = EMBED_ALT,
                   page: str = "domains/page.md") -> str:
    """The Markdown that shows diagram `name` on `page` (a path relative to docs/), one line.

    Two links, one per colour scheme (the stylesheet shows the one of the active scheme),
    each holding the wide and the narrow image (it shows the narrow one on phones) and
    opening the scheme's wide diagram in the lightbox, in a gallery of that scheme only. Every image carries the same alt text
    and its own width and height, so the page reserves its space before it loads.
    """
    folder = Path("docs", page).parent
    prefix = Path(*[".."] * len(folder.relative_to("docs").parts), "assets", "diagrams").as_posix()
    links = []
    for palette in PALETTES:
        images = []
        for narrow in (False, True):
            stem = variant_name(name, narrow=narrow, palette=palette)
            width, height = _svg_size(rendered[f"{stem}.svg"])
            layout = "narrow" if narrow else "wide"
            images.append(f'![{alt}]({prefix}/{stem}.svg){{ .sg-diagram__{layout} width="{width}" '
                          f'height="{height}" loading="lazy" }}')
        target = variant_name(name, narrow=False, palette=palette)
        # The lightbox shows the wide diagram up to twice its drawn size (the stylesheet caps it
        # at the window's width); glightbox sizes an image slide only from data-width.
        wide_width = int(_svg_size(rendered[f"{target}.svg"])[0])
        links.append(f'[{"".join(images)}]({prefix}/{target}.svg){{ .glightbox .sg-diagram '
                     f'.sg-diagram--{palette.name} data-type="image" data-gallery="sg-diagrams-{palette.name}" '
                     f'data-width="{LIGHTBOX_SCALE * wide_width}" }}')
    return "".join(links)


# --------------------------------------------------------------------------- command line

def build_all(src_dir: Path) -> dict[str, str]:
    """Render every `*.yml` in `src_dir`; returns {svg file name: svg text} for all variants."""
    sources = sorted(src_dir.glob("*.yml"))
    if not sources:
        raise DiagramError(f"{_display(src_dir)}: no *.yml diagram sources found")
    rendered: dict[str, str] = {}
    for path in sources:
        rendered.update(render_variants(load_diagram(path)))
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render diagrams/*.yml to SVG files.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any SVG is missing, differs from its source "
                             "or has no source")
    parser.add_argument("--src", type=Path, default=SRC_DIR, help="folder of *.yml sources")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the SVG files")
    parser.add_argument("--embed", metavar="NAME",
                        help="write nothing; print the Markdown line that shows diagram NAME on a page")
    parser.add_argument("--page", default="domains/page.md",
                        help="with --embed: the page, relative to docs/ (sets the relative links)")
    args = parser.parse_args(argv)

    try:
        rendered = build_all(args.src)
    except DiagramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.embed:
        if f"{args.embed}.svg" not in rendered:
            print(f"error: no diagram '{args.embed}' in {_display(args.src)}", file=sys.stderr)
            return 2
        print(embed_markdown(args.embed, rendered, page=args.page))
        return 0

    orphans = sorted(p for p in args.out.glob("*.svg") if p.name not in rendered) if args.out.is_dir() else []
    if args.check:
        stale = []
        for name, svg in rendered.items():
            target = args.out / name
            if not target.is_file() or target.read_text(encoding="utf-8") != svg:
                stale.append(_display(target))
        if stale or orphans:
            if stale:
                print("stale diagram(s), run `python scripts/render_diagrams.py`:", file=sys.stderr)
                for path in stale:
                    print(f"  {path}", file=sys.stderr)
            if orphans:
                print("SVG file(s) without a source in diagrams/, delete them:", file=sys.stderr)
                for path in orphans:
                    print(f"  {_display(path)}", file=sys.stderr)
            return 1
        print(f"{len(rendered)} diagram file(s) up to date")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, svg in rendered.items():
        target = args.out / name
        if not target.is_file() or target.read_text(encoding="utf-8") != svg:
            target.write_text(svg, encoding="utf-8", newline="\n")
            written += 1
            print(f"wrote {_display(target)}")
    for path in orphans:  # a renamed or deleted source leaves its old files behind
        path.unlink()
        print(f"deleted {_display(path)} (no source)")
    print(f"{len(rendered)} diagram file(s), {written} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
