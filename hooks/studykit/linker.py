"""Auto-linking of glossary terms: one compiled matcher and a Python-Markdown tree processor.

`TermMatcher` compiles every spelling of every term into ONE regular expression, shaped as a
trie (common prefixes shared), so a text is scanned once whatever the number of terms. The
scan is case-insensitive (it runs over the lower-cased text); spellings that must match exactly (short all-caps abbreviations
such as IAM or TPU, or any term with `case_sensitive: true`) are checked after the match, and
a shorter spelling is tried when the case differs. Leftmost-longest wins: "Cloud Storage" is
one match, never "Storage". A spelling also matches its plural ("TPUs", "biases").

`GlossaryLinker` wraps mentions of terms in `<a class="glossary-term" href="…/glossary/#id"
title="short definition">`. Which mentions, so that a page stays readable and every term it uses
still reaches its definition:

1. Only the first mention of a term in a page section is a candidate. A section is the text
   under one `h2` (or the `h1`): `h3` topics do not start a new one. So a term is never linked
   twice in one paragraph, and a table cell or an admonition repeats no link the section has.
2. A page links at most `MAX_LINKS_PER_1000_WORDS` (15) terms per 1,000 words of its text
   (code listings and permalinks are not words). The budget goes first to one link per term
   (coverage): the terms of the page's exam domain (their `domains` in the glossary data)
   first, then terms mentioned in the running text before terms met only in a table cell, an
   admonition or a folded answer, then terms the page mentions more often, then document order.
   What is left links terms again in later sections: first the terms of few sections, last
   the terms of nearly every section (the "very common" ones, such as "feature" on the data
   page); a section right after one that mentioned the term is served last.
3. So on most pages every term gets its link and some get one per section; a page that names
   more distinct terms than its budget allows (a map of the exam guide, a crosswalk table)
   leaves the least-used ones unlinked (`PageLinking.unlinked`), never more than the budget.

The link always goes on the first mention of its section, wherever that is. It leaves alone:
code, preformatted text, keyboard input, headings, existing links, abbreviations, admonition
titles, `<summary>`, tab labels, raw HTML blocks, elements with the class `no-glossary`, and
text between inline raw-HTML tags that Python-Markdown stashed (`<span class="no-glossary">`,
`<a>`, `<code>`…), whose placeholders it reads from the Markdown instance's HTML stash.
Visible text never changes, and a second run changes nothing: a `glossary-term` link already
in the tree counts as that term's link in its section and against the budget.

`GlossaryExtension` registers the tree processor; the MkDocs adapter tells it, per page,
the URL of the glossary page relative to that page and whether the page opted out, and reads
back which terms each section linked (for the glossary's backlinks and the anchor check).
No MkDocs imports here.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from studykit.glossary import EXACT_CASE_MAX, Glossary, Usage, normalize_spelling

LINK_CLASS = "glossary-term"
# The link budget of a page: a reader can live with this many links per 1,000 words of text.
MAX_LINKS_PER_1000_WORDS = 15
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
        self._trie = _trie_regex(sorted(self._lookup)) if self._lookup else "(?!)"
        # It scans the lower-cased text: sre's case-insensitive matching took half of the
        # linker's time. The keys are case-folded, so the trie holds no capital letter.
        self._pattern = self._compile(self._trie, ignore_case=False)
        self._pattern_ignoring_case: re.Pattern[str] | None = None  # compiled when first needed

    @staticmethod
    def _compile(trie: str, *, ignore_case: bool) -> re.Pattern[str]:
        return re.compile(
            r"(?<![\w-])"  # not inside a word or after a hyphen ("non-ML")
            + (rf"(?i:({trie}))" if ignore_case else rf"({trie})")  # group 1: a spelling, longest first
            + r"(?:e?s)?"  # optional plural, in small letters: TPUs, biases
            + r"(?![\w]|-\w)"  # not followed by more word, nor by "-word" ("GPU-based")
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
        """The compiled trie; it matches lower-cased text."""
        return self._pattern

    def finditer(self, text: str) -> Iterator[Match]:
        """Non-overlapping leftmost-longest mentions of terms in `text`."""
        lowered = text.lower()
        if len(lowered) != len(text):  # "İ" lower-cases to two characters: offsets would shift
            return self.finditer_ignoring_case(text)
        return self._finditer(text, lowered)

    def finditer_ignoring_case(self, text: str) -> Iterator[Match]:
        """The same mentions, found by a case-insensitive scan of `text` itself: the reference
        that the scan of the lower-cased text agrees with."""
        return self._finditer(text, text)

    def _finditer(self, text: str, subject: str) -> Iterator[Match]:
        """Mentions in `text`, scanned in `subject`: `text` or its lower-cased copy."""
        pattern = self._pattern if subject is not text else self._ignoring_case()
        pos = 0
        while True:
            for m in pattern.finditer(subject, pos):
                found = self._accept(text, subject, self._as_in_text(text, subject, m, len(text)))
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

    def _ignoring_case(self) -> re.Pattern[str]:
        if self._pattern_ignoring_case is None:
            self._pattern_ignoring_case = self._compile(self._trie, ignore_case=True)
        return self._pattern_ignoring_case

    def _as_in_text(self, text: str, subject: str, m: re.Match[str] | None, endpos: int) -> re.Match[str] | None:
        """The match that a case-insensitive scan of `text` finds where `m` starts. It is `m`
        unless `m`'s plural ending has a capital letter in `text` ("TPUS")."""
        if m is None or subject is text or text[m.end(1):m.end()] == subject[m.end(1):m.end()]:
            return m
        return self._ignoring_case().match(text, m.start(), endpos)

    def _accept(self, text: str, subject: str, m: re.Match[str] | None) -> Match | None:
        if m is None:
            return None
        start = m.start()
        spelling = text[start:m.end(1)]
        entry = self._lookup.get(spelling.lower()) or self._lookup[normalize_spelling(spelling)]
        if entry[1] is None:  # case does not matter: the usual path
            return Match(start, m.end(), entry[0])
        while True:
            end = m.end()
            spelling = text[start:m.end(1)]
            term_id, exact = self._lookup[normalize_spelling(spelling)]
            # A match shortened by `endpos` below must still end where a mention can end.
            if (end == len(text) or _ends_mention(text, end)) and (
                    exact is None or " ".join(spelling.split()) == exact):
                return Match(start, end, term_id)
            # Wrong case for an exact spelling: try the next shorter spelling at the same place.
            pattern = self._pattern if subject is not text else self._ignoring_case()
            m = self._as_in_text(text, subject, pattern.match(subject, start, end - 1), end - 1)
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
# A link's first mention counts as "in an aside" inside these: priority goes to running text.
ASIDE_TAGS = frozenset({"td", "th", "details", "figcaption"})
ASIDE_CLASSES = frozenset({"admonition"})
# Words in these are not counted: the reader does not read code listings or permalinks as text.
UNCOUNTED_TAGS = frozenset({"pre", "script", "style"})
UNCOUNTED_CLASS = "headerlink"
# Elements that end a word at their start and end; between inline elements ("TPU<em>s</em>",
# "<a>TPU</a>s") a word goes on. The same rule as tests/build/test_glossary_build.py.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
})
# Stashed raw HTML counts as no text (the page may show more words, never fewer); an escaped
# character is one character.
_RAW_OR_ESCAPE_RE = re.compile("\x02(?:wzxhzdk:[0-9]+|[^\x02\x03]*)\x03")


class WordCounter:
    """Counts words across text pieces in document order: a word split by inline markup is one."""

    def __init__(self) -> None:
        self.words = 0
        self._in_word = False

    def add(self, text: str) -> None:
        if "\x02" in text:
            text = _RAW_OR_ESCAPE_RE.sub(lambda m: "" if m.group(0).startswith("\x02wzxhzdk:") else "x", text)
        if not text:
            return
        n = len(text.split())
        if n and self._in_word and not text[0].isspace():
            n -= 1  # the word before goes on
        self.words += n
        self._in_word = not text[-1].isspace()

    def boundary(self) -> None:
        self._in_word = False

    def add_subtree(self, el: etree.Element) -> None:
        """The words of `el` and its descendants, not of its tail."""
        tag = el.tag
        if not isinstance(tag, str) or tag in UNCOUNTED_TAGS or UNCOUNTED_CLASS in (el.get("class") or "").split():
            return
        block = tag in BLOCK_TAGS
        if block:
            self._in_word = False
        if el.text:
            self.add(el.text)
        for child in el:
            self.add_subtree(child)
            if child.tail:
                self.add(child.tail)
        if block:
            self._in_word = False


class _Mention(NamedTuple):
    """The first mention of a term in one h2 section, and where it is in the tree."""

    order: int  # position in the document (the n-th first mention)
    term_id: str
    section: int  # n-th h2 (or h1) section of the page
    heading: etree.Element | None  # nearest heading, for the backlinks
    parent: etree.Element
    owner: etree.Element | None  # None: the mention is in parent.text, else in owner.tail
    start: int
    end: int


class GlossaryLinker:
    """Links first mentions per h2 section within the page's link budget (see the module docstring).

    Three steps: `_walk` reads every text in document order (mentions, words, existing links),
    `_choose` spends the budget, `_insert` wraps the chosen mentions in links.
    What it linked is kept in `usages`; `words`, `budget` and `unlinked` say how it went.
    """

    def __init__(self, matcher: TermMatcher, titles: Mapping[str, str], href_base: str,
                 stash: list[str] | None = None, max_per_1000_words: float | None = None,
                 page_terms: frozenset[str] = frozenset()) -> None:
        """
        Args:
            matcher: the compiled terms.
            titles: term id -> short plain-text definition (the tooltip).
            href_base: URL of the glossary page relative to the current page, e.g. '../glossary/'.
            stash: Python-Markdown's raw HTML stash (`md.htmlStash.rawHtmlBlocks`), to read
                inline tags that text placeholders stand for.
            max_per_1000_words: the link budget; None links every first mention per section.
            page_terms: ids of the terms of the page's exam domain, served first by the budget.
        """
        self.matcher = matcher
        self.titles = titles
        self.href_base = href_base
        self.stash = stash or []
        self.max_per_1000_words = max_per_1000_words
        self.page_terms = page_terms
        self.usages: list[tuple[str, etree.Element | None]] = []
        self.budget: int | None = None
        self.unlinked: set[str] = set()  # terms the page mentions but the budget left unlinked
        # Collected by the first pass:
        self._counter = WordCounter()
        self._section = 0
        self._heading: etree.Element | None = None
        self._candidates: list[_Mention] = []
        self._candidate_keys: set[tuple[int, str]] = set()
        self._existing: set[tuple[int, str]] = set()  # (section, term) already linked in the tree
        self._mentions: dict[str, int] = {}  # term -> mentions on the page
        self._in_text: set[str] = set()  # terms mentioned at least once outside asides
        # Open inline raw-HTML elements that switch linking off (e.g. <span class="no-glossary">).
        self._raw_skip: list[str] = []

    @property
    def words(self) -> int:
        """Words of the page's text (code listings left out), counted by the first pass."""
        return self._counter.words

    def link(self, root: etree.Element) -> None:
        self._walk(root, False)
        self._insert(self._choose())

    # Pass 1: read --------------------------------------------------------------------------

    def _walk(self, parent: etree.Element, aside: bool) -> None:
        """Scan `parent.text`, then each child's subtree and tail, in document order."""
        self._scan(parent, None, parent.text, aside)
        for child in parent:
            self._visit(child, aside)
            self._scan(parent, child, child.tail, aside)

    def _visit(self, el: etree.Element, aside: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return
        class_attr = el.get("class")
        classes = set(class_attr.split()) if class_attr else _NO_CLASSES
        if tag in HEADINGS:
            if tag in ("h1", "h2"):  # a new page section: terms may be linked again
                self._section += 1
            self._heading = el
            self._counter.add_subtree(el)
            return
        if tag == "a" and LINK_CLASS in classes:
            # Already linked (a second run, or written by hand): counts as this term's mention.
            self._existing.add((self._section, el.get("href", "").rpartition("#")[2]))
            self._counter.add_subtree(el)
            return
        if tag in SKIP_TAGS or classes & SKIP_CLASSES:
            self._counter.add_subtree(el)
            return
        block = tag in BLOCK_TAGS
        if block:
            self._counter.boundary()
        self._walk(el, aside or tag in ASIDE_TAGS or bool(classes & ASIDE_CLASSES))
        if block:
            self._counter.boundary()

    def _scan(self, parent: etree.Element, owner: etree.Element | None, text: str | None,
              aside: bool) -> None:
        if not text:
            return
        self._counter.add(text)
        if isinstance(text, AtomicString):
            return
        if "\x02" not in text:  # no placeholders: the usual case
            self._scan_segment(parent, owner, text, 0, len(text), aside)
            return
        pos = 0
        for m in PLACEHOLDER_RE.finditer(text):
            self._scan_segment(parent, owner, text, pos, m.start(), aside)
            if m.group(1) is not None:
                self._track_raw_tag(int(m.group(1)))
            pos = m.end()
        self._scan_segment(parent, owner, text, pos, len(text), aside)

    def _scan_segment(self, parent: etree.Element, owner: etree.Element | None, text: str,
                      start: int, end: int, aside: bool) -> None:
        if start >= end or self._raw_skip:
            return
        segment = text[start:end]
        urls = [m.span() for m in BARE_URL_RE.finditer(segment)] if "://" in segment or "www." in segment else []
        for match in self.matcher.finditer(segment):
            if urls and any(a < match.end and match.start < b for a, b in urls):
                continue  # part of a URL written out as text
            term_id = match.term_id
            self._mentions[term_id] = self._mentions.get(term_id, 0) + 1
            if not aside:
                self._in_text.add(term_id)
            key = (self._section, term_id)
            if key in self._candidate_keys:
                continue  # not the first mention in this section
            self._candidate_keys.add(key)
            self._candidates.append(_Mention(len(self._candidates), term_id, self._section, self._heading,
                                             parent, owner, start + match.start, start + match.end))

    # Pass 2: choose ------------------------------------------------------------------------

    def _choose(self) -> list[_Mention]:
        """The mentions to link, in document order: coverage first, then repeats, within budget."""
        candidates = [c for c in self._candidates if (c.section, c.term_id) not in self._existing]
        if self.max_per_1000_words is None:
            return candidates
        self.budget = int(self.max_per_1000_words * self.words // 1000)
        room = self.budget - len(self._existing)
        covered = {term_id for _, term_id in self._existing}
        firsts: list[_Mention] = []
        repeats: list[_Mention] = []
        for c in candidates:
            (repeats if c.term_id in covered else firsts).append(c)
            covered.add(c.term_id)
        # 1. One link for each term: the terms of the page's domain, of its running text and
        # those it uses most first.
        firsts.sort(key=lambda c: (c.term_id not in self.page_terms, c.term_id not in self._in_text,
                                   -self._mentions[c.term_id], c.order))
        chosen = firsts[:max(room, 0)]
        self.unlinked = {c.term_id for c in firsts[len(chosen):]}
        room -= len(chosen)
        if room > 0 and repeats:
            # 2. Again in later sections: terms of few sections first (a term of every section
            # is one the reader already met), and never right after a section that mentioned it.
            sections: dict[str, set[int]] = {}
            for c in self._candidates:
                sections.setdefault(c.term_id, set()).add(c.section)
            linked = {c.term_id for c in chosen} | {term_id for _, term_id in self._existing}
            repeats = [c for c in repeats if c.term_id in linked]
            repeats.sort(key=lambda c: (c.section - 1 in sections[c.term_id],
                                        len(sections[c.term_id]), c.order))
            chosen += repeats[:room]
        chosen.sort(key=lambda c: c.order)
        return chosen

    # Pass 3: write -------------------------------------------------------------------------

    def _insert(self, chosen: list[_Mention]) -> None:
        """Wrap each chosen mention in a link; the text around it stays as it was."""
        i = 0
        while i < len(chosen):
            first = chosen[i]
            j = i
            while j < len(chosen) and chosen[j].parent is first.parent and chosen[j].owner is first.owner:
                j += 1
            self._insert_slot(first.parent, first.owner, chosen[i:j])
            i = j

    def _insert_slot(self, parent: etree.Element, owner: etree.Element | None,
                     mentions: list[_Mention]) -> None:
        text = parent.text if owner is None else owner.tail
        assert text is not None
        nodes = []
        head = text[:mentions[0].start]
        for k, m in enumerate(mentions):
            self.usages.append((m.term_id, m.heading))
            link = etree.Element("a", {"class": LINK_CLASS, "href": f"{self.href_base}#{m.term_id}",
                                       "title": self.titles.get(m.term_id, "")})
            link.text = AtomicString(text[m.start:m.end])
            nxt = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
            link.tail = text[m.end:nxt]
            nodes.append(link)
        if owner is None:
            parent.text = head
            index = 0
        else:
            owner.tail = head
            index = list(parent).index(owner) + 1
        for node in nodes:
            parent.insert(index, node)
            index += 1

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
        ext.linker = GlossaryLinker(ext.matcher, ext.titles, ext.href_base, self.md.htmlStash.rawHtmlBlocks,
                                    ext.max_per_1000_words, ext.page_terms)
        ext.linker.link(root)


@dataclass(frozen=True)
class PageLinking:
    """What the linker did on one page."""

    usages: tuple[Usage, ...] = ()  # each link, with the section (heading) it is in
    words: int = 0  # words of the page's text, as the budget counts them
    budget: int | None = None  # at most this many links (None: no limit)
    unlinked: frozenset[str] = frozenset()  # terms the page mentions but the budget left unlinked

    @property
    def links(self) -> int:
        return len(self.usages)


class GlossaryExtension(Extension):
    """Registers the glossary tree processor; one instance serves every page of a build.

    The adapter calls `start_page` before a page is converted and `finish_page` after.
    """

    def __init__(self, matcher: TermMatcher, titles: Mapping[str, str], href_base: str = "glossary.md",
                 max_per_1000_words: float | None = MAX_LINKS_PER_1000_WORDS, **kwargs) -> None:
        super().__init__(**kwargs)
        self.matcher = matcher
        self.titles = titles
        self.href_base = href_base
        self.max_per_1000_words = max_per_1000_words
        self.page_terms: frozenset[str] = frozenset()
        self.enabled = True
        self.linker: GlossaryLinker | None = None

    @classmethod
    def from_glossary(cls, glossary: Glossary, href_base: str = "glossary.md",
                      max_per_1000_words: float | None = MAX_LINKS_PER_1000_WORDS, *,
                      matcher: TermMatcher | None = None) -> GlossaryExtension:
        """`matcher`: one already compiled from this glossary (it takes a tenth of a second)."""
        return cls(matcher or TermMatcher.from_glossary(glossary), {t.id: t.short for t in glossary.terms},
                   href_base, max_per_1000_words)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        # -1: after abbr (7), so abbreviations are already <abbr> and skipped; after toc (5), so
        # headings have their ids; and after MkDocs' relative-path processor (0), which would
        # otherwise resolve every inserted link again (a third of the hook's cost on a large site).
        # The adapter therefore passes a final URL as `href_base` and checks the anchors itself.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "glossary", -1)

    def start_page(self, href_base: str, enabled: bool = True, page_terms: frozenset[str] = frozenset()) -> None:
        """Before a page is converted: the glossary's URL from it, whether it is linked at all,
        and the ids of the terms of its exam domain (the budget serves them first)."""
        self.href_base = href_base
        self.enabled = enabled
        self.page_terms = page_terms
        self.linker = None

    def finish_page(self) -> PageLinking:
        """What was linked on the page just converted: each link with the heading above it."""
        linker, self.linker = self.linker, None
        if linker is None:
            return PageLinking()
        usages = []
        titles: dict[int, str] = {}
        for term_id, heading in linker.usages:
            if heading is None or heading.tag == "h1" or not heading.get("id"):
                usages.append(Usage(term_id))
                continue
            if id(heading) not in titles:
                titles[id(heading)] = heading_title(heading)
            usages.append(Usage(term_id, heading.get("id"), titles[id(heading)]))
        return PageLinking(tuple(usages), linker.words, linker.budget, frozenset(linker.unlinked))
