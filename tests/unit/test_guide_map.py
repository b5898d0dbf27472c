"""The June 2026 guide map (data/guide-2026.yml): every kind of bad entry, its line, the real map."""
from __future__ import annotations

from pathlib import Path

import pytest

from studykit.guide_map import GUIDE_OBJECTIVES, GuideMapError, check_links, load_guide_map, parse_guide_map, \
    render_guide_markdown

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "data/guide-2026.yml"


def full_map(**replace: str) -> str:
    """A valid map of all fourteen sub-objectives; `replace` swaps one sub-objective's YAML."""
    out = []
    for number, ids in GUIDE_OBJECTIVES.items():
        out.append(f"- section: {number}\n  title: Section {number}\n  weight: 15\n  objectives:\n")
        for objective in ids:
            out.append(replace.get(objective, (
                f'    - id: "{objective}"\n      title: Objective {objective}\n      items:\n'
                f"        - name: Item of {objective}\n          learn: [domains/monitoring.md#obj-6-1]\n")))
    return "".join(out)


def problems(text: str) -> list[str]:
    with pytest.raises(GuideMapError) as info:
        parse_guide_map(text, SOURCE)
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_valid_map_has_every_sub_objective_in_order():
    sections = parse_guide_map(full_map(), SOURCE)
    assert [o.id for s in sections for o in s.objectives] == [i for ids in GUIDE_OBJECTIVES.values() for i in ids]
    assert sections[3].objectives[0].anchor == "guide-2026-4-1"
    assert sections[3].objectives[0].progress_key == "2026-4.1"


def test_an_unknown_sub_objective_names_its_line():
    text = full_map(**{"4.2": '    - id: "4.9"\n      title: T\n      items:\n        - name: I\n'
                               "          learn: [domains/monitoring.md#obj-6-1]\n"})
    assert problems(text) == [
        f"data/guide-2026.yml:{line_of(text, 'section: 4')}: sub-objective 4.2 of the guide is missing "
        "(fix: add '- id: \"4.2\"' with its items under section 4)",
        f"data/guide-2026.yml:{line_of(text, '4.9')}: unknown sub-objective '4.9' in section 4 (fix: use one of "
        "section 4's sub-objectives: 4.1, 4.2 (quoted))",
    ]


def test_a_sub_objective_under_the_wrong_section_says_where_it_belongs():
    text = full_map(**{"1.2": '    - id: "2.1"\n      title: T\n      items:\n        - name: I\n'
                               "          learn: [domains/monitoring.md#obj-6-1]\n"})
    line = line_of(text, 'id: "2.1"')
    assert (f"data/guide-2026.yml:{line}: unknown sub-objective '2.1' "
            "in section 1 (fix: move it under section 2)") in problems(text)


def test_an_item_without_a_link_names_the_learn_line():
    text = full_map(**{"3.3": '    - id: "3.3"\n      title: Hardware\n      items:\n        - name: CPU or GPU\n'
                               "          learn: []\n"})
    assert problems(text) == [
        f"data/guide-2026.yml:{line_of(text, 'learn: []')}: sub-objective 3.3 item 'CPU or GPU' has no link to the "
        "section that teaches it (fix: add 'learn: [page.md#anchor]' with the page and anchor that teach it)"]


@pytest.mark.parametrize(("learn", "message"), [
    ("[platform/serving.md]", "is not a page and anchor"),
    ("[crosswalk.md#crosswalk-table]", "points to the crosswalk, which only lists"),
    ("[https://cloud.google.com/docs#x]", "is not a page and anchor"),
])
def test_links_must_be_a_page_and_anchor_of_this_site_that_teaches(learn, message):
    text = full_map(**{"5.1": f'    - id: "5.1"\n      title: T\n      items:\n        - name: I\n          learn: {learn}\n'})
    [problem] = problems(text)
    assert problem.startswith(f"data/guide-2026.yml:{line_of(text, learn)}: sub-objective 5.1 item 'I': learn ")
    assert message in problem


def test_unknown_fields_and_a_bad_weight_are_reported_together():
    text = full_map().replace("  weight: 15\n", "  weight: lots\n  wieght: 15\n", 1)
    assert problems(text) == [
        "data/guide-2026.yml:3: section 1: 'weight' must be a per cent (fix: write the guide's weight as a number, e.g. 13)",
        "data/guide-2026.yml:4: section 1: unknown field 'wieght' (fix: did you mean 'weight'? allowed: section, "
        "title, weight, objectives)",
    ]


def test_missing_pages_and_anchors_are_found_with_their_lines():
    text = full_map(**{"6.2": '    - id: "6.2"\n      title: T\n      items:\n        - name: I\n'
                               "          learn: [domains/monitoring.md#obj-6-9, nowhere.md#x]\n"})
    sections = parse_guide_map(text, SOURCE)
    found = check_links(sections, SOURCE, {"domains/monitoring.md": {"obj-6-1", "obj-6-2"}})
    line = line_of(text, "obj-6-9")
    assert [str(p) for p in found] == [
        f"data/guide-2026.yml:{line}: sub-objective 6.2: anchor '#obj-6-9' is not on 'domains/monitoring.md' "
        "(fix: did you mean '#obj-6-2'? link to the id of a heading on that page)",
        f"data/guide-2026.yml:{line}: sub-objective 6.2: page 'nowhere.md' does not exist "
        "(fix: use a page path relative to docs/)",
    ]


def test_the_page_escapes_data_text_and_links_relative_to_itself():
    text = full_map(**{"1.1": '    - id: "1.1"\n      title: "Low-code {: onclick=x }"\n      items:\n'
                               '        - name: "<script>alert(1)</script> [x](javascript:y)"\n'
                               "          learn: [domains/monitoring.md#obj-6-1]\n"})
    markdown = render_guide_markdown(parse_guide_map(text, SOURCE), page_titles={"domains/monitoring.md": "6. Monitoring"},
                                     section_titles={"domains/monitoring.md": {"obj-6-1": "6.1 Monitor"}},
                                     from_page="guide-2026.md")
    assert "### 1.1 Low-code \\{: onclick=x \\} { #guide-2026-1-1 }" in markdown
    assert ("- &lt;script>alert(1)&lt;/script> \\[x\\](javascript:y): "
            "[6.1 Monitor](domains/monitoring.md#obj-6-1) (6. Monitoring)") in markdown


def test_the_real_map_is_valid_and_covers_the_whole_guide():
    sections = load_guide_map(ROOT / SOURCE, SOURCE)
    assert [s.weight for s in sections] == [13, 16, 21, 20, 18, 13]
    items = [i for s in sections for o in s.objectives for i in o.items]
    assert len(items) >= 50
    assert all(link.page != "crosswalk.md" for i in items for link in i.links)
