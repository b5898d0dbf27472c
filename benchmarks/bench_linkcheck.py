"""Benchmark the link-check hook; prints ratios.

1. Build cost: the real site is built in this process, alternately with and without
   hooks/linkcheck.py (every other hook and plugin kept), several rounds each, timing CPU
   (time.process_time) and wall clock; the CPU spent inside the hook's own events is timed too.
   Whole-build differences are noisy on a shared 2-core machine, so the ratio held against the
   target (<= 1.10) is (build without + hook's own CPU) / build without; the ratio of the best
   builds with and without is printed next to it as a cross-check.
2. External check scaling: 200 URLs spread over 20 local HTTP servers on 127.0.0.1 (20 "hosts",
   run in a separate process so that they do not compete with the checker for the GIL), each
   answering after a small artificial delay, checked with concurrency 1, 4, 16 and 64
   (per-host limit 4, the default). Nothing leaves 127.0.0.1.

    python benchmarks/bench_linkcheck.py [--rounds 5] [--delay 0.02]
"""
from __future__ import annotations

import argparse
import collections
import http.server
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
for folder in ("hooks", "tests", "scripts"):  # as pytest's pythonpath, plus tests/ for conftest
    sys.path.insert(0, str(ROOT / folder))

from conftest import copy_project  # noqa: E402 (the tests' copy of what a build needs)
from studykit.external import CheckSettings, check_urls  # noqa: E402

from hook_variants import timed, without_hooks  # noqa: E402

HOOK = "hooks/linkcheck.py"


def _build_seconds(config_file: Path, site_dir: Path) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, CPU seconds inside the linkcheck hook) of one build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=False)
    spent = collections.Counter()
    for handlers in config.plugins.events.values():
        for i, handler in enumerate(handlers):
            if getattr(handler, "__module__", "") == HOOK:  # MkDocs names hook modules by path
                handlers[i] = timed(handler, spent, HOOK)
    config.plugins.on_startup(command="build", dirty=False)
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.process_time() - cpu, time.perf_counter() - wall, spent[HOOK]


def bench_build(rounds: int) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("LINKCHECK_EXTERNAL", None)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        with_hook = project / "mkdocs.yml"
        without = project / "mkdocs-nolinkcheck.yml"
        without.write_text(without_hooks(with_hook.read_text(encoding="utf-8"), (HOOK,)), encoding="utf-8")
        os.chdir(project)
        cpu: dict[str, list[float]] = {"with": [], "without": []}
        wall: dict[str, list[float]] = {"with": [], "without": []}
        in_hook: list[float] = []
        _build_seconds(without, Path(tmp) / "warm")  # imports, theme, caches: not measured
        _build_seconds(with_hook, Path(tmp) / "warm")
        for _ in range(rounds):
            for name, config_file in (("without", without), ("with", with_hook)):
                c, w, h = _build_seconds(config_file, Path(tmp) / name)
                cpu[name].append(c)
                wall[name].append(w)
                if name == "with":
                    in_hook.append(h)
        pages = len(list((Path(tmp) / "with").rglob("index.html")))
        os.chdir(ROOT)
    print(f"Real site ({pages} pages), in-process builds, {rounds} rounds each "
          f"(median [min-max]):")
    for label, times in (("CPU ", cpu), ("wall", wall)):
        print(f"  {label}  without linkcheck {_stats(times['without'])}   with {_stats(times['with'])}")
    print(f"  CPU inside the linkcheck hook's events {_stats(in_hook)}")
    base = statistics.median(cpu["without"])
    ab_ratio = min(cpu["with"]) / min(cpu["without"])  # the least disturbed run of each
    own_ratio = (base + statistics.median(in_hook)) / base
    print(f"  ratio, best build with / best build without (CPU):        {ab_ratio:5.3f}")
    verdict = "OK" if own_ratio <= 1.10 else "OVER TARGET"
    print(f"  ratio, (build without + hook's own CPU) / build without:  {own_ratio:5.3f}"
          f"   target <= 1.10: {verdict}")
    print("  (A/B differences of whole builds are noisy on a shared machine; the hook's own CPU"
          " time is measured directly.)")


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} s [{min(values):.3f}-{max(values):.3f}]"


class _DelayedHandler(http.server.BaseHTTPRequestHandler):
    delay = 0.02
    protocol_version = "HTTP/1.1"

    def _answer(self, body: bool) -> None:
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args) -> None:
        pass


def serve(hosts: int, delay: float) -> None:
    """Child process: run the local servers, print their ports, stop when stdin closes."""
    _DelayedHandler.delay = delay
    ports = []
    for _ in range(hosts):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DelayedHandler)
        server.daemon_threads = True
        server.request_queue_size = 128
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ports.append(server.server_address[1])
    print(" ".join(map(str, ports)), flush=True)
    sys.stdin.read()


def bench_external(delay: float, hosts: int = 20, urls_per_host: int = 10) -> None:
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(hosts), "--delay", str(delay)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        ports = [int(p) for p in child.stdout.readline().split()]
        urls = [f"http://127.0.0.1:{port}/page-{i}" for port in ports for i in range(urls_per_host)]
        print(f"\nExternal check: {len(urls)} URLs on {hosts} local servers, "
              f"{delay * 1000:.0f} ms per answer, per-host limit 4:")
        baseline = None
        for concurrency in (1, 4, 16, 64):
            settings = CheckSettings(concurrency=concurrency, per_host=4, timeout=10, retries=0)
            start = time.perf_counter()
            results = check_urls(urls, settings)
            seconds = time.perf_counter() - start
            broken = sum(1 for r in results.values() if not r.ok)
            baseline = baseline or seconds
            print(f"  concurrency {concurrency:3d}: {seconds:6.2f} s  {len(urls) / seconds:7.1f} URLs/s"
                  f"  speed-up x{baseline / seconds:5.1f}  ({broken} broken)")
    finally:
        child.stdin.close()
        child.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="builds per variant (default 5)")
    parser.add_argument("--delay", type=float, default=0.02, help="server delay in s (default 0.02)")
    parser.add_argument("--skip-build", action="store_true", help="only the external check part")
    parser.add_argument("--skip-external", action="store_true", help="only the build part")
    parser.add_argument("--serve", type=int, metavar="HOSTS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.delay)
        return
    if not args.skip_build:
        bench_build(args.rounds)
    if not args.skip_external:
        bench_external(args.delay)


if __name__ == "__main__":
    main()
