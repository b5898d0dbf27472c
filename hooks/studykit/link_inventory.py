"""The link inventory (`links.json`): every link target of the site with its kind, the places
that cite it and the last external check result.

`build_inventory` returns the document and `dump_inventory` writes it; `collect_external`
lists the external URLs with their citations (for the check and the link index page). Check
results come in as `CheckStatus` objects (studykit.external.CheckResult), so that this module
stays free of network code. No MkDocs imports.
"""
from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from studykit.hrefs import (
    ANCHOR, ASSET, EXTERNAL, IGNORED, INTERNAL, INVALID, MISSING, PAGE, LinkError, join_path, parse_href, site_key,
)
from studykit.link_checks import SiteIndex
from studykit.link_extraction import Link, PageLinks

INVENTORY_VERSION = 1


class CheckStatus(Protocol):
    """What the inventory reads from an external check result (studykit.external.CheckResult)."""

    ok: bool
    status: int | None
    final_url: str | None
    error: str | None
    checked_at: str

    def to_json(self) -> dict: ...



@dataclass(frozen=True, slots=True)
class Reference:
    """One place that links to a target."""

    page: str  # source path
    url: str  # site URL of the page
    title: str  # page title
    section_id: str | None
    section_title: str | None
    text: str

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "url": "/" + self.url,
            "section": self.section_id,
            "section_title": self.section_title,
            "text": self.text,
        }


def _reference(page: PageLinks, link: Link) -> Reference:
    return Reference(page.src, page.url, page.title, link.section_id, link.section_title, link.text)


def collect_external(
    pages: Iterable[PageLinks], *, exclude: Iterable[str] = ()
) -> dict[str, list[Reference]]:
    """External URLs (as written) -> the places that cite them, from content links only."""
    skip = set(exclude)
    found: dict[str, list[Reference]] = defaultdict(list)
    for page in pages:
        if page.src in skip:
            continue
        for link in page.links:
            if link.content and parse_href(link.href).kind == EXTERNAL:
                found[link.href.strip()].append(_reference(page, link))
    return dict(found)


def check_url(href: str) -> str:
    """The URL an external check requests for an href: without its fragment."""
    return parse_href(href).url


def dump_inventory(inventory: dict) -> str:
    """links.json text: one target per line (readable, diffable, and written by json's fast
    C encoder, which `indent=` would turn off)."""
    head = {k: v for k, v in inventory.items() if k != "targets"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "targets": [']
    targets = inventory["targets"]
    lines.extend(
        json.dumps(t, ensure_ascii=False) + ("," if i < len(targets) - 1 else "")
        for i, t in enumerate(targets)
    )
    lines.append("]}")
    return "\n".join(lines) + "\n"


def build_inventory(
    pages: Mapping[str, PageLinks],
    *,
    files: Iterable[str] = (),
    exists: Callable[[str], bool] | None = None,
    site: SiteIndex | None = None,
    results: Mapping[str, CheckStatus] | None = None,
    exclude_pages: Iterable[str] = (),
    site_url: str = "",
) -> dict:
    """The links.json document: every content link target with its kind and references.

    Args:
        pages: every built page, keyed by output path.
        files, exists, site: as for check_links.
        results: last known external check results, keyed by the URL that was checked.
        exclude_pages: source paths whose links are checked but not inventoried (the link
            index page links to every external URL and every citing section; listing those
            links would make every target cite the index).
        site_url: the site's configured address, recorded for readers of the file.
    """
    site = site or SiteIndex(pages, files, exists)
    results = results or {}
    skip = set(exclude_pages)
    targets: dict[str, dict] = {}
    for page in pages.values():
        if page.src in skip:
            continue
        url = "/" + page.url
        for link in page.links:
            if not link.content:
                continue
            entry = _inventory_entry(site, page, link.href, targets)
            if entry is not None:
                entry["references"].append({
                    "page": page.src, "url": url, "section": link.section_id,
                    "section_title": link.section_title, "text": link.text,
                })
    for entry in targets.values():
        if entry["kind"] == EXTERNAL:
            result = results.get(check_url(entry["target"]))
            entry["check"] = result.to_json() if result is not None else None
    ordered = sorted(targets.values(), key=lambda e: (e["kind"], e["target"]))
    kinds = Counter(e["kind"] for e in ordered)
    checked = [e["check"] for e in ordered if e.get("check")]
    return {
        "version": INVENTORY_VERSION,
        "site_url": site_url,
        "summary": {
            "pages": len(pages),
            "targets": len(ordered),
            "references": sum(len(e["references"]) for e in ordered),
            "by_kind": dict(sorted(kinds.items())),
            "broken_internal": sum(1 for e in ordered if "broken" in e),
            "external_checked": len(checked),
            "external_broken": sum(1 for c in checked if not c["ok"]),
            "last_external_check": max((c["checked_at"] for c in checked), default=None),
        },
        "targets": ordered,
    }


def _inventory_entry(site: SiteIndex, page: PageLinks, href: str, targets: dict) -> dict | None:
    """The inventory entry (new or already in `targets`) that `href` on `page` points to.

    Hrefs that are not internal links are keyed as written and site paths by their resolved
    path, in two namespaces: an invalid raw '/about/' must not merge with the page '/about/'.
    """
    parsed = parse_href(href)
    if parsed.kind == IGNORED:
        return None
    if parsed.kind != INTERNAL:
        key = ("href", href.strip())
        if key not in targets:
            entry: dict = {"target": key[1], "kind": parsed.kind}
            if parsed.kind == EXTERNAL:
                entry["host"] = host_of(parsed.url)
            elif parsed.kind == INVALID:
                entry["broken"] = parsed.reason
            targets[key] = entry | {"references": []}
        return targets[key]
    try:
        path = join_path(page.url, parsed.url)
    except LinkError as e:
        key = ("href", href.strip())
        return targets.setdefault(key, {"target": key[1], "kind": INVALID, "broken": str(e), "references": []})
    key = ("site", site_key(path, parsed.fragment))
    entry = targets.get(key)
    if entry is None:
        found = site.locate(path)
        kind = MISSING
        if found is not None:
            kind = (ANCHOR if parsed.fragment else PAGE) if found[0] == PAGE else ASSET
        entry = targets[key] = {"target": key[1], "kind": kind, "references": []}
    if "broken" not in entry:
        reason = site.check(page, href)  # "#x" may exist on one page and not on another
        if reason:
            entry["broken"] = reason
    return entry



@functools.lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
