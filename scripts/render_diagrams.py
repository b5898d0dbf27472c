#!/usr/bin/env python3
"""Render the site's diagrams from small YAML sources into static SVG files.

    python scripts/render_diagrams.py            # diagrams/*.yml -> docs/assets/diagrams/*.svg
    python scripts/render_diagrams.py --check    # exit 1 and name every stale or missing SVG

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

Every SVG gets explicit width/height/viewBox, role="img", <title> and <desc>, its own white
background (so it reads the same in the site's light and dark themes), dark text whose contrast
with every fill it sits on is checked to be at least 4.5:1, and the system font stack only.
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

# Colours. Text is always dark on light; `check_palette` proves the 4.5:1 contrast at import.
BACKGROUND = "#ffffff"
TEXT = "#202124"
MUTED_TEXT = "#3c4043"
LINE = "#3c4043"
GROUP_FILL = "#f8f9fa"
GROUP_STROKE = "#80868b"
KINDS: dict[str, tuple[str, str]] = {  # kind -> (fill, stroke)
    "process": ("#e8f0fe", "#1a73e8"),
    "start": ("#fef7e0", "#b06000"),
    "data": ("#e6f4ea", "#188038"),
    "decision": ("#fce8e6", "#c5221f"),
    "outcome": ("#f3e8fd", "#8430ce"),
    "note": ("none", "none"),
}
MIN_CONTRAST = 4.5

# Typography (px) and spacing.
TITLE_SIZE = 18
LABEL_SIZE = 14
NOTE_SIZE = 13
EDGE_SIZE = 12
GROUP_SIZE = 13
LINE_GAP = 1.25  # line height as a multiple of the font size
MARGIN = 20
TITLE_BAND = 40
BOX_PAD_X = 10
BOX_PAD_Y = 8
HEX_INSET = 16
GROUP_LABEL_BAND = 22
ARROW_GAP = 4  # the line stops this far before the tip; the arrowhead covers the rest

DEFAULT_LAYOUT = {"col_width": 180, "row_height": 110, "box_width": 150, "box_height": 60}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"title", "desc", "layout", "boxes", "groups", "arrows"}
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


def text_backgrounds() -> list[tuple[str, str]]:
    """Every (text colour, background colour) pair the renderer can produce."""
    fills = [BACKGROUND, GROUP_FILL] + [f for f, _ in KINDS.values() if f != "none"]
    return [(t, f) for t in (TEXT, MUTED_TEXT) for f in fills]


def check_palette() -> None:
    for fg, bg in text_backgrounds():
        ratio = contrast_ratio(fg, bg)
        if ratio < MIN_CONTRAST:
            raise AssertionError(f"text {fg} on {bg} has contrast {ratio:.2f} < {MIN_CONTRAST}")


check_palette()


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


@dataclass
class Diagram:
    name: str
    title: str
    desc: str
    boxes: dict[str, Box]
    groups: dict[str, Group]
    arrows: list[Arrow]


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
    diagram = Diagram(path.stem, raw["title"].strip(), " ".join(raw["desc"].split()),
                      boxes, groups, arrows)
    _check_overlaps(diagram, ctx)
    _route_arrows(diagram, ctx)
    return diagram


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
    for text, size, bold, key in ((box.label, LABEL_SIZE, True, "label"),
                                  (box.note, NOTE_SIZE, False, "note")):
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
        if text_width(group.label, GROUP_SIZE, True) > label_room:
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


def render_svg(diagram: Diagram) -> str:
    """Render a validated diagram to SVG text (deterministic)."""
    shapes: list[str] = []
    extents: list[tuple[float, float, float, float]] = []

    for group in diagram.groups.values():
        x0, y0, x1, y1 = group.rect
        extents.append(group.rect)
        shapes.append(
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" rx="10" '
            f'fill="{GROUP_FILL}" stroke="{GROUP_STROKE}" stroke-width="1.2" stroke-dasharray="5 4"/>'
        )
        label, _ = _text_lines([group.label], x0 + 10, y0 + 5, GROUP_SIZE,
                               f'font-size="{GROUP_SIZE}" font-weight="600" fill="{MUTED_TEXT}"')
        shapes.append(label)

    edge_labels: list[str] = []
    edges: list[str] = []
    for arrow in diagram.arrows:
        d = " ".join(f"{'M' if k == 0 else 'L'}{_n(x)} {_n(y)}" for k, (x, y) in enumerate(arrow.points))
        dash = ' stroke-dasharray="6 4"' if arrow.dashed else ""
        edges.append(
            f'<path d="{d}" fill="none" stroke="{LINE}" stroke-width="1.6" stroke-linejoin="round"'
            f'{dash} marker-end="url(#{diagram.name}-arrow)"/>'
        )
        for x, y in arrow.points:
            extents.append((x - 6, y - 6, x + 6, y + 6))
        if arrow.label:
            px, py = _point_along(arrow.points, arrow.label_at)
            px += arrow.label_offset[0]
            py += arrow.label_offset[1]
            lines = arrow.label.split("\n")
            w = max(text_width(t, EDGE_SIZE) for t in lines) + 8
            h = len(lines) * EDGE_SIZE * LINE_GAP + 4
            x0, y0 = px - w / 2, py - h / 2
            extents.append((x0, y0, x0 + w, y0 + h))
            edge_labels.append(
                f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(w)}" height="{_n(h)}" rx="3" '
                f'fill="{BACKGROUND}"/>'
            )
            text, _ = _text_lines(lines, px, y0 + 2, EDGE_SIZE,
                                  f'font-size="{EDGE_SIZE}" text-anchor="middle" fill="{TEXT}"')
            edge_labels.append(text)

    nodes: list[str] = []
    for box in diagram.boxes.values():
        extents.append(box.rect)
        fill, stroke = KINDS[box.kind]
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
        label_lines = wrap(box.label, LABEL_SIZE, True, avail) or [box.label]
        note_lines = (wrap(box.note, NOTE_SIZE, False, avail) or []) if box.note else []
        total = len(label_lines) * LABEL_SIZE * LINE_GAP + len(note_lines) * NOTE_SIZE * LINE_GAP
        y = box.cy - total / 2
        style = ' font-style="italic"' if box.kind == "note" else ""
        text, used = _text_lines(label_lines, box.cx, y, LABEL_SIZE,
                                 f'font-size="{LABEL_SIZE}" font-weight="600" text-anchor="middle" '
                                 f'fill="{TEXT}"{style}')
        nodes.append(text)
        if note_lines:
            text, _ = _text_lines(note_lines, box.cx, y + used, NOTE_SIZE,
                                  f'font-size="{NOTE_SIZE}" text-anchor="middle" fill="{MUTED_TEXT}"')
            nodes.append(text)

    min_x = min(e[0] for e in extents)
    min_y = min(e[1] for e in extents)
    max_x = max(e[2] for e in extents)
    max_y = max(e[3] for e in extents)
    content_w = max(max_x - min_x, text_width(diagram.title, TITLE_SIZE, True))
    width = math.ceil(content_w + 2 * MARGIN)
    height = math.ceil(max_y - min_y + 2 * MARGIN + TITLE_BAND)
    dx = MARGIN - min_x + (content_w - (max_x - min_x)) / 2
    dy = MARGIN + TITLE_BAND - min_y

    name = diagram.name
    title_text, _ = _text_lines([diagram.title], MARGIN, MARGIN - 4, TITLE_SIZE,
                                f'font-size="{TITLE_SIZE}" font-weight="700" fill="{TEXT}"')
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{name}-title {name}-desc" font-family={quoteattr(FONT_STACK)}>',
        f'<title id="{name}-title">{escape(diagram.title)}</title>',
        f'<desc id="{name}-desc">{escape(diagram.desc)}</desc>',
        "<!-- Generated by scripts/render_diagrams.py from "
        f"diagrams/{name}.yml; edit the source, not this file. -->",
        "<defs>",
        f'<marker id="{name}-arrow" viewBox="0 0 10 8" refX="{10 - ARROW_GAP}" refY="4" '
        f'markerWidth="10" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0 0 L10 4 L0 8 z" fill="{LINE}"/></marker>',
        "</defs>",
        f'<rect width="{width}" height="{height}" rx="8" fill="{BACKGROUND}" stroke="#dadce0"/>',
        title_text,
        f'<g transform="translate({_n(dx)} {_n(dy)})">',
        *shapes,
        *edges,
        *nodes,
        *edge_labels,
        "</g>",
        "</svg>",
    ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- command line

def build_all(src_dir: Path) -> dict[str, str]:
    """Render every `*.yml` in `src_dir`; returns {svg file name: svg text}."""
    sources = sorted(src_dir.glob("*.yml"))
    if not sources:
        raise DiagramError(f"{_display(src_dir)}: no *.yml diagram sources found")
    return {f"{p.stem}.svg": render_svg(load_diagram(p)) for p in sources}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render diagrams/*.yml to SVG files.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any SVG is missing or differs from its source")
    parser.add_argument("--src", type=Path, default=SRC_DIR, help="folder of *.yml sources")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the SVG files")
    args = parser.parse_args(argv)

    try:
        rendered = build_all(args.src)
    except DiagramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.check:
        stale = []
        for name, svg in rendered.items():
            target = args.out / name
            if not target.is_file() or target.read_text(encoding="utf-8") != svg:
                stale.append(_display(target))
        if stale:
            print("stale diagram(s), run `python scripts/render_diagrams.py`:", file=sys.stderr)
            for path in stale:
                print(f"  {path}", file=sys.stderr)
            return 1
        print(f"{len(rendered)} diagram(s) up to date")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, svg in rendered.items():
        target = args.out / name
        if not target.is_file() or target.read_text(encoding="utf-8") != svg:
            target.write_text(svg, encoding="utf-8", newline="\n")
            written += 1
            print(f"wrote {_display(target)}")
    print(f"{len(rendered)} diagram(s), {written} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
