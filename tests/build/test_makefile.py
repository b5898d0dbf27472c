"""A newcomer's first commands: the Makefile's checks, as `make` really runs them."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build


def fake_python(tmp_path: Path, version: str, ok: bool) -> Path:
    """A stand-in interpreter that reports `version` and passes or fails the version check."""
    script = tmp_path / f"python-{version}"
    script.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *print*) echo {version};; *sys.exit*) exit {0 if ok else 1};; esac\n',
        encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def make(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "MAKEFLAGS": ""})


def test_an_old_python_is_refused_with_what_to_do(tmp_path):
    result = make("check-python", f"PYTHON={fake_python(tmp_path, '3.11.2', ok=False)}")
    assert result.returncode != 0
    assert "is Python 3.11.2; this project needs Python 3.11.5 or newer" in result.stdout
    assert "make PYTHON=python3.12 serve" in result.stdout


def test_a_venv_made_by_another_python_is_rebuilt(tmp_path):
    plan = make("-n", f"{'.venv'}/.installed", f"PYTHON={fake_python(tmp_path, '3.12.9', ok=True)}")
    assert plan.returncode == 0, plan.stderr
    assert "rm -rf .venv" in plan.stdout and "-m venv .venv" in plan.stdout, plan.stdout


def test_the_venv_of_the_current_python_is_reused():
    plan = make("-n", ".venv/.installed-test")
    assert plan.returncode == 0, plan.stderr
    assert "rm -rf .venv" not in plan.stdout, "the suite's own venv would be rebuilt"


def test_serve_installs_the_site_only_and_test_adds_the_test_tools():
    plan = make("-n", "-B", ".venv/.installed", ".venv/.installed-test", "PYTHON=python3")
    lines = [line for line in plan.stdout.splitlines() if "pip install" in line and "-c requirements.lock" in line]
    assert lines[0].endswith("-c requirements.lock ."), lines
    assert lines[1].endswith('-c requirements.lock ".[test]"'), lines
    assert not any("-e " in line for line in lines), "no editable install (pip warns about it)"


def test_a_busy_port_says_which_port_to_use_instead():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = make("serve", f"PORT={port}")
    assert result.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in result.stdout
    assert "make serve PORT=8001" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_serve_rebuilds_only_what_an_edit_changed():
    plan = [line for line in make("-n", "serve", "PORT=8123").stdout.splitlines() if "mkdocs serve" in line]
    assert len(plan) == 1 and plan[0].endswith("mkdocs serve --dev-addr 127.0.0.1:8123 --dirty"), plan
    assert "hooks/incremental.py" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_clean_removes_what_the_tools_make():
    plan = make("-n", "clean")
    for made in (".venv", "site", "preview", ".cache", ".pytest_cache", ".hypothesis", "*.egg-info"):
        assert f" {made}" in plan.stdout, made
