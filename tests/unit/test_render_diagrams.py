"""Tests for scripts/render_diagrams.py and the SVG files it commits to docs/assets/diagrams/."""
from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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

def test_every_expected_source_exists():
    assert {p.stem for p in SRC_DIR.glob("*.yml")} >= EXPECTED


def test_committed_svgs_are_up_to_date(capsys):
    assert rd.main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_svg_is_well_formed_and_accessible(name):
    path = OUT_DIR / f"{name}.svg"
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


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_svg_is_self_contained(name):
    text = (OUT_DIR / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    for el in root.iter():
        for attr, value in el.attrib.items():
            if attr.endswith("href") or "url(" in value:
                assert value.startswith("#") or value.startswith("url(#"), f"external ref {value}"
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text
    assert "@import" not in text and "@font-face" not in text
    assert "<script" not in text and "<image" not in text and "<style" not in text
    # first painted element is the diagram's own opaque background
    first_rect = root.find(f"{SVG_NS}rect")
    assert first_rect.get("fill") == rd.BACKGROUND
    assert first_rect.get("width") == root.get("width")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_colours_meet_contrast(name):
    root = ET.parse(OUT_DIR / f"{name}.svg").getroot()
    fills = {el.get("fill") for el in root.iter(f"{SVG_NS}text")}
    backgrounds = {bg for _, bg in rd.text_backgrounds()}
    for fg in fills:
        for bg in backgrounds:
            assert rd.contrast_ratio(fg, bg) >= 4.5, (fg, bg)


def test_palette_contrast():
    rd.check_palette()  # raises if any text colour on any fill is below 4.5:1
    assert rd.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_font_stack_has_no_web_fonts():
    root = ET.parse(OUT_DIR / "ml-lifecycle.svg").getroot()
    assert root.get("font-family").endswith("sans-serif")


# ------------------------------------------------------------------ behaviour

def test_output_is_deterministic(tmp_path):
    path = _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    first = rd.render_svg(rd.load_diagram(path))
    second = rd.render_svg(rd.load_diagram(path))
    assert first == second


def test_render_then_check_round_trip(tmp_path):
    _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    out = tmp_path / "out"
    assert rd.main(["--src", str(tmp_path / "src"), "--out", str(out)]) == 0
    assert (out / "tiny.svg").is_file()
    assert rd.main(["--check", "--src", str(tmp_path / "src"), "--out", str(out)]) == 0


def test_check_names_stale_and_missing_files(tmp_path, capsys):
    _write(tmp_path, "tiny.yml", GOOD_SOURCE)
    _write(tmp_path, "other.yml", GOOD_SOURCE.replace("Tiny", "Other"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny.svg").write_text("<svg/>", encoding="utf-8")
    code = rd.main(["--check", "--src", str(tmp_path / "src"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "tiny.svg" in err and "other.svg" in err
    assert (out / "tiny.svg").read_text(encoding="utf-8") == "<svg/>"  # --check writes nothing


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
