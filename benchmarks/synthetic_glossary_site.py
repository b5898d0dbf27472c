"""Generate a synthetic MkDocs site for the glossary benchmark: N pages, M glossary terms.

The site looks like the real one where it matters for cost: Material theme with search, the
same kinds of Markdown (headings every ~120 words, lists, tables, admonitions, code spans
and fenced code, links), about 800 words a page, and term spellings mixed into the prose
(multi-word terms sharing prefixes, all-caps abbreviations, aliases, plurals). It writes two
configurations: `mkdocs.yml` (with the glossary hook) and `mkdocs-nohook.yml` (without).

    python benchmarks/synthetic_glossary_site.py /tmp/synthetic --pages 500 --terms 1000
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ("ka", "lo", "ven", "tri", "mar", "sol", "dex", "ul", "rin", "qua", "zo", "pex", "tan",
             "bru", "fel", "gor", "hal", "ist", "jor", "ny", "osk", "pri", "ras", "sen", "tor", "vik")
HEADS = ("index", "pipeline", "store", "model", "engine", "metric", "loss", "encoder", "bucket",
         "window", "feature", "drift", "service", "registry", "tuner", "sampler")
FILLER = ("the", "a", "model", "data", "we", "then", "with", "is", "of", "to", "and", "for",
          "training", "when", "this", "each", "value", "in", "on", "results", "can", "team",
          "reads", "writes", "quickly", "because", "every", "batch", "table", "users", "cost",
          "latency", "prediction", "signal", "window", "evaluate", "deploy", "monitor", "across")
CONFIG = """\
site_name: Synthetic glossary benchmark
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
  features: [content.tooltips, navigation.sections]
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
plugins:
  - search
"""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def make_terms(rng: random.Random, count: int) -> list[dict]:
    terms: list[dict] = []
    seen: set[str] = set()
    stems = [_word(rng) for _ in range(count // 3 + 1)]  # shared first words: a deep trie
    while len(terms) < count:
        kind = rng.random()
        if kind < 0.15:
            name = "".join(rng.choice("BCDFGHKLMNPRSTVXZ") for _ in range(rng.randint(2, 4)))
        elif kind < 0.55:
            name = f"{rng.choice(stems).capitalize()} {rng.choice(HEADS)}"
        else:
            name = f"{rng.choice(stems)} {_word(rng)}"
        aliases = []
        if rng.random() < 0.5:
            aliases.append(f"{name} {rng.choice(HEADS)}x")
        if rng.random() < 0.3:
            aliases.append(_word(rng) + "-" + _word(rng))
        spellings = [name, *aliases]
        if any(s.lower() in seen for s in spellings):
            continue
        seen.update(s.lower() for s in spellings)
        terms.append({
            "term": name,
            "aliases": aliases,
            "short": f"Synthetic definition of {name} for the benchmark.",
            "definition": f"The synthetic term **{name}** exists to load the linker.",
            "domains": ["fundamentals"],
        })
    for i, term in enumerate(terms):  # a few related terms, like the real glossary
        term["id"] = f"t{i:04d}"
    for term in terms:
        term["see_also"] = [f"t{rng.randrange(len(terms)):04d}" for _ in range(rng.randint(0, 2))]
        term["see_also"] = sorted({s for s in term["see_also"] if s != term["id"]})
    return terms


def make_page(rng: random.Random, title: str, spellings: list[str], words: int = 800) -> str:
    out = [f"# {title}", ""]
    written = 0
    section = 0
    while written < words:
        section += 1
        out += [f"## Section {section} {{ #s{section} }}", ""]
        for _ in range(rng.randint(1, 3)):
            sentence = []
            for _ in range(rng.randint(30, 60)):
                r = rng.random()
                if r < 0.06:
                    word = rng.choice(spellings) + ("s" if rng.random() < 0.1 else "")
                elif r < 0.08:
                    word = f"`{rng.choice(FILLER)}_{rng.choice(FILLER)}`"
                elif r < 0.09:
                    word = f"[{rng.choice(FILLER)}](#s{section})"
                elif r < 0.11:
                    word = f"**{rng.choice(FILLER)}**"
                else:
                    word = rng.choice(FILLER)
                sentence.append(word)
            written += len(sentence)
            out += [" ".join(sentence).capitalize() + ".", ""]
        block = rng.random()
        if block < 0.25:
            out += [f"- {rng.choice(spellings)} then {rng.choice(FILLER)}" for _ in range(4)] + [""]
        elif block < 0.4:
            out += ["| Term | Note |", "| --- | --- |"]
            out += [f"| {rng.choice(spellings)} | {rng.choice(FILLER)} {rng.choice(FILLER)} |" for _ in range(3)]
            out += [""]
        elif block < 0.55:
            out += ['!!! tip "Exam tip"', f"    Prefer {rng.choice(spellings)} when {rng.choice(FILLER)}.", ""]
        elif block < 0.65:
            out += ["```python", f"x = '{rng.choice(spellings)}'  # never linked", "```", ""]
    return "\n".join(out) + "\n"


def make_site(dest: Path, pages: int = 500, terms: int = 1000, seed: int = 7) -> Path:
    """Write the synthetic project into `dest` (created or emptied) and return it."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "docs").mkdir(parents=True)
    (dest / "data").mkdir()
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    glossary = make_terms(rng, terms)
    (dest / "data" / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False), encoding="utf-8")
    spellings = [s for t in glossary for s in (t["term"], *t["aliases"])]
    nav = []
    for i in range(pages):
        folder = f"part-{i // 50:02d}"
        src = f"{folder}/page-{i:03d}.md"
        (dest / "docs" / folder).mkdir(exist_ok=True)
        (dest / "docs" / src).write_text(make_page(rng, f"Page {i}", spellings), encoding="utf-8")
        nav.append(src)
    (dest / "docs" / "index.md").write_text("# Synthetic site\n\nA benchmark site.\n", encoding="utf-8")
    (dest / "docs" / "glossary.md").write_text(
        "---\nglossary: false\n---\n# Glossary\n\nAll synthetic terms.\n\n<!-- glossary -->\n", encoding="utf-8")
    (dest / "mkdocs-nohook.yml").write_text(CONFIG, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(CONFIG + "hooks:\n  - hooks/glossary.py\n", encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    make_site(args.dest, args.pages, args.terms)
    print(f"wrote {args.pages} pages and {args.terms} terms to {args.dest}")


if __name__ == "__main__":
    main()
