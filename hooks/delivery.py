"""MkDocs hook: lighter pages for the reader's browser (issue 12: speed).

- The lightbox. mkdocs-glightbox wraps every image in an `a.glightbox` link (on_page_content),
  then in on_post_page adds GLightbox's script (render-blocking, in <head>) and stylesheet to
  every page, with or without images; it has no option to leave them out, but its per-page
  switch (`glightbox: false`) is read again in on_post_page. This hook turns the switch on once
  the images are wrapped, and docs/javascripts/lightbox.js (which main.js loads on pages with a
  lightbox link) fetches GLightbox on the first tap of a diagram, after instant navigation too.
- Minified CSS and JavaScript. The project's own `.css` and `.js` files (from docs/) are
  minified in the site folder once they are written (studykit.delivery). HTML is minified by
  the minify_html plugin (mkdocs.yml).

Events:
    on_config: start a fresh per-build state.
    on_files: note the project's CSS and JavaScript files.
    on_page_context: tell glightbox to add nothing to the page (its links are already made).
    on_post_build: minify the noted files in the site folder.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.delivery import is_minifiable, minify_file

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.delivery")

_assets: list[str] = []  # dest paths (site-relative) of the project's CSS and JS, this build


def on_config(config: MkDocsConfig, **kwargs) -> None:
    _assets.clear()


def on_files(files: Files, *, config: MkDocsConfig, **kwargs) -> None:
    docs = Path(config.docs_dir).resolve()
    for file in files:
        src = file.abs_src_path
        if src and is_minifiable(file.dest_uri) and Path(src).resolve().is_relative_to(docs):
            _assets.append(file.dest_uri)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, **kwargs) -> dict:
    page.meta["glightbox"] = False  # read by mkdocs-glightbox's on_post_page, after this event
    return context


def on_post_build(*, config: MkDocsConfig, **kwargs) -> None:
    site = Path(config.site_dir)
    before = after = 0
    for dest in _assets:
        path = site / dest
        if path.is_file():
            size_before, size_after = minify_file(path)
            before, after = before + size_before, after + size_after
    log.debug("delivery: %d CSS/JS files minified, %d -> %d bytes", len(_assets), before, after)
