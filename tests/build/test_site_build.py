"""The real site builds strictly, and its HTML is what a reader and a search engine need."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from conftest import copy_project, run_mkdocs_build

pytestmark = pytest.mark.build


def test_every_nav_page_has_title_description_and_edit_link(built_site, nav_paths):
    for path in nav_paths:
        page = built_site.page(path)
        assert page.find("h1"), f"{path or 'home'}: no <h1>"
        description = page.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), f"{path}: no meta description"
        if path not in ("glossary/", "link-index/", "tags/"):
            edit = page.select_one('a.md-content__button[rel="edit"]')
            assert edit and "/edit/main/docs/" in edit["href"], f"{path}: no 'edit this page' link"


def test_pages_reference_no_other_host(built_site, nav_paths):
    """Stylesheets, scripts, images and fonts all come from the site itself."""
    for path in nav_paths:
        page = built_site.page(path)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag, attrs={attr: True}):
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                host = urlparse(element[attr]).netloc
                assert host in ("", "127.0.0.1"), f"{path}: <{tag} {attr}={element[attr]!r}> loads from {host}"
        assert "fonts.googleapis" not in str(page), f"{path}: Google Fonts still referenced"


def test_search_dialog_has_an_accessible_name(built_site):
    dialog = built_site.page("").select_one('[data-md-component="search"][role="dialog"]')
    assert dialog is not None and dialog.get("aria-label"), "search dialog lost its aria-label override"


def test_repository_link_does_not_call_the_github_api(built_site):
    source = built_site.page("").select_one("a.md-source")
    assert source is not None
    assert not source.has_attr("data-md-component"), "Material would fetch repository facts from GitHub"


def test_navigation_has_the_six_exam_domains(built_site, nav_paths):
    domains = [p for p in nav_paths if p.startswith("domains/")]
    assert len(domains) == 6, domains


def test_broken_internal_links_and_script_fail_the_strict_build_each_named(tmp_path):
    """One build of a scratch copy with every kind of breakage; each is reported on its own."""
    project = copy_project(tmp_path / "project")
    broken = {
        "docs/fundamentals.md": "[missing](no-such-page.md) and [bad anchor](about.md#no-such-anchor)",
        "docs/about.md": "[click](javascript:alert(1))\n\nA paragraph.\n{: onclick=\"alert(1)\" }",
        "docs/resources.md": '[x](https://example.com){ onmouseover="alert(1)" }',
    }
    for page, text in broken.items():
        with open(project / page, "a", encoding="utf-8") as f:
            f.write(f"\n\nBroken on purpose: {text}\n")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0, "broken links and script must fail `mkdocs build --strict`"
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    expected = [r"fundamentals\.md:\d+: broken link 'missing' -> 'no-such-page\.md'",
                r"fundamentals\.md:\d+: broken link 'bad anchor' -> '\.\./about/#no-such-anchor'.*no element with id",
                r"about\.md: unsafe markup: <a> \('click'\) has a script URL href=\"javascript:alert\(1\)\"",
                r"about\.md: unsafe markup: <p> .*has an event handler attribute onclick=",
                r"resources\.md: unsafe markup: <a> \('x'\) has an event handler attribute onmouseover="]
    for pattern in expected:
        assert sum(bool(re.search(pattern, w)) for w in warnings) == 1, (pattern, warnings)


def test_every_idref_names_an_element_of_its_page(built_site, nav_paths):
    """aria-labelledby, aria-describedby, aria-controls and label[for] point at ids that exist
    (the Nu HTML checker found a quiz label naming an element that only JavaScript creates)."""
    for path in nav_paths:
        page = built_site.page(path)
        ids = {element["id"] for element in page.find_all(id=True)}
        for attr in ("aria-labelledby", "aria-describedby", "aria-controls", "for"):
            for element in page.find_all(attrs={attr: True}):
                if attr == "for" and element.name != "label":
                    continue
                missing = [ref for ref in element[attr].split() if ref not in ids]
                assert missing == [], f"{path or 'home'}: <{element.name} {attr}=...> names no element {missing}"


