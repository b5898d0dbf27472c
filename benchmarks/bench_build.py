"""What the three hooks cost the build, and how fast `mkdocs serve` rebuilds after an edit.

    python benchmarks/bench_build.py                 # 5 rounds of builds, then 3 serve rebuilds
    python benchmarks/bench_build.py --rounds 3 --edits 5
    python benchmarks/bench_build.py --skip-serve
    python benchmarks/bench_build.py --root ../other-checkout   # the same figures for another tree
    python benchmarks/bench_build.py --instructions  # only the build cost, counted in instructions
    python benchmarks/bench_build.py --features --rounds 3  # what each generated page costs

1. Build cost. A copy of the real site is built cold (a fresh Python process each time, as
   `mkdocs build` runs), alternately with the three hooks (glossary, linkcheck, studytools) and
   without them (every plugin and any other hook kept). Each build is timed in CPU seconds
   (time.process_time: the steadier figure on a shared machine) and wall seconds, and the CPU
   spent inside each hook's event handlers is timed on its own, per event, so the figures say
   where the time goes. The target (issue 12): the hooks add at most 40 %, median build with /
   median build without <= 1.40.
2. Rebuild in one process. The same copy built again in this process after each edit of
   docs/domains/model-development.md: what `mkdocs serve` does, with the hooks' results from
   the build before kept where no edit touched them.
3. Serve. A real `make serve` (`mkdocs serve --dirty`: hooks/incremental.py renders again only
   the edited page and the pages made from all the others), the same without the three hooks
   (what MkDocs and Material take on their own), then `mkdocs serve` with full rebuilds, with
   and without the hooks, each on a copy of the site; each edit appends a line to
   docs/domains/model-development.md. A rebuild is timed from MkDocs' "Detected file changes" to
   its "Reloading browsers" (the watcher's 0.1 s debounce included), and from the edit to that
   line; MkDocs' own "Documentation built in N seconds" cannot time every rebuild, since its
   logger drops a message it logged before (a second 0.57 s rebuild says nothing). An edit is
   saved again if no rebuild follows within 30 s. Target: `make serve` <= 1.5 s on a 2-core machine.

4. Instructions (--instructions, needs valgrind). Seconds vary by 30 % from one build to the
   next on a shared machine; the number of instructions a build runs barely does. Each variant's
   cold build runs once under valgrind (cachegrind, no cache simulation), and so does its
   set-up alone (imports and load_config, which the timed builds leave out too); the ratio of
   the builds' instructions is the hooks' cost, within 0.5 % from run to run. Two processes at a
   time; about four minutes on 2 cores.

5. Features (--features). What each page the hooks generate (the printable edition, the glossary
   and its term links, the quiz, ...) adds to the cold build: the build with that page's marker
   line removed, against the builds with and without the hooks; in instructions as in 4 when
   valgrind is installed (about five minutes), else the fastest of --rounds CPU timings (per
   feature, CPU seconds are too noisy to trust). Says what the hooks' cost is made of (no target).

Figures are printed with their verdicts; the script exits 0 whatever they are, since one noisy
figure must not stop `make bench`.
"""
from __future__ import annotations

import argparse
import collections
import json
import logging
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from hook_variants import timed, without_hooks

ROOT = Path(__file__).resolve().parent.parent
# What a build needs (as tests/conftest.py's SITE_SOURCES); copied here from any checkout
# (--root), without importing conftest, whose studykit import would pin this checkout's.
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks", "data")
HOOKS = ("hooks/glossary.py", "hooks/linkcheck.py", "hooks/studytools.py")
HOOKS_TARGET = 1.40
REBUILD_TARGET = 1.5
EDITED_PAGE = "docs/domains/model-development.md"
MISSED_EDIT_AFTER_S = 30  # several times the slowest rebuild seen (7 s)
MISSED_EDIT_RETRIES = 2
BUILT_RE = re.compile(r"Documentation built in ([0-9.]+) seconds")
DETECTED_RE = re.compile(r"Detected file changes")
RELOADED_RE = re.compile(r"Reloading browsers")


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    dest.mkdir(parents=True)
    for name in SITE_SOURCES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def write_without_hooks(config_file: Path, dest: Path) -> Path:
    """`config_file` without the three hooks, written to `dest`."""
    dest.write_text(without_hooks(config_file.read_text(encoding="utf-8"), HOOKS), encoding="utf-8")
    return dest


def timed_build(config_file: Path, site_dir: Path) -> tuple[float, float, collections.Counter]:
    """(CPU s, wall s, CPU s per (hook, event)) of one in-process build, as `mkdocs build` does it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=False)
    spent: collections.Counter = collections.Counter()
    for event, handlers in config.plugins.events.items():
        for i, handler in enumerate(handlers):
            module = getattr(handler, "__module__", "")
            if module in HOOKS:  # MkDocs names a hook module by its path in mkdocs.yml
                handlers[i] = timed(handler, spent, (module, event))
    config.plugins.on_startup(command="build", dirty=False)
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.process_time() - cpu, time.perf_counter() - wall, spent


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s [{min(values):.2f}-{max(values):.2f}]"


def _child_build(config_file: Path, site_dir: Path) -> dict:
    """One cold build in a fresh Python process (as `mkdocs build` runs): its figures."""
    proc = subprocess.run([sys.executable, __file__, "--one-build", str(config_file), str(site_dir)],
                          cwd=config_file.parent, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build of {config_file} failed:\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def one_build(config_file: Path, site_dir: Path, *, set_up_only: bool = False) -> None:
    """--one-build: build once in this process and print the figures as JSON (for the parent);
    with set_up_only, stop before the build (what bench_instructions subtracts)."""
    if set_up_only:
        from mkdocs.config import load_config
        load_config(str(config_file), site_dir=str(site_dir), strict=False).plugins.on_startup(
            command="build", dirty=False)
        return
    cpu, wall, spent = timed_build(config_file, site_dir)
    print(json.dumps({"cpu": cpu, "wall": wall, "spent": [[h, e, s] for (h, e), s in spent.items()]}))


def _print_hook_events(per_hook: list[collections.Counter]) -> float:
    keys = sorted({k for spent in per_hook for k in spent}, key=lambda k: -statistics.median(s[k] for s in per_hook))
    by_hook: dict[str, float] = collections.defaultdict(float)
    for key in keys:
        seconds = statistics.median(s[key] for s in per_hook)
        by_hook[key[0]] += seconds
        if seconds >= 0.01:
            print(f"    {key[0]:<22} {key[1]:<18} {seconds:6.3f} s")
    for hook, seconds in sorted(by_hook.items(), key=lambda kv: -kv[1]):
        print(f"    {hook:<22} {'(all events)':<18} {seconds:6.3f} s")
    return sum(by_hook.values())


def _hook_variants(project: Path, tmp: Path) -> dict[str, Path]:
    """The config files without and with the three hooks (in the order the builds alternate),
    after one build that is not measured: the OS file cache and compiled bytecode are then the
    same for every measured one."""
    with_hooks = project / "mkdocs.yml"
    no_hooks = write_without_hooks(with_hooks, project / "mkdocs-nohooks.yml")
    _child_build(with_hooks, tmp / "warm")
    return {"without": no_hooks, "with": with_hooks}


def _hooks_ratio_line(what: str, ratio: float) -> str:
    verdict = "meets" if ratio <= HOOKS_TARGET else "MISSES"
    return f"  hooks ratio {what}: {ratio:5.3f} (+{(ratio - 1) * 100:.0f} %)  {verdict} the target <= {HOOKS_TARGET:.2f}"


def bench_hooks(project: Path, tmp: Path, rounds: int) -> None:
    """Cold builds (a fresh process each) with and without the hooks, alternating."""
    variants = _hook_variants(project, tmp)
    cpu: dict[str, list[float]] = {"without": [], "with": []}
    wall: dict[str, list[float]] = {"without": [], "with": []}
    per_hook: list[collections.Counter] = []
    for i in range(rounds):
        for name, config_file in variants.items():
            figures = _child_build(config_file, tmp / name)
            cpu[name].append(figures["cpu"])
            wall[name].append(figures["wall"])
            if name == "with":
                per_hook.append(collections.Counter({(h, e): s for h, e, s in figures["spent"]}))
            print(f"  round {i + 1} {name:>7} hooks: {figures['cpu']:5.2f} s CPU, {figures['wall']:5.2f} s wall",
                  flush=True)
    pages = len(list((tmp / "with").rglob("index.html")))
    print(f"Cold build of the real site ({pages} pages, a fresh process each), {rounds} rounds (median [min-max]):")
    for label, times in (("CPU ", cpu), ("wall", wall)):
        print(f"  {label}  without hooks {_stats(times['without'])}   with hooks {_stats(times['with'])}")
    print("  CPU inside the hooks' events (median per build):")
    own = _print_hook_events(per_hook)
    for label, times in (("CPU", cpu), ("wall", wall)):
        ratio = statistics.median(times["with"]) / statistics.median(times["without"])
        print(_hooks_ratio_line(f"({label}), median with / median without", ratio))
    base = statistics.median(cpu["without"])
    print(f"  cross-check: (without + hooks' own CPU) / without = {(base + own) / base:5.3f}")


# What each generated page costs: the same build with its marker line gone (the hooks then leave
# the page a stub). The glossary's marker also switches the term links in every page off.
FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "printable edition": (("docs/print.md", "print"),),
    "glossary entries and term links": (("docs/glossary.md", "glossary"),),
    "quiz and question bank": (("docs/quiz.md", "quiz"), ("docs/questions.md", "quiz-bank")),
    "flashcards": (("docs/flashcards.md", "flashcards"),),
    "link index": (("docs/link-index.md", "link-index"),),
    "June 2026 guide map": (("docs/guide-2026.md", "guide-2026"),),
    "progress panel": (("docs/index.md", "progress"),),
}


def without_markers(project: Path, dest: Path, markers: tuple[tuple[str, str], ...]) -> Path:
    """A copy of `project` in which each (page, name) has lost its `<!-- name -->` line."""
    copy = copy_project(dest, project)
    for page, name in markers:
        path = copy / page
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if line.strip() != f"<!-- {name} -->"]
        if len(kept) == len(lines):
            raise SystemExit(f"{page} has no '<!-- {name} -->' line: nothing to compare")
        path.write_text("".join(kept), encoding="utf-8")
    return copy / "mkdocs.yml"


def bench_features(project: Path, tmp: Path, rounds: int) -> None:
    """What each page the hooks generate adds to the cold build, next to the hooks' cost: in
    instructions when valgrind is installed (steady), else the fastest of `rounds` CPU timings."""
    configs = _hook_variants(project, tmp)
    for i, (feature, markers) in enumerate(FEATURES.items()):
        configs[feature] = without_markers(project, tmp / f"feature-{i}", markers)
    if shutil.which("valgrind") is not None:
        # A feature's copy has the same mkdocs.yml as the full site: the same set-up.
        counts = _build_instructions(configs, tmp, {name: "without" if name == "without" else "with"
                                                    for name in configs})
        figures, unit, scale, how = counts, "G", 1e9, "instructions, cachegrind; set-up subtracted"
    else:
        cpu: dict[str, list[float]] = {name: [] for name in configs}
        for _ in range(rounds):
            for j, (name, config_file) in enumerate(configs.items()):
                cpu[name].append(_child_build(config_file, tmp / f"feature-site-{j}")["cpu"])
        # The fastest build: another process on the machine only ever adds time.
        figures, unit, scale, how = ({name: min(times) for name, times in cpu.items()}, "s", 1,
                                     f"fastest CPU s of {rounds} rounds; valgrind counts instructions")
    cost = figures["with"] - figures["without"]
    print(f"What each generated page adds to the cold build ({how}); the hooks add "
          f"{cost / scale:.2f} {unit} to {figures['without'] / scale:.2f} {unit}:")
    saved = {feature: figures["with"] - figures[feature] for feature in FEATURES}
    saved["the rest (set-up, link check, ...)"] = cost - sum(saved.values())
    for name, value in saved.items():
        print(f"  {name:<34} {value / scale:6.3f} {unit}  {value / cost * 100:5.1f} % of the hooks' cost")


def _instructions(config_file: Path, site_dir: Path, *, set_up_only: bool) -> int:
    """Instructions that one cold build (or only its set-up) runs, counted by cachegrind."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, __file__, "--one-build", str(config_file), str(site_dir)]
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same set and dict orders every run
    proc = subprocess.run(command + (["--set-up-only"] if set_up_only else []), cwd=config_file.parent,
                          capture_output=True, text=True, env=env)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run of {config_file} failed:\n{proc.stdout}{proc.stderr[-3000:]}")
    return int(found[1].replace(",", ""))


def _build_instructions(configs: dict[str, Path], tmp: Path, set_up_of: dict[str, str]) -> dict[str, int]:
    """Instructions of each config's cold build, minus those of the set-up of the config
    set_up_of[name] (imports and load_config, which the timed builds leave out too)."""
    from concurrent.futures import ThreadPoolExecutor

    runs = [(name, False) for name in configs] + [(name, True) for name in dict.fromkeys(set_up_of.values())]

    def count(run: tuple[str, bool]) -> int:
        name, set_up = run
        return _instructions(configs[name], tmp / f"cg-{runs.index(run)}", set_up_only=set_up)

    with ThreadPoolExecutor(max_workers=2) as pool:  # each count is one single-threaded process
        counts = dict(zip(runs, pool.map(count, runs)))
    return {name: counts[name, False] - counts[set_up_of[name], True] for name in configs}


def bench_instructions(project: Path, tmp: Path) -> None:
    """The hooks' cost in instructions: builds with and without them, minus their set-up."""
    if shutil.which("valgrind") is None:
        print("Instructions: skipped, valgrind is not installed (apt-get install valgrind)")
        return
    configs = _hook_variants(project, tmp)
    build = _build_instructions(configs, tmp, {name: name for name in configs})
    print("Cold build of the real site, instructions (cachegrind; set-up subtracted):")
    print(f"  without hooks {build['without'] / 1e9:6.2f} G   with hooks {build['with'] / 1e9:6.2f} G")
    print(_hooks_ratio_line("(instructions)", build["with"] / build["without"]))


def bench_rebuild(project: Path, tmp: Path, rounds: int) -> None:
    """Builds in one process after an edit, as `mkdocs serve` does them, without its watcher."""
    config_file = project / "mkdocs.yml"
    page = project / EDITED_PAGE
    cwd = Path.cwd()
    os.chdir(project)
    try:
        timed_build(config_file, tmp / "rebuild")
        cpu, wall, per_hook = [], [], []
        for i in range(rounds):
            with page.open("a", encoding="utf-8") as f:
                f.write(f"\nEdited by the benchmark ({i + 1}).\n")
            c, w, spent = timed_build(config_file, tmp / "rebuild")
            cpu.append(c)
            wall.append(w)
            per_hook.append(spent)
    finally:
        os.chdir(cwd)
    print(f"Rebuild in the same process after an edit of {EDITED_PAGE}, {rounds} rounds:")
    print(f"  CPU {_stats(cpu)}   wall {_stats(wall)}; CPU inside the hooks' events:")
    _print_hook_events(per_hook)


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line))


def _wait_for(lines: queue.Queue, pattern: re.Pattern, timeout: float,
              seen: list[tuple[float, str]] | None = None) -> tuple[float, re.Match] | None:
    """The first line matching `pattern` within `timeout` s, with the time it arrived; the lines
    before it are added to `seen` when given."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            stamp, line = lines.get(timeout=max(0.01, deadline - time.perf_counter()))
        except queue.Empty:
            return None
        match = pattern.search(line)
        if match:
            return stamp, match
        if seen is not None:
            seen.append((stamp, line))
        if "ERROR" in line or "Traceback" in line:
            print("    serve: " + line.rstrip())


def _wait_for_rebuild(lines: queue.Queue, timeout: float, edited_at: float) -> tuple[float, float] | None:
    """(when MkDocs noticed the edit, when it reloaded the browsers) of the next rebuild; the
    time of the edit stands in for a "Detected file changes" line not seen (never a shorter time)."""
    seen: list[tuple[float, str]] = []
    done = _wait_for(lines, RELOADED_RE, timeout, seen)
    if done is None:
        return None
    detected = next((stamp for stamp, line in seen if DETECTED_RE.search(line)), edited_at)
    return detected, done[0]


def bench_serve(project: Path, edits: int, *, dirty: bool = False, label: str = "",
                target: bool = False) -> float | None:
    """The median rebuild time after `edits` edits, or None when there is none."""
    from static_server import free_port

    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("LINKCHECK_EXTERNAL", None)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"] + (["--dirty"] * dirty)
    name = "mkdocs serve" + " --dirty" * dirty + label
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    try:
        first = _wait_for(lines, BUILT_RE, timeout=600)
        if first is None or _wait_for(lines, re.compile(r"Serving on"), timeout=60) is None:
            print(f"  {name} did not start")
            return None
        print(f"{name}: first build {float(first[1].group(1)):.2f} s; now {edits} edits of {EDITED_PAGE}:")
        page = project / EDITED_PAGE
        built, walls = [], []
        missed = 0
        for i in range(edits):
            time.sleep(3.0)  # let the watcher settle between edits
            done = None
            for attempt in range(1 + MISSED_EDIT_RETRIES):
                with page.open("a", encoding="utf-8") as f:
                    f.write(f"\nEdited by the benchmark ({i + 1}.{attempt}).\n")
                start = time.perf_counter()
                done = _wait_for_rebuild(lines, timeout=MISSED_EDIT_AFTER_S, edited_at=start)
                if done is not None:
                    break
                missed += 1
                print(f"  edit {i + 1}: no rebuild within {MISSED_EDIT_AFTER_S} s, saving again", flush=True)
            if done is None:
                print(f"  {name}: the watcher missed {missed} saves in a row; no verdict")
                return None
            built.append(done[1] - done[0])
            walls.append(done[1] - start)
            print(f"  edit {i + 1}: rebuilt in {built[-1]:.2f} s; edit to done {walls[-1]:.2f} s", flush=True)
        rebuild = statistics.median(built)
        verdict = ("  meets" if rebuild <= REBUILD_TARGET else "  MISSES") + f" the target <= {REBUILD_TARGET} s"
        print(f"  {name}: rebuild after an edit, median {rebuild:.2f} s (edit to done "
              f"{statistics.median(walls):.2f} s)" + (verdict if target else "")
              + (f"; the watcher missed {missed} saves" if missed else ""))
        return rebuild
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    if sys.argv[1:2] == ["--one-build"]:  # a child of bench_hooks or bench_instructions
        _quiet()
        one_build(Path(sys.argv[2]), Path(sys.argv[3]), set_up_only="--set-up-only" in sys.argv[4:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="builds of each variant (default 5)")
    parser.add_argument("--edits", type=int, default=3, help="edits while `mkdocs serve` runs (default 3)")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-hooks", action="store_true")
    parser.add_argument("--instructions", action="store_true",
                        help="only the build cost, in instructions counted by valgrind (steady on a busy machine)")
    parser.add_argument("--features", action="store_true",
                        help="only what each page the hooks generate adds to the build (instructions with "
                             "valgrind, else CPU s)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="benchmark another checkout (mkdocs.yml, docs, overrides, hooks, data), e.g. to compare")
    args = parser.parse_args()
    _quiet()
    print(f"{os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        if args.instructions:
            bench_instructions(copy_project(Path(tmp) / "project", args.root), Path(tmp))
            return 0
        if args.features:
            bench_features(copy_project(Path(tmp) / "project", args.root), Path(tmp), args.rounds)
            return 0
        if not args.skip_hooks:
            bench_hooks(copy_project(Path(tmp) / "project", args.root), Path(tmp), args.rounds)
            bench_rebuild(copy_project(Path(tmp) / "rebuild-project", args.root), Path(tmp), args.rounds)
        if not args.skip_serve:
            serve_benchmarks(Path(tmp), args.root, args.edits)
    return 0


def serve_benchmarks(tmp: Path, root: Path, edits: int) -> None:
    """`make serve` (the target), then full rebuilds, each with and without the three hooks."""
    def bare(name: str) -> Path:
        project = copy_project(tmp / name, root)
        write_without_hooks(project / "mkdocs.yml", project / "mkdocs.yml")
        return project

    incremental = bench_serve(copy_project(tmp / "serve-dirty", root), edits, dirty=True,
                              label=" (make serve)", target=True)
    incremental_alone = bench_serve(bare("serve-dirty-bare"), edits, dirty=True, label=" (without the three hooks)")
    full = bench_serve(copy_project(tmp / "serve-full", root), edits, label=" (full rebuilds)")
    full_alone = bench_serve(bare("serve-full-bare"), edits, label=" (full rebuilds, without the three hooks)")
    for name, with_hooks, alone in (("make serve", incremental, incremental_alone),
                                    ("mkdocs serve (full rebuilds)", full, full_alone)):
        if with_hooks and alone:
            print(f"  {name} rebuild, with / without the hooks: {with_hooks / alone:.2f} "
                  f"(MkDocs and Material alone take {alone:.2f} s of the {with_hooks:.2f} s)")
    if incremental and full:
        print(f"  make serve rebuild / full rebuild: {incremental / full:.2f}")


def _quiet() -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("LINKCHECK_EXTERNAL", None)  # never the network
    logging.getLogger("mkdocs").setLevel(logging.ERROR)


if __name__ == "__main__":
    sys.exit(main())
