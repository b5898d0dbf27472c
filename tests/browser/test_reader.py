"""Drive the built site in Chromium the way a reader does."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import COLOUR_RULES, draw_everything

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
PRINT_RULES = ["duplicate-id", "duplicate-id-active", "duplicate-id-aria", "aria-valid-attr", "aria-valid-attr-value",
               "aria-allowed-attr", "landmark-unique", "landmark-one-main", "page-has-heading-one", "label",
               "link-name", "image-alt", "list", "listitem", "document-title", "html-has-lang"]


def test_every_nav_page_loads_without_console_errors_and_nothing_leaves_127_0_0_1(page: Page, nav_paths):
    # One visit per page for both checks: each load is the slow part.
    errors: list[str] = []
    requested: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("request", lambda request: requested.append(request.url))
    for path in nav_paths:
        response = page.goto(path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        expect(page.locator("h1").first).to_be_visible()
    assert errors == []
    foreign = [url for url in requested
               if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]
    assert requested, "the recorder saw no request at all"
    assert foreign == []


# When the first paint happened, and when each of the site's scripts was requested.
SCRIPT_TIMES_JS = """() => ({
  fcp: performance.getEntriesByName("first-contentful-paint")[0].startTime,
  scripts: performance.getEntriesByType("resource").filter(r => r.initiatorType === "script"
    && /assets[/]javascripts[/]bundle|javascripts[/](a11y|main|print)[.]js/.test(r.name))
    .map(r => [r.name.split("/").pop(), r.startTime]),
})"""


@pytest.mark.parametrize("path", ["", "domains/model-development/", "quiz/"])
def test_scripts_start_after_the_page_is_painted_and_then_bind_it(page: Page, path: str):
    # overrides/main.html: the text is painted before any script is fetched; Material's bundle
    # still boots (document$ fires: the study tools are bound) and instant navigation works.
    page.goto(path, wait_until="load")  # conftest: waits for <html data-sg-ready> too
    times = page.evaluate(SCRIPT_TIMES_JS)
    assert sorted(name.split(".")[0] for name, _ in times["scripts"]) == ["a11y", "bundle", "main", "print"]
    assert all(start >= times["fcp"] for _, start in times["scripts"]), times
    # The real scripts went into <head>; each tag in <body> (data-sg-src, no src) stays inert.
    assert page.locator("head > script[src*='javascripts/']").count() == 4
    assert page.locator("body script[data-sg-src][src]").count() == 0
    swaps = page.evaluate("() => { window.sgSwaps = 0; document$.subscribe(() => { window.sgSwaps += 1; }); return window.sgSwaps; }")
    assert swaps == 1  # the replayed DOMContentLoaded made document$ emit once, no more
    page.locator(".md-nav__link[href$='/glossary/']").first.evaluate("a => a.click()")
    page.wait_for_function("() => window.sgSwaps === 2 && location.pathname.endsWith('/glossary/')")


def test_material_boot_loads_no_stylesheet_again(browser: Browser, base_url: str):
    # overrides/main.html makes the stylesheet links absolute before the first paint; otherwise
    # instant navigation's start rewrites them, and each one is loaded and applied again.
    context = browser.new_context(base_url=base_url)
    context.add_init_script("""document.addEventListener("readystatechange", () => {
      if (document.readyState === "interactive") window.sgSheets = [...document.styleSheets]; });""")
    page = context.new_page()
    page.goto("domains/model-development/", wait_until="load")
    sheets = page.evaluate("""() => ({ kept: [...document.styleSheets].filter(s => window.sgSheets.includes(s)).length,
      now: document.styleSheets.length, links: document.querySelectorAll("link[rel=stylesheet]").length,
      focusVisible: document.documentElement.classList.contains("js-focus-visible") })""")
    assert sheets["links"] >= 7 and sheets["kept"] == sheets["now"], sheets
    assert sheets["focusVisible"], "Material's focus-visible polyfill is running"
    context.close()


def test_search_finds_a_word_from_a_domain_page(page: Page):
    page.goto("", wait_until="networkidle")
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("dataflow", delay=30)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__link[href*='domains/data-preparation']").first).to_be_attached()


SEARCH_RESULTS_SETTLED_JS = """() => new Promise(resolve => {
  const list = document.querySelector(".md-search-result__list");
  const done = () => { observer.disconnect(); resolve(); };
  let quiet = setTimeout(done, 400);
  const observer = new MutationObserver(() => { clearTimeout(quiet); quiet = setTimeout(done, 400); });
  observer.observe(list, {childList: true, subtree: true});
})"""


def test_search_works_from_the_keyboard(page: Page):
    page.goto("", wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut focuses the search field
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("dataflow", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    # Each keystroke's answer redraws the list; a link focused before the last redraw is gone.
    page.evaluate(SEARCH_RESULTS_SETTLED_JS)
    first_link = page.locator(".md-search-result__link").first
    first_result = first_link.get_attribute("href")
    page.keyboard.press("ArrowDown")
    expect(first_link).to_be_focused()
    page.keyboard.press("Enter")
    # Instant navigation swaps the page without a load event: poll the URL instead.
    expect(page).to_have_url(re.compile(re.escape(first_result.split("#")[0])))
    expect(page.locator("article.md-content__inner")).to_contain_text("Dataflow")


def test_skip_link_is_the_first_tab_stop(page: Page):
    page.goto("domains/problem-framing/", wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + ' ' + document.activeElement.textContent")
    assert "md-skip" in focused


def _scheme(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme") or ""


def test_theme_toggle_persists_across_reload(page: Page):
    page.goto("", wait_until="load")
    first = _scheme(page)
    # The palette cycles auto -> light -> dark; click until the scheme differs.
    for _ in range(3):
        page.locator("form[data-sg-palette] label:visible").first.click()
        if _scheme(page) != first:
            break
    chosen = _scheme(page)
    assert chosen != first, "the toggle did not change the colour scheme"
    page.reload(wait_until="load")
    assert _scheme(page) == chosen
    page.goto("fundamentals/", wait_until="load")
    assert _scheme(page) == chosen


def _palette(page: Page) -> dict:
    return page.evaluate("""() => ({ scheme: document.body.getAttribute("data-md-color-scheme"),
      stored: __md_get("__palette") && __md_get("__palette").index,
      shown: [...document.querySelectorAll("form[data-sg-palette] label")].filter(l => !l.hidden).map(l => l.title),
      focused: document.activeElement.id })""")


def test_palette_toggle_cycles_follows_the_system_and_works_from_the_keyboard(browser: Browser, base_url: str):
    # overrides/partials/palette.html and palette.js, in place of Material's palette component.
    context = browser.new_context(base_url=base_url, color_scheme="dark")
    page = context.new_page()
    page.goto("", wait_until="load")
    # First visit: the first option follows the system, here dark; one button, for the next option.
    state = _palette(page)
    assert (state["scheme"], state["stored"], state["shown"]) == ("slate", 0, ["Switch to light mode"])
    page.locator("form[data-sg-palette] label:visible").click()
    state = _palette(page)
    assert (state["scheme"], state["stored"], state["shown"]) == ("default", 1, ["Switch to dark mode"])
    # Enter on the focused option moves on, and focus follows.
    page.locator("#__palette_1").focus()
    page.keyboard.press("Enter")
    assert _palette(page) == {"scheme": "slate", "stored": 2, "shown": ["Switch to system preference"],
                              "focused": "__palette_2"}
    page.keyboard.press("Enter")
    assert _palette(page)["stored"] == 0
    # Following the system, the page changes with it.
    page.emulate_media(color_scheme="light")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # After instant navigation the header is the same one: a press is still one step, and the
    # next page is painted with the choice.
    page.locator("form[data-sg-palette] label:visible").click()
    page.locator(".md-nav__link[href$='/glossary/']").first.click()
    page.wait_for_url("**/glossary/")
    assert _palette(page)["scheme"] == "default"
    page.locator("form[data-sg-palette] label:visible").click()
    assert _palette(page)["stored"] == 2
    page.goto("fundamentals/", wait_until="commit")
    page.wait_for_load_state("domcontentloaded")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _palette(page)["shown"] == ["Switch to system preference"]
    context.close()


def test_image_opens_in_the_lightbox(page: Page, built_site, nav_paths):
    with_image = [p for p in nav_paths if built_site.page(p).select_one("a.glightbox img")]
    assert with_image, "no page has a zoomable image"
    page.goto(with_image[0], wait_until="load")
    link = page.locator("a.glightbox:visible").first
    expect(link).to_have_attribute("data-sg-lightbox", "")  # lightbox.js is bound to it
    link.click()
    expect(page.locator(".glightbox-container .gslide-image img").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0, timeout=5_000)


AXE_SHARDS = 4  # the pages are scanned in four groups per scheme, so that workers share the scans
# In the dark scheme the printable edition's chapters are the pages scanned on their own; what
# is the edition's own (its contents, chapter frames and answer keys) gets the colour rules.
PRINT_OWN_PARTS = {"include": [["article"]],
                   "exclude": [["section.sg-print__page > :not(.sg-print__answer-key):not(h1):not(h2)"]]}


@pytest.mark.parametrize("shard", range(AXE_SHARDS), ids=lambda i: f"pages-{i + 1}-of-{AXE_SHARDS}")
@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["light", "dark"])
def test_axe_finds_no_serious_violation(page: Page, nav_paths, scheme, shard):
    axe = Axe()
    page.add_init_script(
        "localStorage.setItem('/.__palette', JSON.stringify({index: %d, color: {scheme: '%s'}}))"
        % (1 if scheme == "default" else 2, scheme)
    )
    problems = []
    paths = nav_paths[shard::AXE_SHARDS]
    assert paths, "a shard without pages: fewer pages than shards?"
    for path in paths:
        page.goto(path, wait_until="load")
        assert _scheme(page) == scheme, f"{path}: palette {scheme} not applied"
        draw_everything(page)
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        # The printable edition repeats every teaching page scanned here; in one 30,000-node
        # document the full rule set takes minutes. It gets the rules its own assembly can
        # break (ids, references, landmarks, headings); its text is scanned on the pages.
        options = {"resultTypes": ["violations"]}
        context = None
        if scheme == "slate":
            options["runOnly"] = COLOUR_RULES
            context = PRINT_OWN_PARTS if path == "print/" else None
        elif path == "print/":
            options["runOnly"] = PRINT_RULES
        for violation in axe.run(page, context=context, options=options).response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:5]
                problems.append(f"{path or 'home'}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
