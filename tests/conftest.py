"""Shared fixtures: build the real site once, serve it on 127.0.0.1, drive it in Chromium.

The site is built with `mkdocs build --strict` in a subprocess, exactly as a contributor
or CI builds it, with SITE_URL set to the address the test server listens on (Material's
instant navigation only works when site_url matches the origin it is served from).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from find_chromium import find_chromium, playwright_has_chromium

# The repository's hooks/studykit, imported before any in-process build: MkDocs puts a hook's
# folder first on sys.path while it loads the hook, so otherwise the first build of a scratch
# copy would make that copy *the* studykit, and pytest deletes a passed test's tmp_path.
import studykit  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent.parent
# What a site needs to build: copy these into a scratch folder to build a variant.
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks", "data")


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    def page(self, url_path: str) -> BeautifulSoup:
        """Parse a built page given its site URL path, e.g. 'domains/monitoring/'."""
        path = self.site_dir / url_path
        if url_path == "" or url_path.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def run_mkdocs_build(project_dir: Path, site_dir: Path, *, site_url: str | None = None,
                     extra_env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` for the project in project_dir; never raises on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env.pop("LINKCHECK_EXTERNAL", None)  # no network in tests, whatever the shell has set
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project_dir, env=env, capture_output=True, text=True, timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


def copy_project(dest: Path) -> Path:
    """Copy what the real site needs to build into dest, for tests that break something."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def build_in_process(project: Path, site_dir: Path, *, strict: bool = True, dirty: bool = False,
                     command: str = "build") -> Path:
    """Build with MkDocs' API (faster than a subprocess), as `mkdocs <command>` starts a build;
    raises Abort when strict fails. `command="serve"` keeps hook state as `mkdocs serve` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
    config.plugins.on_startup(command=command, dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return site_dir


class ServeProcess:
    """Builds as one `mkdocs serve --dirty` process runs them: on_startup once, then each
    rebuild with a freshly loaded config (MkDocs reloads mkdocs.yml, not the hook modules)."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project, self.site_dir = project, site_dir
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=True)

    def _load(self):
        from mkdocs.config import load_config

        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site_dir), strict=False)

    def rebuild(self) -> None:
        from mkdocs.commands.build import build

        config, self.config = self.config, None
        build(config or self._load(), dirty=True)

    def close(self) -> None:
        self._load().plugins.on_shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_url(server_port: int) -> str:
    return f"http://127.0.0.1:{server_port}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> BuildResult:
    """The real site, built once per test session with --strict."""
    result = run_mkdocs_build(ROOT, tmp_path_factory.mktemp("site"), site_url=site_url)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def nav_paths(built_site: BuildResult) -> list[str]:
    """URL paths of every page in the primary navigation, in order ('' is the home page)."""
    home = built_site.page("")
    paths = [""]
    for link in home.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = link["href"].split("#")[0]
        path = href.lstrip("./") if href not in (".", "./") else ""
        if path not in paths:
            paths.append(path)
    assert len(paths) > 10, f"navigation looks empty: {paths}"
    return paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def site_server(built_site: BuildResult, server_port: int, site_url: str):
    """Serve the built site on 127.0.0.1 (a plain server: `mkdocs serve` never goes idle)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url
    server.shutdown()
    server.server_close()


# --- Playwright (pytest-playwright) configuration ------------------------------------

# axe rules that the colour scheme can change: a page scanned with every rule in the light scheme
# needs only these in the dark one (its structure, names and roles are the same in both).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# The bank's questions and the glossary's letters far from the viewport are not drawn
# (content-visibility: auto, extra.css and glossary.css); a reader's scrolling draws each one.
# Checks of the whole page (axe scans, layout surveys) draw them all first, so that axe-core
# checks every entry's colours as a reader sees them (it skips undrawn text: axe-core #2768).
# The style goes in <body>, which instant navigation keeps (it replaces <head> elements).
# Then they wait for running transitions (a just-focused button's 125 ms colour change): a scan
# that starts within one reads a half-way colour. Endless animations are not waited for.
DRAW_ALL_JS = """async () => {
  if (!document.getElementById("sg-test-draw-all")) {
    const style = Object.assign(document.createElement("style"), {id: "sg-test-draw-all"});
    style.textContent = ".sg-quiz__bank > li, .glossary-letter"
      + " { content-visibility: visible !important; }";
    document.body.append(style);
  }
  const finite = document.getAnimations().filter((a) => a.effect
    && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""


# The site's scripts start after the first paint (overrides/main.html), which can come after the
# `load` event that page.goto() and page.reload() wait for; main.js marks the page once its tools
# are bound. Every load in the tests also waits for that, as a reader would before using a tool;
# a page without the site's scripts (no JavaScript, another document) is ready at `load`.
READY_JS = """() => !document.getElementById("__config")
  || document.documentElement.classList.contains("no-js")
  || document.documentElement.hasAttribute("data-sg-ready")"""


def _waits_for_the_site_scripts(load):
    @functools.wraps(load)
    def load_and_wait(self, *args, **kwargs):
        response = load(self, *args, **kwargs)
        self.wait_for_function(READY_JS)
        return response
    return load_and_wait


Page.goto = _waits_for_the_site_scripts(Page.goto)
Page.reload = _waits_for_the_site_scripts(Page.reload)


def draw_everything(page) -> None:
    page.evaluate(DRAW_ALL_JS)


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the system's Chromium when there is one; in CI a missing browser fails."""
    path = find_chromium()
    if path is None and not playwright_has_chromium():
        message = "no Chromium found: run `python scripts/find_chromium.py --install`"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    args = {**browser_type_launch_args, "headless": True, "args": CHROMIUM_FLAGS}
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def base_url(site_server: str) -> str:
    """pytest-playwright resolves page.goto('page/') against this."""
    return site_server
