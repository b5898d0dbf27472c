"""A reader meets a glossary term: its title gives the definition, and the link leads to the entry.
The glossary page itself stays light enough for a phone: few elements, letters drawn on demand."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BuildResult

pytestmark = pytest.mark.browser

PAGE = "domains/monitoring/"


def first_term(built_site: BuildResult) -> tuple[str, str, str]:
    """(text, term id, short definition) of the first auto-linked term on PAGE, read from the built HTML."""
    link = built_site.page(PAGE).select_one("article a.glossary-term")
    assert link is not None, f"{PAGE} has no glossary link"
    return link.get_text(), link["href"].rsplit("#", 1)[1], link["title"]


def term_link(page: Page, term_id: str):
    # Material's instant navigation makes hrefs absolute in the live page: match the end.
    return page.locator(f'article a.glossary-term[href$="/glossary/#{term_id}"]').first


def test_a_term_carries_its_definition_for_hover_and_screen_readers(page: Page, built_site):
    # The browser shows the title on hover (Material's own tooltips are off, see mkdocs.yml);
    # a tap or Enter opens the popover (test_glossary_popover.py).
    text, term_id, short = first_term(built_site)
    page.goto(PAGE, wait_until="load")
    link = term_link(page, term_id)
    expect(link).to_have_text(text)
    expect(link).to_have_attribute("title", short)
    link.hover()
    expect(link).to_have_attribute("title", short)  # nothing takes it away while hovered
    expect(link).to_have_accessible_description(short)
    expect(page.locator(".md-tooltip2")).to_have_count(0)


def test_clicking_a_term_lands_on_its_glossary_entry(page: Page, built_site):
    _, term_id, _ = first_term(built_site)
    page.goto(PAGE, wait_until="load")
    term_link(page, term_id).click()
    expect(page).to_have_url(re.compile(rf"/glossary/#{re.escape(term_id)}$"))
    entry = page.locator(f"article h3#{term_id}")
    expect(entry).to_be_in_viewport()
    # The entry's "Appears in" line leads back to this page (to it, or to the section using the term);
    # for a term of many pages the line is folded: open it.
    backlinks = entry.locator("xpath=following-sibling::*[contains(@class, 'glossary-backlinks')][1]")
    folded = backlinks.locator("summary")
    if folded.count():
        expect(folded).to_have_text(re.compile(r"^Appears in \d+ pages$"))
        folded.click()
    expect(backlinks.locator(f'a[href*="/{PAGE}"]').first).to_be_visible()


# --- The glossary page on a phone --------------------------------------------------------------------


@pytest.fixture
def phone(browser: Browser, base_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  base_url=base_url)
    yield context.new_page()
    context.close()


def test_the_glossary_page_is_small_and_drawn_letter_by_letter(phone: Page):
    phone.goto("glossary/", wait_until="load")
    elements, widest, groups = phone.evaluate("""() => {
        const all = document.querySelectorAll('*');
        let widest = 0;
        for (const el of all) widest = Math.max(widest, el.childElementCount);
        const groups = [...document.querySelectorAll('article .glossary-letter')]
            .map(g => getComputedStyle(g).contentVisibility);
        return [all.length, widest, groups];
    }""")
    entries = phone.locator("article h3[id]").count()
    assert entries >= 150
    # 23,300 elements and 2,005 children of the article before the letters were grouped.
    assert elements < 20 * entries, f"{elements} elements for {entries} entries"
    assert widest <= 300, f"an element has {widest} children"
    assert len(groups) >= 20 and set(groups) == {"auto"}, groups


def test_letters_and_see_also_links_land_on_their_target_on_a_phone(phone: Page, built_site):
    """Letters the browser has not drawn yet reserve their space: jumps still land right."""
    glossary = built_site.page("glossary/")
    # An entry under T whose "See also" leads back to an earlier letter, across undrawn letters.
    source, target = next(
        (h["id"], a["href"][1:])
        for h in glossary.select("#letter-t ~ div.glossary-letter h3[id]")
        for a in h.find_next_sibling("p", class_="glossary-facts").select('a[href^="#"]')
        if a["href"][1:2] in "abcd")
    phone.goto("glossary/", wait_until="load")
    # Instant navigation makes hrefs absolute in the live page: match the end.
    phone.locator('nav.glossary-az a[href$="#letter-t"]').tap()
    expect(phone.locator("#letter-t")).to_be_in_viewport()
    phone.locator(f"#{source}").scroll_into_view_if_needed()
    see_also = phone.locator(f"#{source} ~ p.glossary-facts").first.locator(f'a[href$="#{target}"]')
    see_also.tap()
    expect(phone.locator(f"h3#{target}")).to_be_in_viewport()


def test_an_entry_far_down_is_shown_below_the_header_after_a_load_and_an_instant_navigation(phone: Page,
                                                                                              built_site):
    """Every letter before the entry reserves an estimated height until drawn: the jump still
    lands on the entry, under the header, and the address keeps naming it."""
    glossary = built_site.page("glossary/")
    entry = glossary.select("article div.glossary-letter")[-2].select_one("h3[id]")["id"]
    for arrive in ("load", "instant"):
        if arrive == "load":
            phone.goto(f"glossary/#{entry}", wait_until="load")
        else:
            phone.goto(PAGE, wait_until="load")
            phone.evaluate("window.sgSamePage = true")
            phone.evaluate("""(id) => { const a = document.createElement('a');
                a.href = '../../glossary/#' + id; a.textContent = 'to the entry';
                document.querySelector('article').prepend(a); }""", entry)
            phone.get_by_role("link", name="to the entry").tap()
        heading = phone.locator(f"article h3#{entry}")
        # Fetching and swapping in the 750 KB glossary took over 5 s once in CI, beside an axe
        # scan: wait for the swap, then give the jump the usual time to land.
        expect(heading).to_be_attached(timeout=30_000)
        expect(heading).to_be_in_viewport()
        expect(phone).to_have_url(re.compile(rf"/glossary/#{re.escape(entry)}$"))
        header = phone.locator("header.md-header").bounding_box()
        assert heading.bounding_box()["y"] >= header["y"] + header["height"] - 1, f"{arrive}: under the header"
        if arrive == "instant":
            assert phone.evaluate("window.sgSamePage === true"), "the page was reloaded, not navigated instantly"


def test_a_tap_that_only_defines_a_term_does_not_pick_the_entry_shown_later(phone: Page, built_site):
    _, term_id, _ = first_term(built_site)
    phone.goto(PAGE, wait_until="load")
    term_link(phone, term_id).tap()  # opens the definition popover, does not navigate
    expect(phone.locator("#sg-glossary-popover")).to_be_visible()
    phone.keyboard.press("Escape")
    phone.locator("nav.md-nav a[href$='glossary/']").first.evaluate("a => a.click()")  # the glossary, no entry
    expect(phone).to_have_url(re.compile(r"/glossary/$"))
    phone.wait_for_timeout(500)
    assert phone.evaluate("scrollY") < 200, "the page jumped to the entry of a term that was only defined"
