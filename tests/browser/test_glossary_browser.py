"""A reader meets a glossary term: the tooltip shows its definition, and the link leads to the entry."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

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


def test_hovering_a_term_shows_its_definition(page: Page, built_site):
    text, term_id, short = first_term(built_site)
    page.goto(PAGE, wait_until="load")
    link = term_link(page, term_id)
    expect(link).to_have_text(text)
    tooltip = page.locator(".md-tooltip2[role=tooltip]")
    expect(tooltip).to_have_count(0)
    link.hover()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(short)
    expect(link).to_have_attribute("aria-describedby", re.compile(".+"))  # screen readers get it too


def test_keyboard_focus_shows_the_definition_too(page: Page, built_site):
    _, term_id, short = first_term(built_site)
    page.goto(PAGE, wait_until="load")
    term_link(page, term_id).focus()
    expect(page.locator(".md-tooltip2[role=tooltip]")).to_have_text(short)


def test_clicking_a_term_lands_on_its_glossary_entry(page: Page, built_site):
    _, term_id, _ = first_term(built_site)
    page.goto(PAGE, wait_until="load")
    term_link(page, term_id).click()
    expect(page).to_have_url(re.compile(rf"/glossary/#{re.escape(term_id)}$"))
    entry = page.locator(f"article h3#{term_id}")
    expect(entry).to_be_in_viewport()
    # The entry lists this page among the places that use the term.
    backlinks = entry.locator("xpath=following-sibling::div[contains(@class, 'glossary-backlinks')][1]")
    expect(backlinks.locator(f'a[href$="/{PAGE}"]')).to_have_count(1)
