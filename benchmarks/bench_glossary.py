"""How much build time the glossary hook adds: with/without ratios on a synthetic and the real site.

    python benchmarks/bench_glossary.py                  # 500 pages, 1,000 terms, 3 rounds; then the real site
    python benchmarks/bench_glossary.py --rounds 5 --skip-real

Each round builds the same project twice, once with `hooks/glossary.py` and once without,
alternating, in fresh `mkdocs build` processes. The ratio is taken from the fastest run of
each variant (the least disturbed by other work on the machine), for CPU time (user + system
of the build process, the steadier figure on a busy machine) and for wall time. The target is
a ratio of at most 1.25 on the synthetic site (issue 4).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic_glossary_site import make_site

ROOT = Path(__file__).resolve().parent.parent
HOOK_LINE = "  - hooks/glossary.py\n"
TARGET = 1.25


@dataclass
class Timing:
    wall: float
    cpu: float


def timed_build(project: Path, config: str, site_dir: Path) -> Timing:
    """One `mkdocs build` in a fresh process: wall time and the child's CPU time."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("LINKCHECK_EXTERNAL", None)  # never touch the network
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build of {project / config} failed:\n{proc.stdout}{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def compare(name: str, project: Path, with_hook: str, without_hook: str, rounds: int) -> float:
    runs: dict[str, list[Timing]] = {"with": [], "without": []}
    site = project / "_bench_site"
    for i in range(rounds):
        for variant, config in (("without", without_hook), ("with", with_hook)):
            timing = timed_build(project, config, site)
            runs[variant].append(timing)
            print(f"  {name} round {i + 1} {variant:>7} hook: {timing.wall:6.2f} s wall, {timing.cpu:6.2f} s CPU",
                  flush=True)
    best = {v: Timing(min(t.wall for t in ts), min(t.cpu for t in ts)) for v, ts in runs.items()}
    cpu_ratio = best["with"].cpu / best["without"].cpu
    wall_ratio = best["with"].wall / best["without"].wall
    print(f"{name}: without {best['without'].cpu:.2f} s CPU / {best['without'].wall:.2f} s wall, "
          f"with {best['with'].cpu:.2f} s CPU / {best['with'].wall:.2f} s wall -> "
          f"ratio {cpu_ratio:.3f} (CPU), {wall_ratio:.3f} (wall)", flush=True)
    return cpu_ratio


def real_site_copy(dest: Path) -> Path:
    """The repository's site with an extra config that leaves the glossary hook out."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides", "hooks", "data"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    if HOOK_LINE not in config:
        raise SystemExit(f"mkdocs.yml has no line {HOOK_LINE.strip()!r}: cannot build without the hook")
    (dest / "mkdocs-nohook.yml").write_text(config.replace(HOOK_LINE, ""), encoding="utf-8")
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        synthetic = make_site(Path(tmp) / "synthetic", args.pages, args.terms)
        print(f"synthetic site: {args.pages} pages, {args.terms} terms in {synthetic}", flush=True)
        ratio = compare("synthetic", synthetic, "mkdocs.yml", "mkdocs-nohook.yml", args.rounds)
        if not args.skip_real:
            real = real_site_copy(Path(tmp) / "real")
            compare("real site", real, "mkdocs.yml", "mkdocs-nohook.yml", args.rounds)
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"synthetic ratio {ratio:.3f} {verdict} the target of {TARGET}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
