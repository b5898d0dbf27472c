"""Markdown from the data files (glossary, quiz) to HTML that cannot carry script.

The data files come from pull requests, so their text is untrusted. It is rendered here with
Python-Markdown and no extensions at all (no attribute lists, no Markdown inside HTML) and
with its raw-HTML handling switched off, so `<b>` is text; the result then goes through nh3 (the Ammonia sanitizer), which
keeps only the tags below, only `href`/`title` on links, and only http, https, mailto and
relative URLs. Pages embed the result as raw HTML, so the site's own Markdown extensions
never see data text. No MkDocs imports.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3

# What glossary definitions and quiz text need: paragraphs, emphasis, code, lists, links.
ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SINGLE_PARAGRAPH_RE = re.compile(r"^<p>(.*)</p>$", re.S)


def _drop_colon_before_path(tag: str, attribute: str, value: str) -> str | None:
    """nh3 keeps `"javascript:x` as a relative URL (its scheme is not a scheme); but a relative
    reference may not have a colon in its first segment (RFC 3986, 4.2), so such an href is
    either a scheme nh3 did not recognise or a broken link: drop it."""
    if attribute == "href":
        first_segment = re.split(r"[/?#]", value, maxsplit=1)[0]
        if ":" in first_segment and first_segment.split(":", 1)[0].lower() not in URL_SCHEMES:
            return None
    return value


def sanitize_html(fragment: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes of an HTML fragment."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                     attribute_filter=_drop_colon_before_path)


_HREF_RE = re.compile(r'<a href="([^"]*)"')
# Text that Markdown and the sanitizer would give back as one paragraph of itself: no Markdown
# syntax, nothing HTML escapes, no whitespace Markdown normalises. Nine in ten quiz and glossary
# fields are like that; skipping Markdown for them halves the data files' rendering time.
# tests/unit/test_safe_markdown.py checks, on generated text, that the result is the same.
_NOT_PLAIN_RE = re.compile(r"[*_`\[\]<>&\\!#\x00-\x1f\x7f\u00a0\u2028\u2029]|^\s|\s$|  |^\d+\.|^[-+=]")


class SafeMarkdown:
    """Renders data-file Markdown; one instance is reused for many snippets.

    Args:
        rewrite_href: applied to every link's (already sanitized) href, e.g. to turn the
            docs-relative `domains/x.md#a` of a data file into a link from the rendering page.
        plain_text_shortcut: give plain text back as a paragraph without running Markdown
            (off only in the test that proves the shortcut changes nothing).
    """

    def __init__(self, rewrite_href: Callable[[str], str] | None = None, *, plain_text_shortcut: bool = True) -> None:
        self._rewrite = rewrite_href
        self._shortcut = plain_text_shortcut
        # Core Markdown only: `extensions=[]` is the point (no attr_list, no md_in_html).
        self._md = markdown.Markdown(extensions=[], output_format="html")
        # No raw HTML: without these two, `<b>` is ordinary text that Markdown escapes.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")

    def block(self, text: str) -> str:
        """Paragraphs, lists and code blocks."""
        if self._shortcut and text and not _NOT_PLAIN_RE.search(text):
            return f"<p>{text}</p>"
        out = sanitize_html(self._md.reset().convert(text))
        if self._rewrite is None:
            return out
        # Our own sanitized output: nh3 always writes href first, double-quoted and escaped.
        return _HREF_RE.sub(lambda m: f'<a href="{html.escape(self._rewrite(html.unescape(m[1])))}"', out)

    def has_heading(self, text: str) -> bool:
        """Whether the text holds a heading in any syntax ('#', or a '===' / '---' underline)."""
        if self._shortcut and not _NOT_PLAIN_RE.search(text):
            return False
        return bool(re.search(r"<h[1-6]>", self._md.reset().convert(text)))

    def inline(self, text: str) -> str:
        """One line of text (emphasis, code, links) without a `<p>` around it."""
        out = self.block(text)
        match = _SINGLE_PARAGRAPH_RE.match(out)
        if match and "<p>" not in match.group(1):
            return match.group(1)
        return out.replace("</p>\n<p>", "<br>").removeprefix("<p>").removesuffix("</p>")
