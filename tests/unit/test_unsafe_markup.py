"""Script URLs and event handler attributes in final HTML are found, the theme's own aside."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from studykit.unsafe_markup import URL_ATTRIBUTES, find_unsafe_markup, is_handler, is_script_url

FOUND = {
    "javascript-link": ('<p><a href="javascript:alert(1)">x</a></p>', [("a", "href")]),
    "spaced-mixed-case": ('<a href=" JaVaScript:alert(1)">x</a>', [("a", "href")]),
    "vbscript": ('<a href="vbscript:msgbox(1)">x</a>', [("a", "href")]),
    "data-html": ('<iframe src="data:text/html,&lt;script&gt;"></iframe>', [("iframe", "src")]),
    "onclick-paragraph": ('<p onclick="alert(1)">x</p>', [("p", "onclick")]),
    "onmouseover-link": ('<a href="https://e.example" onmouseover="x()">y</a>', [("a", "onmouseover")]),
    "unquoted": ("<img src=x onerror=alert(1)>", [("img", "onerror")]),
    "upper-case-handler": ('<a\nOnClick="x">y</a>', [("a", "onclick")]),
    "slash-before-handler": ("<svg/onload=alert(1)>", [("svg", "onload")]),
    "allowed-url-in-capitals": ('<a href="JAVASCRIPT:void(0)">x</a>', [("a", "href")]),
    "allowed-url-then-handler": ('<a href="javascript:void(0)" onclick="x">y</a>', [("a", "onclick")]),
}


@pytest.mark.parametrize(("html", "expected"), FOUND.values(), ids=FOUND.keys())
def test_script_in_a_page_is_found(html, expected):
    assert [(f.tag, f.attribute) for f in find_unsafe_markup(html)] == expected


@pytest.mark.parametrize("html", [
    '<a href="javascript:void(0)" class="md-search__icon">share</a>',  # Material's share button
    '<img src="data:image/png;base64,AAAA" alt="">',
    '<details open><summary>Answer</summary>Once upon a time, on=off</details>',
    '<a href="https://example.com/javascript:x">docs</a>',
    '<a onclick>an empty handler runs nothing</a>',
])
def test_ordinary_markup_is_not_flagged(html):
    assert find_unsafe_markup(html) == []


def test_the_message_names_the_page_and_what_to_do():
    [finding] = find_unsafe_markup('<a href="javascript:alert(1)">click me</a>')
    assert finding.message("guide.md") == (
        "guide.md: unsafe markup: <a> ('click me') has a script URL href=\"javascript:alert(1)\" (fix: remove it; "
        "pages and data files may not carry script, link to an https:// address instead)")


# Pieces of tags, attributes and URLs: the quick first pass must never skip a page that the
# full walk of its tree would flag.
PIECES = ["<a", "<svg", "<p>", ">", "</a>", " ", "\n", "/", "=", '"', "'", "onclick", "OnLoad", "on", "href", "src",
          "title", "javascript:alert(1)", "javascript:void(0)", " JavaScript :x", "vbscript:x", "data:text/html,x",
          "data:image/png,x", "https://e.example/", "text", "JavaScript:void(0)", "javascript:void(0) ", "é", "\u2019",
          "\u212a", "İ", "ONCLICK"]


@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_quick_pass_never_skips_what_the_full_walk_finds(html):
    walked = [(node.tag, name.lower()) for node in LexborHTMLParser(html).css("*")
              for name, value in node.attributes.items()
              if is_handler(name.lower(), value or "") or (name.lower() in URL_ATTRIBUTES and is_script_url(value or ""))]
    assert [(f.tag, f.attribute) for f in find_unsafe_markup(html)] == walked
