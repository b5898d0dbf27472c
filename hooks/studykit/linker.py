"""Auto-linking of glossary terms: one compiled matcher and a Python-Markdown tree processor.

`TermMatcher` compiles every spelling of every term into ONE regular expression, shaped as a
trie (common prefixes shared), so a text is scanned once whatever the number of terms. The
trie is case-insensitive; spellings that must match exactly (short all-caps abbreviations
such as IAM or TPU, or any term with `case_sensitive: true`) are checked after the match, and
a shorter spelling is tried when the case differs. Leftmost-longest wins: "Cloud Storage" is
one match, never "Storage". A spelling also matches its plural ("TPUs", "biases").

`GlossaryLinker` walks an ElementTree in document order and wraps the first mention of each
term in every section (the set of linked terms is reset at every heading) in
`<a class="glossary-term" href="…/glossary/#id" title="short definition">`. It leaves alone:
code, preformatted text, keyboard input, headings, existing links, abbreviations, admonition
titles, `<summary>`, tab labels, raw HTML blocks, elements with the class `no-glossary`, and
text between inline raw-HTML tags that Python-Markdown stashed (`<span class="no-glossary">`,
`<a>`, `<code>`…), whose placeholders it reads from the Markdown instance's HTML stash.
Visible text never changes, and a second run changes nothing: a `glossary-term` link already
in the tree counts as that term's mention.

`GlossaryExtension` registers the tree processor; the MkDocs adapter tells it, per page,
the URL of the glossary page relative to that page and whether the page opted out, and reads
back which terms each section linked (for the glossary's backlinks and the anchor check).
No MkDocs imports here.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from studykit.glossary import EXACT_CASE_MAX, Glossary, Usage, normalize_spelling

LINK_CLASS = "glossary-term"
OPT_OUT_CLASS = "no-glossary"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Never link inside these: code and pre-formatted text, links, abbreviations, form controls and
# other interactive or non-prose elements.
SKIP_TAGS = frozenset({
    "a", "abbr", "code", "pre", "kbd", "samp", "var", "dfn", "script", "style", "svg", "math",
    "button", "label", "select", "option", "textarea", "summary", "object", "iframe", "template",
})
SKIP_CLASSES = frozenset({OPT_OUT_CLASS, "admonition-title"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})
# Placeholders Python-Markdown leaves in text until its postprocessors run: stashed raw HTML
# (group 1 = index in md.htmlStash) and backslash-escaped characters.
PLACEHOLDER_RE = re.compile("\x02(?:wzxhzdk:([0-9]+)|[^\x02\x03]*)\x03")
# One stashed inline tag: group 1 '/' for a closing tag, group 2 the tag name, group 3 attributes.
INLINE_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>\Z", re.DOTALL)
# A URL written out in the text (not a link): its words are not mentions of terms.
BARE_URL_RE = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
CLASS_ATTR_RE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def default_case_sensitive(spelling: str) -> bool:
    """All-caps abbreviations (IAM, TPU, PR AUC) and spellings of three letters or digits at most
    (F1, IoT, NaN) match exactly, so they never link ordinary words; other spellings ignore case."""
    if sum(ch.isalnum() for ch in spelling) <= EXACT_CASE_MAX:
        return True
    return not any(ch.islower() for ch in spelling) and sum(ch.isalpha() for ch in spelling) >= 2


class Match(NamedTuple):
    start: int
    end: int
    term_id: str


class TermMatcher:
    """All spellings of all terms, compiled into one regular expression."""

    def __init__(self, spellings: Iterable[tuple[str, str, bool]]) -> None:
        """`spellings`: (text, term id, case_sensitive) for every term and alias."""
        # normalized spelling -> (term id, exact text or None when case does not matter)
        self._lookup: dict[str, tuple[str, str | None]] = {}
        for text, term_id, exact in spellings:
            key = normalize_spelling(text)
            if key:
                self._lookup.setdefault(key, (term_id, " ".join(text.split()) if exact else None))
        trie = _trie_regex(sorted(self._lookup)) if self._lookup else "(?!)"
        self._pattern = re.compile(
            r"(?<![\w-])"  # not inside a word or after a hyphen ("non-ML")
            rf"(?i:({trie}))"  # group 1: a spelling, case-insensitive, longest first
            r"(?:e?s)?"  # optional plural: TPUs, biases
            r"(?![\w]|-\w)"  # not followed by more word, nor by "-word" ("GPU-based")
        )

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatcher:
        return cls(
            (text, t.id, default_case_sensitive(text) if t.case_sensitive is None else
             t.case_sensitive or default_case_sensitive(text))
            for t in glossary.terms
            for text in t.spellings
        )

    @property
    def pattern(self) -> re.Pattern[str]:
        return self._pattern

    def finditer(self, text: str) -> Iterator[Match]:
        """Non-overlapping leftmost-longest mentions of terms in `text`."""
        pos = 0
        while True:
            for m in self._pattern.finditer(text, pos):
                found = self._accept(text, m)
                if found is not None and found.end == m.end():
                    yield found
                    continue
                # Rejected (wrong case), or accepted in a shorter form: resume the scan after it.
                if found is not None:
                    yield found
                pos = found.end if found is not None else m.start() + 1
                break
            else:
                return

    def _accept(self, text: str, m: re.Match[str]) -> Match | None:
        start = m.start()
        spelling = m.group(1)
        entry = self._lookup.get(spelling.lower()) or self._lookup[normalize_spelling(spelling)]
        if entry[1] is None:  # case does not matter: the usual path
            return Match(start, m.end(), entry[0])
        while True:
            end = m.end()
            term_id, exact = self._lookup[normalize_spelling(m.group(1))]
            # A match shortened by `endpos` below must still end where a mention can end.
            if (end == len(text) or _ends_mention(text, end)) and (
                    exact is None or " ".join(m.group(1).split()) == exact):
                return Match(start, end, term_id)
            # Wrong case for an exact spelling: try the next shorter spelling at the same place.
            m = self._pattern.match(text, start, end - 1)
            if m is None:
                return None


def _ends_mention(text: str, end: int) -> bool:
    nxt = text[end]
    if nxt.isalnum() or nxt == "_":
        return False
    return not (nxt == "-" and end + 1 < len(text) and (text[end + 1].isalnum() or text[end + 1] == "_"))


def _trie_regex(words: list[str]) -> str:
    """A regex alternation of `words` factored into a trie; greedy, so longer words win."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        branches = [_char_regex(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the rest is optional (greedy: longest first)
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return emit(trie)


def _char_regex(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


# --- The tree walker ----------------------------------------------------------------------


_NO_CLASSES: frozenset[str] = frozenset()


class GlossaryLinker:
    """Links first mentions per section in an ElementTree; keeps what it linked in `usages`."""

    def __init__(self, matcher: TermMatcher, titles: Mapping[str, str], href_base: str,
                 stash: list[str] | None = None) -> None:
        """
        Args:
            matcher: the compiled terms.
            titles: term id -> short plain-text definition (the tooltip).
            href_base: URL of the glossary page relative to the current page, e.g. '../glossary/'.
            stash: Python-Markdown's raw HTML stash (`md.htmlStash.rawHtmlBlocks`), to read
                inline tags that text placeholders stand for.
        """
        self.matcher = matcher
        self.titles = titles
        self.href_base = href_base
        self.stash = stash or []
        self.seen: set[str] = set()
        self.heading: etree.Element | None = None
        self.usages: list[tuple[str, etree.Element | None]] = []
        # Open inline raw-HTML elements that switch linking off (e.g. <span class="no-glossary">).
        self._raw_skip: list[str] = []

    def link(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, parent: etree.Element) -> None:
        """Link `parent.text`, then each child's subtree and tail, in document order."""
        index = 0  # next child to visit; links inserted before it are not visited again
        owner: etree.Element | None = None  # whose text is linked next: parent (.text) or a child (.tail)
        text = parent.text
        while True:
            if text:
                rest, nodes = self._link_text(text)
                if nodes:
                    if owner is None:
                        parent.text = rest
                    else:
                        owner.tail = rest
                    for node in nodes:
                        parent.insert(index, node)
                        index += 1
            if index >= len(parent):
                return
            owner = parent[index]
            self._visit(owner)
            index += 1
            text = owner.tail

    def _visit(self, el: etree.Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return
        class_attr = el.get("class")
        classes = set(class_attr.split()) if class_attr else _NO_CLASSES
        if tag in HEADINGS:
            self.seen.clear()
            self.heading = el
            return
        if tag == "a" and LINK_CLASS in classes:
            # Already linked (a second run, or written by hand): counts as this term's mention.
            self.seen.add(el.get("href", "").rpartition("#")[2])
            return
        if tag in SKIP_TAGS or classes & SKIP_CLASSES:
            return
        self._walk(el)

    def _link_text(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split `text` into leading text plus new link elements (their tails hold the rest)."""
        if isinstance(text, AtomicString):
            return text, []
        head: list[str] = []
        nodes: list[etree.Element] = []
        if "\x02" not in text:  # no placeholders: the usual case
            self._link_segment(text, head, nodes)
        else:
            out, pos = head, 0  # `out`: where the next piece of plain text goes
            for m in PLACEHOLDER_RE.finditer(text):
                out = self._link_segment(text[pos:m.start()], out, nodes)
                out.append(m.group(0))
                if m.group(1) is not None:
                    self._track_raw_tag(int(m.group(1)))
                pos = m.end()
            self._link_segment(text[pos:], out, nodes)
        if not nodes:
            return text, []
        for node in nodes:  # tails were collected as lists of pieces
            node.tail = "".join(node.tail)  # type: ignore[arg-type]
        return "".join(head), nodes

    def _link_segment(self, segment: str, out: list[str], nodes: list[etree.Element]) -> list[str]:
        """Link first mentions in `segment`; returns the list that collects the text after it."""
        if not segment:
            return out
        if self._raw_skip:
            out.append(segment)
            return out
        pos = 0
        urls = [m.span() for m in BARE_URL_RE.finditer(segment)] if "://" in segment or "www." in segment else []
        for match in self.matcher.finditer(segment):
            if match.term_id in self.seen or any(a < match.end and match.start < b for a, b in urls):
                continue  # already linked in this section, or part of a URL written out as text
            self.seen.add(match.term_id)
            self.usages.append((match.term_id, self.heading))
            out.append(segment[pos:match.start])
            link = etree.Element("a", {"class": LINK_CLASS,
                                       "href": f"{self.href_base}#{match.term_id}",
                                       "title": self.titles.get(match.term_id, "")})
            link.text = AtomicString(segment[match.start:match.end])
            link.tail = out = []  # type: ignore[assignment]  # pieces, joined in _link_text
            nodes.append(link)
            pos = match.end
        out.append(segment[pos:])
        return out

    def _track_raw_tag(self, index: int) -> None:
        """Follow inline raw HTML tags: text inside a skipped element or an opt-out span is left alone."""
        raw = self.stash[index] if index < len(self.stash) else ""
        tag = INLINE_TAG_RE.match(raw.strip()) if isinstance(raw, str) else None
        if not tag:
            return  # a whole HTML block, a comment or an entity: nothing stays open
        closing, name, attrs = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
        if name in VOID_TAGS or attrs.rstrip().endswith("/"):
            return
        if closing:
            if self._raw_skip and self._raw_skip[-1] == name:
                self._raw_skip.pop()
            return
        if self._raw_skip:
            self._raw_skip.append(name)  # nested inside a skipped element: track to find its end
            return
        class_match = CLASS_ATTR_RE.search(attrs)
        classes = set(next(g for g in class_match.groups() if g is not None).split()) if class_match else set()
        if name in SKIP_TAGS or name in HEADINGS or classes & SKIP_CLASSES:
            self._raw_skip.append(name)


def heading_title(heading: etree.Element) -> str:
    """Visible text of a heading, without its permalink and without stash placeholders."""
    parts: list[str] = []

    def collect(el: etree.Element) -> None:
        if "headerlink" in (el.get("class") or "").split():
            return
        if el.text:
            parts.append(el.text)
        for child in el:
            collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(heading)
    return " ".join(PLACEHOLDER_RE.sub("", "".join(parts)).split())


# --- Python-Markdown extension ------------------------------------------------------------


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: GlossaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if not ext.enabled:
            ext.linker = None
            return
        ext.linker = GlossaryLinker(ext.matcher, ext.titles, ext.href_base,
                                    self.md.htmlStash.rawHtmlBlocks)
        ext.linker.link(root)


class GlossaryExtension(Extension):
    """Registers the glossary tree processor; one instance serves every page of a build.

    The adapter calls `start_page` before a page is converted and `finish_page` after.
    """

    def __init__(self, matcher: TermMatcher, titles: Mapping[str, str], href_base: str = "glossary.md",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.matcher = matcher
        self.titles = titles
        self.href_base = href_base
        self.enabled = True
        self.linker: GlossaryLinker | None = None

    @classmethod
    def from_glossary(cls, glossary: Glossary, href_base: str = "glossary.md") -> GlossaryExtension:
        return cls(TermMatcher.from_glossary(glossary), {t.id: t.short for t in glossary.terms}, href_base)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        # -1: after abbr (7), so abbreviations are already <abbr> and skipped; after toc (5), so
        # headings have their ids; and after MkDocs' relative-path processor (0), which would
        # otherwise resolve every inserted link again (a third of the hook's cost on a large site).
        # The adapter therefore passes a final URL as `href_base` and checks the anchors itself.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary", -1)

    def start_page(self, href_base: str, enabled: bool = True) -> None:
        self.href_base = href_base
        self.enabled = enabled
        self.linker = None

    def finish_page(self) -> list[Usage]:
        """Terms linked on the page just converted, with the heading of their section."""
        linker, self.linker = self.linker, None
        if linker is None:
            return []
        usages = []
        titles: dict[int, str] = {}
        for term_id, heading in linker.usages:
            if heading is None or heading.tag == "h1" or not heading.get("id"):
                usages.append(Usage(term_id))
                continue
            if id(heading) not in titles:
                titles[id(heading)] = heading_title(heading)
            usages.append(Usage(term_id, heading.get("id"), titles[id(heading)]))
        return usages
