"""How much build time the glossary hook adds, on a synthetic site and on the real one.

    python benchmarks/bench_glossary.py                  # 500 pages, 1,000 terms, 3 rounds; then the real site
    python benchmarks/bench_glossary.py --rounds 5 --skip-real

Each round builds the same project once per variant, alternating, in fresh `mkdocs build`
processes. A ratio is taken from the fastest run of each variant (the least disturbed by other
work on the machine), for CPU time (user + system of the build process, the steadier figure on
a busy machine) and for wall time. Targets:

- synthetic site (500 pages, 1,000 terms): with the glossary hook / without it <= 1.25 (issue 4);
- real site: all hooks / no hooks <= 1.40 (issue 12), printed with the glossary hook's own share
  (glossary only / no hooks, and all hooks / all but the glossary).

Every figure and verdict is printed; the exit status is 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import os
import re
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
HOOK_RE = re.compile(r"^  - (hooks/[\w-]+\.py)\n", re.MULTILINE)
TARGET = 1.25  # synthetic: glossary hook
ALL_HOOKS_TARGET = 1.40  # real site: all hooks


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


def best_timings(name: str, project: Path, configs: dict[str, str], rounds: int) -> dict[str, Timing]:
    """Build every variant `rounds` times, alternating; the fastest run of each."""
    runs: dict[str, list[Timing]] = {variant: [] for variant in configs}
    site = project / "_bench_site"
    for i in range(rounds):
        for variant, config in configs.items():
            timing = timed_build(project, config, site)
            runs[variant].append(timing)
            print(f"  {name} round {i + 1} {variant:>22}: {timing.wall:6.2f} s wall, {timing.cpu:6.2f} s CPU",
                  flush=True)
    return {v: Timing(min(t.wall for t in ts), min(t.cpu for t in ts)) for v, ts in runs.items()}


def ratio(best: dict[str, Timing], num: str, den: str) -> tuple[float, float]:
    return best[num].cpu / best[den].cpu, best[num].wall / best[den].wall


def compare(name: str, project: Path, with_hook: str, without_hook: str, rounds: int) -> float:
    best = best_timings(name, project, {"without hook": without_hook, "with hook": with_hook}, rounds)
    cpu_ratio, wall_ratio = ratio(best, "with hook", "without hook")
    print(f"{name}: without {best['without hook'].cpu:.2f} s CPU / {best['without hook'].wall:.2f} s wall, "
          f"with {best['with hook'].cpu:.2f} s CPU / {best['with hook'].wall:.2f} s wall -> "
          f"ratio {cpu_ratio:.3f} (CPU), {wall_ratio:.3f} (wall)", flush=True)
    return cpu_ratio


def compare_real(project: Path, rounds: int) -> float:
    """The real site without hooks, with the glossary only, with all but it, with all of them."""
    best = best_timings("real site", project, {
        "no hooks": "mkdocs-nohooks.yml", "glossary only": "mkdocs-glossary-only.yml",
        "all but the glossary": "mkdocs-noglossary.yml", "all hooks": "mkdocs.yml"}, rounds)
    for variant, timing in best.items():
        print(f"real site, {variant:>20}: {timing.cpu:6.2f} s CPU, {timing.wall:6.2f} s wall")
    all_cpu, all_wall = ratio(best, "all hooks", "no hooks")
    own_cpu, _ = ratio(best, "glossary only", "no hooks")
    added = best["all hooks"].cpu - best["all but the glossary"].cpu
    print(f"real site: all hooks / no hooks = {all_cpu:.3f} (CPU), {all_wall:.3f} (wall); "
          f"glossary alone adds {100 * (own_cpu - 1):.0f} % to the build without hooks, and "
          f"{added:.2f} s CPU ({100 * added / best['no hooks'].cpu:.0f} % of it) to the build with the others",
          flush=True)
    return all_cpu


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
    others = "".join(f"  - {hook}\n" for hook in HOOK_RE.findall(config) if f"  - {hook}\n" != HOOK_LINE)
    no_hooks = HOOK_RE.sub("", config).replace("\nhooks:\n", "\nhooks: []\n")
    (dest / "mkdocs-nohooks.yml").write_text(no_hooks, encoding="utf-8")
    (dest / "mkdocs-noglossary.yml").write_text(config.replace(HOOK_LINE, ""), encoding="utf-8")
    (dest / "mkdocs-glossary-only.yml").write_text(
        no_hooks.replace("\nhooks: []\n", "\nhooks:\n" + HOOK_LINE), encoding="utf-8")
    assert others, "mkdocs.yml lists no other hook"
    return dest


def verdict(name: str, value: float | None, target: float) -> bool:
    if value is None:
        print(f"{name}: no figure (its builds failed, see above)")
        return False
    ok = value <= target
    print(f"{name}: ratio {value:.3f} {'meets' if ok else 'MISSES'} the target of {target}")
    return ok


def attempt(run) -> float | None:
    """One benchmark; a failed build is reported and the next benchmark still runs."""
    try:
        return run()
    except SystemExit as e:
        print(f"  failed: {e}", flush=True)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-synthetic", action="store_true", help="only the real site")
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic site")
    args = parser.parse_args()
    synthetic_ratio = real_ratio = None
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        if not args.skip_synthetic:
            synthetic = make_site(Path(tmp) / "synthetic", args.pages, args.terms)
            print(f"synthetic site: {args.pages} pages, {args.terms} terms in {synthetic}", flush=True)
            synthetic_ratio = attempt(
                lambda: compare("synthetic", synthetic, "mkdocs.yml", "mkdocs-nohook.yml", args.rounds))
        if not args.skip_real:
            real_ratio = attempt(lambda: compare_real(real_site_copy(Path(tmp) / "real"), args.rounds))
    ok = True
    if not args.skip_synthetic:
        ok = verdict("synthetic site, glossary hook", synthetic_ratio, TARGET) and ok
    if not args.skip_real:
        ok = verdict("real site, all hooks", real_ratio, ALL_HOOKS_TARGET) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
