"""The glossary hook in real MkDocs builds: a small fixture site (in-process) and the real site."""
from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import ROOT, BuildResult, build_in_process, free_port

pytestmark = pytest.mark.build

FIXTURE = ROOT / "tests" / "fixtures" / "glossary-site"


# The fixture pages are a few dozen words long, and a page links at most 15 terms per 1,000
# words: a paragraph of plain words at the end of each page leaves the linker room for every
# case the fixture shows. The test of the budget itself builds the pages without it.
PADDING = "\n\n" + " ".join(["filler"] * 500) + "\n"
PADDED_PAGES = ("index.md", "domains/monitoring.md")


@pytest.fixture
def bare_project(tmp_path: Path) -> Path:
    """A copy of the fixture site with the real hooks/ next to it, as in the repository."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture
def project(bare_project: Path) -> Path:
    """The fixture site with pages long enough for all their links."""
    for name in PADDED_PAGES:
        with open(bare_project / "docs" / name, "a", encoding="utf-8") as f:
            f.write(PADDING)
    return bare_project


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def soup(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "lxml")


def article(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


def test_fixture_site_links_terms_and_builds_the_glossary_page(project, tmp_path):
    site = build_in_process(project, tmp_path / "site")
    home = article(soup(site, ""))
    links = [(a.get_text(), a["href"], a["title"]) for a in home.select("a.glossary-term")]
    assert links == [
        ("Cloud Storage", "glossary/#cloud-storage", "Object storage for files of any size."),
        ("BigQuery", "glossary/#bigquery", "Serverless data warehouse queried with SQL."),
        ("TPUs", "glossary/#tpu", "Tensor Processing Unit, Google's accelerator for neural networks."),
        ("IAM", "glossary/#iam", "Identity and Access Management, which decides who may do what."),
        ("Cloud Storage", "glossary/#cloud-storage", "Object storage for files of any size."),  # new section
        ("BigQuery", "glossary/#bigquery", "Serverless data warehouse queried with SQL."),  # after the opt-out span
    ]
    assert home.select_one("span.no-glossary").get_text() == "BigQuery"
    assert not home.select("code a, pre a, h1 a.glossary-term, h2 a.glossary-term")
    assert article(soup(site, "opted-out/")).select("a.glossary-term") == []

    monitoring = article(soup(site, "domains/monitoring/"))
    assert [a["href"] for a in monitoring.select("a.glossary-term")][:1] == ["../../glossary/#training-serving-skew"]

    glossary = article(soup(site, "glossary/"))
    assert glossary.select("a.glossary-term") == [], "the glossary's own definitions are never auto-linked"
    assert [a["href"] for a in glossary.select("nav.glossary-az a")] == [
        "#letter-b", "#letter-c", "#letter-i", "#letter-t"]
    assert [h.get("id") for h in glossary.select("h3")] == [
        "bigquery", "cloud-storage", "iam", "tpu", "training-serving-skew"]
    # Entries are grouped by letter, under the letter's heading; the table of contents lists letters.
    assert [(g.find_previous_sibling("h2")["id"], [h["id"] for h in g.select("h3")])
            for g in glossary.select("div.glossary-letter")] == [
        ("letter-b", ["bigquery"]), ("letter-c", ["cloud-storage"]), ("letter-i", ["iam"]),
        ("letter-t", ["tpu", "training-serving-skew"])]
    toc = soup(site, "glossary/").select_one("nav.md-nav--secondary").select("a.md-nav__link")
    assert [a["href"] for a in toc] == ["#letter-b", "#letter-c", "#letter-i", "#letter-t"]
    assert glossary.select_one("#tpu a.headerlink")["href"] == "#tpu"  # a permalink like other headings
    entry = glossary.select_one("#cloud-storage").find_next_sibling("p", class_="glossary-facts")
    assert entry.get_text() == (
        "Also called: GCS. Exam domains: ML solution architecture, Data preparation. See also: BigQuery.")
    assert [a["href"] for a in entry.select("a")] == ["#bigquery"]
    assert glossary.select_one('a[href="https://developers.google.com/machine-learning/glossary#tpu"]')


def test_short_pages_link_no_more_than_their_budget(bare_project, tmp_path):
    """91 words leave room for one link (15 per 1,000 words): the term the page uses most."""
    site = build_in_process(bare_project, tmp_path / "site")
    assert [a.get_text() for a in article(soup(site, "")).select("a.glossary-term")] == ["Cloud Storage"]
    assert article(soup(site, "domains/monitoring/")).select("a.glossary-term") == []  # 25 words


def test_every_term_link_and_backlink_reaches_an_existing_anchor(project, tmp_path):
    site = build_in_process(project, tmp_path / "site")
    glossary = soup(site, "glossary/")
    ids = {el["id"] for el in glossary.select("[id]")}
    for url_path in ("", "domains/monitoring/"):
        for a in article(soup(site, url_path)).select("a.glossary-term"):
            assert a["href"].split("#")[1] in ids, a
    backlinks = backlinks_of(glossary)
    assert backlinks["training-serving-skew"] == ["../domains/monitoring/", "../domains/monitoring/#obj-6-1"]
    assert backlinks["cloud-storage"] == ["../", "../#serving", "../domains/monitoring/"]
    for hrefs in backlinks.values():
        for href in hrefs:
            path, _, anchor = href.partition("#")
            target = (site / "glossary" / path).resolve() / "index.html"
            assert target.is_file(), href
            page = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
            assert not anchor or page.find(id=anchor), href


def test_two_builds_in_one_process_share_no_state(project, tmp_path):
    """`mkdocs serve` keeps the hook module between rebuilds: backlinks must not pile up or go stale."""
    first = build_in_process(project, tmp_path / "first")
    (project / "docs" / "domains" / "monitoring.md").unlink()  # the page is gone in the next build
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Monitoring: domains/monitoring.md\n", ""),
                      encoding="utf-8")
    second = build_in_process(project, tmp_path / "second")
    before = article(soup(first, "glossary/")).select(".glossary-backlinks a")
    after = article(soup(second, "glossary/")).select(".glossary-backlinks a")
    assert [a["href"] for a in after] == [a["href"] for a in before if "monitoring" not in a["href"]]
    assert len(after) == len({(a.find_parent("p").find_previous("h3")["id"], a["href"]) for a in after})


BAD_DATA = {
    "yaml-syntax": ("- term: A\n  short: one: two\n",
                    "data/glossary.yml:2: invalid YAML: mapping values are not allowed here"),
    "unknown-key": ("- term: A\n  shrot: S.\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n",
                    "data/glossary.yml:2: unknown key 'shrot' (fix: did you mean 'short'?"),
    "empty-definition": ("- term: A\n  short: S.\n  definition: ''\n  domains: [fundamentals]\n",
                         "data/glossary.yml:3: term 'A': 'definition' is empty (fix: add 'definition:'"),
    "duplicate-term": ("- term: Alpha\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n"
                       "- term: alpha\n  id: other\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n",
                       "data/glossary.yml:5: duplicate term 'alpha' (first at line 1) (fix: merge the two entries"),
    "alias-claimed-twice": ("- term: Alpha\n  aliases: [Xray]\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n"
                            "- term: Beta\n  aliases: [xray]\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n",
                            "data/glossary.yml:7: alias 'xray' is claimed by two terms: 'Alpha' (line 2) and 'Beta'"),
    "unknown-see-also": ("- term: Alpha\n  see_also: [nope]\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n",
                         "data/glossary.yml:2: term 'Alpha': see_also 'nope' is not the id of any term"),
    "one-letter-term": ("- term: a\n  short: S.\n  definition: D.\n  domains: [fundamentals]\n",
                        "data/glossary.yml:1: term 'a': spelling 'a' is too short to link safely"),
    "bad-domain": ("- term: A\n  short: S.\n  definition: D.\n  domains: [ops]\n",
                   "data/glossary.yml:4: term 'A': unknown domain 'ops' (fix: use one of:"),
}


@pytest.mark.parametrize(("data", "message"), BAD_DATA.values(), ids=BAD_DATA.keys())
def test_bad_glossary_data_stops_the_build_with_file_line_and_fix(project, tmp_path, caplog, data, message):
    (project / "data" / "glossary.yml").write_text(data, encoding="utf-8")
    site = tmp_path / "site"
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_in_process(project, site)
    assert message in caplog.text
    assert not site.exists(), "nothing may be written when the data is invalid"


def test_missing_marker_is_a_warning_naming_the_page(project, tmp_path, caplog):
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8").replace("<!-- glossary -->", ""), encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="warnings in strict mode"):
        build_in_process(project, tmp_path / "site")
    assert "glossary.md: no '<!-- glossary -->' marker" in caplog.text
    assert caplog.text.count("WARNING") == 1, "one warning, not one broken link per mention"


def test_missing_attr_list_extension_is_a_config_error(project, tmp_path, caplog):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - attr_list\n", ""), encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_in_process(project, tmp_path / "site")
    assert "glossary: markdown extension 'attr_list' is required" in caplog.text


def test_a_script_tag_in_a_definition_shows_as_text(project, tmp_path):
    with open(project / "data" / "glossary.yml", "a", encoding="utf-8") as f:
        f.write("- term: <script>alert('term')</script>\n  id: script-test\n"
                "  short: <script>alert('short')</script>\n"
                "  definition: <script>alert('definition')</script> and <img src=x onerror=alert(1)>\n"
                "  domains: [fundamentals]\n")
    site = build_in_process(project, tmp_path / "site")
    glossary = article(soup(site, "glossary/"))
    assert glossary.select("script, img") == []
    assert glossary.select_one("#script-test").get_text().startswith("<script>alert('term')</script>")
    assert "<script>alert('definition')</script> and <img src=x onerror=alert(1)>" in glossary.get_text()


def fetch(url: str, until, timeout: float = 30) -> BeautifulSoup:
    """GET a page from `mkdocs serve` until `until(page)` holds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = BeautifulSoup(response.read().decode("utf-8"), "lxml")
            if until(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed the expected content; last page: {last and last.title}")


def backlinks_of(page: BeautifulSoup) -> dict[str, list[str]]:
    """Term id -> hrefs of its "Appears in" line, for every entry that has one."""
    found = {}
    for h in page.select("article h3"):
        for sibling in h.find_next_siblings():
            if sibling.name == "h3":
                break
            if "glossary-backlinks" in sibling.get("class", []):
                found[h["id"]] = [a["href"] for a in sibling.select("a")]
                break
    return found


def test_serve_rebuilds_when_the_glossary_data_changes_without_duplicating_backlinks(project):
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/glossary/"
        first = fetch(url, lambda page: page.select_one("article h3#iam") is not None)
        assert first.select_one("#lower-case") is None
        with open(project / "data" / "glossary.yml", "a", encoding="utf-8") as f:
            f.write("- term: lower case\n  short: Small letters.\n  definition: Not capitals.\n"
                    "  domains: [fundamentals]\n")
        second = fetch(url, lambda page: page.select_one("article h3#lower-case") is not None)
        expected = {**backlinks_of(first), "lower-case": ["../#serving"]}
        assert backlinks_of(second) == expected
        with open(project / "docs" / "index.md", "a", encoding="utf-8") as f:
            f.write("\nOne more rebuild.\n")  # one more rebuild: nothing may pile up
        fetch(url.replace("glossary/", ""), lambda page: "One more rebuild." in page.get_text())
        assert backlinks_of(fetch(url, lambda page: True)) == expected
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- The real site (built once per session by conftest's built_site fixture) -------------------------


def test_real_site_links_terms_to_existing_glossary_entries(built_site: BuildResult, nav_paths):
    glossary = built_site.page("glossary/")
    ids = {el["id"] for el in glossary.select("article [id]")}
    entries = glossary.select("article h3[id]")
    assert len(entries) >= 150
    total = 0
    never_inside = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary"}
    for path in nav_paths:
        if path == "glossary/":
            assert glossary.select("article a.glossary-term") == []
            continue
        root = lxml.html.fromstring((built_site.site_dir / path / "index.html").read_bytes())  # fast: print/ is big
        for a in root.xpath('//article//a[contains(concat(" ", @class, " "), " glossary-term ")]'):
            total += 1
            href = a.get("href", "")
            assert a.get("title"), f"{path}: {href} has no tooltip"
            assert href.rsplit("#", 1)[0].endswith("glossary/"), f"{path}: {href}"
            assert href.rsplit("#", 1)[1] in ids, f"{path}: {href} has no entry"
            inside = {el.tag for el in a.iterancestors()} & never_inside
            assert not inside, f"{path}: {href} inside {inside}"
    assert total > 100


def test_real_glossary_backlinks_point_to_pages_and_sections_that_exist(built_site: BuildResult):
    glossary = built_site.page("glossary/")
    blocks = glossary.select("article .glossary-backlinks")
    assert len(blocks) > 100, "most terms appear somewhere in the guide"
    ids_by_file: dict[Path, set[str]] = {}
    checked = 0
    for block in blocks:
        for a in block.select("a"):
            path, _, anchor = a["href"].partition("#")
            target = (built_site.site_dir / "glossary" / path).resolve() / "index.html"
            assert target.is_file(), a["href"]
            if target not in ids_by_file:
                ids_by_file[target] = set(lxml.html.fromstring(target.read_bytes()).xpath("//@id"))
            assert not anchor or anchor in ids_by_file[target], a["href"]
            checked += bool(anchor)
    assert checked > 100


def test_real_site_watches_the_glossary_data(tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert str(ROOT / "data") in [str(Path(w)) for w in config.watch]
    assert any(str(h).endswith("glossary.py") for h in config.hooks)


def test_a_linked_term_without_an_anchor_on_the_glossary_page_fails_the_build(project, tmp_path, caplog,
                                                                              monkeypatch):
    """The linker writes final URLs, so the hook itself proves that each one reaches an entry."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    hook = config.hooks["hooks/glossary.py"]
    render = hook.render_glossary_page

    def renamed(*args, **kwargs):
        page = render(*args, **kwargs)
        groups = {letter: html.replace('<h3 id="bigquery">', '<h3 id="renamed">') for letter, html in page.groups.items()}
        return dataclasses.replace(page, groups=groups)

    monkeypatch.setattr(hook, "render_glossary_page", renamed)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="warnings in strict mode"):
        build(config)
    assert "glossary.md: no anchor for the linked term id(s) bigquery" in caplog.text


def test_real_glossary_page_says_what_each_term_is_before_the_detail(built_site):
    from studykit.glossary import load_glossary

    page = built_site.page("glossary/")
    by_id = {el["id"]: el for el in page.select("article h3[id]")}
    for term in load_glossary(ROOT / "data" / "glossary.yml").terms:
        text = by_id[term.id].find_next_sibling()
        assert "glossary-text" in text.get("class", []), term.id
        first = text.find("p")
        assert "glossary-short" in first.get("class", []) and first.get_text() == term.short, term.id
        assert len(text.find_all("p")) >= 2, f"{term.id}: the detail follows the short definition"


def test_self_check_backlinks_are_named_by_their_page(built_site):
    page = built_site.page("glossary/")
    names = [a.get_text() for a in page.select(".glossary-backlinks a")]
    assert "Self-check" not in names, "a bare 'Self-check' link names no page"
    assert any(n.startswith("Self-check (") for n in names)


# --- Link density on the real site ------------------------------------------------------------------
# Read with lxml directly: BeautifulSoup takes minutes over the printable edition's 100,000 elements.

LIMIT = 15  # glossary links per 1,000 words of text, on every page (issue 12)
# Never linked (studykit.linker SKIP_TAGS, headings) and never counted as words (code listings).
UNLINKABLE_TAGS = frozenset({
    "a", "abbr", "code", "pre", "kbd", "samp", "var", "dfn", "script", "style", "svg", "math", "button",
    "label", "select", "option", "textarea", "summary", "object", "iframe", "template",
    "h1", "h2", "h3", "h4", "h5", "h6"})
UNLINKABLE_CLASSES = frozenset({"no-glossary", "admonition-title", "headerlink"})
UNCOUNTED_TAGS = frozenset({"pre", "script", "style"})
# Where a word ends: at the start and end of these; inline markup ("<a>TPU</a>s") does not end one.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul"})


@dataclass
class PageText:
    links: list[str]  # term ids of the glossary links, in order
    words: int  # words of text as a reader sees them (code listings and permalinks left out)
    linkable: list[str]  # the texts the linker may link (outside links, code, headings...)
    listed: list[str] = field(default_factory=list)  # term ids in "Other glossary terms on this page"


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def read_article(path: Path) -> PageText | None:
    """The glossary links, words and linkable text of a built page's article."""
    root = lxml.html.fromstring(path.read_bytes())
    found = root.xpath('//article[contains(concat(" ", @class, " "), " md-content__inner ")]')
    if not found:
        return None
    article = found[0]
    links = [a.get("href", "").rpartition("#")[2] for a in article.iter("a") if "glossary-term" in _classes(a)]
    # The folded list of the terms the budget left unlinked is not text the reader reads through.
    listed = []
    for box in article.xpath('.//details[contains(concat(" ", @class, " "), " sg-page-terms ")]'):
        listed += [a.get("href", "").rpartition("#")[2] for a in box.iter("a")]
        box.drop_tree()
    pieces: list[str] = []  # text, with " " wherever a block starts or ends
    linkable: list[str] = []

    def walk(el, can_link: bool) -> None:
        if not isinstance(el.tag, str) or el.tag in UNCOUNTED_TAGS or "headerlink" in _classes(el):
            return
        block = el.tag in BLOCKS
        can_link = can_link and el.tag not in UNLINKABLE_TAGS and not _classes(el) & UNLINKABLE_CLASSES
        if block:
            pieces.append(" ")
        if el.text:
            pieces.append(el.text)
            if can_link:
                linkable.append(el.text)
        for child in el:
            walk(child, can_link)
            if child.tail:
                pieces.append(child.tail)
                if can_link:
                    linkable.append(child.tail)
        if block:
            pieces.append(" ")

    walk(article, True)
    return PageText(links, len("".join(pieces).split()), linkable, listed)


def built_pages(site: Path) -> list[str]:
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                  for p in site.rglob("index.html"))


def test_every_page_has_at_most_15_glossary_links_per_1000_words(built_site: BuildResult, capsys):
    rows = []
    for path in built_pages(built_site.site_dir):
        page = read_article(built_site.site_dir / path / "index.html")
        if page is None or not page.words:
            continue
        rows.append((1000 * len(page.links) / page.words, path or "(home)", len(page.links), page.words))
    rows.sort(reverse=True)
    assert len(rows) > 20 and sum(r[2] for r in rows) > 1000, "the site lost its pages or its links"
    with capsys.disabled():
        density, path, links, words = rows[0]
        print(f"\nglossary links per 1,000 words: worst page {path} at {density:.1f} ({links} links, {words} "
              f"words); median {rows[len(rows) // 2][0]:.1f}; limit {LIMIT}")
    too_dense = [f"{p}: {d:.1f} ({n} links in {w} words)" for d, p, n, w in rows if d > LIMIT]
    assert too_dense == []


def test_words_are_counted_as_a_reader_sees_them(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<article class="md-content__inner"><h1 id="t">A title<a class="headerlink">¶</a></h1>'
                    '<p>Use <a class="glossary-term" href="g/#tpu">TPU</a>s <em>with</em>care.</p><ul><li>one</li>'
                    '<li>two</li></ul><pre><code>not counted</code></pre><p><code>x</code> <span class="no-glossary">'
                    "kept</span></p></article>", encoding="utf-8")
    text = read_article(page)
    assert (text.links, text.words) == (["tpu"], 2 + 3 + 2 + 2)  # "with<em>care</em>" is one word
    assert [t.strip() for t in text.linkable if t.strip()] == ["Use", "s", "with", "care.", "one", "two"]


def source_meta(path: str) -> dict:
    """Front matter of the page built at `path` ('domains/monitoring/' -> docs/domains/monitoring.md)."""
    stem = path.rstrip("/") or "index"
    for src in (ROOT / "docs" / f"{stem}.md", ROOT / "docs" / stem / "index.md"):
        if src.is_file():
            text = src.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}
            return {}
    raise AssertionError(f"no source page for {path}")


def test_every_page_links_each_term_it_uses_in_its_text_or_in_the_list_at_its_end(built_site: BuildResult, nav_paths,
                                                                      capsys):
    """Every term a page mentions has a link: in the text, or, where the page's budget is spent,
    in the folded list at its end; and then every link in the text serves a different term
    (coverage comes before a second link)."""
    from studykit.glossary import load_glossary
    from studykit.linker import TermMatcher

    matcher = TermMatcher.from_glossary(load_glossary(ROOT / "data" / "glossary.yml"))
    checked, short = 0, []
    for path in nav_paths:
        if source_meta(path).get("glossary", True) is False:
            continue  # opted out: the glossary itself, the study tools, generated reference pages
        page = read_article(built_site.site_dir / path / "index.html")
        used = {m.term_id for text in page.linkable for m in matcher.finditer(text)}
        checked += 1
        unlinked = used - set(page.links)
        assert set(page.listed) == unlinked, f"{path}: the end-of-page list should hold exactly {sorted(unlinked)}"
        if not unlinked:
            continue
        short.append(f"{path}: {len(unlinked)} of {len(used | set(page.links))} terms")
        # The linker counts a little less text than the page shows (raw HTML is not text to it).
        assert len(page.links) >= 0.85 * LIMIT * page.words / 1000, f"{path}: {sorted(unlinked)} unlinked"
        assert len(page.links) == len(set(page.links)), f"{path}: a term linked twice while {sorted(unlinked)} have none"
    assert checked > 15
    with capsys.disabled():
        print(f"\npages whose budget leaves terms to the end-of-page list: {'; '.join(short) or 'none'}")
