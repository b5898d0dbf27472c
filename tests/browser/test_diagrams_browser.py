"""Diagrams as a reader sees them: on a phone and on a desktop, in both colour schemes, inline
and in the lightbox.

One walk per screen (390 px phone, 1280 px desktop) loads every page that shows a diagram. On
each, for each diagram: exactly one of its four images shows (narrow on the phone, wide on the
desktop, in the active scheme's colours, on a panel dark in the dark scheme); its text, measured
on the SVG as drawn at the image's size, is at least 11 CSS px on the phone; nothing makes the
page wider than the viewport; the lightbox opens the scheme's wide diagram larger than the inline
figure (on the phone at its drawn size, panned by a finger). Then the palette toggle switches the
scheme and the inline checks run again. The markup comes from `scripts/render_diagrams.py --embed`.
"""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, BuildResult, draw_everything

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MIN_PHONE_TEXT = 11  # CSS px
SERIOUS = ("serious", "critical")
# The pages that embed diagrams, from their Markdown (parametrising needs them before the build).
DIAGRAM_PAGES = sorted(
    md.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
    for md in (ROOT / "docs").rglob("*.md") if "assets/diagrams/" in md.read_text(encoding="utf-8"))

# For each diagram figure on the page: which of its images show, and for the one that shows, its
# box, its panel colour and its smallest text. The text is measured on a copy of the SVG drawn at
# the image's size (an <img>'s SVG cannot be reached from the page): font size times the scale.
MEASURE_JS = """async () => {
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;pointer-events:none';
  document.body.append(host);
  const out = [];
  for (const figure of document.querySelectorAll('article figure')) {
    if (!figure.querySelector('a.sg-diagram')) continue;
    const shown = [...figure.querySelectorAll('a.sg-diagram img')].filter(i => i.getClientRects().length);
    const info = {shown: shown.map(i => i.getAttribute('src').split('/').pop())};
    out.push(info);
    if (shown.length !== 1) continue;
    const img = shown[0];
    img.scrollIntoView({block: 'center'});
    if (!(img.complete && img.naturalWidth)) await new Promise(ok => img.addEventListener('load', ok, {once: true}));
    const box = img.getBoundingClientRect();
    const svg = new DOMParser().parseFromString(await (await fetch(img.currentSrc)).text(), 'image/svg+xml');
    const copy = document.importNode(svg.documentElement, true);
    copy.setAttribute('width', box.width);
    copy.setAttribute('height', box.height);
    host.replaceChildren(copy);
    const sizes = [...copy.querySelectorAll('text')].map(
      t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    Object.assign(info, {
      file: img.currentSrc.split('/').pop(), left: box.left, right: box.right, width: box.width,
      height: box.height, drawn: copy.viewBox.baseVal.width, smallest: Math.min(...sizes),
      smallestDrawn: Math.min(...[...copy.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')))),
      panel: copy.querySelector('rect').getAttribute('fill')});
  }
  host.remove();
  return out;
}"""

LIGHTBOX_IMG = ".glightbox-container .gslide.current .gslide-image img"
SETTLED_JS = """() => {
  const img = document.querySelector('%s');
  const box = document.querySelector('.glightbox-container');
  return img && img.complete && img.naturalWidth > 0 && box.getAnimations({subtree: true}).length === 0;
}""" % LIGHTBOX_IMG


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def scheme(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme") or ""


def switch_scheme(page: Page, touch: bool) -> str:
    """Use the palette toggle (auto -> light -> dark) until the scheme changes; returns it."""
    before = scheme(page)
    for _ in range(3):
        toggle = page.locator("form[data-sg-palette] label:visible").first
        toggle.tap() if touch else toggle.click()
        if scheme(page) != before:
            return scheme(page)
    raise AssertionError("the palette toggle did not change the colour scheme")


def no_sideways_scroll(page: Page) -> None:
    width, scroll_width = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert scroll_width <= width, f"{page.url}: the page is {scroll_width} px wide at {width} px"


def check_inline(page: Page, *, phone: bool) -> list[dict]:
    """Every diagram shows once, in the layout of the screen and the colours of the scheme."""
    dark = scheme(page) == "slate"
    figures = page.evaluate(MEASURE_JS)
    assert figures, f"{page.url}: no diagram found"
    viewport = page.evaluate("document.documentElement.clientWidth")
    for fig in figures:
        assert len(fig["shown"]) == 1, f"{page.url}: {fig['shown']} show at once"
        name = fig["file"]
        assert ("-narrow" in name) == phone, f"{page.url}: {name} on a {'phone' if phone else 'desktop'}"
        assert name.endswith("-dark.svg") == dark, f"{page.url}: {name} in the {scheme(page)} scheme"
        assert (luminance(fig["panel"]) < 0.05) if dark else (luminance(fig["panel"]) > 0.95), (name, fig["panel"])
        assert fig["left"] >= 0 and fig["right"] <= viewport, f"{name} spills out of the {viewport} px viewport"
        # The measurement really is font size x scale (not a constant): it follows the width.
        assert fig["smallest"] == pytest.approx(fig["smallestDrawn"] * min(1, fig["width"] / fig["drawn"]), rel=0.02)
        if phone:
            assert fig["smallest"] >= MIN_PHONE_TEXT, f"{name}: smallest text {fig['smallest']:.1f} px"
    no_sideways_scroll(page)
    return figures


def swipe_left(page: Page) -> None:
    """A one-finger swipe from right to left, as real touch events (Chromium's CDP)."""
    cdp = page.context.new_cdp_session(page)
    y = PHONE["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": 330, "y": y}]})
    for k in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": 330 - 24 * k, "y": y}]})
    # Hold still before lifting the finger: no fling, so the next tap is a tap.
    page.wait_for_timeout(150)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": 90, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def check_lightbox(page: Page, index: int, inline: dict, *, phone: bool, pan: bool = False,
                   axe: bool = False) -> None:
    """Open diagram `index` in the lightbox: the scheme's wide diagram, larger than inline.

    On the phone, `pan` also drags it sideways with a finger; `axe` scans the open lightbox.
    """
    link = page.locator("article a.sg-diagram:visible").nth(index)
    expect(link).to_have_attribute("data-sg-lightbox", "")  # lightbox.js is bound to it
    link.tap() if phone else link.click()
    page.wait_for_function(SETTLED_JS)
    shown = page.locator(LIGHTBOX_IMG)
    src = shown.get_attribute("src").rsplit("/", 1)[1]
    wide = inline["file"].replace("-narrow", "")
    assert src == wide, f"the lightbox shows {src}, not {wide}"
    box = shown.bounding_box()
    drawn = shown.evaluate("i => i.naturalWidth")  # the SVG's width: the size it is drawn for
    scale, inline_scale = box["width"] / drawn, inline["width"] / inline["drawn"]
    assert box["width"] > inline["width"], (src, box["width"], inline["width"])
    if phone:
        # The whole wide layout at the size it is drawn for, panned by touch.
        assert scale == pytest.approx(1, abs=0.01), (src, scale)
        if pan:
            assert box["width"] > PHONE["width"]
            swipe_left(page)
            page.wait_for_function("() => document.querySelector('#glightbox-body').scrollLeft > 100")
        assert page.locator(".glightbox-container").count() == 1, "the swipe closed the lightbox"
    else:
        assert scale > 1.2 * inline_scale, (src, scale, inline_scale)
        # at that scale the wide variant's 12 px text reads at 11 px and more
        assert 12 * scale >= MIN_PHONE_TEXT
    no_sideways_scroll(page)
    if axe:
        draw_everything(page)
        result = Axe().run(page, options={"resultTypes": ["violations"]}).response
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
                   if v["impact"] in SERIOUS]
        assert serious == [], f"{page.url} with the lightbox open: {serious}"
    close = page.locator(".glightbox-container .gclose")
    close.tap() if phone else page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.glightbox-container')")


def test_every_diagram_page_is_found(built_site: BuildResult):
    sources = {p.stem for p in (ROOT / "diagrams").glob("*.yml")}
    shown = set()
    for path in DIAGRAM_PAGES:
        for link in built_site.page(path).select("article a.sg-diagram--light"):
            shown.add(link["href"].rsplit("/", 1)[1].removesuffix(".svg"))
    assert shown == sources, "every diagram source appears on a page, and only those"


@pytest.mark.parametrize("path", DIAGRAM_PAGES)
def test_embeds_carry_all_four_variants(built_site: BuildResult, path: str):
    """Built HTML: two scheme links per figure, each with its wide and narrow image, sized as drawn."""
    soup = built_site.page(path)
    stray = [img["src"] for img in soup.select("article img[src*='assets/diagrams/']")
             if "sg-diagram" not in (img.parent.get("class") or [])]
    assert stray == [], f"{path}: diagrams outside the generated markup: {stray}"
    for figure in soup.select("article figure:has(a.sg-diagram)"):
        light, dark = figure.select("a.sg-diagram")
        assert "sg-diagram--light" in light["class"] and "sg-diagram--dark" in dark["class"]
        name = light["href"].rsplit("/", 1)[1].removesuffix(".svg")
        alts = set()
        for link, suffix in ((light, ""), (dark, "-dark")):
            assert link["href"].endswith(f"/{name}{suffix}.svg") and "glightbox" in link["class"]
            assert link["data-gallery"] == f"sg-diagrams-{'dark' if suffix else 'light'}"
            wide, narrow = link.find_all("img")
            assert wide["src"].endswith(f"/{name}{suffix}.svg") and "sg-diagram__wide" in wide["class"]
            assert narrow["src"].endswith(f"/{name}-narrow{suffix}.svg") and "sg-diagram__narrow" in narrow["class"]
            for img in (wide, narrow):
                svg = (built_site.site_dir / "assets" / "diagrams" / img["src"].rsplit("/", 1)[1]).read_text()
                drawn = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups()
                assert (img["width"], img["height"]) == drawn, img["src"]
                assert img["loading"] == "lazy"
                alts.add(img["alt"])
        assert len(alts) == 1 and len(alts.pop().split()) >= 15, f"{path}: {name} needs one full alt text"


def check_print(page: Page) -> None:
    """On paper every diagram is the wide one in light colours, whatever the screen's scheme."""
    page.emulate_media(media="print")
    shown = page.evaluate("() => [...document.querySelectorAll('article a.sg-diagram img')]"
                          ".filter(i => i.getClientRects().length).map(i => i.getAttribute('src').split('/').pop())")
    page.emulate_media(media="screen")
    assert shown and all(not re.search(r"-(narrow|dark)", name) for name in shown), shown


# glightbox waits for its zoom animations (0.5 s each way); they are not what is tested here.
FAST_ANIMATIONS = ".glightbox-container, .glightbox-container * { animation-duration: 1ms !important; }"


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_diagrams_read_well_in_both_schemes(browser: Browser, base_url: str, screen: str):
    phone = screen == "phone"
    context = browser.new_context(base_url=base_url, viewport=PHONE if phone else DESKTOP,
                                  is_mobile=phone, has_touch=phone)
    # Start in the light scheme (not "automatic"), so that one tap of the toggle switches.
    context.add_init_script("localStorage.getItem('/.__palette') || localStorage.setItem("
                            "'/.__palette', JSON.stringify({index: 1, color: {scheme: 'default'}}))")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    try:
        for path in DIAGRAM_PAGES:
            response = page.goto(path, wait_until="load")
            assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
            page.add_style_tag(content=FAST_ANIMATIONS)
            first = path == DIAGRAM_PAGES[0]
            for round_ in range(2):  # the scheme the page opens in, then the other one
                figures = check_inline(page, phone=phone)
                # Every diagram in the first scheme; in the second, the first page's only.
                for index, figure in enumerate(figures if round_ == 0 else figures[:1] if first else []):
                    opening = first and index == 0
                    check_lightbox(page, index, figure, phone=phone, pan=phone and opening,
                                   axe=phone and opening and round_ == 0)
                if round_ == 0:
                    switch_scheme(page, touch=phone)
            if first and not phone:
                check_print(page)
        assert errors == []
    finally:
        context.close()
