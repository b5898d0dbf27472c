"""The term matcher and the Markdown tree processor: exact HTML, skipped contexts, the link budget,
properties."""
from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.glossary import Usage, parse_glossary
from studykit.linker import (
    MAX_LINKS_PER_1000_WORDS,
    GlossaryExtension,
    GlossaryTreeprocessor,
    PageLinking,
    TermMatcher,
    WordCounter,
    default_case_sensitive,
)

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
            extensions: list | None = None, page_terms: frozenset[str] = frozenset()) -> str:
    """Markdown to HTML with the glossary; without a link budget unless `extension` has one
    (most examples here are a few words long: the real budget would allow no link)."""
    ext = extension or GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=None)
    ext.start_page(href_base, page_terms=page_terms)
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


def test_mentions_are_linked_again_in_each_h2_section_only():
    html = convert("# Title\n\nUse TPU.\n\n## Next { #next }\n\nTPU and TPU.\n\n### Deeper\n\nA TPU.\n\n"
                   "## Last\n\nTPU at last.")
    assert html.count('href="glossary.md#tpu"') == 3  # page top, Next, Last: an h3 starts no section
    assert '<h2 id="next">Next</h2>\n<p>' + link("TPU", "tpu", "Google's accelerator.") + " and TPU.</p>" in html
    assert "<p>A TPU.</p>" in html


def test_tables_and_admonitions_repeat_no_link_of_their_section():
    html = convert("## S\n\nGrant IAM roles.\n\n| Who | How |\n|---|---|\n| IAM | TPU |\n\n"
                   "!!! tip\n    IAM and TPU again.\n\n## T\n\n!!! tip\n    IAM in a new section.")
    soup = BeautifulSoup(html, "html.parser")
    assert [(a.get_text(), a.parent.name) for a in soup.select("a.glossary-term")] == [
        ("IAM", "p"), ("TPU", "td"), ("IAM", "p")]
    assert soup.select(".admonition a.glossary-term")[0].find_parent("div").get_text().strip().endswith(
        "new section.")


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
    assert ext.finish_page() == PageLinking()


def test_finish_page_reports_usages_by_heading():
    ext = GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=None)
    convert("# Page\n\nIAM here.\n\n## Serving `TPU` { #serving }\n\nTPU and IAM.\n\n### Deeper { #deeper }\n\n"
            "Storage.\n\n## Other\n\nIAM.", extension=ext, extensions=["toc", "attr_list"])
    linking = ext.finish_page()
    assert linking.usages == (
        Usage("iam"),  # under the page title: the page itself
        Usage("tpu", "serving", "Serving TPU"),
        Usage("iam", "serving", "Serving TPU"),
        Usage("storage", "deeper", "Deeper"),  # backlinks lead to the nearest heading
        Usage("iam", "other", "Other"),
    )
    assert (linking.links, linking.budget, linking.unlinked) == (5, None, frozenset())
    assert ext.finish_page() == PageLinking()  # read once


# --- The link budget ----------------------------------------------------------------------------

def words(n: int) -> str:
    """`n` words that are no term."""
    return " ".join(["plain"] * n)


def budgeted(text: str, limit: float = MAX_LINKS_PER_1000_WORDS, page_terms: frozenset[str] = frozenset()):
    """(linked texts in document order, PageLinking) for `text` under a budget."""
    ext = GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=limit)
    html = convert(text, extension=ext, page_terms=page_terms)
    linking = ext.finish_page()
    return [a.get_text() for a in BeautifulSoup(html, "html.parser").select("a.glossary-term")], linking


def test_the_budget_is_15_links_per_1000_words_of_text():
    text = f"IAM TPU Spark GCS bias tf.data. {words(395)}\n\n```\n{words(3000)}\n```"
    linked, linking = budgeted(text)
    assert linking.words == 401  # the code block is not text a reader reads
    assert linking.budget == 6 and len(linked) == 6 and linking.unlinked == frozenset()
    linked, linking = budgeted(text.replace(words(395), words(320)))  # 326 words: room for 4
    assert linked == ["IAM", "TPU", "Spark", "GCS"] and linking.budget == 4
    assert linking.unlinked == {"bias", "tf-data"}


def test_every_term_gets_one_link_before_any_term_gets_a_second():
    sections = "\n\n".join(f"## S{i}\n\nIAM and TPU. {words(60)}" for i in range(4))
    linked, linking = budgeted(sections + "\n\n## Late\n\nSpark at the end.", limit=40)
    assert linking.budget == 10  # 4 x 64 + 7 words
    # IAM, TPU and Spark once each, then repeats of IAM and TPU in the later sections.
    assert sorted(set(linked)) == ["IAM", "Spark", "TPU"] and len(linked) == 9
    linked, linking = budgeted(sections + "\n\n## Late\n\nSpark at the end.", limit=8)
    assert linking.budget == 2 and linked == ["IAM", "TPU"] and linking.unlinked == {"spark"}


def test_the_budget_serves_running_text_before_tables_and_admonitions():
    text = f"| A |\n|---|\n| Spark |\n\n!!! note\n    TPU inside.\n\nIAM in the text. {words(120)}"
    linked, linking = budgeted(text, limit=10)
    assert linking.budget == 1 and linked == ["IAM"]


def test_the_budget_serves_the_page_domain_then_the_most_used_terms():
    text = f"Spark, TPU, IAM and TPU again, then TPU. {words(150)}"
    assert budgeted(text, limit=10)[0] == ["TPU"]  # mentioned three times
    assert budgeted(text, limit=10, page_terms=frozenset({"iam"}))[0] == ["IAM"]


def test_repeats_go_first_to_terms_of_few_sections():
    # IAM is in every section (a "very common" term here); TPU only in the first and last.
    text = "\n\n".join([f"## A\n\nIAM TPU {words(60)}", f"## B\n\nIAM {words(60)}", f"## C\n\nIAM {words(60)}",
                         f"## D\n\nIAM TPU {words(60)}"])
    linked, linking = budgeted(text, limit=12)
    assert linking.budget == 3 and linked == ["IAM", "TPU", "TPU"]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (["Use ", "TPU", "s."], 2),  # one word split by inline markup
        (["two words ", "three more words"], 5),
        (["a\x02wzxhzdk:0\x03b"], 1),  # stashed inline HTML is not a word of its own
        (["\x02wzxhzdk:3\x03"], 0),
        (["5 \x0242\x03 2"], 3),  # an escaped '*' is a character
        (["", "   ", "end"], 1),
    ],
)
def test_word_counter(pieces, expected):
    counter = WordCounter()
    for piece in pieces:
        counter.add(piece)
    assert counter.words == expected


def test_words_are_counted_as_the_page_shows_them():
    ext = GlossaryExtension.from_glossary(GLOSSARY)
    convert("# A title\n\nOne *two*s three.\n\n- four\n- five\n\n| six | seven |\n|---|---|\n| 8 | 9 |\n\n"
            "    not counted code\n\n`code` counts", extension=ext, extensions=["toc", "tables"])
    assert ext.finish_page().words == 2 + 3 + 2 + 4 + 2


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


# The scan runs over the lower-cased text; these are where lower-casing could differ from a
# case-insensitive scan: capitals in a plural ending, exact-case spellings, "İ" (two characters
# in lower case, so every offset after it would shift).
@pytest.mark.parametrize(
    "text",
    ["TPUS and TPUs and tpus", "GPUES", "IAM iam Iam IAMs IAMS", "İstanbul TPU İ TPUs", "DATA SETS data sets",
     "Data SETs", "CLOUD STORAGES", "Ab cdS ab CDs"],
)
def test_the_lower_cased_scan_finds_what_a_case_insensitive_scan_finds(text):
    matcher = TermMatcher([("TPU", "tpu", True), ("GPU", "gpu", False), ("IAM", "iam", True),
                           ("data", "d", False), ("DATA SET", "ds", True), ("Cloud Storage", "cs", False),
                           ("ab", "ab", True), ("ab cd", "abcd", False)])
    assert list(matcher.finditer(text)) == list(matcher.finditer_ignoring_case(text))


def test_a_capital_in_a_plural_ending_is_no_plural():
    matcher = TermMatcher([("GPU", "gpu", False)])
    assert [tuple(m) for m in matcher.finditer("GPUs GPUS")] == [(0, 4, "gpu")]


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
    st.sampled_from(SPELLINGS).map(lambda s: f"### {s}"),
    st.sampled_from(SPELLINGS).map(lambda s: f"| {s} |\n|---|\n| {s} and more |"),
    st.sampled_from(SPELLINGS).map(lambda s: f"- {s} item"),
    st.sampled_from(SPELLINGS).map(lambda s: f"```\n{s}\n```"),
)
DOCUMENTS = st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS + SPELLINGS + ["S", "ES", "es", "s", "İ", "-", " "]),
                          st.text(max_size=3)), max_size=15).map("".join))
def test_the_lower_cased_scan_agrees_with_a_case_insensitive_scan(text):
    matcher = TermMatcher.from_glossary(GLOSSARY)
    assert list(matcher.finditer(text)) == list(matcher.finditer_ignoring_case(text))
    assert list(matcher.finditer(text.upper())) == list(matcher.finditer_ignoring_case(text.upper()))


def convert_twice(text: str, limit: float | None = None) -> str:
    """Run the linker twice on the same tree: a second GlossaryTreeprocessor after the first."""
    ext = GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=limit)

    class Twice(GlossaryExtension):
        def extendMarkdown(self, md):  # noqa: N802
            super().extendMarkdown(md)
            md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary-again", -1.5)

    twice = Twice(ext.matcher, ext.titles, max_per_1000_words=limit)
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


# Short documents: a budget this high binds on some of them and not on others.
TIGHT = 150


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.sampled_from([None, TIGHT]))
def test_running_the_linker_twice_changes_nothing(text, limit):
    once = GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=limit)
    assert convert_twice(text, limit) == convert(text, extension=once, extensions=["attr_list", "md_in_html"])


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_the_budget_is_never_exceeded_and_coverage_comes_before_repeats(text):
    ext = GlossaryExtension.from_glossary(GLOSSARY, max_per_1000_words=TIGHT)
    html = convert(text, extension=ext, extensions=["attr_list", "md_in_html"])
    linking = ext.finish_page()
    hrefs = [a["href"] for a in BeautifulSoup(html, "html.parser").select("a.glossary-term")]
    assert len(hrefs) == linking.links <= linking.budget == int(TIGHT * linking.words // 1000)
    if linking.unlinked:  # a term went without: the budget is spent, and on one link per term
        assert len(hrefs) == linking.budget
        assert len(hrefs) == len(set(hrefs))
        assert not linking.unlinked & {h.rpartition("#")[2] for h in hrefs}


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_each_term_is_linked_at_most_once_per_section_and_only_for_its_spellings(text):
    soup = BeautifulSoup(convert(text, extensions=["attr_list", "md_in_html"]), "html.parser")
    spellings = {t.id: {s.casefold() for s in t.spellings} for t in GLOSSARY.terms}
    seen: set[str] = set()
    for el in soup.find_all(True):
        if el.name in ("h1", "h2"):
            seen.clear()
        elif el.name == "a" and "glossary-term" in el.get("class", []):
            term_id = el["href"].split("#")[1]
            assert term_id not in seen
            seen.add(term_id)
            text = " ".join(el.get_text().split()).casefold()
            assert text in spellings[term_id] or re.sub(r"e?s$", "", text) in spellings[term_id], text
