"""Find a Chromium for the browser tests, and install one when asked.

Order: $CHROMIUM_PATH, Debian's chromium (/usr/lib/chromium/chromium, the binary
behind the /usr/bin/chromium shell wrapper), other chromium executables on PATH.
When none is found, `--install` installs Debian's package (root with apt-get, as
CI is) or else Playwright's own Chromium build (a developer machine with internet).

    python scripts/find_chromium.py            # print the path, exit 1 if none
    python scripts/find_chromium.py --install  # install one if missing
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_BINARY = Path("/usr/lib/chromium/chromium")
NAMES_ON_PATH = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """Return the path of a system Chromium, or None when Playwright's own must be used."""
    from_env = os.environ.get("CHROMIUM_PATH")
    if from_env:
        if not Path(from_env).is_file():
            raise SystemExit(f"CHROMIUM_PATH={from_env} is not a file: unset it or point it at a Chromium binary")
        return from_env
    if DEBIAN_BINARY.is_file():
        return str(DEBIAN_BINARY)
    for name in NAMES_ON_PATH:
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_has_chromium() -> bool:
    """True when Playwright's own Chromium build is installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False
    with sync_playwright() as p:
        return Path(p.chromium.executable_path).is_file()


def install() -> None:
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True)
    else:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)


def main(argv: list[str]) -> int:
    path = find_chromium()
    if path is None and "--install" in argv and not playwright_has_chromium():
        install()
        path = find_chromium()
    if path:
        print(f"chromium: {path}")
        return 0
    if playwright_has_chromium():
        print("chromium: Playwright's own build")
        return 0
    print("chromium: none found; run `python scripts/find_chromium.py --install`", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
