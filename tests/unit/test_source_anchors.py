"""Ids read from a page's Markdown source: the raw-HTML id scan agrees with a word-boundary regex."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from studykit.source_anchors import _html_ids, source_anchors

# The obvious pattern, which is slow on long pages (it cannot skip ahead to a literal).
REFERENCE = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
PIECES = ["id", "=", '"', "'", "x", " ", "u", "_", "é", "-", "\n", "uuid", "data-id", "<p ", ">"]


@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_html_ids_are_those_of_the_word_boundary_pattern(text):
    assert _html_ids(text) == REFERENCE.findall(text)


def test_an_id_inside_a_word_is_no_id():
    assert source_anchors('<p uuid="a" data-id="b" id="c">x</p>') == {"b", "c"}
