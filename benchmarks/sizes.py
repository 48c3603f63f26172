"""The size of a built site's pages: median and largest page of each kind, and the whole site.

    python benchmarks/sizes.py SITE_DIR [SITE_DIR ...]

Sizes are exact (bytes of each page's HTML), so unlike build times they do not depend on how busy the machine is.
``run.py`` reports them for each build it measures.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

KINDS = (  # (kind, pattern of the page's URL relative to the site root); the first that matches wins
    ("all practices", r"practices/(page/\d+/)?"),
    ("practice", r"practices/[^/]+/[^/]+/"),
    ("profile", r"people/(?!page/)[^/]+/"),
    ("people", r"people/(page/\d+/)?"),
    ("domain", r"domains/[^/]+/"),
    ("domains", r"domains/"),
    ("glossary, a domain", r"glossary/[^/]+/"),
    ("glossary index", r"glossary/"),
    ("health, a domain", r"health/[^/]+/"),
    ("health", r"health/"),
    ("changes, a month", r"changes/\d{4}-\d{2}/(page/\d+/)?"),
    ("changes", r"changes/"),
    ("who knows what", r"expertise/(\w+/)?(page/\d+/)?"),
    ("start here", r"start-here/"),
)
BUDGET = 250_000
"""cop_site.pages.PAGE_BUDGET, repeated so this script runs without cop-site."""


def kind_of(url: str) -> str:
    for kind, pattern in KINDS:
        if re.fullmatch(pattern, url):
            return kind
    return "other"


def page_sizes(site: Path) -> dict:
    """{"kinds": {kind: {"pages", "median", "largest", "largest_url"}}, "site_bytes", "html_bytes", "pages",
    "over_budget": [urls]} for the built site in ``site``."""
    by_kind: dict[str, list[tuple[int, str]]] = {}
    html_bytes = 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
        size = page.stat().st_size
        html_bytes += size
        by_kind.setdefault(kind_of(url), []).append((size, url))
    kinds = {kind: {"pages": len(found), "median": statistics.median(s for s, _ in found),
                    "largest": max(found)[0], "largest_url": max(found)[1]} for kind, found in sorted(by_kind.items())}
    return {"kinds": kinds, "pages": sum(len(f) for f in by_kind.values()), "html_bytes": html_bytes,
            "site_bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
            "over_budget": sorted(url for found in by_kind.values() for size, url in found if size > BUDGET)}


def kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def table(rows: list[tuple[str, dict]]) -> str:
    """A Markdown table: one column per measured site (``rows`` is (label, page_sizes(...)))."""
    order = [kind for kind, _pattern in KINDS] + ["other"]
    kinds = sorted({k for _label, sizes in rows for k in sizes["kinds"]}, key=order.index)
    head = "| page kind | " + " | ".join(label for label, _ in rows) + " |"
    lines = [head, "|---|" + "---|" * len(rows)]
    for kind in kinds:
        cells = []
        for _label, sizes in rows:
            found = sizes["kinds"].get(kind)
            cells.append(f"{found['pages']:,} · {kb(found['median'])} · {kb(found['largest'])}" if found else "")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines.append("| **whole site, MB** (HTML only) | " + " | ".join(
        f"{sizes['site_bytes'] / 1e6:,.1f} ({sizes['html_bytes'] / 1e6:,.1f})" for _l, sizes in rows) + " |")
    lines.append(f"| pages over {kb(BUDGET)} KB | " + " | ".join(
        str(len(sizes["over_budget"])) for _l, sizes in rows) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rows = [(str(site), page_sizes(site)) for site in args.sites]
    if args.json:
        json.dump(dict(rows), sys.stdout, indent=1)
        print()
        return
    print("Each cell: pages · median KB · largest KB (1 KB = 1,000 bytes of HTML).\n")
    print(table(rows))


if __name__ == "__main__":
    main()
