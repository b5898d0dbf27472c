"""The link check's pure parts: reading links from HTML (link_extraction), resolving them (hrefs),
checking them (link_checks), the inventory (link_inventory) and the link index page (linkindex)."""
from __future__ import annotations

import re

import json

import pytest

from studykit.hrefs import EXTERNAL, IGNORED, INTERNAL, INVALID, MAILTO, OTHER, LinkError, parse_href, resolve
from studykit.link_checks import Problem, check_links, find_line
from studykit.link_extraction import PageLinks, extract_links
from studykit.link_inventory import build_inventory, collect_external, dump_inventory
from studykit.linkindex import render_link_index, render_report
from studykit.external import CheckResult
from studykit.urls import relative_url


def page(html: str, url: str = "guide/", src: str | None = None, **kwargs) -> PageLinks:
    src = src or (url.rstrip("/") or "index") + ".md"
    dest = url + "index.html" if url.endswith("/") or url == "" else url
    return extract_links(html, src=src, url=url, dest=dest, **kwargs)


def site(*pages: PageLinks) -> dict[str, PageLinks]:
    return {p.dest: p for p in pages}


# --- parse_href / resolve / relative_url -------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "kind", "url", "fragment"),
    [
        ("https://cloud.google.com/vertex-ai/docs#x", EXTERNAL, "https://cloud.google.com/vertex-ai/docs", "x"),
        ("HTTP://Example.com", EXTERNAL, "HTTP://Example.com", ""),
        ("//cdn.example.com/a.js", EXTERNAL, "https://cdn.example.com/a.js", ""),
        ("mailto:team@example.org", MAILTO, "mailto:team@example.org", ""),
        ("tel:+15550100", OTHER, "tel:+15550100", ""),
        ("javascript:void(0)", IGNORED, "javascript:void(0)", ""),
        ("data:image/png;base64,AAAA", IGNORED, "data:image/png;base64,AAAA", ""),
        ("", IGNORED, "", ""),
        ("../glossary/#cache-line", INTERNAL, "../glossary/", "cache-line"),
        ("img%20one.png", INTERNAL, "img one.png", ""),
        ("#", INTERNAL, "", ""),
    ],
)
def test_parse_href_sorts_links(href, kind, url, fragment):
    parsed = parse_href(href)
    assert (parsed.kind, parsed.url, parsed.fragment) == (kind, url, fragment)


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("http://[::1", "malformed URL (Invalid IPv6 URL)"),
        ("https://example.com:port/", "malformed URL (Port could not be cast to integer value as 'port')"),
        ("http:///path-only", "malformed URL (no host name)"),
        ("htp:/x", "unknown URL scheme 'htp:' (a typo for https:?)"),
        ("C:\\Users\\me\\page.html", "a file path on the author's computer, not a URL"),
        ("Htps://example.com/", "unknown URL scheme 'Htps:' (a typo for https:?)"),
        ("file:///home/me/notes.html", "file: URL points to a file on the author's computer"),
        ("mailto:", "mailto link without an address"),
        ("/domains/monitoring/", "absolute path: use a relative link (the site's address differs "
                                 "between previews and the published site)"),
    ],
)
def test_parse_href_explains_invalid_links(href, reason):
    parsed = parse_href(href)
    assert parsed.kind == INVALID
    assert parsed.reason == reason


@pytest.mark.parametrize(
    ("from_url", "href", "expected"),
    [
        ("", "about/", ("about/", "")),
        ("about/", "../", ("", "")),
        ("about/", "..", ("", "")),
        ("about/", "./", ("about/", "")),
        ("about/", "#credits", ("about/", "credits")),
        ("about/", "?tab=2", ("about/", "")),
        ("domains/monitoring/", "../data-preparation/#obj-3-5", ("domains/data-preparation/", "obj-3-5")),
        ("domains/monitoring/", "../../assets/diagrams/a.svg", ("assets/diagrams/a.svg", "")),
        ("domains/monitoring/", "img%20one.png", ("domains/monitoring/img one.png", "")),
        ("domains/monitoring/", "../../glossary", ("glossary", "")),
        ("monitoring.html", "glossary.html#cache", ("glossary.html", "cache")),  # no directory URLs
        ("domains/monitoring.html", "../index.html", ("index.html", "")),
        ("about/", "https://example.com/", None),
        ("about/", "mailto:a@example.org", None),
        ("about/", "javascript:void(0)", None),
    ],
)
def test_resolve(from_url, href, expected):
    assert resolve(from_url, href) == expected


@pytest.mark.parametrize(
    ("from_url", "href", "message"),
    [
        ("about/", "../../up/", "points above the site root"),
        ("", "../", "points above the site root"),
        ("about/", "/about/", "absolute path"),
        ("about/", "http://[::1", "malformed URL"),
    ],
)
def test_resolve_rejects_links_that_cannot_work(from_url, href, message):
    with pytest.raises(LinkError, match=message.replace("(", r"\(")):
        resolve(from_url, href)


@pytest.mark.parametrize(
    ("from_url", "to_url", "expected"),
    [
        ("link-index/", "domains/monitoring/#obj-6-1", "../domains/monitoring/#obj-6-1"),
        ("link-index/", "", "../"),
        ("", "about/", "about/"),
        ("", "", "./"),
        ("about/", "about/#credits", "./#credits"),
        ("link-index.html", "domains/monitoring.html", "domains/monitoring.html"),
    ],
)
def test_relative_url(from_url, to_url, expected):
    assert relative_url(from_url, to_url) == expected


@pytest.mark.parametrize(
    ("from_url", "to_url"),
    [("link-index/", "domains/monitoring/"), ("a/b/", "c/"), ("", "x/y/"), ("x/y/", "")],
)
def test_relative_url_resolves_back_to_its_target(from_url, to_url):
    assert resolve(from_url, relative_url(from_url, to_url)) == (to_url, "")


# --- extract_links -----------------------------------------------------------------------------

CONTENT = """\
<h1 id="guide">Guide<a class="headerlink" href="#guide" title="Link to this section">&para;</a></h1>
<p>Intro with <a href="../glossary/#cache">a <strong>cache</strong> &amp; more</a>.</p>
<h2 id="setup">Set <code>up</code><a class="headerlink" href="#setup">&para;</a></h2>
<p><a href="https://example.com/x" title="Example">  spaced
   text </a> <a name="old-anchor"></a></p>
<a class="glightbox" href="../assets/d.svg"><img src="../assets/d.svg" alt="Diagram"></a>
<img srcset="a.png 1x, b.png 2x" alt="Set">
<pre><span></span><code><a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a><span class="n">x</span>
</code></pre>
<div id="box"><a href="#setup" aria-label="Back to setup"></a></div>
"""


def test_extract_links_reads_ids_links_text_and_sections():
    result = page(CONTENT)
    assert result.ids == {"guide", "setup", "old-anchor", "__codelineno-0-1", "box"}
    found = [(l.href, l.text, l.tag, l.section_id, l.section_title, l.content) for l in result.links]
    assert found == [
        ("#guide", "¶", "a", None, None, False),  # permalinks: checked, not inventoried
        ("../glossary/#cache", "a cache & more", "a", "guide", "Guide", True),
        ("#setup", "¶", "a", "guide", "Guide", False),
        ("https://example.com/x", "spaced text", "a", "setup", "Set up", True),
        ("../assets/d.svg", "Diagram", "a", "setup", "Set up", True),  # glightbox wrapper: alt text
        ("../assets/d.svg", "Diagram", "img", "setup", "Set up", True),
        ("a.png", "Set", "img", "setup", "Set up", True),
        ("b.png", "Set", "img", "setup", "Set up", True),
        ("#__codelineno-0-1", "", "a", "setup", "Set up", False),  # a code line's self-link
        ("#setup", "Back to setup", "a", "setup", "Set up", True),
    ]


WITH_CHROME = """<html><head><link rel="stylesheet" href="../css/extra.css"></head><body>
<nav><a href="../">Home</a></nav>
<article class="md-content__inner md-typeset"><article><a href="../x/">nested</a></article>
<a href="../y/">after nested</a></article>
<footer><a href="../z/">Next</a></footer></body></html>"""


def test_extract_links_marks_links_outside_the_content_root_as_chrome():
    result = page(WITH_CHROME, content_root="article.md-content__inner")
    assert [(l.href, l.content) for l in result.links] == [
        ("../css/extra.css", False),
        ("../", False),
        ("../x/", True),
        ("../y/", True),
        ("../z/", False),
    ]


def test_extract_links_without_the_content_root_treats_everything_as_content():
    result = page('<nav><a href="../">Home</a></nav>', content_root="article.md-content__inner")
    assert [l.content for l in result.links] == [True]


TRICKY = """\
<DIV ID="upper">x</DIV><div title="a > b" id="after-gt">y</div><span id=unquoted>z</span>
<td class="c" data-id="not-an-id">cell</td><section id="sec"><p>t</p></section>
<nav aria-label="Table of contents"><ul><li><a href="#sec"><span class="md-ellipsis">Sec</span></a></li></ul></nav>
<svg viewBox="0 0 1 1"><a href="../svg-link/"><path d="M0 0"/></a></svg>
<table><tr><th>h</th><td><a href="x/" title="t">in <em>cell</em></a></td></tr></table>
<input type="image" src="../btn.png"><object data="../doc.pdf"></object>
<h3><span class="twemoji"><svg><path d="M1"/></svg></span> Icon heading</h3><a href="y/">after</a>
"""


def test_extract_links_reads_tricky_markup():
    """Upper-case tags, '>' inside attributes, unquoted ids, links in SVG, tables and objects."""
    result = page(TRICKY)
    assert result.ids == {"upper", "after-gt", "unquoted", "sec"}
    assert [(link.href, link.text) for link in result.links] == [
        ("#sec", "Sec"), ("../svg-link/", ""), ("x/", "in cell"), ("../doc.pdf", ""), ("y/", "after"),
    ]


def test_malformed_html_is_read_as_a_browser_builds_it():
    """Where html.parser and a browser disagree, the reader follows the browser (HTML5 tree
    building), since that is the page readers get."""
    result = page(
        '<p>See <a href="x/">this</p> and more</a>'  # a link left open: the browser reopens it
        '<a href="first/" href="second/">dup</a>'  # the first of two equal attributes counts
        '<textarea><a href="ta/">text, not a link</a></textarea>'
        '<td id="stray">a cell outside a table is dropped</td>'
    )
    assert [(link.href, link.text) for link in result.links] == [
        ("x/", "this"), ("x/", "and more"), ("first/", "dup"),
    ]
    assert result.ids == set()


# --- check_links -------------------------------------------------------------------------------


def test_check_links_accepts_working_links():
    home = page('<h1 id="home">Home</h1><a href="guide/#setup">guide</a><a href="#">top</a>'
                '<a href="#top">top</a><img src="assets/a.svg#only-light" alt="a">'
                '<a href="guide">no slash</a><a href="https://example.com/">ext</a>', url="")
    guide = page('<h2 id="setup">Setup</h2><a href="../">home</a><a href="../files/x.pdf">pdf</a>')
    problems = check_links(site(home, guide), files={"assets/a.svg"},
                           exists=lambda path: path == "files/x.pdf")
    assert problems == []


def test_check_links_reports_each_kind_of_broken_link():
    home = page('<h1 id="home">Home</h1>', url="")
    guide = page(
        '<h2 id="setup">Setup</h2>'
        '<a href="../nope/">missing page</a>'
        '<a href="../#nope">missing anchor</a>'
        '<a href="#nope">same page</a>'
        '<img src="../img/gone.png" alt="missing image">'
        '<a href="http://[::1">malformed</a>'
        '<a href="htp:/x">typo</a>'
        '<a href="../../up/">above</a>'
    )
    problems = check_links(site(home, guide), files=set())
    assert [without_fix(p.message()) for p in problems] == [
        "guide.md: broken link 'missing page' -> '../nope/' in section 'Setup': no page or file 'nope/' in the site",
        "guide.md: broken link 'missing anchor' -> '../#nope' in section 'Setup': page './' has no element with id 'nope'",
        "guide.md: broken link 'same page' -> '#nope' in section 'Setup': this page has no element with id 'nope'",
        "guide.md: broken link 'missing image' -> '../img/gone.png' in section 'Setup': no page or file 'img/gone.png' in the site",
        "guide.md: broken link 'malformed' -> 'http://[::1' in section 'Setup': malformed URL (Invalid IPv6 URL)",
        "guide.md: broken link 'typo' -> 'htp:/x' in section 'Setup': unknown URL scheme 'htp:' (a typo for https:?)",
        "guide.md: broken link 'above' -> '../../up/' in section 'Setup': points above the site root",
    ]


def test_check_links_reports_a_broken_theme_link_once_for_all_pages():
    chrome = '<link rel="stylesheet" href="{}stylesheets/missing.css"><article class="x"></article>'
    home = page(chrome.format(""), url="", content_root="article.x")
    pages = [page(chrome.format("../"), url=f"p{i}/", content_root="article.x") for i in range(3)]
    problems = check_links(site(home, *pages), files=set())
    assert [without_fix(p.message()) for p in problems] == [
        "index.md: broken theme link (no link text) -> 'stylesheets/missing.css': "
        "no page or file 'stylesheets/missing.css' in the site (and on 3 more pages)"
    ]


def test_check_links_reports_a_glightbox_wrapped_image_once():
    guide = page('<a class="glightbox" href="gone.png"><img src="gone.png" alt="Gone"></a>')
    assert len(check_links(site(guide), files=set())) == 1


def without_fix(message: str) -> str:
    return re.sub(r" \(fix: [^()]*\)$", "", message)


def test_problem_message_without_text_or_section():
    problem = Problem("a.md", "x/", "", None, "no page or file 'x/' in the site")
    assert problem.message() == (
        "a.md: broken link (no link text) -> 'x/': no page or file 'x/' in the site (fix: link to an existing "
        "file, relative to this page: a page by its .md file, an image or download by its path under docs/)")


def test_problem_message_names_the_markdown_line_and_the_fix():
    problem = Problem("a.md", "#nope", "here", "Setup", "this page has no element with id 'nope'", line=12)
    assert problem.message() == (
        "a.md:12: broken link 'here' -> '#nope' in section 'Setup': this page has no element with id 'nope' "
        "(fix: link to an id the page has: a heading's { #id } or the id its title gets)")


@pytest.mark.parametrize(
    ("href", "text", "line"),
    [("../nope/", "x", 3), ("../other/#part", "y", 4), ("#missing", "z", 5), ("raw/", "raw link", 6),
     ("../gone/", "only the text", 7), ("../absent/", "nowhere", None)],
)
def test_find_line_finds_where_a_link_is_written(href, text, line):
    markdown = ("# Title\n\n[x](../nope/)\nSee [y](other.md#part).\nJump [z](#missing).\n"
                '<a href="raw/">raw link</a>\n[only the text](somewhere-else.md)\n')
    assert find_line(markdown, href, text) == line


# --- inventory and link index ------------------------------------------------------------------


def ok_result(url: str, **kwargs) -> CheckResult:
    return CheckResult(url=url, ok=True, status=200, checked_at="2026-11-20T10:00:00+00:00", **kwargs)


def test_build_inventory_lists_targets_with_kinds_references_and_results():
    home = page('<h1 id="home">Home</h1><p><a href="guide/#setup">guide</a> '
                '<a href="mailto:a@example.org">mail</a> <a href="https://docs.example.com/a#b">docs</a>'
                '<a href="tel:+1">call</a></p>', url="")
    guide = page('<h2 id="setup">Setup</h2><img src="../img/a.svg" alt="A">'
                 '<a href="https://docs.example.com/a">docs again</a><a href="../gone/">gone</a>'
                 '<a href="../">Home</a>')
    index = page('<a href="https://docs.example.com/a">listed</a><a href="../guide/">cited on</a>',
                 url="link-index/")
    results = {"https://docs.example.com/a": ok_result("https://docs.example.com/a")}
    inventory = build_inventory(site(home, guide, index), files={"img/a.svg"}, results=results,
                                exclude_pages={"link-index.md"}, site_url="http://127.0.0.1/")
    targets = {t["target"]: t for t in inventory["targets"]}
    assert {k: t["kind"] for k, t in targets.items()} == {
        "/guide/#setup": "anchor",
        "mailto:a@example.org": "mailto",
        "https://docs.example.com/a#b": "external",
        "tel:+1": "other",
        "/img/a.svg": "asset",
        "https://docs.example.com/a": "external",
        "/gone/": "missing",
        "/": "page",
    }
    assert targets["/gone/"]["broken"] == "no page or file 'gone/' in the site"
    assert targets["https://docs.example.com/a#b"]["check"]["status"] == 200  # checked without #b
    assert targets["https://docs.example.com/a"]["references"] == [{
        "page": "guide.md", "url": "/guide/", "section": "setup", "section_title": "Setup",
        "text": "docs again",
    }]
    assert inventory["summary"] == {
        "pages": 3, "targets": 8, "references": 8,
        "by_kind": {"anchor": 1, "asset": 1, "external": 2, "mailto": 1, "missing": 1, "other": 1, "page": 1},
        "broken_internal": 1, "external_checked": 2, "external_broken": 0,
        "last_external_check": "2026-11-20T10:00:00+00:00",
    }
    assert json.loads(dump_inventory(inventory)) == inventory


def test_an_invalid_raw_href_does_not_merge_with_the_site_path_it_looks_like():
    home = page('<p><a href="about/">About</a> <a href="/about/">raw absolute</a></p>', url="")
    about = page("<h1 id='about'>About</h1>", url="about/")
    inventory = build_inventory(site(home, about), files=set())
    by_kind = {(t["kind"], t["target"]): t for t in inventory["targets"]}
    assert set(by_kind) == {("page", "/about/"), ("invalid", "/about/")}
    assert "broken" not in by_kind[("page", "/about/")], "the valid link is not counted as broken"
    assert by_kind[("invalid", "/about/")]["broken"].startswith("absolute path")
    assert inventory["summary"]["broken_internal"] == 1


def test_render_link_index_groups_by_site_with_citations_and_results():
    home = page('<h2 id="intro">Intro</h2><a href="https://b.example.com/x?a=1&amp;b=2">B docs</a>'
                '<a href="https://a.example.com/">A</a>', url="", title="Home")
    guide = page('<h2 id="setup">Setup</h2><a href="https://a.example.com/">A site</a>'
                 '<a href="https://a.example.com/gone">Gone</a>', title="Guide")
    external = collect_external([home, guide])
    broken = CheckResult("https://a.example.com/gone", False, 404, "2026-11-21T08:00:00+00:00",
                         error="HTTP 404 Not Found")
    moved = ok_result("https://a.example.com/", final_url="https://a.example.com/en/")
    rendered = render_link_index(
        external, from_url="link-index/",
        results={"https://a.example.com/": moved, "https://a.example.com/gone": broken},
    )
    assert rendered.toc == [("site-a-example-com", "a.example.com"), ("site-b-example-com", "b.example.com")]
    html = rendered.html
    assert html.startswith("<p>3 external links to 2 sites, cited on 2 pages. Last external check: "
                           "2026-11-21; 2 of 3 checked, 1 broken.</p>")
    assert html.index('id="site-a-example-com"') < html.index('id="site-b-example-com"')
    assert ('<a href="../#intro">Home › Intro</a><br><a href="../guide/#setup">Guide › Setup</a>'
            in html)
    assert "OK (200), redirects to <code>https://a.example.com/en/</code>, 2026-11-20" in html
    assert "Broken (HTTP 404), 2026-11-21" in html
    assert 'href="https://b.example.com/x?a=1&amp;b=2"' in html  # escaped
    assert "Not checked yet" in html
    # What the page links to resolves from the page itself.
    reread = page(html, url="link-index/")
    assert check_links(site(reread, home, guide), files=set()) == []


def test_render_report_lists_broken_and_moved_links_with_their_pages():
    guide = page('<h2 id="setup">Setup</h2><a href="https://a.example.com/gone">Gone</a>'
                 '<a href="https://a.example.com/old">Old</a><a href="https://a.example.com/fine">Fine</a>'
                 '<a href="../nope/">nope</a>', title="Guide")
    gone = CheckResult("https://a.example.com/gone", False, 404, "2026-11-21T08:00:00+00:00",
                       error="HTTP 404 Not Found")
    old = ok_result("https://a.example.com/old", final_url="https://a.example.com/new",
                    redirects=[{"status": 301, "url": "https://a.example.com/old"}])
    results = {r.url: r for r in (gone, old, ok_result("https://a.example.com/fine"))}
    report = render_report(build_inventory(site(guide), files=set(), results=results))
    assert report == """## Link check

1 pages, 4 links to 4 targets; 3 external links checked, 1 broken (last check 2026-11-21T08:00:00+00:00).

### Broken external links (1)

| Link | Result | Cited on |
| --- | --- | --- |
| https://a.example.com/gone | HTTP 404 Not Found | guide.md (Setup) |

### Broken internal links (1)

| Link | Problem | Found on |
| --- | --- | --- |
| /nope/ | no page or file 'nope/' in the site | guide.md (Setup) |

### Moved permanently (update these links) (1)

| Link | Now at | Cited on |
| --- | --- | --- |
| https://a.example.com/old | https://a.example.com/new | guide.md (Setup) |
"""
