"""The term matcher and the Markdown tree processor: exact HTML, skipped contexts, properties."""
from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.glossary import Usage, parse_glossary
from studykit.linker import GlossaryExtension, GlossaryTreeprocessor, TermMatcher, default_case_sensitive

GLOSSARY = parse_glossary("""
- term: Cloud Storage
  aliases: [GCS]
  short: Object storage for files of any size.
  definition: D.
  domains: [fundamentals]
- term: Storage
  short: "Where data is kept: disks, buckets."
  definition: D.
  domains: [fundamentals]
- term: IAM
  short: Identity and Access Management.
  definition: D.
  domains: [fundamentals]
- term: TPU
  short: Google's accelerator.
  definition: D.
  domains: [fundamentals]
- term: bias
  short: A "systematic" error <of> some kind & more.
  definition: D.
  domains: [fundamentals]
- term: Spark
  case_sensitive: true
  short: Apache Spark.
  definition: D.
  domains: [fundamentals]
- term: tf.data
  id: tf-data
  short: TensorFlow input pipelines.
  definition: D.
  domains: [fundamentals]
- term: A/B testing
  short: Comparing two variants.
  definition: D.
  domains: [fundamentals]
""")
EXTENSIONS = ["attr_list", "md_in_html", "abbr", "admonition", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.keys", "pymdownx.tabbed", "toc", "tables"]


def convert(text: str, href_base: str = "glossary.md", extension: GlossaryExtension | None = None,
            extensions: list | None = None) -> str:
    ext = extension or GlossaryExtension.from_glossary(GLOSSARY)
    ext.start_page(href_base)
    md = markdown.Markdown(extensions=[*(EXTENSIONS if extensions is None else extensions), ext])
    return md.convert(text)


def link(text: str, term_id: str, title: str, href: str = "glossary.md") -> str:
    return f'<a class="glossary-term" href="{href}#{term_id}" title="{title}">{text}</a>'


GCS = "Object storage for files of any size."


def test_first_mention_is_linked_with_the_short_definition_as_title():
    assert convert("Put it in Cloud Storage. Cloud Storage again.") == (
        f"<p>Put it in {link('Cloud Storage', 'cloud-storage', GCS)}. Cloud Storage again.</p>")


def test_longest_match_wins_and_aliases_count_as_the_same_term():
    assert convert("Cloud Storage, then GCS, then Storage.") == (
        f"<p>{link('Cloud Storage', 'cloud-storage', GCS)}, then GCS, then "
        f"{link('Storage', 'storage', 'Where data is kept: disks, buckets.')}.</p>")


def test_mentions_are_linked_again_in_each_section():
    html = convert("# Title\n\nUse TPU.\n\n## Next { #next }\n\nTPU and TPU.\n\n### Deeper\n\nA TPU.")
    assert html.count('href="glossary.md#tpu"') == 3
    assert '<h2 id="next">Next</h2>\n<p>' + link("TPU", "tpu", "Google's accelerator.") + " and TPU.</p>" in html


def test_multi_word_terms_match_across_line_breaks_and_case():
    assert convert("Store in cloud\nSTORAGE now.") == (
        f"<p>Store in {link('cloud' + chr(10) + 'STORAGE', 'cloud-storage', GCS)} now.</p>")


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Grant roles with IAM.", "IAM"),
        ("The word iam is not the abbreviation.", None),
        ("Train on TPUs.", "TPUs"),
        ("Use Spark here.", "Spark"),
        ("A spark of hope.", None),
        ("Read with tf.data.", "tf.data"),
        ("Run A/B testing first.", "A/B testing"),
        ("Biases creep in.", "Biases"),
        ("Non-IAM roles and TPU-based jobs.", None),  # parts of hyphenated words
        ("IAMs and TPUS", "IAMs"),  # exact spellings keep their case; only the plural suffix is added
        ("Storage_account and Storages", "Storages"),
    ],
)
def test_case_plural_and_word_boundaries(text, linked):
    soup = BeautifulSoup(convert(text), "html.parser")
    assert [a.get_text() for a in soup.select("a.glossary-term")] == ([linked] if linked else [])


def test_the_title_is_escaped_and_visible_text_is_untouched():
    assert convert("Some bias here.") == (
        '<p>Some <a class="glossary-term" href="glossary.md#bias" '
        'title="A &quot;systematic&quot; error &lt;of&gt; some kind &amp; more.">bias</a> here.</p>')


@pytest.mark.parametrize(
    "text",
    [
        "`Cloud Storage` in code",
        "```\nCloud Storage in a fence\n```",
        "    Cloud Storage in an indented block",
        "# Cloud Storage in a heading",
        "[Cloud Storage](page.md) in a link",
        "<https://example.org/Cloud Storage>",
        "![Cloud Storage](img.png) in alt text",
        '<a href="x">Cloud Storage</a> in a raw link',
        '<span class="no-glossary">Cloud Storage</span> opted out',
        '<span class="other no-glossary">Cloud <em>Storage</em></span> opted out',
        '<span class="no-glossary"><span>nested</span> Cloud Storage</span> opted out',
        '<code>Cloud Storage</code> raw code',
        '<div class="no-glossary" markdown>\nCloud Storage in an opted-out block\n</div>',
        "<div>\nCloud Storage in a raw HTML block\n</div>",
        "++ctrl+alt+del++ and <kbd>Cloud Storage</kbd>",
        "*[GCS]: Google Cloud Storage\n\nGCS is an abbreviation here.",
        '!!! tip "Cloud Storage tip"\n    Body text.',
        '??? note "Cloud Storage"\n    Body text.',
        '=== "Cloud Storage"\n\n    Tab body.',
        '<img alt="Cloud Storage" src="x.png"> attribute',
        "a bare URL https://example.com/Cloud-Storage/GCS/bare in the text",
        "a bare URL www.example.com/gcs written out",
    ],
)
def test_never_linked_inside(text):
    html = convert(text)
    assert "glossary-term" not in html, html


def test_opt_out_span_ends_where_the_span_ends():
    html = convert('<span class="no-glossary">Cloud Storage</span> but Cloud Storage after it.')
    assert html == (f'<p><span class="no-glossary">Cloud Storage</span> but '
                    f"{link('Cloud Storage', 'cloud-storage', GCS)} after it.</p>")


def test_terms_inside_emphasis_lists_and_tables_are_linked():
    html = convert("- **Cloud Storage** bucket\n\n| A | B |\n|---|---|\n| IAM | x |\n")
    assert f"<strong>{link('Cloud Storage', 'cloud-storage', GCS)}</strong>" in html
    assert f"<td>{link('IAM', 'iam', 'Identity and Access Management.')}</td>" in html


def test_href_base_is_what_the_adapter_passes_for_the_page():
    assert 'href="../glossary/#iam"' in convert("IAM", href_base="../glossary/")


def test_a_disabled_page_is_left_alone():
    ext = GlossaryExtension.from_glossary(GLOSSARY)
    ext.start_page("glossary.md", enabled=False)
    md = markdown.Markdown(extensions=[ext])
    assert md.convert("Cloud Storage") == "<p>Cloud Storage</p>"
    assert ext.finish_page() == []


def test_finish_page_reports_usages_by_section():
    ext = GlossaryExtension.from_glossary(GLOSSARY)
    convert("# Page\n\nIAM here.\n\n## Serving `TPU` { #serving }\n\nTPU and IAM.\n\n## Other\n\nIAM.",
            extension=ext, extensions=["toc", "attr_list"])
    assert ext.finish_page() == [
        Usage("iam"),  # under the page title: the page itself
        Usage("tpu", "serving", "Serving TPU"),
        Usage("iam", "serving", "Serving TPU"),
        Usage("iam", "other", "Other"),
    ]
    assert ext.finish_page() == []  # read once


@pytest.mark.parametrize(
    ("spellings", "text", "expected"),
    [
        ([("data", "d", False), ("DATA SET", "ds", True)], "a data set", [(2, 6, "d")]),  # exact fails: shorter
        ([("data", "d", False), ("DATA SET", "ds", True)], "a DATA SET", [(2, 10, "ds")]),
        ([("ab", "ab", True), ("ab cd", "abcd", False)], "Ab cd", [(0, 5, "abcd")]),
        ([("ML", "ml", True)], "ml ML", [(3, 5, "ml")]),
        ([("a b", "ab", False)], "a  b a\tb", [(0, 4, "ab"), (5, 8, "ab")]),
        ([("x", "x", False)], "x-y y-x x_ x", [(11, 12, "x")]),
        ([], "anything", []),
    ],
)
def test_matcher(spellings, text, expected):
    assert [tuple(m) for m in TermMatcher(spellings).finditer(text)] == expected


@pytest.mark.parametrize(
    ("spelling", "exact"),
    [("IAM", True), ("PR AUC", True), ("CI/CD", True), ("TPU", True), ("F1", True), ("R2", True),
     ("IoT", True), ("NaN", True), ("AutoML", False), ("tf.data", False), ("ReLU", False)],
)
def test_default_case_sensitivity(spelling, exact):
    assert default_case_sensitive(spelling) is exact


def test_the_matcher_is_one_compiled_pattern_for_all_terms():
    matcher = TermMatcher.from_glossary(GLOSSARY)
    assert isinstance(matcher.pattern, re.Pattern)
    # A trie: the shared prefix of "Storage" is written once, however many terms share it.
    assert matcher.pattern.pattern.count("storage") == 1


# --- Properties -------------------------------------------------------------------------------------

WORDS = ["the", "data", "is", "stored", "in", "a", "bucket", "with", "roles", "Spark", "spark", "tpu"]
SPELLINGS = ["Cloud Storage", "cloud storage", "GCS", "Storage", "IAM", "iam", "TPU", "TPUs", "bias", "biases",
             "tf.data", "A/B testing", "Cloud\nStorage"]
INLINE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SPELLINGS),
    st.sampled_from(SPELLINGS).map(lambda s: f"`{s}`"),
    st.sampled_from(SPELLINGS).map(lambda s: f"*{s}*"),
    st.sampled_from(SPELLINGS).map(lambda s: f"[{s}](x.md)"),
    st.sampled_from(SPELLINGS).map(lambda s: f'<span class="no-glossary">{s}</span>'),
    st.sampled_from(SPELLINGS).map(lambda s: f"<b>{s}</b>"),
    st.sampled_from(["-", "/", "(", ")", ".", ",", "&", "\\*"]),
)
BLOCK = st.one_of(
    st.lists(INLINE, min_size=1, max_size=12).map(" ".join),
    st.sampled_from(SPELLINGS).map(lambda s: f"## {s}"),
    st.sampled_from(SPELLINGS).map(lambda s: f"- {s} item"),
    st.sampled_from(SPELLINGS).map(lambda s: f"```\n{s}\n```"),
)
DOCUMENTS = st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)


def convert_twice(text: str) -> str:
    """Run the linker twice on the same tree: a second GlossaryTreeprocessor after the first."""
    ext = GlossaryExtension.from_glossary(GLOSSARY)

    class Twice(GlossaryExtension):
        def extendMarkdown(self, md):  # noqa: N802
            super().extendMarkdown(md)
            md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary-again", -1.5)

    twice = Twice(ext.matcher, ext.titles)
    return markdown.Markdown(extensions=["attr_list", "md_in_html", twice]).convert(text)


def visible_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_linking_changes_no_visible_text(text):
    plain = markdown.Markdown(extensions=["attr_list", "md_in_html"]).convert(text)
    assert visible_text(convert(text, extensions=["attr_list", "md_in_html"])) == visible_text(plain)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_no_link_is_nested_in_a_link_and_nothing_in_code_or_headings(text):
    soup = BeautifulSoup(convert(text, extensions=["attr_list", "md_in_html"]), "html.parser")
    for a in soup.select("a.glossary-term"):
        assert not a.find_parent(["a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"]), str(a.parent)
        assert not a.find_parent(class_="no-glossary"), str(a.parent)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_running_the_linker_twice_changes_nothing(text):
    assert convert_twice(text) == convert(text, extensions=["attr_list", "md_in_html"])


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_each_term_is_linked_at_most_once_per_section_and_only_for_its_spellings(text):
    soup = BeautifulSoup(convert(text, extensions=["attr_list", "md_in_html"]), "html.parser")
    spellings = {t.id: {s.casefold() for s in t.spellings} for t in GLOSSARY.terms}
    seen: set[str] = set()
    for el in soup.find_all(True):
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            seen.clear()
        elif el.name == "a" and "glossary-term" in el.get("class", []):
            term_id = el["href"].split("#")[1]
            assert term_id not in seen
            seen.add(term_id)
            text = " ".join(el.get_text().split()).casefold()
            assert text in spellings[term_id] or re.sub(r"e?s$", "", text) in spellings[term_id], text
