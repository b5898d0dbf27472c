"""Tests for scripts/render_diagrams.py and the SVG files it commits to docs/assets/diagrams/:
both layouts (wide, narrow), both colour schemes, the smallest font, and the page embedding."""
from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "render_diagrams.py"
SRC_DIR = ROOT / "diagrams"
OUT_DIR = ROOT / "docs" / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
EXPECTED = {"ml-lifecycle", "path-to-ml", "data-pipeline", "mlops-pipeline"}


def _load_script():
    # Import by path so the test works whatever pythonpath pytest is given.
    spec = importlib.util.spec_from_file_location("render_diagrams_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


rd = _load_script()

GOOD_SOURCE = """\
title: Tiny
desc: Two boxes and one arrow.
boxes:
  - id: a
    label: A
    col: 0
    row: 0
  - id: b
    label: B
    col: 1
    row: 0
arrows:
  - from: a
    to: b
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    path = src / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ committed files

SOURCES = sorted(p.stem for p in SRC_DIR.glob("*.yml"))
COMMITTED = sorted(p.name for p in OUT_DIR.glob("*.svg"))
PHONE_COLUMN = 358  # px of content width on a 390 px phone (Material's 16 px margins)
SMALL_PHONE_COLUMN = 288  # on a 320 px phone


def _palette_of(file_name: str):
    return rd.DARK if file_name.endswith("-dark.svg") else rd.LIGHT


def _font_sizes(root: ET.Element) -> list[float]:
    return [float(t.get("font-size")) for t in root.iter(f"{SVG_NS}text")]


def test_every_expected_source_exists():
    assert set(SOURCES) >= EXPECTED


def test_committed_svgs_are_up_to_date(capsys):
    assert rd.main(["--check"]) == 0, capsys.readouterr().err


def test_every_source_has_its_four_variants_and_nothing_else():
    expected = {f"{name}{suffix}.svg" for name in SOURCES
                for suffix in ("", "-dark", "-narrow", "-narrow-dark")}
    assert set(COMMITTED) == expected


@pytest.mark.parametrize("file_name", COMMITTED)
def test_svg_is_well_formed_and_accessible(file_name):
    path = OUT_DIR / file_name
    root = ET.parse(path).getroot()  # raises on malformed XML
    assert root.tag == f"{SVG_NS}svg"
    for attr in ("width", "height", "viewBox"):
        assert root.get(attr), f"{path.name}: missing {attr}"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0
    assert root.get("role") == "img"
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    assert title is not None and title.text and title.text.strip()
    assert desc is not None and desc.text and len(desc.text.split()) >= 10
    # aria-labelledby points at the title and desc ids
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]


@pytest.mark.parametrize("file_name", COMMITTED)
def test_svg_is_self_contained(file_name):
    text = (OUT_DIR / file_name).read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    for el in root.iter():
        for attr, value in el.attrib.items():
            if attr.endswith("href") or "url(" in value:
                assert value.startswith("#") or value.startswith("url(#"), f"external ref {value}"
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text
    assert "@import" not in text and "@font-face" not in text
    assert "<script" not in text and "<image" not in text and "<style" not in text
    # first painted element is the diagram's own opaque background, in its scheme's colour
    first_rect = root.find(f"{SVG_NS}rect")
    assert first_rect.get("fill") == _palette_of(file_name).background
    assert first_rect.get("width") == root.get("width")


@pytest.mark.parametrize("file_name", COMMITTED)
def test_text_colours_meet_contrast_in_their_scheme(file_name):
    palette = _palette_of(file_name)
    root = ET.parse(OUT_DIR / file_name).getroot()
    fills = {el.get("fill") for el in root.iter(f"{SVG_NS}text")}
    assert fills <= {palette.text, palette.muted_text}
    for fg in fills:
        for _, bg in rd.text_backgrounds(palette):
            assert rd.contrast_ratio(fg, bg) >= 4.5, (fg, bg)


@pytest.mark.parametrize("file_name", [n for n in COMMITTED if n.endswith("-dark.svg")])
def test_dark_variants_paint_nothing_in_light_colours(file_name):
    root = ET.parse(OUT_DIR / file_name).getroot()
    painted = {v for el in root.iter() for k, v in el.attrib.items() if k in ("fill", "stroke")} - {"none"}
    light_only = {rd.LIGHT.background, rd.LIGHT.group_fill} | {f for f, _ in rd.LIGHT.kinds.values()}
    assert painted & light_only == set()
    # a dark panel: its luminance is that of Material's slate background
    assert rd._luminance(root.find(f"{SVG_NS}rect").get("fill")) < 0.05


@pytest.mark.parametrize("file_name", [n for n in COMMITTED if "-narrow" in n])
def test_narrow_variants_are_legible_on_phones(file_name):
    root = ET.parse(OUT_DIR / file_name).getroot()
    width = float(root.get("width"))
    assert width == rd.NARROW_WIDTH
    smallest = min(_font_sizes(root))
    assert smallest >= rd.NARROW_TYPE.smallest == 14
    # shown at the column's width, never wider than the drawing
    assert smallest * min(1, PHONE_COLUMN / width) >= 13
    assert smallest * min(1, SMALL_PHONE_COLUMN / width) >= 11


@pytest.mark.parametrize("file_name", [n for n in COMMITTED if "-narrow" not in n])
def test_wide_variants_keep_their_fonts(file_name):
    root = ET.parse(OUT_DIR / file_name).getroot()
    assert min(_font_sizes(root)) >= rd.WIDE_TYPE.smallest == 12


def test_palette_contrast():
    for palette in rd.PALETTES:
        rd.check_palette(palette)  # raises if any text colour on any fill is below 4.5:1
    assert rd.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_font_stack_has_no_web_fonts():
    root = ET.parse(OUT_DIR / "ml-lifecycle.svg").getroot()
    assert root.get("font-family").endswith("sans-serif")


# ------------------------------------------------------------------ narrow layout of the real diagrams

def _inside(point, rect, margin=1.0) -> bool:
    x, y = point
    x0, y0, x1, y1 = rect
    return x0 + margin < x < x1 - margin and y0 + margin < y < y1 - margin


def _on_edge(point, shape, tolerance) -> bool:
    """Whether `point` lies within `tolerance` px of the shape's outline (a hexagon's too)."""
    px, py = point
    outline = shape.outline()
    for (ax, ay), (bx, by) in zip(outline, outline[1:] + outline[:1]):
        length = ((bx - ax) ** 2 + (by - ay) ** 2) or 1e-12
        t = max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
        if ((px - ax - t * (bx - ax)) ** 2 + (py - ay - t * (by - ay)) ** 2) ** 0.5 <= tolerance:
            return True
    return False


def _label_rect(arrow, typo):
    cx, cy = rd._label_centre(arrow)
    w, h = rd._label_size(arrow.label, typo.edge)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("name", SOURCES)
def test_narrow_layout_is_drawn_cleanly(name):
    layout = rd.narrow_layout(rd.load_diagram(SRC_DIR / f"{name}.yml"))
    diagram, typo = layout.diagram, layout.typography
    boxes = list(diagram.boxes.values())
    canvas = (0, 0, layout.width, layout.height)
    # One column: every box at the same x, stacked in the order, apart, inside the panel.
    assert len({(b.cx, b.w) for b in boxes}) == 1
    for upper, lower in zip(boxes, boxes[1:]):
        assert upper.rect[3] + 20 <= lower.rect[1], (upper.id, lower.id)
    for shape in [*boxes, *diagram.groups.values()]:
        x0, y0, x1, y1 = shape.rect
        assert canvas[0] < x0 and x1 < canvas[2] and canvas[1] < y0 and y1 < canvas[3], shape.id
    for group in diagram.groups.values():
        for member in group.members:
            assert _inside(diagram.boxes[member].rect[:2], group.rect, 0)
            assert _inside(diagram.boxes[member].rect[2:], group.rect, 0)
    shapes = {**diagram.boxes, **diagram.groups}
    labels = []
    for arrow in diagram.arrows:
        points = arrow.points
        # Orthogonal lines that start on their source and end at their target's edge.
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            assert ax == pytest.approx(bx) or ay == pytest.approx(by), (arrow.src, arrow.dst, points)
        assert _on_edge(points[0], shapes[arrow.src], 1), (arrow.src, arrow.dst)
        assert _on_edge(points[-1], shapes[arrow.dst], rd.ARROW_GAP + 1), (arrow.src, arrow.dst)
        # No line runs through a box (it may cross group frames).
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            steps = max(2, int(max(abs(bx - ax), abs(by - ay)) // 2))
            for k in range(1, steps):
                p = (ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps)
                for box in boxes:
                    assert not _inside(p, box.rect, 2), f"{arrow.src} -> {arrow.dst} crosses {box.id}"
        if arrow.label:
            labels.append((arrow, _label_rect(arrow, typo)))
    for k, (arrow, rect) in enumerate(labels):
        assert _inside(rect[:2], canvas, 0) and _inside(rect[2:], canvas, 0), arrow.label
        for box in boxes:
            assert not _overlap(rect, box.rect), f"label {arrow.label!r} covers {box.id}"
        for other, other_rect in labels[k + 1:]:
            assert not _overlap(rect, other_rect), (arrow.label, other.label)


def test_narrow_layout_draws_neighbours_straight_and_routes_the_rest_in_lanes(tmp_path):
    source = """\
title: Lanes
desc: Four boxes in a column, with arrows that skip boxes forward and back.
boxes:
  - {id: a, label: A, col: 0, row: 0}
  - {id: b, label: B, col: 1, row: 0}
  - {id: c, label: C, col: 2, row: 0}
  - {id: d, label: D, col: 3, row: 0}
arrows:
  - {from: a, to: b}
  - {from: a, to: d, label: far}
  - {from: b, to: c}
  - {from: b, to: d}
  - {from: d, to: a, label: back}
"""
    layout = rd.narrow_layout(rd.load_diagram(_write(tmp_path, "lanes.yml", source)))
    boxes = layout.diagram.boxes
    arrows = {(ar.src, ar.dst): ar for ar in layout.diagram.arrows}
    a_to_b, a_to_d, b_to_d, d_to_a = (arrows[k] for k in (("a", "b"), ("a", "d"), ("b", "d"), ("d", "a")))
    column = boxes["a"].rect
    # neighbours: one vertical line from the bottom of one box to the top of the next
    assert len(a_to_b.points) == 2 and a_to_b.points[0][0] == a_to_b.points[1][0]
    assert a_to_b.points[0][1] == column[3]
    # forward skips run on the left, the shorter one nearer the boxes; back arrows on the right
    lane = {(ar.src, ar.dst): ar.points[1][0] for ar in (a_to_d, b_to_d, d_to_a)}
    assert lane[("b", "d")] < column[0] and lane[("a", "d")] < lane[("b", "d")]
    assert lane[("d", "a")] > column[2]
    assert a_to_d.label == "far" and d_to_a.label == "back"
    assert layout.width == rd.NARROW_WIDTH


def test_narrow_order_and_omit(tmp_path):
    source = GOOD_SOURCE.replace("arrows:\n", """\
  - id: note
    label: A note
    col: 0
    row: 1
    kind: note
narrow:
  order: [b, a]
  omit: [note]
arrows:
""")
    diagram = rd.load_diagram(_write(tmp_path, "ordered.yml", source))
    layout = rd.narrow_layout(diagram)
    assert list(layout.diagram.boxes) == ["b", "a"]
    (arrow,) = layout.diagram.arrows
    assert arrow.points[0][1] > arrow.points[-1][1]  # a is below b: the arrow points up


@pytest.mark.parametrize(
    ("narrow", "expected"),
    [
        ("narrow:\n  order: [a, zz]\n", "unknown box 'zz' in 'order'"),
        ("narrow:\n  order: [a]\n", "'order' must list every box that is not omitted; missing: b"),
        ("narrow:\n  order: [a, a, b]\n", "box 'a' is listed twice in 'order'"),
        ("narrow:\n  order: [a, b]\n  omit: [b]\n", "box 'b' is in both 'order' and 'omit'"),
        ("narrow:\n  sort: [a, b]\n", "unknown key 'sort'"),
        ("narrow:\n  omit: [b]\n", "'b' is left out of the narrow layout but the other end is not"),
        ("narrow:\n  order: [a, c, b]\ngroups:\n  - {id: g, label: G, boxes: [a, b]}\n",
         "group 'g': in the narrow layout its boxes must follow each other"),
    ],
)
def test_bad_narrow_settings_give_clear_errors(tmp_path, narrow, expected):
    source = GOOD_SOURCE.replace("arrows:\n", "  - {id: c, label: C, col: 0, row: 1}\n" + narrow + "arrows:\n")
    with pytest.raises(rd.DiagramError) as info:
        rd.narrow_layout(rd.load_diagram(_write(tmp_path, "bad.yml", source)))
    assert "bad.yml:" in str(info.value)
    assert expected in str(info.value)


def test_every_variant_of_a_source(tmp_path):
    labelled = GOOD_SOURCE.replace("    to: b\n", "    to: b\n    label: next\n")  # the smallest text
    variants = rd.render_variants(rd.load_diagram(_write(tmp_path, "tiny.yml", labelled)))
    assert sorted(variants) == ["tiny-dark.svg", "tiny-narrow-dark.svg", "tiny-narrow.svg", "tiny.svg"]
    for file_name, svg in variants.items():
        root = ET.fromstring(svg.encode("utf-8"))
        palette = _palette_of(file_name)
        assert root.find(f"{SVG_NS}rect").get("fill") == palette.background
        assert {t.get("fill") for t in root.iter(f"{SVG_NS}text")} <= {palette.text, palette.muted_text}
        sizes = _font_sizes(root)
        if "-narrow" in file_name:
            assert root.get("width") == str(rd.NARROW_WIDTH) and min(sizes) == rd.NARROW_TYPE.smallest
        else:
            assert min(sizes) == rd.WIDE_TYPE.smallest
        # ids inside each file are its own (two variants can sit in one page's DOM via the lightbox)
        stem = file_name[: -len(".svg")]
        assert root.find(f"{SVG_NS}title").get("id") == f"{stem}-title"


# ------------------------------------------------------------------ page embedding

def test_embed_markdown_shows_the_right_variant_everywhere(tmp_path):
    rendered = rd.render_variants(rd.load_diagram(_write(tmp_path, "tiny.yml", GOOD_SOURCE)))
    line = rd.embed_markdown("tiny", rendered, alt="Two boxes", page="domains/page.md")
    html = markdown.markdown(line, extensions=["attr_list"])
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select("a.glightbox.sg-diagram")
    assert [a["href"] for a in links] == ["../assets/diagrams/tiny.svg", "../assets/diagrams/tiny-dark.svg"]
    assert [a["data-gallery"] for a in links] == ["sg-diagrams-light", "sg-diagrams-dark"]
    for link in links:
        wide = rendered[link["href"].rsplit("/", 1)[1]]
        assert link["data-width"] == str(2 * int(rd._svg_size(wide)[0]))
    images = soup.select("a.sg-diagram > img")
    assert [i["src"].rsplit("/", 1)[1] for i in images] == [
        "tiny.svg", "tiny-narrow.svg", "tiny-dark.svg", "tiny-narrow-dark.svg"]
    for img in images:
        svg = ET.fromstring(rendered[img["src"].rsplit("/", 1)[1]].encode("utf-8"))
        assert (img["width"], img["height"]) == tuple(svg.get("viewBox").split()[2:])
        assert img["alt"] == "Two boxes" and img["loading"] == "lazy"
    assert [i["class"] for i in images] == [["sg-diagram__wide"], ["sg-diagram__narrow"]] * 2
    top = rd.embed_markdown("tiny", rendered, page="index.md")
    assert "](assets/diagrams/tiny.svg)" in top and "../" not in top


def test_embed_option_prints_the_markdown(tmp_path, capsys):
    _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    args = ["--src", str(tmp_path / "src"), "--out", str(tmp_path / "out")]
    assert rd.main([*args, "--embed", "tiny", "--page", "platform/x.md"]) == 0
    assert "](../assets/diagrams/tiny-narrow-dark.svg)" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
    assert rd.main([*args, "--embed", "nope"]) == 2
    assert "no diagram 'nope'" in capsys.readouterr().err


# ------------------------------------------------------------------ behaviour

def test_output_is_deterministic(tmp_path):
    path = _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    assert rd.render_variants(rd.load_diagram(path)) == rd.render_variants(rd.load_diagram(path))


def test_render_then_check_round_trip(tmp_path):
    _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    out = tmp_path / "out"
    assert rd.main(["--src", str(tmp_path / "src"), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "tiny-dark.svg", "tiny-narrow-dark.svg", "tiny-narrow.svg", "tiny.svg"]
    assert rd.main(["--check", "--src", str(tmp_path / "src"), "--out", str(out)]) == 0


def test_check_names_stale_missing_and_orphaned_files(tmp_path, capsys):
    _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    _write(tmp_path, "other.yml", GOOD_SOURCE.replace("Tiny", "Other"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny.svg").write_text("<svg/>", encoding="utf-8")
    (out / "gone-narrow.svg").write_text("<svg/>", encoding="utf-8")
    code = rd.main(["--check", "--src", str(tmp_path / "src"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "tiny.svg" in err and "other-narrow-dark.svg" in err
    assert "without a source" in err and "gone-narrow.svg" in err
    assert (out / "tiny.svg").read_text(encoding="utf-8") == "<svg/>"  # --check writes nothing
    assert (out / "gone-narrow.svg").exists()
    assert rd.main(["--src", str(tmp_path / "src"), "--out", str(out)]) == 0
    assert not (out / "gone-narrow.svg").exists()  # writing removes files no source makes


def test_unknown_arrow_endpoint_names_file_and_entry(tmp_path, capsys):
    bad = GOOD_SOURCE.replace("    to: b\n", "    to: nowhere\n")
    path = _write(tmp_path, "broken.yml", bad)
    with pytest.raises(rd.DiagramError) as info:
        rd.load_diagram(path)
    message = str(info.value)
    assert "broken.yml:13:" in message  # file and line of the arrow
    assert "arrows[0] (a -> nowhere)" in message  # the entry
    assert "unknown box or group 'nowhere'" in message

    code = rd.main(["--src", str(tmp_path / "src"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "broken.yml" in err and "arrows[0] (a -> nowhere)" in err
    assert not (tmp_path / "out").exists()  # nothing written on error


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    label: B\n", "    label: B\n    colour: red\n", "boxes[1] 'b': unknown key 'colour'"),
        ("  - id: b\n", "  - id: a\n", "duplicate id 'a' (first at line 4)"),
        ("    label: A\n", "    label: A\n    kind: cloud\n", "unknown kind 'cloud'"),
        ("    col: 1\n", "    col: 0.5\n", "overlaps box 'a'"),
        ("  - from: a\n", "  - from: a\n    via: [[1]]\n", "'via' must be a list of [col, row] pairs"),
        ("  - from: a\n", "  - from: a\n    style: dotted\n", "unknown style 'dotted'"),
        ("    label: A\n", "    label: A very long label with a Supercalifragilisticexpialidocious word\n",
         "wider than the box"),
        ("title: Tiny\n", "", "'title' is required"),
        ("arrows:\n", "groups:\n  - id: g\n    label: G\n    boxes: [a, zz]\narrows:\n",
         "groups[0] 'g': unknown box 'zz'"),
        ("  - from: a\n", "  - from: zz\n", "unknown box or group 'zz' in 'from'"),
    ],
)
def test_bad_sources_give_clear_errors(tmp_path, old, new, expected):
    assert old in GOOD_SOURCE
    path = _write(tmp_path, "bad.yml", GOOD_SOURCE.replace(old, new, 1))
    with pytest.raises(rd.DiagramError) as info:
        rd.load_diagram(path)
    assert "bad.yml" in str(info.value)
    assert expected in str(info.value)


def test_invalid_yaml_reports_line(tmp_path):
    path = _write(tmp_path, "syntax.yml", "title: [unclosed\ndesc: x\n")
    with pytest.raises(rd.DiagramError, match=r"syntax\.yml:\d+: invalid YAML"):
        rd.load_diagram(path)
