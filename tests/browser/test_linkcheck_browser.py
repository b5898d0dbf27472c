"""The link index page in Chromium: its check-result labels are readable in both colour schemes.

The real site is built without network checks, so its labels all say "Not checked yet". The
labels for the other results are rendered by studykit.linkindex (as a LINKCHECK_EXTERNAL=1 build
would) and put into the built page's status cells before axe-core looks at them.
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from studykit.external import CheckResult
from studykit.link_inventory import Reference
from studykit.linkindex import render_link_index

from conftest import draw_everything

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
STATUSES = ("ok", "broken", "unknown")


def rendered_labels() -> list[str]:
    """The status labels render_link_index writes: OK, OK with a redirect, broken, not checked."""
    when = "2026-11-20T10:00:00+00:00"
    results = {
        "https://a.example.org/": CheckResult("https://a.example.org/", True, 200, when),
        "https://b.example.org/": CheckResult("https://b.example.org/", True, 200, when,
                                              final_url="https://b.example.org/new"),
        "https://c.example.org/": CheckResult("https://c.example.org/", False, 404, when),
    }
    cited = [Reference("guide.md", "guide/", "Guide", None, None, "text")]
    urls = [*results, "https://d.example.org/"]
    html = render_link_index({url: cited for url in urls}, from_url="link-index/",
                             results=results).html
    labels = [str(span) for span in BeautifulSoup(html, "html.parser").select("span.sg-linkcheck")]
    assert len(labels) == len(urls)
    return labels


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["light", "dark"])
def test_check_result_labels_pass_axe_in_both_schemes(page: Page, scheme):
    page.add_init_script(
        "localStorage.setItem('/.__palette', JSON.stringify({index: %d, color: {scheme: '%s'}}))"
        % (1 if scheme == "default" else 2, scheme)
    )
    page.goto("link-index/", wait_until="load")
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
    labels = rendered_labels()
    cells = page.locator("article table tbody tr td:nth-child(3)")
    assert cells.count() >= len(labels), "the link index lists too few external links"
    for i, label in enumerate(labels):
        cells.nth(i).evaluate("(cell, html) => { cell.innerHTML = html; }", label)

    backgrounds = {
        status: page.locator(f".sg-linkcheck--{status}").first.evaluate(
            "e => getComputedStyle(e).backgroundColor")
        for status in STATUSES
    }
    assert len(set(backgrounds.values())) == len(STATUSES), backgrounds  # docs/stylesheets/linkcheck.css
    assert "rgba(0, 0, 0, 0)" not in backgrounds.values()

    draw_everything(page)
    violations = Axe().run(page, context="article").response["violations"]
    problems = [
        f"{v['id']} ({v['impact']}) {[node['target'] for node in v['nodes']][:5]}"
        for v in violations if v["impact"] in SERIOUS
    ]
    assert problems == []
