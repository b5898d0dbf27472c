"""The link index page (external resources grouped by site, with the pages that cite them and
their last check) and the Markdown report of links.json for CI's job summary.

    python -m studykit.linkindex site/links.json   # the report (with hooks/ on the path)

The other jobs of the link check live in their own modules: studykit.link_extraction (reading
pages), studykit.hrefs (sorting and resolving hrefs), studykit.link_checks (internal checks) and
studykit.link_inventory (links.json). No MkDocs imports.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from studykit.link_inventory import CheckStatus, Reference, check_url, host_of
from studykit.urls import relative_url


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """Rendered link index: HTML for the page, and (id, title) of each site heading for the TOC."""

    html: str
    toc: list[tuple[str, str]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


def _status_html(result: CheckStatus | None) -> str:
    if result is None:
        return '<span class="sg-linkcheck sg-linkcheck--unknown">Not checked yet</span>'
    date = html.escape(result.checked_at[:10])
    if result.ok:
        note = f"OK ({result.status})" if result.status else "OK"
        if result.final_url:
            note += f", redirects to <code>{html.escape(result.final_url)}</code>"
        return f'<span class="sg-linkcheck sg-linkcheck--ok">{note}, {date}</span>'
    why = f"HTTP {result.status}" if result.status else html.escape(result.error or "failed")
    return f'<span class="sg-linkcheck sg-linkcheck--broken">Broken ({why}), {date}</span>'


def render_link_index(
    external: Mapping[str, list[Reference]],
    *,
    from_url: str,
    results: Mapping[str, CheckStatus] | None = None,
) -> LinkIndex:
    """HTML listing every external resource, grouped by site, with the pages that cite it.

    Args:
        external: URL as written -> references (collect_external).
        from_url: site URL of the link index page (links to citing pages are relative to it).
        results: last known check results, keyed by the checked URL (without fragment).
    """
    results = results or {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in external:
        by_host[host_of(check_url(url))].append(url)
    checked = [results[check_url(u)] for u in external if check_url(u) in results]
    broken = sum(1 for r in checked if not r.ok)
    cited_on = {ref.page for refs in external.values() for ref in refs}
    summary = (
        f"<p>{len(external)} external links to {len(by_host)} sites, cited on "
        f"{len(cited_on)} pages."
    )
    if checked:
        last = max(r.checked_at for r in checked)[:10]
        summary += (
            f" Last external check: {html.escape(last)}; {len(checked)} of {len(external)} "
            f"checked, {broken} broken.</p>"
        )
    else:
        summary += " External links have not been checked yet.</p>"
    out = [summary]
    toc: list[tuple[str, str]] = []
    used_ids: set[str] = set()
    for host in sorted(by_host):
        anchor = f"site-{_slug(host)}"
        while anchor in used_ids:
            anchor += "-1"
        used_ids.add(anchor)
        toc.append((anchor, host))
        out.append(
            f'<h2 id="{anchor}">{html.escape(host)}'
            f'<a class="headerlink" href="#{anchor}" title="Link to this section">&para;</a></h2>'
        )
        out.append(
            # No class: Material styles only tables without one.
            '<table>\n<thead><tr><th scope="col">Resource</th>'
            '<th scope="col">Cited on</th><th scope="col">Last check</th></tr></thead>\n<tbody>'
        )
        for url in sorted(by_host[host]):
            refs = external[url]
            texts = Counter(r.text for r in refs if r.text)
            label = texts.most_common(1)[0][0] if texts else url
            out.append(
                f'<tr><td><a href="{html.escape(url)}">{html.escape(label)}</a><br>'
                f"<small><code>{html.escape(url)}</code></small></td>"
                f"<td>{_citations_html(refs, from_url)}</td>"
                f"<td>{_status_html(results.get(check_url(url)))}</td></tr>"
            )
        out.append("</tbody>\n</table>")
    return LinkIndex("\n".join(out), toc)


def _citations_html(refs: list[Reference], from_url: str) -> str:
    seen: dict[tuple[str, str | None], Reference] = {}
    for ref in refs:
        seen.setdefault((ref.url, ref.section_id), ref)
    items = []
    for ref in seen.values():
        target = ref.url + (f"#{ref.section_id}" if ref.section_id else "")
        label = ref.title or ref.page
        if ref.section_title and ref.section_title != ref.title:
            label += f" › {ref.section_title}"
        items.append(f'<a href="{html.escape(relative_url(from_url, target))}">{html.escape(label)}</a>')
    return "<br>".join(items)


# --- Report for CI (GitHub job summary) ----------------------------------------------------------


def render_report(inventory: dict) -> str:
    """A Markdown summary of links.json: broken external and internal links with the pages that
    hold them, and permanently redirected links worth updating."""

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    def cited(entry: dict) -> str:
        places = {f"{r['page']} ({r['section_title']})" if r.get("section_title") else r["page"]
                  for r in entry["references"]}
        return cell(", ".join(sorted(places)))

    summary = inventory["summary"]
    targets = inventory["targets"]
    broken_external = [t for t in targets if t.get("check") and not t["check"]["ok"]]
    broken_internal = [t for t in targets if "broken" in t]
    moved = [
        t for t in targets
        if t.get("check") and t["check"]["ok"]
        and any(r.get("status") in (301, 308) for r in t["check"].get("redirects", []))
    ]
    lines = [
        "## Link check",
        "",
        f"{summary['pages']} pages, {summary['references']} links to {summary['targets']} targets; "
        f"{summary['external_checked']} external links checked, {summary['external_broken']} broken"
        + (f" (last check {summary['last_external_check']})." if summary["last_external_check"] else "."),
    ]
    sections = [
        ("Broken external links", broken_external, ("Link", "Result", "Cited on"),
         lambda t: (t["target"], t["check"].get("error") or t["check"].get("status"), cited(t))),
        ("Broken internal links", broken_internal, ("Link", "Problem", "Found on"),
         lambda t: (t["target"], t["broken"], cited(t))),
        ("Moved permanently (update these links)", moved, ("Link", "Now at", "Cited on"),
         lambda t: (t["target"], t["check"]["final_url"], cited(t))),
    ]
    for title, entries, header, row in sections:
        if not entries:
            continue
        lines += ["", f"### {title} ({len(entries)})", "", "| " + " | ".join(header) + " |",
                  "| --- | --- | --- |"]
        lines += ["| " + " | ".join(cell(v) for v in row(t)) + " |" for t in entries]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m studykit.linkindex site/links.json  (with hooks/ on the path)
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: python -m studykit.linkindex path/to/links.json")
    try:
        document = json.loads(open(sys.argv[1], encoding="utf-8").read())
    except (OSError, ValueError) as error:
        sys.exit(f"{sys.argv[1]}: cannot read the link inventory: {error}")
    sys.stdout.write(render_report(document))
