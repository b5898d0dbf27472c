"""The glossary data file: parsing, validation messages, page rendering and backlinks (no MkDocs)."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.glossary import (
    DOMAIN_PAGES,
    BacklinkIndex,
    Glossary,
    GlossaryError,
    Term,
    Usage,
    domain_of_page,
    insert_backlinks,
    load_glossary,
    parse_glossary,
    render_backlinks_html,
    render_glossary_page,
    render_page_terms_html,
    replace_marker,
    _may_hold_heading,
    slugify,
)
from studykit.safe_markdown import SafeMarkdown

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "data/glossary.yml"


def entry(term: str, **fields: str) -> str:
    """One YAML entry with valid defaults; `fields` override or add raw YAML values."""
    values = {"short": "A short definition.", "definition": "A longer definition.", "domains": "[fundamentals]"}
    values.update(fields)
    lines = [f"- term: {term}"] + [f"  {key}: {value}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n"


def problems(text: str) -> list[str]:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, SOURCE)
    return [str(p) for p in info.value.problems]


def test_a_valid_entry_becomes_a_term_with_defaults():
    text = entry("Cloud  Storage", aliases="[GCS, 'Google  Cloud Storage']", see_also="[]",
                 link="https://example.org/gcs")
    (term,) = parse_glossary(text).terms
    assert term == Term(id="cloud-storage", term="Cloud Storage", short="A short definition.",
                        definition="A longer definition.", domains=("fundamentals",),
                        aliases=("GCS", "Google Cloud Storage"), see_also=(), link="https://example.org/gcs",
                        case_sensitive=None, line=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pub/Sub", "pub-sub"),
        ("F1 score", "f1-score"),
        ("tf.data", "tf-data"),
        ("A/B testing", "a-b-testing"),
        ("experimenter's bias", "experimenter-s-bias"),
        ("  Leading and trailing  ", "leading-and-trailing"),
        ("R²", "r"),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


# Each row: YAML text -> the exact messages the build shows (one per problem, sorted by line).
VALIDATION_CASES = {
    "yaml-syntax": (
        "- term: A\n  short: one: two\n",
        ["data/glossary.yml:2: invalid YAML: mapping values are not allowed here "
         "(fix: check the indentation and quoting on this line and the one before)"],
    ),
    "empty-file": (
        "# nothing yet\n",
        ["data/glossary.yml:1: the file has no terms (fix: add a YAML list with one '- term: ...' mapping per term)"],
    ),
    "not-a-list": (
        "term: A\n",
        ["data/glossary.yml:1: the file must be a YAML list of terms (fix: start every term with '- term: ...')"],
    ),
    "item-not-a-mapping": (
        "- just a string\n",
        ["data/glossary.yml:1: each item of the list must be a mapping of fields "
         "(fix: write the term as '- term: ...' followed by its fields)"],
    ),
    "unknown-key": (
        entry("Alpha", shrot="typo"),
        ["data/glossary.yml:5: unknown key 'shrot' (fix: did you mean 'short'? allowed keys: term, id, short, "
         "definition, aliases, see_also, domains, link, case_sensitive)"],
    ),
    "repeated-key": (
        entry("Alpha") + "  short: again\n",
        ["data/glossary.yml:5: key 'short' appears twice in this entry (fix: keep one 'short' (the first is at line 2))"],
    ),
    "missing-term": (
        "- short: A short definition.\n  definition: D.\n  domains: [fundamentals]\n",
        ["data/glossary.yml:1: entry has no 'term' (fix: add 'term: <the word or phrase>' to this entry)"],
    ),
    "empty-term": (
        entry("''"),
        ["data/glossary.yml:1: 'term' must be a non-empty string (fix: write the word or phrase, quoted if it "
         "contains ':' or '#')"],
    ),
    "missing-short": (
        entry("Alpha", short=None),
        ["data/glossary.yml:1: term 'Alpha' has no 'short' (fix: add 'short:' with one plain-text sentence; "
         "it is the tooltip)"],
    ),
    "empty-definition": (
        entry("Alpha", definition="''"),
        ["data/glossary.yml:3: term 'Alpha': 'definition' is empty (fix: add 'definition:' with a few sentences "
         "in your own words (Markdown allowed))"],
    ),
    "multi-line-short": (
        entry("Alpha", short='"line one\\nline two"'),
        ["data/glossary.yml:2: term 'Alpha': 'short' must be one line of plain text (fix: write one sentence "
         "on one line; put details in 'definition')"],
    ),
    "heading-in-definition": (
        entry("Alpha", definition='"# Big\\n\\ntext"'),
        ["data/glossary.yml:3: term 'Alpha': 'definition' contains a Markdown heading (fix: remove the '#' "
         "heading or the '===' / '---' line under a text; use **bold** text or a list instead)"],
    ),
    "setext-heading-in-definition": (
        entry("Alpha", definition='"Big\\n===\\n\\ntext"'),
        ["data/glossary.yml:3: term 'Alpha': 'definition' contains a Markdown heading (fix: remove the '#' "
         "heading or the '===' / '---' line under a text; use **bold** text or a list instead)"],
    ),
    "short-is-a-list": (
        entry("Alpha", short="[a, b]"),
        ["data/glossary.yml:2: term 'Alpha': 'short' must be one sentence of text, not a list "
         "(fix: write it as one line of plain text)"],
    ),
    "misspelt-short-is-one-mistake": (
        entry("Accuracy", short=None, shrot="'Share correct.'") + entry("Balanced accuracy", see_also="[accuracy]"),
        ["data/glossary.yml:4: unknown key 'shrot' (fix: did you mean 'short'? allowed keys: term, id, short, "
         "definition, aliases, see_also, domains, link, case_sensitive)"],
    ),
    "one-letter-term": (
        entry("a"),
        ["data/glossary.yml:1: term 'a': spelling 'a' is too short to link safely (fix: use at least 2 letters "
         "or digits (it would link every 'a'))"],
    ),
    "short-spelling-cannot-ignore-case": (
        entry("Ray", case_sensitive="false"),
        ["data/glossary.yml:5: term 'Ray': spelling 'Ray' has 3 letters or fewer, so it always matches its "
         "exact case (fix: remove 'case_sensitive: false')"],
    ),
    "alias-is-plural-of-another-term": (
        entry("precision") + entry("recall", aliases="[precisions]"),
        ["data/glossary.yml:9: alias 'precisions' of term 'recall' is the plural of 'precision' (term "
         "'precision', line 1), which already links it (fix: remove the plural spelling: plurals link to "
         "their singular's term)"],
    ),
    "link-that-smuggles-markdown": (
        entry("Alpha", link="'https://evil.example/)[click](javascript:alert(1))'"),
        ["data/glossary.yml:5: term 'Alpha': 'link' contains ')', which a URL may not hold as written "
         "(percent-encode it, e.g. ( as %28 and a space as %20) (fix: link to the authoritative definition, "
         "e.g. https://developers.google.com/machine-learning/glossary#epoch)"],
    ),
    "bad-domain": (
        entry("Alpha", domains="[fundamentals, data-prep]"),
        ["data/glossary.yml:4: term 'Alpha': unknown domain 'data-prep' (fix: use one of: problem-framing, "
         "solution-architecture, data-preparation, model-development, pipeline-automation, monitoring, "
         "fundamentals, generative-ai, platform)"],
    ),
    "empty-domains": (
        entry("Alpha", domains="[]"),
        ["data/glossary.yml:4: term 'Alpha': 'domains' is empty (fix: add 'domains:' with a list from: "
         "problem-framing, solution-architecture, data-preparation, model-development, pipeline-automation, "
         "monitoring, fundamentals, generative-ai, platform)"],
    ),
    "aliases-not-a-list": (
        entry("Alpha", aliases="B"),
        ["data/glossary.yml:5: term 'Alpha': 'aliases' must be a list (fix: write it as [a, b] or as one "
         "'- item' per line under 'aliases:')"],
    ),
    "bad-id": (
        entry("Alpha", id="Not_Valid"),
        ["data/glossary.yml:5: term 'Alpha': id 'Not_Valid' is not valid (fix: use lowercase letters, digits and "
         "single hyphens, e.g. 'not-valid')"],
    ),
    "reserved-id": (
        entry("Alpha", id="letter-a"),
        ["data/glossary.yml:5: term 'Alpha': id 'letter-a' is reserved for letter sections (fix: choose another 'id')"],
    ),
    "http-link": (
        entry("Alpha", link="http://example.org"),
        ["data/glossary.yml:5: term 'Alpha': 'link' must be an https:// URL (fix: link to the authoritative "
         "definition, e.g. https://developers.google.com/machine-learning/glossary#epoch)"],
    ),
    "case-sensitive-not-bool": (
        entry("Alpha", case_sensitive="yes please"),
        ["data/glossary.yml:5: term 'Alpha': 'case_sensitive' must be true or false (fix: write case_sensitive: "
         "true (match exactly) or false (ignore case))"],
    ),
    "duplicate-id": (
        entry("Alpha", id="same") + entry("Beta", id="same"),
        ["data/glossary.yml:6: duplicate id 'same' (first at line 1) (fix: give one of the two terms another "
         "'id', or merge them)"],
    ),
    "duplicate-term-ignoring-case": (
        entry("Cloud Storage") + entry("cloud  STORAGE", id="other"),
        ["data/glossary.yml:5: duplicate term 'cloud STORAGE' (first at line 1) (fix: merge the two entries "
         "into one)"],
    ),
    "alias-claimed-by-two-terms": (
        entry("Alpha", aliases="[shared]") + entry("Beta", aliases="[Shared]"),
        ["data/glossary.yml:10: alias 'Shared' is claimed by two terms: 'Alpha' (line 5) and 'Beta' (fix: keep the "
         "alias on one term only)"],
    ),
    "alias-equal-to-another-term": (
        entry("Alpha") + entry("Beta", aliases="[alpha]"),
        ["data/glossary.yml:9: alias 'alpha' of term 'Beta' is already the term at line 1 (fix: remove the alias, "
         "or merge the two entries)"],
    ),
    "term-equal-to-another-alias": (
        entry("Alpha", aliases="[beta]") + entry("Beta"),
        ["data/glossary.yml:6: term 'Beta' is already an alias of term 'Alpha' (line 5) (fix: remove the alias from "
         "'Alpha' or merge the two entries)"],
    ),
    "alias-repeats-own-term": (
        entry("TPU", aliases="[tpu]"),
        ["data/glossary.yml:5: term 'TPU': alias 'tpu' repeats one of its own spellings (fix: remove the "
         "repeated alias (matching ignores case))"],
    ),
    "unknown-see-also": (
        entry("Cloud Storage") + entry("Beta", see_also="[cloud-storag]"),
        ["data/glossary.yml:9: term 'Beta': see_also 'cloud-storag' is not the id of any term (fix: did you mean "
         "'cloud-storage'? use the 'id' of an existing term (its heading anchor on the glossary page))"],
    ),
    "see-also-itself": (
        entry("Alpha", see_also="[alpha]"),
        ["data/glossary.yml:5: term 'Alpha': see_also 'alpha' refers to itself (fix: remove it from 'see_also')"],
    ),
    "every-problem-at-once": (
        entry("Alpha", shrot="x") + entry("Beta", definition="''"),
        ["data/glossary.yml:5: unknown key 'shrot' (fix: did you mean 'short'? allowed keys: term, id, short, "
         "definition, aliases, see_also, domains, link, case_sensitive)",
         "data/glossary.yml:8: term 'Beta': 'definition' is empty (fix: add 'definition:' with a few sentences "
         "in your own words (Markdown allowed))"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), VALIDATION_CASES.values(), ids=VALIDATION_CASES.keys())
def test_invalid_data_is_reported_with_file_line_and_fix(text, expected):
    assert problems(text) == expected


HEADING_PIECES = ["# ", "## ", "text", "Title", "\n", "\n\n", "===", "---", "- ", "* ", "> ", "1. ", "  ", "\t",
                  "`#`", "[a](b.md#c)", "**b**", "-", "="]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HEADING_PIECES), min_size=1, max_size=12).map("".join))
def test_the_quick_heading_test_never_misses_a_heading(text):
    """`_may_hold_heading` only saves rendering: whatever Markdown makes a heading, it flags."""
    assert _may_hold_heading(text) or not SafeMarkdown().has_heading(text), repr(text)


@pytest.mark.parametrize("text", ["- # In a list", "> Quoted\n> ---", "* Item\n\n    Sub\n    ===", "x\n---"])
def test_headings_in_lists_and_quotes_are_refused(text):
    assert SafeMarkdown().has_heading(text) and _may_hold_heading(text)


def test_loading_the_same_text_twice_parses_once_and_an_edit_is_always_read(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(entry("Alpha"), encoding="utf-8")
    first = load_glossary(path, SOURCE)
    assert load_glossary(path, SOURCE) is first  # the flashcards read the file the glossary just read
    path.write_text(entry("Alpha") + entry("Beta"), encoding="utf-8")
    assert [t.term for t in load_glossary(path, SOURCE).terms] == ["Alpha", "Beta"]
    path.write_text(entry("Alpha", shrot="S."), encoding="utf-8")
    for _ in range(2):  # bad data is reported every time, never remembered
        with pytest.raises(GlossaryError, match="unknown key 'shrot'"):
            load_glossary(path, SOURCE)


def test_a_missing_file_names_the_file(tmp_path):
    with pytest.raises(GlossaryError) as info:
        load_glossary(tmp_path / "nope.yml", SOURCE)
    assert str(info.value) == ("data/glossary.yml:1: file not found "
                               "(fix: create it; see CONTRIBUTING.md, 'Glossary terms')")


def test_the_real_glossary_is_valid_and_covers_the_guide():
    glossary = load_glossary(ROOT / SOURCE, SOURCE)
    assert len(glossary.terms) >= 150
    ids = {t.id for t in glossary.terms}
    # Today's product names are the terms; the 2020 names still link to them as aliases.
    spellings = {a.casefold(): t.id for t in glossary.terms for a in t.spellings}
    for old, new in [("Vertex AI", "agent-platform"), ("Cloud Composer", "managed-service-for-apache-airflow"),
                     ("Dataproc", "managed-service-for-apache-spark"), ("Stackdriver", "cloud-monitoring"),
                     ("Cloud DLP", "sensitive-data-protection"), ("Looker Studio", "data-studio"),
                     ("AI Platform Prediction", "agent-platform-inference"), ("Cloud Functions", "cloud-run-functions")]:
        assert spellings[old.casefold()] == new, old
    for required in ["precision", "recall", "auc", "rmse", "reporting-bias", "automation-bias", "selection-bias",
                     "training-serving-skew", "tf-data", "tfrecord", "tensorflow-transform", "apache-beam", "bigquery"]:
        assert required in ids, required
    assert all(t.domains and set(t.domains) <= set(DOMAIN_PAGES) for t in glossary.terms)


def small_glossary() -> Glossary:
    return parse_glossary(
        entry("Cloud Storage", aliases="[GCS]", see_also="[bigquery]", domains="[data-preparation, monitoring]",
              definition="'Object store, see `<bucket>` and <b>bold</b>.'")
        + entry("BigQuery", link="https://developers.google.com/machine-learning/glossary#bigquery")
        + entry("3D model", domains="[fundamentals]")
        + entry("<script>alert(1)</script>", id="script-term", definition="'<script>alert(1)</script>'")
    )


def rendered(glossary: Glossary, **options) -> str:
    """The glossary page's generated part with the entries in place, as the reader gets it."""
    page = render_glossary_page(glossary, **options)
    content, ids = page.insert_entries(page.markdown)
    assert ids == {t.id for t in glossary.terms}
    return content


def test_the_markdown_holds_letters_and_placeholders_only():
    page = render_glossary_page(small_glossary())
    assert re.findall(r"^(## .*|<!-- glossary-letter:.* -->)$", page.markdown, re.M) == [
        "## B { #letter-b }", "<!-- glossary-letter:b -->", "## C { #letter-c }", "<!-- glossary-letter:c -->",
        "## S { #letter-s }", "<!-- glossary-letter:s -->", "## 0-9 { #letter-0-9 }", "<!-- glossary-letter:0-9 -->"]
    assert "<h3" not in page.markdown and sorted(page.groups) == ["0-9", "b", "c", "s"]
    assert page.insert_entries("<p>none here</p><!-- glossary-letter:x -->") == (
        "<p>none here</p><!-- glossary-letter:x -->", set())


def test_glossary_page_has_jump_bar_letters_entries_and_placeholders():
    markdown = rendered(small_glossary(), permalink="¶", permalink_title="Link")
    assert markdown == textwrap.dedent("""\
        <nav class="glossary-az" aria-label="Glossary letters"><a href="#letter-b">B</a> <a href="#letter-c">C</a> \
<a href="#letter-s">S</a> <a href="#letter-0-9">0-9</a></nav>

        ## B { #letter-b }

        <div class="glossary-letter" style="--glossary-entries: 1">
        <h3 id="bigquery">BigQuery<a class="headerlink" href="#bigquery" title="Link">¶</a></h3>
        <div class="glossary-text"><p class="glossary-short">A short definition.</p>
        <p>A longer definition.</p></div>
        <p class="glossary-facts"><strong>Exam domains:</strong> ML fundamentals. <strong>Authoritative definition:</strong> \
<a href="https://developers.google.com/machine-learning/glossary#bigquery">Google Machine Learning Glossary</a>.</p>
        <!-- glossary-backlinks:bigquery -->
        </div>

        ## C { #letter-c }

        <div class="glossary-letter" style="--glossary-entries: 1">
        <h3 id="cloud-storage">Cloud Storage<a class="headerlink" href="#cloud-storage" title="Link">¶</a></h3>
        <div class="glossary-text"><p class="glossary-short">A short definition.</p>
        <p>Object store, see <code>&lt;bucket&gt;</code> and &lt;b&gt;bold&lt;/b&gt;.</p></div>
        <p class="glossary-facts"><strong>Also called:</strong> GCS. <strong>Exam domains:</strong> Data preparation, \
Monitoring. <strong>See also:</strong> <a href="#bigquery">BigQuery</a>.</p>
        <!-- glossary-backlinks:cloud-storage -->
        </div>

        ## S { #letter-s }

        <div class="glossary-letter" style="--glossary-entries: 1">
        <h3 id="script-term">&lt;script&gt;alert(1)&lt;/script&gt;<a class="headerlink" href="#script-term" \
title="Link">¶</a></h3>
        <div class="glossary-text"><p class="glossary-short">A short definition.</p>
        <p>&lt;script&gt;alert(1)&lt;/script&gt;</p></div>
        <p class="glossary-facts"><strong>Exam domains:</strong> ML fundamentals.</p>
        <!-- glossary-backlinks:script-term -->
        </div>

        ## 0-9 { #letter-0-9 }

        <div class="glossary-letter" style="--glossary-entries: 1">
        <h3 id="3d-model">3D model<a class="headerlink" href="#3d-model" title="Link">¶</a></h3>
        <div class="glossary-text"><p class="glossary-short">A short definition.</p>
        <p>A longer definition.</p></div>
        <p class="glossary-facts"><strong>Exam domains:</strong> ML fundamentals.</p>
        <!-- glossary-backlinks:3d-model -->
        </div>
        """)


def test_without_a_permalink_entries_have_none():
    assert "headerlink" not in rendered(small_glossary())


def test_no_letter_group_has_more_than_300_children():
    """The real glossary: one block per letter keeps every element's child count low."""
    glossary = load_glossary(ROOT / SOURCE, SOURCE)
    counts = [int(n) for n in re.findall(r"--glossary-entries: (\d+)", rendered(glossary))]
    assert sum(counts) == len(glossary.terms)
    assert max(counts) * 4 <= 300  # four elements per entry: h3, text, facts, backlinks


@pytest.mark.parametrize(
    ("src", "domain"),
    [("domains/monitoring.md", "monitoring"), ("fundamentals.md", "fundamentals"),
     ("genai/tuning.md", "generative-ai"), ("platform/serving.md", "platform"), ("crosswalk.md", None),
     ("index.md", None)],
)
def test_the_domain_a_page_teaches(src, domain):
    assert domain_of_page(src) == domain


def test_terms_of_a_domain():
    glossary = small_glossary()
    assert glossary.ids_of_domain("monitoring") == {"cloud-storage"}
    assert glossary.ids_of_domain(None) == frozenset()


def test_marker_replacement():
    assert replace_marker("# G\n\nIntro\n\n<!--  glossary -->\n", "ENTRIES") == "# G\n\nIntro\n\nENTRIES\n"
    assert replace_marker("# G\n\nNo marker here <!-- glossary --> inline\n", "ENTRIES") is None


def test_backlinks_list_pages_in_nav_order_with_sections_and_no_duplicates():
    index = BacklinkIndex(["index.md", "domains/monitoring.md"])
    index.add_page("domains/monitoring.md", "domains/monitoring/", "Monitoring & <more>",
                   [Usage("gcs", "obj-6-1", "6.1 Monitor"), Usage("gcs", "obj-6-1", "6.1 Monitor"), Usage("gcs")])
    index.add_page("index.md", "", "Home", [Usage("gcs")])
    index.add_page("index.md", "", "Home", [Usage("gcs")])  # rendered again: replaces, never duplicates
    index.add_page("domains/monitoring.md", "domains/monitoring/", "Monitoring & <more>",
                   [Usage("gcs", "obj-6-1", "6.1 Monitor"), Usage("gcs", "obj-6-1", "6.1 Monitor"), Usage("gcs"),
                    Usage("bq", "self-check", "Self-check"), Usage("bq", "obj-6-2", "6.2")])
    html = render_backlinks_html(index, "gcs", lambda url: "../" + url)
    assert html == (
        '<p class="glossary-backlinks"><strong>Appears in:</strong> <a href="../">Home</a>; '
        '<a href="../domains/monitoring/">Monitoring &amp; &lt;more&gt;</a>: '
        '<a href="../domains/monitoring/#obj-6-1">6.1 Monitor</a></p>'
    )
    # Used only in sections: the page is named, its sections are the links.
    assert render_backlinks_html(index, "bq", lambda url: "../" + url) == (
        '<p class="glossary-backlinks"><strong>Appears in:</strong> Monitoring &amp; &lt;more&gt;: '
        '<a href="../domains/monitoring/#self-check">Self-check (Monitoring &amp; &lt;more&gt;)</a>, '
        '<a href="../domains/monitoring/#obj-6-2">6.2</a></p>'
    )
    assert render_backlinks_html(index, "unused", lambda url: url) == ""


def test_backlinks_of_a_term_of_many_pages_are_folded():
    index = BacklinkIndex([f"p{i}.md" for i in range(5)])
    for i in range(5):
        index.add_page(f"p{i}.md", f"p{i}/", f"Page {i}", [Usage("gcs")])
    assert render_backlinks_html(index, "gcs", lambda url: url) == (
        '<details class="glossary-backlinks"><summary>Appears in 5 pages</summary><p>'
        + "; ".join(f'<a href="p{i}/">Page {i}</a>' for i in range(5)) + "</p></details>")
    index.add_page("p4.md", "p4/", "Page 4", [])  # 4 pages: more than 3, still folded
    assert render_backlinks_html(index, "gcs", lambda url: url).startswith('<details class="glossary-backlinks">')
    for i in (2, 3):
        index.add_page(f"p{i}.md", f"p{i}/", f"Page {i}", [])
    assert render_backlinks_html(index, "gcs", lambda url: url).startswith('<p class="glossary-backlinks">')


def test_insert_backlinks_replaces_only_our_placeholders():
    content = "<p>a</p>\n<!-- glossary-backlinks:gcs -->\n<!-- other -->\n<!-- glossary-backlinks:bq -->"
    assert insert_backlinks(content, lambda term_id: f"[{term_id}]") == "<p>a</p>\n[gcs]\n<!-- other -->\n[bq]"


def test_every_generated_heading_id_is_unique():
    glossary = load_glossary(ROOT / SOURCE, SOURCE)
    ids = re.findall(r'\{ #([a-z0-9-]+) \}|<h3 id="([a-z0-9-]+)"', rendered(glossary))
    ids = [letter or entry for letter, entry in ids]
    assert len(ids) == len(set(ids)) == len(glossary.terms) + len({i for i in ids if i.startswith("letter-")})


def test_letters_outside_a_to_z_get_anchors_of_their_own():
    glossary = parse_glossary(entry("Échantillon") + entry("機械学習", id="kikai") + entry("Zeta") + entry("3D model"))
    markdown = rendered(glossary)
    assert re.findall(r"^## (.+)$", markdown, re.M) == ["E { #letter-e }", "Z { #letter-z }", "0-9 { #letter-0-9 }",
                                                        "Other { #letter-other }"]
    assert '<a href="#letter-other">Other</a>' in markdown


def test_the_terms_a_page_left_unlinked_are_listed_folded_in_glossary_order():
    terms = [Term("zeta", "Zeta <b>", "s", "d", ("fundamentals",)),
             Term("alpha", "alpha", "s", "d", ("fundamentals",))]
    box = render_page_terms_html(terms, "../glossary/")
    assert box.startswith('<details class="sg-page-terms no-glossary" data-search-exclude>')
    assert "<summary>Other glossary terms on this page (2)</summary>" in box
    assert box.index('href="../glossary/#alpha"') < box.index('href="../glossary/#zeta"')
    assert "Zeta &lt;b&gt;" in box and "<b>" not in box
    assert "glossary-term" not in box  # plain links: the text's link density does not count them
    assert render_page_terms_html([], "../glossary/") == ""
