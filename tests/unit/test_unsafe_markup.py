"""Script URLs and event handler attributes in final HTML are found, the theme's own aside."""
from __future__ import annotations

import pytest

from studykit.unsafe_markup import find_unsafe_markup

FOUND = {
    "javascript-link": ('<p><a href="javascript:alert(1)">x</a></p>', [("a", "href")]),
    "spaced-mixed-case": ('<a href=" JaVaScript:alert(1)">x</a>', [("a", "href")]),
    "vbscript": ('<a href="vbscript:msgbox(1)">x</a>', [("a", "href")]),
    "data-html": ('<iframe src="data:text/html,&lt;script&gt;"></iframe>', [("iframe", "src")]),
    "onclick-paragraph": ('<p onclick="alert(1)">x</p>', [("p", "onclick")]),
    "onmouseover-link": ('<a href="https://e.example" onmouseover="x()">y</a>', [("a", "onmouseover")]),
    "unquoted": ("<img src=x onerror=alert(1)>", [("img", "onerror")]),
}


@pytest.mark.parametrize(("html", "expected"), FOUND.values(), ids=FOUND.keys())
def test_script_in_a_page_is_found(html, expected):
    assert [(f.tag, f.attribute) for f in find_unsafe_markup(html)] == expected


@pytest.mark.parametrize("html", [
    '<a href="javascript:void(0)" class="md-search__icon">share</a>',  # Material's share button
    '<img src="data:image/png;base64,AAAA" alt="">',
    '<details open><summary>Answer</summary>Once upon a time, on=off</details>',
    '<a href="https://example.com/javascript:x">docs</a>',
])
def test_ordinary_markup_is_not_flagged(html):
    assert find_unsafe_markup(html) == []


def test_the_message_names_the_page_and_what_to_do():
    [finding] = find_unsafe_markup('<a href="javascript:alert(1)">click me</a>')
    assert finding.message("guide.md") == (
        "guide.md: unsafe markup: <a> ('click me') has a script URL href=\"javascript:alert(1)\" (fix: remove it; "
        "pages and data files may not carry script, link to an https:// address instead)")
