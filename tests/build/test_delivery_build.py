"""What the built site ships to a reader's browser (issue 12, speed): no lightbox code on pages
without a lightbox, a lightbox loaded on demand that works after instant navigation, minified
HTML, CSS and JavaScript, and a search index without the pages and text that only crowd it.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, BuildResult, build_in_process

GLIGHTBOX_TAGS = ("link[href*='glightbox']", "script[src*='glightbox']", "style#glightbox-style",
                  "script#init-glightbox")
PHONE = {"width": 390, "height": 844}


def _search_docs(built_site: BuildResult) -> list[dict]:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index["docs"]


def _plain(text: str) -> str:
    """Index or page text as words: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.mark.build
def test_pages_carry_no_glightbox_tags_and_pages_with_images_have_lightbox_links(built_site, nav_paths):
    with_images = []
    for path in nav_paths:
        # selectolax (the link check's parser): the printable edition alone is 2 MB of HTML
        page = LexborHTMLParser((built_site.site_dir / path / "index.html").read_text(encoding="utf-8"))
        for selector in GLIGHTBOX_TAGS:
            assert page.css_first(selector) is None, f"{path or 'home'}: glightbox's {selector} is in the page"
        images = [img for img in page.css("article img") if "off-glb" not in (img.attributes.get("class") or "")]
        if images:
            with_images.append(path)
            assert all(img.parent.tag == "a" and "glightbox" in (img.parent.attributes.get("class") or "").split()
                       for img in images), f"{path}: an image without a lightbox link"
    assert with_images and "" not in with_images, "the home page has no image, some teaching pages do"
    # What loads the lightbox on those pages instead: main.js's entry for a.glightbox, and its files.
    main = (built_site.site_dir / "javascripts" / "main.js").read_text(encoding="utf-8")
    assert re.search(r"""["']a\.glightbox["']\s*,\s*\(\)\s*=>\s*import\(["']\./lightbox\.js["']\)""", main)
    for asset in ("javascripts/lightbox.js", "stylesheets/lightbox.css", "assets/javascripts/glightbox.min.js",
                  "assets/stylesheets/glightbox.min.css"):
        assert (built_site.site_dir / asset).is_file(), asset


@pytest.mark.build
def test_search_index_leaves_out_print_link_index_and_the_question_bank(built_site):
    docs = _search_docs(built_site)
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert {"", "glossary/", "quiz/", "domains/model-development/"} <= pages
    assert not {"print/", "link-index/", "questions/"} & pages
    indexed = _plain(" ".join(doc["title"] + " " + doc["text"] for doc in docs))
    indexed_quiz = _plain(" ".join(doc["title"] + " " + doc["text"] for doc in docs
                                   if doc["location"].startswith("quiz/")))
    bank = built_site.page("questions/")
    answers = bank.select("details.sg-quiz__answer")
    assert len(answers) >= 60, "the question page lost its answers"
    leaked = []
    for answer in answers:
        for why in answer.select(".sg-quiz__why li"):
            text = " ".join(why.get_text(" ").split())
            if len(text) > 40 and text in indexed:
                leaked.append(text[:80])
    assert leaked == [], f"{len(leaked)} answer explanations are in the search index, e.g. {leaked[:2]}"
    stems = [" ".join(s.get_text(" ").split()) for s in bank.select(".sg-quiz__stem")]
    assert [s[:80] for s in stems if s in indexed] == [], "questions of the bank are in the search index"
    assert "Exam simulation" in indexed_quiz  # the page itself is still found


@pytest.mark.build
def test_link_check_still_tells_content_links_from_the_theme_after_minifying(built_site):
    """The link-check hook reads the minified page; its markers must survive, or every navigation
    link would count as a content link (the Tags page is linked only from the navigation)."""
    assert built_site.page("").select_one("nav a[href='tags/']"), "the navigation links the Tags page"
    inventory = json.loads((built_site.site_dir / "links.json").read_text(encoding="utf-8"))
    targets = {target["target"] for target in inventory["targets"]}
    assert "/glossary/" in targets or any(t.startswith("/glossary/#") for t in targets)
    assert "/tags/" not in targets
    # None of its markers is left, on the printable edition either (it holds copies of every page).
    left = [str(p.relative_to(built_site.site_dir)) for p in built_site.site_dir.rglob("*.html")
            if "linkcheck:content" in p.read_text(encoding="utf-8")]
    assert left == []


def _project_assets() -> list[Path]:
    docs = ROOT / "docs"
    return sorted(p.relative_to(docs) for p in [*docs.glob("javascripts/**/*.js"), *docs.glob("stylesheets/**/*.css")]
                  if ".min." not in p.name)


@pytest.mark.build
def test_shipped_html_css_and_js_are_minified_and_the_scripts_still_parse(built_site, tmp_path):
    assets = _project_assets()
    assert len(assets) >= 8
    node = shutil.which("node")
    assert node, "Node.js is needed to check the minified modules"
    for rel in assets:
        source = (ROOT / "docs" / rel).read_text(encoding="utf-8")
        shipped = (built_site.site_dir / rel).read_text(encoding="utf-8")
        assert len(shipped) < 0.9 * len(source), f"{rel}: {len(shipped)} bytes shipped of {len(source)}"
        assert not re.search(r"^\s*(//|/\*)", shipped, re.MULTILINE), f"{rel}: comments left"
        if rel.suffix == ".js":
            copy = tmp_path / rel.with_suffix(".mjs")  # .mjs: Node parses it as an ES module
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(shipped, encoding="utf-8")
            check = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
            assert check.returncode == 0, f"{rel} no longer parses once minified:\n{check.stderr}"
    for path in ("", "domains/model-development/", "glossary/", "quiz/"):
        page = (built_site.site_dir / path / "index.html").read_text(encoding="utf-8")
        outside_pre = re.sub(r"<(pre|textarea)\b.*?</\1>", "", page, flags=re.DOTALL)
        assert not re.search(r">\n\s+<", outside_pre), f"{path or 'home'}: indented HTML shipped"


@pytest.mark.browser
def test_lightbox_loads_on_the_first_tap_after_instant_navigation(browser: Browser, base_url, built_site, nav_paths):
    """On a phone: the home page fetches no GLightbox; after instant navigation to a page with a
    diagram, a tap fetches it and opens the diagram; Escape closes it."""
    with_image = next(p for p in nav_paths if built_site.page(p).select_one("article a.glightbox"))
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "glightbox" in request.url else None)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("", wait_until="networkidle")
        assert fetched == [], "the home page loaded GLightbox"
        link = page.locator(f"article a[href$='/{with_image}']:visible").first  # a domain card (Material makes hrefs absolute)
        page.evaluate("window.__samePage = true")
        link.tap()
        expect(page).to_have_url(re.compile(re.escape(with_image) + "(#.*)?$"))  # tracking may add an anchor
        expect(page.locator("article a.glightbox").first).to_be_attached()
        assert page.evaluate("window.__samePage === true"), "the navigation was not instant"
        assert fetched == [], "GLightbox was fetched before any tap"
        diagram = page.locator("article a.glightbox:visible").first
        diagram.scroll_into_view_if_needed()
        expect(diagram).to_have_attribute("data-sg-lightbox", "")  # lightbox.js is bound to it
        diagram.tap()
        expect(page.locator(".glightbox-container .gslide-image img").first).to_be_visible()
        assert any(url.endswith("glightbox.min.js") for url in fetched)
        assert page.url.endswith(with_image), "the tap left the page for the image file"
        page.keyboard.press("Escape")
        expect(page.locator(".glightbox-container")).to_have_count(0, timeout=5_000)
        assert errors == []
    finally:
        context.close()


@pytest.mark.build
def test_a_rebuild_in_one_process_reuses_only_what_no_edit_touched(tmp_path, monkeypatch):
    """`mkdocs serve` rebuilds in one process and the study-tools hook keeps the costly parts
    between builds: after editing one page, the question bank and the glossary, the second build
    shows every edit and renders again only the edited page's chapter of the printable edition."""

    import studykit.printable as printable

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "study-tools-site", project)
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    rewritten: list[str] = []
    original = printable.render_chapter

    def counting(source, **kwargs):
        rewritten.append(source.src_uri)
        return original(source, **kwargs)

    monkeypatch.setattr(printable, "render_chapter", counting)
    site = tmp_path / "site"

    def build_once() -> None:
        build_in_process(project, site, command="serve")

    build_once()
    assert len(rewritten) >= 3, rewritten
    rewritten.clear()
    edits = {
        "docs/domains/monitoring.md": ("Watch for feature drift.", "Watch for feature drift, said the edit."),
        "data/quiz.yml": ("Which Google Cloud service runs Apache Beam pipelines",
                          "Which edited service runs Apache Beam pipelines"),
        "data/glossary.yml": ("Google Cloud's managed service that runs Apache Beam pipelines.",
                              "The edited managed service that runs Apache Beam pipelines."),
    }
    for name, (old, new) in edits.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    build_once()
    assert rewritten == ["domains/monitoring.md"], "chapters of unedited pages were rendered again"
    shown = {page: (site / page / "index.html").read_text(encoding="utf-8")
             for page in ("print", "questions", "flashcards")}
    assert "said the edit" in shown["print"]
    assert "Which edited service" in shown["questions"]
    assert "The edited managed service" in shown["flashcards"]
