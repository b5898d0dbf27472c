"""Tap to define: on a phone, a glossary term opens its definition in place instead of leaving the page.

docs/javascripts/glossary-popover.js; placement and the click rule are unit-tested in
tests/js/popover.test.mjs. A mouse click still follows the link and hovering shows the link's title:
tests/browser/test_glossary_browser.py.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from conftest import BuildResult, draw_everything

pytestmark = pytest.mark.browser

PAGE = "domains/problem-framing/"  # the lightest domain page: quick to load
SERIOUS = ("serious", "critical")
POPOVER = "#sg-glossary-popover"


def terms(built_site: BuildResult, path: str) -> list[tuple[str, str, str]]:
    """(text, term id, short definition) of every auto-linked term on a page, from the built HTML."""
    links = built_site.page(path).select("article a.glossary-term")
    assert links, f"{path} has no glossary link"
    return [(a.get_text(), a["href"].rsplit("#", 1)[1], a["title"]) for a in links]


def term_link(page: Page, term_id: str) -> Locator:
    # Instant navigation makes hrefs absolute in the live page: match the end.
    link = page.locator(f'article a.glossary-term[href$="/glossary/#{term_id}"]').first
    expect(link).to_have_attribute("aria-expanded", "false")  # the script has mounted
    return link


def path_of(page: Page) -> str:
    # The path only: navigation.tracking writes the section being read into the URL's hash.
    return urlparse(page.url).path


def phone(browser: Browser, base_url: str, width: int = 390, height: int = 844) -> Page:
    """A page in a touch context of a phone's size, in the light scheme."""
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                  is_mobile=True, base_url=base_url)
    context.add_init_script(
        "localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'default'}}))")
    return context.new_page()


def assert_inside_viewport(page: Page, box: Locator) -> None:
    rect = box.evaluate("n => { const r = n.getBoundingClientRect(); "
                        "return [r.left, r.top, r.right, r.bottom] }")
    width, height, scroll_width = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.clientHeight,"
        " document.documentElement.scrollWidth]")
    left, top, right, bottom = rect
    assert left >= 0 and right <= width and top >= 0 and bottom <= height, f"{rect} outside {width}x{height}"
    assert scroll_width <= width, f"the page is {scroll_width} px wide at {width} px"


@pytest.fixture
def touch_page(browser: Browser, base_url: str):
    page = phone(browser, base_url)
    yield page
    page.context.close()


def test_tap_shows_the_definition_in_place_and_escape_or_a_tap_elsewhere_closes_it(touch_page: Page,
                                                                                   built_site):
    page = touch_page
    text, term_id, short = terms(built_site, PAGE)[0]
    page.goto(PAGE, wait_until="load")
    path = path_of(page)
    link = term_link(page, term_id)

    link.tap()
    dialog = page.get_by_role("dialog", name=text)
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_description(short)  # what a screen reader announces
    expect(dialog).to_be_focused()
    expect(dialog.locator(".sg-glossary-popover__definition")).to_have_text(short)
    more = dialog.get_by_role("link", name=f"Full entry: {text}")
    expect(more).to_have_attribute("href", re.compile(rf"/glossary/#{re.escape(term_id)}$"))
    expect(link).to_have_attribute("aria-expanded", "true")
    expect(link).to_have_attribute("aria-controls", POPOVER[1:])
    assert path_of(page) == path
    assert_inside_viewport(page, dialog)

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_focused()

    link.tap()
    expect(dialog).to_be_visible()
    page.locator("article h1").tap()  # plain text, elsewhere
    expect(dialog).to_be_hidden()
    expect(link).to_have_attribute("aria-expanded", "false")

    link.tap()
    expect(dialog).to_be_visible()
    link.tap()  # the same term again: closes, as a toggle
    expect(dialog).to_be_hidden()
    assert path_of(page) == path


def test_after_instant_navigation_it_still_works_and_the_full_entry_leads_to_the_entry(touch_page: Page,
                                                                                       built_site):
    page = touch_page
    page.goto(PAGE, wait_until="load")
    page.evaluate("window.sgSamePage = true")  # survives instant navigation, not a reload
    expect(page.locator("article a.glossary-term[aria-expanded]").first).to_be_attached()
    page.locator("a.md-footer__link--next").tap()  # on to the next domain page, instantly
    page.wait_for_url(lambda url: PAGE not in url)
    path = path_of(page)
    text, term_id, short = terms(built_site, path.lstrip("/"))[0]
    link = term_link(page, term_id)
    assert page.evaluate("window.sgSamePage === true"), "the page was reloaded, not navigated instantly"

    link.tap()
    dialog = page.get_by_role("dialog", name=text)
    expect(dialog).to_have_accessible_description(short)
    assert path_of(page) == path
    dialog.get_by_role("link", name=f"Full entry: {text}").tap()
    expect(page).to_have_url(re.compile(rf"/glossary/#{re.escape(term_id)}$"))
    # The glossary is the site's largest page (1.4 MB): give its instant load time.
    expect(page.locator(f"article h3#{term_id}")).to_be_in_viewport(timeout=15_000)
    expect(page.locator(POPOVER)).to_be_hidden()
    assert page.evaluate("window.sgSamePage === true")


def test_keyboard_enter_opens_it_and_tab_and_escape_lead_back_out(page: Page, built_site):
    text, term_id, short = terms(built_site, PAGE)[0]
    page.goto(PAGE, wait_until="load")
    path = path_of(page)
    link = term_link(page, term_id)
    # Where Tab goes from the term when no popover is open.
    link.focus()
    page.keyboard.press("Tab")
    page.evaluate("window.sgAfterTerm = document.activeElement")
    link.focus()

    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=text)
    expect(dialog).to_be_focused()
    expect(dialog).to_have_accessible_description(short)
    assert path_of(page) == path
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("link", name=f"Full entry: {text}")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Close definition")).to_be_focused()
    page.keyboard.press("Tab")  # out of the popover: on to what follows the term
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement === window.sgAfterTerm")

    link.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back out: onto the term
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the close button
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "false")


def test_axe_finds_no_serious_violation_with_the_popover_open_in_both_schemes(browser: Browser, base_url,
                                                                              built_site):
    _, term_id, _ = terms(built_site, PAGE)[0]
    page = phone(browser, base_url)
    try:
        page.goto(PAGE, wait_until="load")
        link = term_link(page, term_id)
        popover = page.locator(POPOVER)
        # The reader's own switch in the header ("Switch to dark mode"): no reload.
        for scheme, toggle in (("default", None), ("slate", 'label[for="__palette_2"]')):
            if toggle:
                page.locator(toggle).tap()
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
            link.tap()
            expect(popover).to_be_visible()
            # Drawn in the scheme's colours: the page's own background.
            background = popover.evaluate("n => getComputedStyle(n).backgroundColor")
            assert background == page.locator("body").evaluate("n => getComputedStyle(n).backgroundColor")
            # The rest of the page is scanned in both schemes by test_reader.py.
            context = {"include": [[POPOVER], ['a.glossary-term[aria-expanded="true"]']]}
            options = {"resultTypes": ["violations"]}
            draw_everything(page)
            violations = Axe().run(page, context=context, options=options).response["violations"]
            problems = [f"{scheme}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
                        for v in violations if v["impact"] in SERIOUS]
            assert problems == []
    finally:
        page.context.close()


def test_popover_stays_inside_a_320_px_viewport_wherever_the_term_is(browser: Browser, base_url):
    page = phone(browser, base_url, width=320, height=640)
    try:
        page.goto(PAGE, wait_until="load")
        expect(page.locator("article a.glossary-term[aria-expanded]").first).to_be_attached()
        links = page.locator("article p a.glossary-term")
        # The terms nearest the left edge, the right edge and the middle of a line, below the
        # first screen (so that each can be scrolled to the top and to the bottom of it).
        picks = page.evaluate("""() => {
            const boxes = [...document.querySelectorAll('article p a.glossary-term')]
              .map((link, index) => [index, link.getClientRects()[0]])
              .filter(([, r]) => r && r.top > innerHeight).slice(0, 80);
            const best = (score) => boxes.reduce((a, b) => (score(b[1]) > score(a[1]) ? b : a))[0];
            return [best((r) => -r.left), best((r) => r.right),
                    best((r) => -Math.abs((r.left + r.right) / 2 - innerWidth / 2))];
        }""")
        popover = page.locator(POPOVER)
        placements = set()
        for index in picks:
            link = links.nth(index)
            for edge in ("top", "bottom"):  # just under the sticky header; at the bottom
                link.evaluate("""(l, edge) => {
                    const r = l.getBoundingClientRect();
                    const header = document.querySelector('.md-header').offsetHeight;
                    window.scrollBy(0, edge === 'top' ? r.top - header - 4 : r.bottom - innerHeight + 4);
                }""", edge)
                link.tap()
                expect(popover).to_be_visible()
                assert_inside_viewport(page, popover)
                placements.add(popover.get_attribute("data-placement"))
                page.keyboard.press("Escape")
                expect(popover).to_be_hidden()
        assert placements == {"above", "below"}
    finally:
        page.context.close()
