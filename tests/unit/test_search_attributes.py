"""The search plugin's attribute stripping, redone for pages it does not index: the same result."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.search_attributes import is_excluded_from_search, strip_search_attributes

# Material's own step (material/plugins/search/plugin.py, on_page_context).
MATERIAL = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
PIECES = ["data-search-", "exclude", "boost", '="', '"', "x", " ", "\n", "\u2003", "<p ", ">", "data-", "=", "_"]


@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_same_as_the_search_plugin(html):
    assert strip_search_attributes(html) == MATERIAL.sub("", html)


def test_attributes_and_the_space_before_them_go():
    html = '<p data-search-exclude="yes" class="x"  data-search-boost="2">a</p><details data-search-exclude>'
    assert strip_search_attributes(html) == '<p class="x" >a</p><details data-search-exclude>'


@pytest.mark.parametrize(("meta", "excluded"), [
    ({"search": {"exclude": True}}, True), ({"search": {"exclude": False}}, False), ({"search": None}, False),
    ({}, False), ({"search": "yes"}, False),
])
def test_excluded_pages_are_those_their_front_matter_excludes(meta, excluded):
    assert is_excluded_from_search(meta) is excluded
