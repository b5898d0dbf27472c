"""The glossary: load and validate `data/glossary.yml`, render the glossary page and its backlinks.

Data flow in one build:

1. `load_glossary` reads the YAML file. Every entry and field keeps its line number, so each
   problem is reported as `data/glossary.yml:LINE: what is wrong (fix: what to do)`, and every
   problem in the file is reported at once (`GlossaryError.problems`), not only the first.
2. `render_glossary_page` turns the terms into the Markdown that replaces the
   `<!-- glossary -->` marker of the glossary page (an A-Z jump bar, one `## A { #letter-a }`
   heading per letter, each followed by a placeholder) and, for each letter, the HTML of its
   entries (an `h3` with the term's id, its text, one paragraph of facts), which goes in the
   placeholder's place once the page is rendered. Each entry ends with a placeholder comment
   where its "Appears in" backlinks go.
3. While pages render, the linker (`studykit.linker`) reports which terms each page section
   links. `BacklinkIndex` collects those usages; `insert_backlinks` then replaces the
   placeholders in the glossary page's HTML (the autorefs pattern: a regex only over our own
   placeholders).

Contributors write definitions in Markdown, but never raw HTML: `studykit.safe_markdown` renders
them with core Markdown only and sanitizes the result, so a definition such as `<script>` shows
as text and no link can be `javascript:`. No MkDocs imports here.
"""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studykit.datafile import Problem, read_data_file
from studykit.safe_markdown import SafeMarkdown
from studykit.urls import https_url_problem

# The six exam domains of the 2020 guide (page stems under docs/domains/) plus the fundamentals page.
DOMAIN_PAGES: dict[str, str] = {
    "problem-framing": "domains/problem-framing.md",
    "solution-architecture": "domains/solution-architecture.md",
    "data-preparation": "domains/data-preparation.md",
    "model-development": "domains/model-development.md",
    "pipeline-automation": "domains/pipeline-automation.md",
    "monitoring": "domains/monitoring.md",
    "fundamentals": "fundamentals.md",
    # Today's exam: the part is linked by its first page.
    "generative-ai": "genai/foundation-models.md",
    "platform": "platform/bigquery-ml-automl.md",
}
# Folders whose every page belongs to one part of today's exam.
DOMAIN_FOLDERS: dict[str, str] = {"genai/": "generative-ai", "platform/": "platform"}
DOMAIN_LABELS: dict[str, str] = {
    "problem-framing": "ML problem framing",
    "solution-architecture": "ML solution architecture",
    "data-preparation": "Data preparation",
    "model-development": "Model development",
    "pipeline-automation": "Pipeline automation",
    "monitoring": "Monitoring",
    "fundamentals": "ML fundamentals",
    "generative-ai": "Generative AI",
    "platform": "Platform today",
}
FIELDS = ("term", "id", "short", "definition", "aliases", "see_also", "domains", "link",
          "case_sensitive")
REQUIRED = ("term", "short", "definition", "domains")
SHORT_MAX = 200

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Ids the glossary page uses for its own letter sections.
RESERVED_ID_RE = re.compile(r"letter-[a-z0-9]+")
MARKER_RE = re.compile(r"^[ \t]*<!--\s*glossary\s*-->[ \t]*$", re.MULTILINE)
LETTER_PLACEHOLDER = "<!-- glossary-letter:{} -->"
LETTER_PLACEHOLDER_RE = re.compile(r"<!-- glossary-letter:([a-z0-9-]+) -->")
ENTRY_ID_RE = re.compile(r'<h3 id="([a-z0-9-]+)"')  # in our own entries' HTML only
BACKLINKS_PLACEHOLDER = "<!-- glossary-backlinks:{} -->"
BACKLINKS_PLACEHOLDER_RE = re.compile(r"<!-- glossary-backlinks:([a-z0-9-]+) -->")
# A Markdown ATX heading inside a definition would break the page's letter/term structure.
# Spellings this short would link ordinary words ("a", "r"): at least MIN_SPELLING letters or
# digits, and up to EXACT_CASE_MAX of them the spelling always matches its exact case.
MIN_SPELLING = 2
EXACT_CASE_MAX = 3


class GlossaryError(Exception):
    """The glossary data file is unreadable or invalid; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Term:
    """One glossary entry. `line` is where its mapping starts in the data file."""

    id: str
    term: str
    short: str
    definition: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    link: str | None = None
    case_sensitive: bool | None = None
    line: int = 0

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    source: str = "data/glossary.yml"

    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    def ids_of_domain(self, domain: str | None) -> frozenset[str]:
        """Ids of the terms that list `domain` among their `domains`."""
        return frozenset(t.id for t in self.terms if domain in t.domains) if domain else frozenset()


def domain_of_page(src_uri: str) -> str | None:
    """The exam domain a page teaches ('domains/monitoring.md' -> 'monitoring'), if any."""
    for domain, src in DOMAIN_PAGES.items():
        if src == src_uri:
            return domain
    return next((d for folder, d in DOMAIN_FOLDERS.items() if src_uri.startswith(folder)), None)


def slugify(text: str) -> str:
    """Readable anchor id: 'Pub/Sub' -> 'pub-sub', 'F1 score' -> 'f1-score', 'tf.data' -> 'tf-data'."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def normalize_spelling(text: str) -> str:
    """Key under which two spellings count as the same: case and runs of whitespace ignored."""
    return " ".join(text.split()).casefold()


# --- Loading and validation ---------------------------------------------------------------


def load_glossary(path: Path, source: str = "data/glossary.yml") -> Glossary:
    """Read and validate the glossary file at `path`; `source` is the name used in messages.

    Raises:
        GlossaryError: the file is missing, unreadable or invalid.
    """
    text = read_data_file(path, source, "Glossary terms", GlossaryError)
    # Two hooks read the file in every build (the glossary, the flashcards). The last result is
    # kept by the file's text, never by its path, so an edit under `mkdocs serve` is always read.
    cached = _last_parsed.get((source, text))
    if cached is None:
        cached = parse_glossary(text, source)  # raises on bad data: nothing is kept then
        _last_parsed.clear()
        _last_parsed[(source, text)] = cached
    return cached


_last_parsed: dict[tuple[str, str], Glossary] = {}  # (source, text) -> its Glossary, one entry


def parse_glossary(text: str, source: str = "data/glossary.yml") -> Glossary:
    """Parse and validate glossary YAML text.

    Raises:
        GlossaryError: with every problem found, each naming its line and a fix.
    """
    loader, root = _compose(text, source)
    try:
        if root is None:
            raise GlossaryError([Problem(source, 1, "the file has no terms",
                                         "add a YAML list with one '- term: ...' mapping per term")])
        if not isinstance(root, SequenceNode):
            raise GlossaryError([Problem(source, _line(root), "the file must be a YAML list of terms",
                                         "start every term with '- term: ...'")])
        checker = _Checker(source, loader)
        terms = [t for t in (checker.read_entry(node) for node in root.value) if t is not None]
        checker.check_cross_references(terms)
    finally:
        loader.dispose()
    if checker.problems:
        checker.problems.sort(key=lambda p: p.line)
        raise GlossaryError(checker.problems)
    return Glossary(tuple(terms), source)


def _syntax_problem(source: str, e: yaml.YAMLError) -> Problem:
    fix = "check the indentation and quoting on this line and the one before"
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        what = " ".join(str(part) for part in (e.context, e.problem) if part)
        return Problem(source, mark.line + 1 if mark else 1, f"invalid YAML: {what}", fix)
    return Problem(source, 1, f"invalid YAML: {e}", fix)


# libyaml's loader is ~8x faster on a large file and keeps the same line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, source: str) -> tuple[yaml.SafeLoader, Node | None]:
    """The YAML node tree (with line marks) and the loader that can construct its values."""
    loader = _Loader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
    # Report syntax errors with PyYAML's own parser: the same message with or without libyaml.
    try:
        yaml.SafeLoader(text).get_single_node()
    except yaml.YAMLError as e:
        raise GlossaryError([_syntax_problem(source, e)]) from None
    raise GlossaryError([Problem(source, 1, "invalid YAML", "check the file's syntax")])


# A line that could be a setext underline ('===' or '---' under a text), also in a list or a quote.
_UNDERLINE_RE = re.compile(r"^[ \t>*+-]*(?:=+|-+)[ \t]*$", re.MULTILINE)


def _may_hold_heading(text: str) -> bool:
    """Cheap test first: a heading needs a '#' or an underline line; Markdown decides the rest
    (rendering 500 definitions only to look for headings was a tenth of a build)."""
    return "#" in text or _UNDERLINE_RE.search(text) is not None


def _yaml_kind(value: object) -> str:
    return {list: "list", dict: "mapping", bool: "true/false value"}.get(type(value), "number")


def _line(node: Node) -> int:
    return node.start_mark.line + 1


@dataclass
class _Entry:
    """Field values of one mapping, with the node of each for line numbers."""

    values: dict[str, object] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    misspelt: set[str] = field(default_factory=set)  # fields an unknown key was probably meant to be


class _Checker:
    def __init__(self, source: str, loader: yaml.SafeLoader) -> None:  # or CSafeLoader
        self.source = source
        self.loader = loader
        self.problems: list[Problem] = []
        # Per term: the line of each alias, to name it in cross-reference errors.
        self.alias_lines: dict[tuple[str, str], int] = {}
        self.see_also_lines: dict[tuple[str, str], int] = {}
        self.invalid_ids: set[str] = set()  # ids of entries with errors of their own
        self.markdown = SafeMarkdown()

    def add(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.source, line, message, fix))

    def read_entry(self, node: Node) -> Term | None:
        if not isinstance(node, MappingNode):
            self.add(_line(node), "each item of the list must be a mapping of fields",
                     "write the term as '- term: ...' followed by its fields")
            return None
        entry = _Entry()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in FIELDS:
                close = difflib.get_close_matches(str(key), FIELDS, n=1)
                if close:
                    entry.misspelt.add(close[0])  # one mistake, one message: not "has no 'short'" too
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.add(_line(key_node), f"unknown key '{key}'",
                         f"{hint}allowed keys: {', '.join(FIELDS)}")
                continue
            if key in entry.nodes:
                self.add(_line(key_node), f"key '{key}' appears twice in this entry",
                         f"keep one '{key}' (the first is at line {_line(entry.nodes[key])})")
                continue
            try:
                entry.values[key] = self.loader.construct_object(value_node, deep=True)
            except yaml.YAMLError as e:
                self.add(_line(value_node), f"invalid value for '{key}': {e}", "check its syntax")
                continue
            entry.nodes[key] = value_node
        return self._make_term(_line(node), entry)

    def _make_term(self, line: int, entry: _Entry) -> Term | None:
        values, nodes = entry.values, entry.nodes
        ok = True
        term = values.get("term")
        if "term" not in values:
            self.add(line, "entry has no 'term'", "add 'term: <the word or phrase>' to this entry")
            return None
        if not isinstance(term, str) or not term.strip():
            self.add(_line(nodes["term"]), "'term' must be a non-empty string",
                     "write the word or phrase, quoted if it contains ':' or '#'")
            return None
        term = " ".join(term.split())
        name = f"term '{term}'"

        for key in REQUIRED[1:]:
            if key not in values:
                if key not in entry.misspelt:
                    self.add(line, f"{name} has no '{key}'", _FIX_MISSING[key])
                ok = False
        short = values.get("short")
        if "short" in values:
            if not isinstance(short, str):
                self.add(_line(nodes["short"]), f"{name}: 'short' must be one sentence of text, "
                         f"not a {_yaml_kind(short)}", "write it as one line of plain text")
                ok = False
            elif not short.strip():
                self.add(_line(nodes["short"]), f"{name}: 'short' is empty", _FIX_MISSING["short"])
                ok = False
            elif "\n" in short.strip():
                self.add(_line(nodes["short"]), f"{name}: 'short' must be one line of plain text",
                         "write one sentence on one line; put details in 'definition'")
                ok = False
            elif len(short.strip()) > SHORT_MAX:
                self.add(_line(nodes["short"]),
                         f"{name}: 'short' is {len(short.strip())} characters long (at most {SHORT_MAX})",
                         "shorten the tooltip to one sentence; put details in 'definition'")
                ok = False
        definition = values.get("definition")
        if "definition" in values:
            if not isinstance(definition, str):
                self.add(_line(nodes["definition"]), f"{name}: 'definition' must be text, "
                         f"not a {_yaml_kind(definition)}", "write a few sentences (Markdown allowed)")
                ok = False
            elif not definition.strip():
                self.add(_line(nodes["definition"]), f"{name}: 'definition' is empty",
                         _FIX_MISSING["definition"])
                ok = False
            elif _may_hold_heading(definition) and self.markdown.has_heading(definition):
                self.add(_line(nodes["definition"]), f"{name}: 'definition' contains a Markdown heading",
                         "remove the '#' heading or the '===' / '---' line under a text; use **bold** "
                         "text or a list instead")
                ok = False

        term_id = values.get("id", slugify(term))
        if "id" in values and (not isinstance(term_id, str) or not ID_RE.fullmatch(term_id)):
            self.add(_line(nodes["id"]), f"{name}: id '{term_id}' is not valid",
                     f"use lowercase letters, digits and single hyphens, e.g. '{slugify(str(term_id)) or 'my-term'}'")
            ok = False
        elif not term_id:
            self.add(line, f"{name} gives an empty id", "add an explicit 'id: <lowercase-words>'")
            ok = False
        elif RESERVED_ID_RE.fullmatch(str(term_id)):
            self.add(_line(nodes.get("id", nodes["term"])), f"{name}: id '{term_id}' is reserved for letter sections",
                     "choose another 'id'")
            ok = False

        aliases = self._string_list(values, nodes, "aliases", name)
        see_also = self._string_list(values, nodes, "see_also", name)
        domains = self._string_list(values, nodes, "domains", name)
        if aliases is None or see_also is None or domains is None:
            ok = False
        aliases = tuple(" ".join(a.split()) for a in aliases or ())
        if "domains" in values and domains is not None:
            if not domains:
                self.add(_line(nodes["domains"]), f"{name}: 'domains' is empty", _FIX_MISSING["domains"])
                ok = False
            for i, domain in enumerate(domains):
                if domain not in DOMAIN_PAGES:
                    self.add(_line(nodes["domains"].value[i]), f"{name}: unknown domain '{domain}'",
                             f"use one of: {', '.join(DOMAIN_PAGES)}")
                    ok = False

        link = values.get("link")
        if "link" in values:
            problem = https_url_problem(link)
            if problem:
                self.add(_line(nodes["link"]), f"{name}: 'link' {problem}",
                         "link to the authoritative definition, e.g. "
                         "https://developers.google.com/machine-learning/glossary#epoch")
                ok = False
        case_sensitive = values.get("case_sensitive")
        if "case_sensitive" in values and not isinstance(case_sensitive, bool):
            self.add(_line(nodes["case_sensitive"]), f"{name}: 'case_sensitive' must be true or false",
                     "write case_sensitive: true (match exactly) or false (ignore case)")
            ok = False

        spelling_nodes = [(term, nodes["term"])] + [(a, nodes["aliases"].value[i]) for i, a in enumerate(aliases)]
        for text, text_node in spelling_nodes:
            letters = sum(ch.isalnum() for ch in text)
            if letters < MIN_SPELLING:
                self.add(_line(text_node), f"{name}: spelling '{text}' is too short to link safely",
                         f"use at least {MIN_SPELLING} letters or digits (it would link every '{text}')")
                ok = False
            elif letters <= EXACT_CASE_MAX and case_sensitive is False:
                self.add(_line(nodes["case_sensitive"]),
                         f"{name}: spelling '{text}' has {EXACT_CASE_MAX} letters or fewer, so it always "
                         "matches its exact case", "remove 'case_sensitive: false'")
                ok = False
        for i, alias in enumerate(aliases):
            self.alias_lines[(str(term_id), normalize_spelling(alias))] = _line(nodes["aliases"].value[i])
        for i, ref in enumerate(see_also or ()):
            self.see_also_lines[(str(term_id), ref)] = _line(nodes["see_also"].value[i])
        if not ok:
            self.invalid_ids.add(str(term_id))  # reported already: no "see_also ... not an id" elsewhere
            return None
        return Term(id=str(term_id), term=term, short=" ".join(str(short).split()),
                    definition=str(definition).strip(), domains=tuple(domains or ()),
                    aliases=aliases, see_also=tuple(see_also or ()), link=link,
                    case_sensitive=case_sensitive, line=line)

    def _string_list(self, values: dict[str, object], nodes: dict[str, Node], key: str,
                     name: str) -> list[str] | None:
        if key not in values:
            return []
        value = values[key]
        if not isinstance(value, list):
            self.add(_line(nodes[key]), f"{name}: '{key}' must be a list",
                     f"write it as [a, b] or as one '- item' per line under '{key}:'")
            return None
        bad = [i for i, item in enumerate(value) if not isinstance(item, str) or not item.strip()]
        for i in bad:
            self.add(_line(nodes[key].value[i]), f"{name}: '{key}' has an empty or non-text item",
                     "remove it or write it as text")
        return None if bad else [item.strip() for item in value]

    def check_cross_references(self, terms: list[Term]) -> None:
        """Duplicate ids and spellings (case-insensitive) across terms; dangling see_also."""
        first_id: dict[str, Term] = {}
        for term in terms:
            if term.id in first_id:
                self.add(term.line, f"duplicate id '{term.id}' (first at line {first_id[term.id].line})",
                         "give one of the two terms another 'id', or merge them")
            else:
                first_id[term.id] = term
        # Every spelling (term or alias) links to exactly one term.
        owner: dict[str, tuple[Term, bool, int]] = {}  # key -> (term, is_main_term, line)
        for term in terms:
            spellings = [(term.term, True, term.line)]
            spellings += [(a, False, self.alias_lines.get((term.id, normalize_spelling(a)), term.line))
                          for a in term.aliases]
            for text, is_term, line in spellings:
                key = normalize_spelling(text)
                if key not in owner:
                    owner[key] = (term, is_term, line)
                    continue
                other, other_is_term, other_line = owner[key]
                if other is term:
                    self.add(line, f"term '{term.term}': alias '{text}' repeats one of its own spellings",
                             "remove the repeated alias (matching ignores case)")
                elif is_term and other_is_term:
                    self.add(line, f"duplicate term '{text}' (first at line {other_line})",
                             "merge the two entries into one")
                elif is_term:
                    self.add(line, f"term '{text}' is already an alias of term '{other.term}' (line {other_line})",
                             f"remove the alias from '{other.term}' or merge the two entries")
                elif other_is_term:
                    self.add(line, f"alias '{text}' of term '{term.term}' is already the term at line {other_line}",
                             "remove the alias, or merge the two entries")
                else:
                    self.add(line, f"alias '{text}' is claimed by two terms: '{other.term}' (line {other_line}) "
                                   f"and '{term.term}'",
                             "keep the alias on one term only")
        # A spelling also matches its plural, so "precisions" on one term and "precision" on
        # another would send every "precisions" to the wrong entry.
        for key, (term, is_term, line) in owner.items():
            for plural in (key + "s", key + "es"):
                other = owner.get(plural)
                if other is not None and other[0] is not term:
                    kind = "term" if other[1] else f"alias '{plural}' of term '{other[0].term}'"
                    what = f"term '{plural}'" if other[1] else kind
                    self.add(other[2], f"{what} is the plural of '{key}' (term '{term.term}', line {line}), "
                                       "which already links it",
                             "remove the plural spelling: plurals link to their singular's term")
        for term in terms:
            for ref in term.see_also:
                line = self.see_also_lines.get((term.id, ref), term.line)
                if ref == term.id:
                    self.add(line, f"term '{term.term}': see_also '{ref}' refers to itself",
                             "remove it from 'see_also'")
                elif ref not in first_id and ref not in self.invalid_ids:
                    close = difflib.get_close_matches(ref, list(first_id), n=1)
                    hint = f"did you mean '{close[0]}'? " if close else ""
                    self.add(line, f"term '{term.term}': see_also '{ref}' is not the id of any term",
                             f"{hint}use the 'id' of an existing term (its heading anchor on the glossary page)")


_FIX_MISSING = {
    "short": "add 'short:' with one plain-text sentence; it is the tooltip",
    "definition": "add 'definition:' with a few sentences in your own words (Markdown allowed)",
    "domains": "add 'domains:' with a list from: " + ", ".join(DOMAIN_PAGES),
}


# --- Rendering the glossary page ----------------------------------------------------------


def escape_inline(text: str) -> str:
    """Plain text for a Markdown heading or link label: no emphasis, HTML or attribute lists."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([`*_{}\[\]#!|])", r"\\\1", text)


def letter_of(term: str) -> str:
    """Jump-bar letter of a term: its first letter without accents ('É' -> 'E'), '0-9' for
    digits and symbols, 'Other' for letters outside A-Z (each letter needs an ASCII anchor)."""
    for ch in term:
        if ch.isalpha():
            base = unicodedata.normalize("NFKD", ch)[0].upper()
            return base if "A" <= base <= "Z" else "Other"
        if ch.isdigit():
            return "0-9"
    return "0-9"


def sort_key(term: Term) -> tuple[str, str]:
    return (re.sub(r"[^0-9a-z]+", " ", term.term.casefold()).strip(), term.term)


def _link_label(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc == "developers.google.com" and parts.path.startswith("/machine-learning/glossary"):
        return "Google Machine Learning Glossary"
    if parts.netloc.endswith("cloud.google.com"):
        return "Google Cloud documentation"
    return parts.netloc


@dataclass(frozen=True)
class GlossaryPage:
    """The generated part of the glossary page, in two halves (see `render_glossary_page`)."""

    markdown: str  # replaces the marker: jump bar, then per letter a heading and a placeholder
    groups: Mapping[str, str]  # letter slug -> the HTML of its block of entries

    def insert_entries(self, content: str) -> tuple[str, set[str]]:
        """Put each letter's entries where its placeholder is in the page's rendered HTML.

        Returns:
            The new HTML and the ids of the entries it holds now (read from that HTML).
        """
        inserted: list[str] = []

        def entries(m: re.Match[str]) -> str:
            group = self.groups.get(m.group(1))
            if group is None:
                return m.group(0)
            inserted.append(group)
            return group

        content = LETTER_PLACEHOLDER_RE.sub(entries, content)
        return content, {i for group in inserted for i in ENTRY_ID_RE.findall(group)}


def render_glossary_page(glossary: Glossary, rewrite_href: Callable[[str], str] | None = None, *,
                         permalink: str | None = None, permalink_title: str = "Permanent link") -> GlossaryPage:
    """The glossary page: A-Z jump bar, then one section per letter.

    Each letter is a Markdown `## B { #letter-b }` heading (so the page's table of contents
    lists the letters, and only them) followed by a placeholder comment. The entries are HTML,
    one block per letter put in the placeholder's place once the page is rendered: few
    elements per entry, none with more than a few hundred children, and a block the browser
    may skip drawing until it scrolls into view (`content-visibility`, see glossary.css).
    Keeping 500 entries out of the Markdown halves the cost of rendering the page (Markdown
    and MkDocs would each parse their raw HTML); the adapter tells MkDocs their ids, and the
    search index, built from the final HTML, still gets one result per entry.

    Args:
        glossary: the validated terms.
        rewrite_href: turns a definition's docs-relative link ('domains/x.md#a') into a link
            from the glossary page (see studykit.urls.docs_link_rewriter).
        permalink: the text of each entry's permalink (the toc extension's, e.g. '¶'); None
            for no permalink.
        permalink_title: its title.
    """
    by_id = glossary.by_id()
    by_letter: dict[str, list[Term]] = {}
    for term in sorted(glossary.terms, key=sort_key):
        by_letter.setdefault(letter_of(term.term), []).append(term)
    letters = sorted(by_letter, key=lambda x: (x == "Other", x == "0-9", x))  # then digits, then other scripts
    jump = " ".join(f'<a href="#letter-{slugify(x)}">{x}</a>' for x in letters)
    lines = [f'<nav class="glossary-az" aria-label="Glossary letters">{jump}</nav>', ""]
    groups: dict[str, str] = {}
    renderer = SafeMarkdown(rewrite_href)
    anchor = (f'<a class="headerlink" href="#{{id}}" title="{html.escape(permalink_title)}">'
              f"{html.escape(permalink)}</a>") if permalink else ""
    for letter in letters:
        slug, terms = slugify(letter), by_letter[letter]
        lines += [f"## {letter} {{ #letter-{slug} }}", "", LETTER_PLACEHOLDER.format(slug), ""]
        # The entry count lets the stylesheet reserve about the space the block takes.
        entries = [f'<div class="glossary-letter" style="--glossary-entries: {len(terms)}">']
        for term in terms:
            entries += _render_entry(term, by_id, renderer, anchor.replace("{id}", term.id))
        groups[slug] = "\n".join([*entries, "</div>"])
    return GlossaryPage("\n".join(lines), groups)


def render_term_text(term: Term, renderer: SafeMarkdown) -> str:
    """What a term is (its short definition), then the detail: sanitized HTML, one block."""
    return (f'<div class="glossary-text"><p class="glossary-short">{html.escape(term.short)}</p>\n'
            f"{renderer.block(term.definition)}</div>")


def _render_entry(term: Term, by_id: Mapping[str, Term], renderer: SafeMarkdown, anchor: str) -> list[str]:
    # Raw HTML throughout: data text never meets the site's Markdown extensions (attribute
    # lists above all), see studykit.safe_markdown. Facts are one paragraph (the stylesheet
    # starts each label on a new line), not a list: three elements fewer per entry.
    facts = []
    if term.aliases:
        facts.append("<strong>Also called:</strong> " + ", ".join(html.escape(a) for a in term.aliases))
    facts.append("<strong>Exam domains:</strong> " + ", ".join(DOMAIN_LABELS[d] for d in term.domains))
    if term.see_also:
        facts.append("<strong>See also:</strong> " + ", ".join(
            f'<a href="#{ref}">{html.escape(by_id[ref].term)}</a>' for ref in term.see_also))
    if term.link:
        facts.append(f'<strong>Authoritative definition:</strong> <a href="{html.escape(term.link)}">'
                     f"{html.escape(_link_label(term.link))}</a>")
    return [f'<h3 id="{term.id}">{html.escape(term.term)}{anchor}</h3>',
            render_term_text(term, renderer),
            # A full stop after each fact: read aloud, "GCS. Exam domains" is two facts.
            f'<p class="glossary-facts">{". ".join(facts)}.</p>',
            BACKLINKS_PLACEHOLDER.format(term.id)]


def replace_marker(page_markdown: str, glossary_markdown: str) -> str | None:
    """Put the generated entries where the marker is; None when the page has no marker."""
    if not MARKER_RE.search(page_markdown):
        return None
    return MARKER_RE.sub(lambda _: glossary_markdown, page_markdown, count=1)


# --- Backlinks ("Appears in") -------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """A term linked on a page, in the section under the heading `anchor` (None: the page top)."""

    term_id: str
    anchor: str | None = None
    section: str | None = None


@dataclass
class _PageUsages:
    url: str
    title: str
    order: int
    sections: dict[str, dict[str | None, str | None]] = field(default_factory=dict)


class BacklinkIndex:
    """Which pages and sections link each term; rebuilt from scratch for every build."""

    def __init__(self, page_order: Iterable[str] = ()) -> None:
        self._order = {src: i for i, src in enumerate(page_order)}
        self._pages: dict[str, _PageUsages] = {}

    def add_page(self, src_uri: str, url: str, title: str, usages: Iterable[Usage]) -> None:
        """Record the usages of one rendered page; rendering a page again replaces its record."""
        page = _PageUsages(url, title, self._order.get(src_uri, len(self._order)))
        for usage in usages:
            page.sections.setdefault(usage.term_id, {}).setdefault(usage.anchor, usage.section)
        if page.sections:
            self._pages[src_uri] = page
        else:
            self._pages.pop(src_uri, None)

    def pages_using(self, term_id: str) -> list[tuple[str, str, list[tuple[str | None, str | None]]]]:
        """(url, title, [(anchor, section title)]) of every page using the term, in nav order."""
        found = [(p.order, src, p) for src, p in self._pages.items() if term_id in p.sections]
        return [(p.url, p.title, list(p.sections[term_id].items())) for _, _, p in sorted(found)]

    def term_ids(self) -> set[str]:
        return {tid for p in self._pages.values() for tid in p.sections}


# Sections that every teaching page has: a link named only "Self-check" would repeat on the
# glossary page for every page that uses a term there.
GENERIC_SECTIONS = frozenset({"self-check", "related-reading"})
BACKLINKS_OPEN_MAX = 3  # pages listed openly under an entry


def _section_label(anchor: str, section: str | None, page_title: str) -> str:
    label = section or anchor
    return f"{label} ({page_title})" if anchor in GENERIC_SECTIONS else label


def render_backlinks_html(index: BacklinkIndex, term_id: str, url_to: Callable[[str], str]) -> str:
    """The "Appears in" line of one term, or '' when no page uses it.

    One paragraph: per page, the sections that link the term. The page's own name is a link
    only when the term is linked above its first section (else the section links lead there),
    which keeps the glossary page's element count down. Beyond `BACKLINKS_OPEN_MAX` pages the
    paragraph is folded in a `<details>` that says how many pages use the term.

    Args:
        url_to: turns a site URL ('domains/monitoring/') into a link relative to the glossary page.
    """
    pages = index.pages_using(term_id)
    if not pages:
        return ""
    items = []
    for url, title, sections in pages:
        href = html.escape(url_to(url))
        section_links = [f'<a href="{href}#{html.escape(anchor)}">'
                         f'{html.escape(_section_label(anchor, section, title))}</a>'
                         for anchor, section in sections if anchor]
        at_top = any(anchor is None for anchor, _ in sections)
        name = f'<a href="{href}">{html.escape(title)}</a>' if at_top or not section_links else html.escape(title)
        items.append(name + (": " + ", ".join(section_links) if section_links else ""))
    if len(pages) <= BACKLINKS_OPEN_MAX:
        return f'<p class="glossary-backlinks"><strong>Appears in:</strong> {"; ".join(items)}</p>'
    # A term of many pages: the list stays folded, so that the definitions read on.
    return (f'<details class="glossary-backlinks"><summary>Appears in {len(pages)} pages</summary>'
            f'<p>{"; ".join(items)}</p></details>')


def render_page_terms_html(terms: Iterable[Term], glossary_href: str) -> str:
    """The folded "Other glossary terms on this page" box, or '' when there are none.

    A page whose link budget is spent before every term it mentions has a link (see
    studykit/linker.py) still leads to each of them from here, at the end of the page, out of
    the reading flow: folded, its links are no tab stops, and they are plain links, not
    glossary-term links, so the page's link density counts the text's links only.
    """
    ordered = sorted(terms, key=sort_key)
    if not ordered:
        return ""
    href = html.escape(glossary_href)
    items = "".join(f'<li><a href="{href}#{html.escape(t.id)}">{html.escape(t.term)}</a></li>' for t in ordered)
    return (f'<details class="sg-page-terms no-glossary" data-search-exclude>'
            f'<summary>Other glossary terms on this page ({len(ordered)})</summary>'
            f'<ul class="sg-page-terms__list">{items}</ul></details>')


def insert_backlinks(content: str, render: Callable[[str], str]) -> str:
    """Replace each backlink placeholder in the glossary page's HTML with `render(term_id)`."""
    return BACKLINKS_PLACEHOLDER_RE.sub(lambda m: render(m.group(1)), content)
