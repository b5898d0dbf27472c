"""axe-core's colour checks on every page as it is loaded, the way Lighthouse's audit sees it.

    python benchmarks/axe_as_loaded.py                  # build, serve, scan every page, both schemes
    python benchmarks/axe_as_loaded.py --site-dir site  # an already built site (SITE_URL must match)

The browser tests draw every block before they scan (tests/conftest.py, draw_everything), so that
axe-core checks the colours of content a reader scrolls to. A page scanned as loaded, at
Lighthouse's phone viewport, shows what those scans cannot: text that `content-visibility: auto`
has not drawn yet is measured where it would lie (axe-core issue #2768), and text that spills out
of its reserved box is reported over whatever lies there (the next block, the footer). Issue 12
found false contrast failures on 19 of 29 pages that way. Prints each failing page and a verdict;
exits 0 whatever it finds (`make bench` runs every benchmark to the end).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from bench_lighthouse import find_chrome, site_for
from static_server import free_port, serve_site

VIEWPORT = {"width": 412, "height": 823}  # Lighthouse's mobile preset (Moto G Power)
SCHEMES = {"default": 1, "slate": 2}  # Material's palette index of each scheme in mkdocs.yml
RULES = ["color-contrast", "link-in-text-block"]
SKIP = {"print/"}  # the printable edition repeats every teaching page scanned here


def site_pages(site_dir: Path) -> list[str]:
    pages = {p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.rglob("index.html")}
    pages = {"" if p == "./" else p for p in pages if not p.startswith(("assets/", "search/"))}
    return sorted(pages - SKIP)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="scan this built site instead of building one")
    parser.add_argument("--port", type=int, default=0, help="port (with --site-dir: the one SITE_URL names)")
    args = parser.parse_args()
    port = args.port or free_port()
    failing = 0
    with tempfile.TemporaryDirectory(prefix="axe-as-loaded-") as tmp:
        site_dir = site_for(args.site_dir, tmp, port)
        pages = site_pages(site_dir)
        with serve_site(site_dir, port) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chrome(), args=["--no-sandbox"])
            for scheme, index in SCHEMES.items():
                context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
                context.add_init_script("localStorage.setItem('/.__palette', JSON.stringify("
                                        f"{{index: {index}, color: {{scheme: '{scheme}'}}}}))")
                page = context.new_page()
                for path in pages:
                    page.goto(base + path, wait_until="load")
                    page.wait_for_function("document.documentElement.hasAttribute('data-sg-ready')")
                    result = Axe().run(page, options={"runOnly": RULES}).response
                    targets = [node["target"] for v in result["violations"] for node in v["nodes"]]
                    if targets:
                        failing += 1
                        print(f"{scheme:8} /{path}: {len(targets)} node(s), e.g. {targets[:3]}", flush=True)
                context.close()
            browser.close()
    print(f"axe as loaded: {len(pages)} pages x {len(SCHEMES)} schemes, {failing} with colour failures: "
          f"{'clean' if failing == 0 else 'FAILS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
