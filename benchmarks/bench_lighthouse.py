"""Lighthouse (mobile preset) on four pages of the built site, served like GitHub Pages.

    python benchmarks/bench_lighthouse.py                 # build, serve, 3 runs a page, print medians
    python benchmarks/bench_lighthouse.py --runs 1 --pages quiz/
    python benchmarks/bench_lighthouse.py --site-dir site # an already built site (SITE_URL must match)

The site is built with `mkdocs build --strict` for the address it is served from (instant
navigation reads sitemap.xml), served on 127.0.0.1 with gzip and `Cache-Control: max-age=600`
(benchmarks/static_server.py), and each page is measured by Lighthouse 12.8.2 (package.json,
installed with `npm ci`) in the system Chromium, with Lighthouse's default mobile settings
(Moto G Power viewport, simulated slow 4G and 4x CPU slowdown). Performance varies from run to
run on a busy machine, so each page runs several times and the run with the median performance
score is printed. The target (issue 12) is performance >= 95 and 100 in the other three
categories; the script prints a verdict per page and exits 0 whatever the figures (`make bench`
runs every benchmark to the end).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from static_server import free_port, serve_site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from find_chromium import find_chromium  # noqa: E402 (the browser tests' finder)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ("", "domains/model-development/", "glossary/", "quiz/")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# (audit id, label, unit): the metrics behind the performance score, and what weighs on them.
METRICS = (
    ("first-contentful-paint", "FCP", "ms"),
    ("largest-contentful-paint", "LCP", "ms"),
    ("total-blocking-time", "TBT", "ms"),
    ("cumulative-layout-shift", "CLS", ""),
    ("speed-index", "SI", "ms"),
    ("total-byte-weight", "bytes", "KiB"),
    ("dom-size", "DOM", "nodes"),
)
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")


@dataclass
class Run:
    scores: dict[str, int]
    metrics: dict[str, float]
    failing: list[str]  # audits that cost points, for the report
    lcp_element: str
    benchmark_index: float  # Lighthouse's measure of this machine's speed (higher is faster)


def find_chrome() -> str:
    """CHROME_PATH (Lighthouse's own variable), else the Chromium the browser tests use."""
    found = os.environ.get("CHROME_PATH") or find_chromium()
    if not found:
        raise SystemExit("no Chromium found: run `python scripts/find_chromium.py --install` or set CHROME_PATH")
    return found


def build_site(site_dir: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    env.pop("LINKCHECK_EXTERNAL", None)  # never the network
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}")


def site_for(site_dir: Path | None, tmp: str, port: int) -> Path:
    """site_dir as given, else a fresh build in tmp for the address it will be served from."""
    if site_dir is not None:
        return site_dir
    built = Path(tmp) / "site"
    print(f"building the site for http://127.0.0.1:{port}/ ...", flush=True)
    build_site(built, f"http://127.0.0.1:{port}/")
    return built


def lighthouse(url: str, chrome: str, out_dir: Path) -> Run:
    report = out_dir / "report.json"
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
           # Nothing leaves 127.0.0.1: no update checks, no Google field data.
           "--no-enable-error-reporting"]
    proc = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {data['runtimeError']}")
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    audits = data["audits"]
    metrics = {}
    for audit_id, label, _unit in METRICS:
        value = audits.get(audit_id, {}).get("numericValue")
        if value is not None:
            metrics[label] = value / 1024 if label == "bytes" else value
    failing = []
    for c in CATEGORIES:
        for ref in data["categories"][c]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
                failing.append(f"{c}: {ref['id']} ({audit.get('displayValue') or audit['score']})")
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {})
    lcp_element = ""
    for item in lcp.get("items", []):
        for sub in item.get("items", []):
            node = sub.get("node")
            if node:
                lcp_element = node.get("selector", "") or node.get("snippet", "")
                break
    return Run(scores, metrics, failing, lcp_element, data.get("environment", {}).get("benchmarkIndex") or 0)


def median_run(runs: list[Run]) -> Run:
    ordered = sorted(runs, key=lambda r: r.scores["performance"])
    return ordered[(len(ordered) - 1) // 2]  # the lower middle: never flatter a noisy pair


def print_run(path: str, run: Run, all_perf: list[int]) -> bool:
    met = all(run.scores[c] >= TARGETS[c] for c in CATEGORIES)
    scores = "  ".join(f"{c} {run.scores[c]:3d}" for c in CATEGORIES)
    runs = f" (runs: {', '.join(map(str, all_perf))})" if len(all_perf) > 1 else ""
    print(f"/{path:<28} {scores}{runs}  {'meets' if met else 'MISSES'} the target", flush=True)
    parts = []
    for _audit, label, unit in METRICS:
        if label in run.metrics:
            value = run.metrics[label]
            parts.append(f"{label} {value:.3f}" if label == "CLS" else f"{label} {value:,.0f} {unit}".rstrip())
    print("    " + ", ".join(parts) + f"  (machine benchmarkIndex {run.benchmark_index:.0f})")
    if run.lcp_element:
        print(f"    LCP element: {run.lcp_element}")
    for item in run.failing:
        print(f"    costs points: {item}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median printed)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="URL paths ('' is the home page)")
    parser.add_argument("--site-dir", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--port", type=int, default=0, help="port (with --site-dir: the one SITE_URL names)")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print(f"Lighthouse is not installed ({LIGHTHOUSE.relative_to(ROOT)} missing): run `npm ci` first")
        return 0
    chrome = find_chrome()
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        site_dir = site_for(args.site_dir, tmp, port)
        met_all = True
        with serve_site(site_dir, port) as base:
            print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}"
                  f", mobile preset, {args.runs} run(s) a page, against {base} (gzip, max-age=600)", flush=True)
            for path in args.pages:
                runs = []
                for _ in range(args.runs):
                    try:
                        runs.append(lighthouse(base + path, chrome, Path(tmp)))
                    except (RuntimeError, subprocess.TimeoutExpired) as e:
                        print(f"/{path}: {e}", flush=True)
                if not runs:
                    met_all = False
                    continue
                met_all &= print_run(path, median_run(runs), [r.scores["performance"] for r in runs])
        shutil.rmtree(Path(tmp) / "site", ignore_errors=True)
    print(f"Lighthouse verdict: {'every page meets' if met_all else 'some page MISSES'} the targets "
          f"(performance >= {TARGETS['performance']}, accessibility, best practices and SEO 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
