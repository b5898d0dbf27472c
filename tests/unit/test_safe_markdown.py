"""Data-file Markdown cannot put script or event handlers into a page (studykit.safe_markdown)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from studykit.safe_markdown import SafeMarkdown

# Each payload is one way the data files once reached a page as live script.
PAYLOADS = {
    "reference-link": "[x][r]\n\n[r]: javascript:alert(1)",
    "inline-link": "[click](javascript:alert(1))",
    "mixed-case-scheme": "[click](  JaVaScRiPt:alert(1))",
    "vbscript": "[click](vbscript:msgbox(1))",
    "data-html": "[click](data:text/html,<script>alert(1)</script>)",
    "attr-list-paragraph": 'A paragraph.\n{: onclick="alert(1)" }',
    "attr-list-link": '[x](https://example.com){ onmouseover="alert(1)" }',
    "raw-script": "<script>alert(1)</script>",
    "raw-img": '<img src=x onerror="alert(1)">',
    "autolink": "<javascript:alert(1)>",
    "setext-heading": "Title\n=====\n\nText",
}


def dangerous(html: str) -> list[str]:
    """Every script-capable thing in an HTML fragment."""
    found = []
    for element in BeautifulSoup(html, "lxml").find_all(True):
        if element.name in {"script", "img", "iframe", "object", "embed", "style", "h1", "h2"}:
            found.append(element.name)
        for name, value in element.attrs.items():
            if name.startswith("on") or name in {"style", "class", "id"}:
                found.append(f"{element.name}[{name}]")
            if name in {"href", "src"}:
                scheme = str(value).strip().lower().split(":", 1)[0]
                if ":" in str(value) and scheme not in {"http", "https", "mailto"}:
                    found.append(f"{element.name}[{name}={value}]")
    return found


@pytest.mark.parametrize("text", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("mode", ["block", "inline"])
def test_payloads_render_without_script(text, mode):
    out = getattr(SafeMarkdown(), mode)(text)
    assert dangerous(out) == [], out


def test_payload_text_stays_readable():
    out = SafeMarkdown().inline(PAYLOADS["raw-script"])
    assert out == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert SafeMarkdown().inline(PAYLOADS["inline-link"]) == "<a>click</a>"


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("**b** and `x<y`", "<strong>b</strong> and <code>x&lt;y</code>"),
        ("see [docs](https://cloud.google.com/)", 'see <a href="https://cloud.google.com/">docs</a>'),
        ("[mail](mailto:a@example.com)", '<a href="mailto:a@example.com">mail</a>'),
        ("[entry](../glossary/#epoch)", '<a href="../glossary/#epoch">entry</a>'),
        ("one\n\ntwo", "one<br>two"),
    ],
    ids=["emphasis-and-code", "https-link", "mailto", "relative-link", "two-paragraphs"],
)
def test_what_entries_need_still_renders(markdown, html):
    assert SafeMarkdown().inline(markdown) == html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("a <b> c", "a &lt;b&gt; c"),
        ("keep `<code>` as typed", "keep <code>&lt;code&gt;</code> as typed"),
        ("<!-- glossary-backlinks:x -->", "&lt;!-- glossary-backlinks:x --&gt;"),
        ("AT&T &amp; co", "AT&amp;T &amp; co"),
    ],
    ids=["tag", "code-span", "comment", "ampersands"],
)
def test_raw_html_is_text(markdown, html):
    assert SafeMarkdown().inline(markdown) == html


def test_block_keeps_lists_and_code_blocks():
    out = SafeMarkdown().block("Steps:\n\n- one\n- two\n\nCode:\n\n    x = 1 < 2\n")
    assert out == ("<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>Code:</p>\n"
                   "<pre><code>x = 1 &lt; 2\n</code></pre>")


PIECES = list("<>\"'=:/()[]{}!*_`#\n aj") + ["javascript:", "onclick=", "{: ", "](", "data:", "<a href="]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example('[]("javascript:<(')  # found by this test: a colon in a relative href's first segment
def test_no_input_produces_script(text):
    renderer = SafeMarkdown()
    assert dangerous(renderer.block(text)) == []
    assert dangerous(renderer.inline(text)) == []


# Pieces that mean something to Markdown, to HTML escaping or to whitespace handling, mixed with
# ordinary words: the shortcut must give back exactly what the full pipeline gives.
PIECES = ["word", " ", "  ", "*", "**", "_", "__", "`", "[x]", "(y)", "[r]: ", "<b>", "&amp;", "&", "1.", "2)",
          "-", "+", "=", "#", "!", "\\", ">", "\n", "\t", "\r", "\x02", "\u00a0", "\u2028", "é", "機", "'", '"', ":"]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@given(st.one_of(TRICKY, st.text(max_size=30)))
@example("1. A list, not a sentence")
@example("An *emphasised* word and `code`")
@example("Plain text, with 'quotes' and \"more\": 50% / 2 = 25%.")
@example("- dash first")
@example("trailing space ")
def test_plain_text_shortcut_gives_what_markdown_and_the_sanitizer_give(text):
    full = SafeMarkdown(plain_text_shortcut=False)
    assert SafeMarkdown().block(text) == full.block(text)
    assert SafeMarkdown().inline(text) == full.inline(text)
    assert SafeMarkdown().has_heading(text) == full.has_heading(text)

